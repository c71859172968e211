package io.teardown.wlan;

/**
 * {@code WLAN_AVAILABLE_NETWORK}: one network seen by the last scan, as
 * {@code WlanGetAvailableNetworkList} lists it (the fields the emulation fills; the PHY-type and
 * cipher details of the C structure are left out).
 */
public final class WLAN_AVAILABLE_NETWORK {
    /** The profile name, empty when the network has no profile. */
    public String strProfileName = "";
    /** The SSID. */
    public DOT11_SSID dot11Ssid = new DOT11_SSID();
    /** {@code dot11_BSS_type_infrastructure} (1) or {@code dot11_BSS_type_independent} (2). */
    public int dot11BssType = WlanApi.dot11_BSS_type_infrastructure;
    /** How many BSSIDs the network has. */
    public int uNumberOfBssids = 1;
    /** Whether the network can be connected to. */
    public boolean bNetworkConnectable = true;
    /** The signal quality, 0 … 100. */
    public int wlanSignalQuality;
    /** Whether security is enabled on the network. */
    public boolean bSecurityEnabled;
    /** {@code WLAN_AVAILABLE_NETWORK_CONNECTED} and {@code WLAN_AVAILABLE_NETWORK_HAS_PROFILE} flags. */
    public int dwFlags;

    /** An empty structure. */
    public WLAN_AVAILABLE_NETWORK() {
    }

    @Override
    public String toString() {
        return "WLAN_AVAILABLE_NETWORK[" + dot11Ssid.text() + ", quality " + wlanSignalQuality
                + (bSecurityEnabled ? ", secured" : "") + ", flags " + dwFlags + "]";
    }
}

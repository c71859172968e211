package io.teardown.wlan;

/**
 * {@code WLAN_CONNECTION_PARAMETERS}: what {@code WlanConnect} connects to. The emulated service
 * identifies the network by {@link #pDot11Ssid}, or, when that is NULL, by the profile name (profiles
 * are named after their SSID).
 */
public final class WLAN_CONNECTION_PARAMETERS {
    /** One of the {@code wlan_connection_mode_*} constants of {@link WlanApi}. */
    public int wlanConnectionMode = WlanApi.wlan_connection_mode_profile;
    /** The profile name (XML profile text for a temporary profile), or null. */
    public String strProfile;
    /** The SSID, or null. */
    public DOT11_SSID pDot11Ssid;
    /** The BSS type. */
    public int dot11BssType = WlanApi.dot11_BSS_type_infrastructure;
    /** Connection flags. */
    public int dwFlags;

    /** Empty parameters. */
    public WLAN_CONNECTION_PARAMETERS() {
    }

    /** Parameters connecting to the profile named {@code ssid} (profiles are named after their SSID here). */
    public static WLAN_CONNECTION_PARAMETERS profile(String ssid) {
        WLAN_CONNECTION_PARAMETERS p = new WLAN_CONNECTION_PARAMETERS();
        p.wlanConnectionMode = WlanApi.wlan_connection_mode_profile;
        p.strProfile = ssid;
        p.pDot11Ssid = new DOT11_SSID(ssid);
        return p;
    }
}

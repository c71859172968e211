package io.teardown.wlan;

import java.util.Arrays;

/** {@code WLAN_AVAILABLE_NETWORK_LIST}: what {@code WlanGetAvailableNetworkList} returns. */
public final class WLAN_AVAILABLE_NETWORK_LIST {
    /** How many entries {@link #Network} holds. */
    public int dwNumberOfItems;
    /** The index of the current item (unused by the API, as in C). */
    public int dwIndex;
    /** The networks. */
    public WLAN_AVAILABLE_NETWORK[] Network = new WLAN_AVAILABLE_NETWORK[0];

    /** An empty list. */
    public WLAN_AVAILABLE_NETWORK_LIST() {
    }

    /** A list of these networks. */
    public WLAN_AVAILABLE_NETWORK_LIST(WLAN_AVAILABLE_NETWORK[] items) {
        this.Network = items.clone();
        this.dwNumberOfItems = items.length;
    }

    @Override
    public String toString() {
        return "WLAN_AVAILABLE_NETWORK_LIST" + Arrays.toString(Network);
    }
}

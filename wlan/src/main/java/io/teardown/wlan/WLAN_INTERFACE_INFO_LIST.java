package io.teardown.wlan;

import java.util.Arrays;

/**
 * {@code WLAN_INTERFACE_INFO_LIST}: what {@code WlanEnumInterfaces} returns (the service allocates it;
 * C code frees it with {@code WlanFreeMemory}).
 */
public final class WLAN_INTERFACE_INFO_LIST {
    /** How many entries {@link #InterfaceInfo} holds. */
    public int dwNumberOfItems;
    /** The index of the current item (unused by the API, as in C). */
    public int dwIndex;
    /** The interfaces. */
    public WLAN_INTERFACE_INFO[] InterfaceInfo = new WLAN_INTERFACE_INFO[0];

    /** An empty list. */
    public WLAN_INTERFACE_INFO_LIST() {
    }

    /** A list of these interfaces. */
    public WLAN_INTERFACE_INFO_LIST(WLAN_INTERFACE_INFO[] items) {
        this.InterfaceInfo = items.clone();
        this.dwNumberOfItems = items.length;
    }

    @Override
    public String toString() {
        return "WLAN_INTERFACE_INFO_LIST" + Arrays.toString(InterfaceInfo);
    }
}

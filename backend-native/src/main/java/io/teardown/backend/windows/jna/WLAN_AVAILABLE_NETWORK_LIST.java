package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import java.util.Arrays;
import java.util.List;

/**
 * {@code WLAN_AVAILABLE_NETWORK_LIST} ({@code wlanapi.h}): count, index, variable-length array.
 * Returned by {@code WlanGetAvailableNetworkList}; free with {@code WlanFreeMemory}.
 */
@FieldOrder({"dwNumberOfItems", "dwIndex", "Network"})
public final class WLAN_AVAILABLE_NETWORK_LIST extends Structure {
    /** Number of valid elements. */
    public int dwNumberOfItems;
    /** Current element (unused by callers). */
    public int dwIndex;
    /** The elements (at least one, see {@link WLAN_INTERFACE_INFO_LIST}). */
    public WLAN_AVAILABLE_NETWORK[] Network = new WLAN_AVAILABLE_NETWORK[1];

    /** The one-element layout of the header file. */
    public WLAN_AVAILABLE_NETWORK_LIST() {
    }

    /** Reads the list at {@code p} with as many elements as it says it holds. */
    public WLAN_AVAILABLE_NETWORK_LIST(Pointer p) {
        super(p);
        dwNumberOfItems = p.getInt(0);
        Network = new WLAN_AVAILABLE_NETWORK[Math.max(1, dwNumberOfItems)];
        read();
    }

    /** The valid elements. */
    public List<WLAN_AVAILABLE_NETWORK> items() {
        return Arrays.asList(Network).subList(0, Math.max(0, dwNumberOfItems));
    }
}

package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import java.util.Arrays;
import java.util.List;

/**
 * {@code WLAN_INTERFACE_INFO_LIST} ({@code wlanapi.h}): count, index, then a variable-length array
 * (declared {@code [1]}). Returned by {@code WlanEnumInterfaces} in memory the caller frees with
 * {@code WlanFreeMemory}; {@link #WLAN_INTERFACE_INFO_LIST(Pointer)} sizes the array from the count.
 */
@FieldOrder({"dwNumberOfItems", "dwIndex", "InterfaceInfo"})
public final class WLAN_INTERFACE_INFO_LIST extends Structure {
    /** Number of valid elements. */
    public int dwNumberOfItems;
    /** Current element (unused by callers). */
    public int dwIndex;
    /** The elements; JNA cannot map a zero-length array, so it has at least one. */
    public WLAN_INTERFACE_INFO[] InterfaceInfo = new WLAN_INTERFACE_INFO[1];

    /** The one-element layout of the header file. */
    public WLAN_INTERFACE_INFO_LIST() {
    }

    /** Reads the list at {@code p} with as many elements as it says it holds. */
    public WLAN_INTERFACE_INFO_LIST(Pointer p) {
        super(p);
        dwNumberOfItems = p.getInt(0);
        InterfaceInfo = new WLAN_INTERFACE_INFO[Math.max(1, dwNumberOfItems)];
        read();
    }

    /** The valid elements. */
    public List<WLAN_INTERFACE_INFO> items() {
        return Arrays.asList(InterfaceInfo).subList(0, Math.max(0, dwNumberOfItems));
    }
}

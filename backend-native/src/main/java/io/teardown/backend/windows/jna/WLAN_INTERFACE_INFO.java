package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.platform.win32.Guid.GUID;

/**
 * {@code WLAN_INTERFACE_INFO} ({@code wlanapi.h}): GUID, {@code WCHAR[256]} description, state — 532
 * bytes.
 */
@FieldOrder({"InterfaceGuid", "strInterfaceDescription", "isState"})
public final class WLAN_INTERFACE_INFO extends Structure {
    /** The interface. */
    public GUID InterfaceGuid;
    /** {@code WCHAR[WLAN_MAX_NAME_LENGTH]} as UTF-16LE bytes; see {@link #description()}. */
    public byte[] strInterfaceDescription = new byte[2 * WlanApiLibrary.WLAN_MAX_NAME_LENGTH];
    /** {@code WLAN_INTERFACE_STATE}. */
    public int isState;

    /** Empty (array element). */
    public WLAN_INTERFACE_INFO() {
    }

    /** Reads one element at {@code p}. */
    public WLAN_INTERFACE_INFO(Pointer p) {
        super(p);
        read();
    }

    /** The description text. */
    public String description() {
        return Utf16.decode(strInterfaceDescription);
    }
}

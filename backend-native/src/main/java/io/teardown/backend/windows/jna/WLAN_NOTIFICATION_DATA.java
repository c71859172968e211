package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.platform.win32.Guid.GUID;

/**
 * {@code WLAN_NOTIFICATION_DATA} = {@code L2_NOTIFICATION_DATA} ({@code l2cmn.h}): source, code,
 * interface GUID, data size and data pointer — 40 bytes on Win64. What a
 * {@link WlanApiLibrary.WLAN_NOTIFICATION_CALLBACK} receives (WL-05, WL-06).
 */
@FieldOrder({"NotificationSource", "NotificationCode", "InterfaceGuid", "dwDataSize", "pData"})
public final class WLAN_NOTIFICATION_DATA extends Structure {
    /** {@code WLAN_NOTIFICATION_SOURCE_*} bit. */
    public int NotificationSource;
    /** Source-specific code (e.g. {@code wlan_notification_acm_scan_complete}). */
    public int NotificationCode;
    /** The interface the notification is about. */
    public GUID InterfaceGuid;
    /** Size of {@link #pData} in bytes. */
    public int dwDataSize;
    /** Notification-specific data, valid only during the callback. */
    public Pointer pData;

    /** Empty. */
    public WLAN_NOTIFICATION_DATA() {
    }

    /** Reads the structure a callback received (JNA calls this for a callback parameter). */
    public WLAN_NOTIFICATION_DATA(Pointer p) {
        super(p);
        read();
    }
}

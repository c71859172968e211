package io.teardown.wlan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * {@code WLAN_NOTIFICATION_DATA}: one notification handed to a {@link WLAN_NOTIFICATION_CALLBACK}.
 * {@link #pData} holds the notification's payload as the C structure's bytes would (for instance the
 * {@code WLAN_SIGNAL_QUALITY} ULONG of {@code wlan_notification_msm_signal_quality_change}, little-endian).
 */
public final class WLAN_NOTIFICATION_DATA {
    /** Which source sent it: a {@code WLAN_NOTIFICATION_SOURCE_*} value. */
    public int NotificationSource;
    /** The source-specific code ({@code wlan_notification_acm_*}, {@code wlan_notification_msm_*}). */
    public int NotificationCode;
    /** The interface it is about. */
    public UUID InterfaceGuid;
    /** The length of {@link #pData}. */
    public int dwDataSize;
    /** The payload, or null. */
    public byte[] pData;

    /** An empty structure. */
    public WLAN_NOTIFICATION_DATA() {
    }

    /** A filled structure. */
    public WLAN_NOTIFICATION_DATA(int source, int code, UUID guid, byte[] data) {
        this.NotificationSource = source;
        this.NotificationCode = code;
        this.InterfaceGuid = guid;
        this.pData = data;
        this.dwDataSize = data == null ? 0 : data.length;
    }

    /** The payload read as a little-endian ULONG (a signal quality, a reason code), or 0 if it is shorter. */
    public int dataAsUlong() {
        return pData == null || pData.length < 4 ? 0 : ByteBuffer.wrap(pData).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @Override
    public String toString() {
        return "WLAN_NOTIFICATION_DATA[source 0x" + Integer.toHexString(NotificationSource) + ", code "
                + NotificationCode + ", " + InterfaceGuid + ", " + dwDataSize + " bytes]";
    }
}

package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.WString;

/**
 * {@code WLAN_CONNECTION_PARAMETERS} ({@code wlanapi.h}): mode, profile name, SSID pointer, BSSID
 * list pointer, BSS type, flags — 40 bytes on Win64 (4 bytes of padding after the mode).
 */
@FieldOrder({"wlanConnectionMode", "strProfile", "pDot11Ssid", "pDesiredBssidList", "dot11BssType",
        "dwFlags"})
public final class WLAN_CONNECTION_PARAMETERS extends Structure {
    /** {@code WLAN_CONNECTION_MODE}. */
    public int wlanConnectionMode;
    /** {@code LPCWSTR} profile name or XML (a {@link WString} keeps it UTF-16 on every OS). */
    public WString strProfile;
    /** {@code PDOT11_SSID}, may be NULL: a written {@link DOT11_SSID}'s {@code getPointer()}. */
    public Pointer pDot11Ssid;
    /** {@code PDOT11_BSSID_LIST}, may be NULL. */
    public Pointer pDesiredBssidList;
    /** {@code DOT11_BSS_TYPE}. */
    public int dot11BssType;
    /** {@code WLAN_CONNECTION_*} flags. */
    public int dwFlags;

    /** Empty. */
    public WLAN_CONNECTION_PARAMETERS() {
    }
}

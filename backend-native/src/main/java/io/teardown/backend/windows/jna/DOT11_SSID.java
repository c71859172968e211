package io.teardown.backend.windows.jna;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** {@code DOT11_SSID} ({@code windot11.h}): {@code ULONG uSSIDLength; UCHAR ucSSID[32];} — 36 bytes. */
@FieldOrder({"uSSIDLength", "ucSSID"})
public final class DOT11_SSID extends Structure {
    /** {@code DOT11_SSID_MAX_LENGTH}. */
    public static final int DOT11_SSID_MAX_LENGTH = 32;

    /** Number of valid bytes in {@link #ucSSID}. */
    public int uSSIDLength;
    /** The SSID octets (not NUL-terminated). */
    public byte[] ucSSID = new byte[DOT11_SSID_MAX_LENGTH];

    /** Empty. */
    public DOT11_SSID() {
    }

    /** The SSID octets. */
    public byte[] octets() {
        return Arrays.copyOf(ucSSID, Math.min(Math.max(uSSIDLength, 0), DOT11_SSID_MAX_LENGTH));
    }

    /** The SSID as UTF-8 text (SSIDs are octets; UTF-8 is what Windows shows). */
    public String text() {
        return new String(octets(), StandardCharsets.UTF_8);
    }
}

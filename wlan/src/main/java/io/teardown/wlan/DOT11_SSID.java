package io.teardown.wlan;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code DOT11_SSID}: an SSID of up to 32 octets, as {@code WlanScan}, {@code WlanConnect} and
 * {@code WLAN_AVAILABLE_NETWORK} carry it.
 */
public final class DOT11_SSID {
    /** The most octets an SSID has ({@code DOT11_SSID_MAX_LENGTH}). */
    public static final int DOT11_SSID_MAX_LENGTH = 32;

    /** How many octets of {@link #ucSSID} are used. */
    public int uSSIDLength;
    /** The SSID's octets. */
    public byte[] ucSSID = new byte[DOT11_SSID_MAX_LENGTH];

    /** An empty SSID. */
    public DOT11_SSID() {
    }

    /** The SSID with these UTF-8 octets (truncated to 32, as the structure holds no more). */
    public DOT11_SSID(String ssid) {
        byte[] b = ssid.getBytes(StandardCharsets.UTF_8);
        uSSIDLength = Math.min(b.length, DOT11_SSID_MAX_LENGTH);
        System.arraycopy(b, 0, ucSSID, 0, uSSIDLength);
    }

    /** The SSID as text (UTF-8). */
    public String text() {
        int n = Math.max(0, Math.min(uSSIDLength, ucSSID == null ? 0 : ucSSID.length));
        return new String(ucSSID, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DOT11_SSID s && s.uSSIDLength == uSSIDLength
                && Arrays.equals(ucSSID, 0, uSSIDLength, s.ucSSID, 0, s.uSSIDLength);
    }

    @Override
    public int hashCode() {
        return text().hashCode();
    }

    @Override
    public String toString() {
        return "DOT11_SSID[" + text() + "]";
    }
}

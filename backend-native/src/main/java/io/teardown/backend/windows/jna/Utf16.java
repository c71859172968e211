package io.teardown.backend.windows.jna;

import java.nio.charset.StandardCharsets;

/** Fixed {@code WCHAR[n]} members, stored as {@code byte[2n]} so the layout is the same on every OS. */
final class Utf16 {
    private Utf16() {
    }

    /** The UTF-16LE text up to the first NUL character. */
    static String decode(byte[] wchars) {
        int end = 0;
        while (end + 1 < wchars.length && (wchars[end] != 0 || wchars[end + 1] != 0)) {
            end += 2;
        }
        return new String(wchars, 0, end, StandardCharsets.UTF_16LE);
    }
}

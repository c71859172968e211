package io.teardown.testkit.winsock;

/** A deterministic byte pattern, so a peer can check that what arrived is exactly what was sent. */
public final class Payload {
    private Payload() {
    }

    /** The byte at {@code position} of the stream. */
    public static byte at(long position) {
        return (byte) (position * 31 + (position >>> 9));
    }

    /** {@code length} bytes of the stream starting at {@code offset}. */
    public static byte[] bytes(long offset, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = at(offset + i);
        }
        return b;
    }

    /** Whether {@code buf[0..n)} is the stream from {@code offset}. */
    public static boolean matches(byte[] buf, int n, long offset) {
        for (int i = 0; i < n; i++) {
            if (buf[i] != at(offset + i)) {
                return false;
            }
        }
        return true;
    }
}

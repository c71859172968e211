package io.teardown.winsock;

/**
 * The C byte layouts of socket option values: {@code struct linger} is two little-endian
 * {@code u_short}s ({@code l_onoff}, {@code l_linger}); {@code int} and {@code BOOL} are four
 * little-endian bytes. Used by {@link Ws2_32}'s conveniences and by the engine to decode.
 */
public final class OptionBytes {
    /** {@code sizeof(struct linger)}. */
    public static final int LINGER_SIZE = 4;
    /** {@code sizeof(int)}. */
    public static final int INT_SIZE = 4;

    private OptionBytes() {
    }

    /** Encodes a {@code struct linger}. */
    public static byte[] linger(Linger l) {
        return new byte[] {(byte) l.l_onoff(), (byte) (l.l_onoff() >> 8), (byte) l.l_linger(), (byte) (l.l_linger() >> 8)};
    }

    /** Decodes a {@code struct linger}. */
    public static Linger linger(byte[] b) {
        return new Linger((b[0] & 0xFF) | (b[1] & 0xFF) << 8, (b[2] & 0xFF) | (b[3] & 0xFF) << 8);
    }

    /** Encodes an {@code int}. */
    public static byte[] int32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    /** Decodes an {@code int}. */
    public static int int32(byte[] b) {
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }
}

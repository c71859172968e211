package io.teardown.winsock;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A C {@code GUID} ({@code Data1}, {@code Data2}, {@code Data3}, {@code Data4[8]}), kept as the 16 bytes
 * of its C layout (the first three members little-endian), which is what {@link Ws2_32#WSAIoctl}'s
 * input buffer carries for {@link Ws2_32#SIO_GET_EXTENSION_FUNCTION_POINTER} (WS-18). Immutable.
 *
 * @see <a href="../../../../../../docs/winsock.md">docs/winsock.md</a>
 */
public final class GUID {
    /** {@code sizeof(GUID)}. */
    public static final int SIZE = 16;

    private final byte[] bytes;

    private GUID(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The GUID written in C as {@code {data1, data2, data3, {data4[0] … data4[7]}}}. */
    public static GUID of(int data1, int data2, int data3, int... data4) {
        if (data4.length != 8) {
            throw new IllegalArgumentException("Data4 has 8 bytes");
        }
        byte[] b = new byte[SIZE];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) (data1 >>> (8 * i));
        }
        b[4] = (byte) data2;
        b[5] = (byte) (data2 >>> 8);
        b[6] = (byte) data3;
        b[7] = (byte) (data3 >>> 8);
        for (int i = 0; i < 8; i++) {
            b[8 + i] = (byte) data4[i];
        }
        return new GUID(b);
    }

    /** The GUID stored in {@code len} ≥ 16 bytes of {@code buf} (C layout); null if they are too few. */
    public static GUID read(byte[] buf, int len) {
        if (buf == null || len < SIZE || buf.length < SIZE) {
            return null;
        }
        return new GUID(Arrays.copyOf(buf, SIZE));
    }

    /** A copy of the 16 bytes in C layout, for an input buffer. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GUID g && Arrays.equals(bytes, g.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        HexFormat h = HexFormat.of();
        byte[] d1 = {bytes[3], bytes[2], bytes[1], bytes[0]};
        byte[] d2 = {bytes[5], bytes[4]};
        byte[] d3 = {bytes[7], bytes[6]};
        return "{" + h.formatHex(d1) + "-" + h.formatHex(d2) + "-" + h.formatHex(d3) + "-"
                + h.formatHex(bytes, 8, 10) + "-" + h.formatHex(bytes, 10, 16) + "}";
    }
}

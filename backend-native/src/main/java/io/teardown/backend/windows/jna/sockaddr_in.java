package io.teardown.backend.windows.jna;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code struct sockaddr_in} ({@code ws2def.h}), 16 bytes. Port and address are in network byte
 * order; use {@link #of(byte[], int)} to build one.
 */
@FieldOrder({"sin_family", "sin_port", "sin_addr", "sin_zero"})
public final class sockaddr_in extends Structure {
    /** {@code AF_INET} (2). */
    public short sin_family;
    /** Port, network byte order. */
    public short sin_port;
    /** {@code IN_ADDR}: the four address bytes, in order. */
    public byte[] sin_addr = new byte[4];
    /** Padding, zero. */
    public byte[] sin_zero = new byte[8];

    /** All zero. */
    public sockaddr_in() {
    }

    /** An IPv4 address and port (host order), stored in network order. */
    public static sockaddr_in of(byte[] address, int port) {
        if (address.length != 4) {
            throw new IllegalArgumentException("IPv4 address needs 4 bytes, got " + address.length);
        }
        sockaddr_in sa = new sockaddr_in();
        sa.sin_family = Ws2_32Library.AF_INET;
        sa.sin_port = Ws2_32Library.htons(port);
        System.arraycopy(address, 0, sa.sin_addr, 0, 4);
        return sa;
    }

    /** The port in host order. */
    public int port() {
        return Short.toUnsignedInt(Short.reverseBytes(sin_port));
    }
}

package io.teardown.backend.windows.jna;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code struct sockaddr_in6} ({@code ws2ipdef.h}), 28 bytes. The union of {@code sin6_scope_id}
 * and {@code SCOPE_ID} is modelled by its {@code ULONG} member (same size and offset).
 */
@FieldOrder({"sin6_family", "sin6_port", "sin6_flowinfo", "sin6_addr", "sin6_scope_id"})
public final class sockaddr_in6 extends Structure {
    /** {@code AF_INET6} (23 on Windows, not Linux's 10). */
    public short sin6_family;
    /** Port, network byte order. */
    public short sin6_port;
    /** Flow information. */
    public int sin6_flowinfo;
    /** {@code IN6_ADDR}: the sixteen address bytes, in order. */
    public byte[] sin6_addr = new byte[16];
    /** Scope (interface) id. */
    public int sin6_scope_id;

    /** All zero. */
    public sockaddr_in6() {
    }

    /** An IPv6 address and port (host order), stored in network order. */
    public static sockaddr_in6 of(byte[] address, int port) {
        if (address.length != 16) {
            throw new IllegalArgumentException("IPv6 address needs 16 bytes, got " + address.length);
        }
        sockaddr_in6 sa = new sockaddr_in6();
        sa.sin6_family = Ws2_32Library.AF_INET6;
        sa.sin6_port = Ws2_32Library.htons(port);
        System.arraycopy(address, 0, sa.sin6_addr, 0, 16);
        return sa;
    }
}

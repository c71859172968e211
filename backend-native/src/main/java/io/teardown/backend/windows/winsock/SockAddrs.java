package io.teardown.backend.windows.winsock;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.Ws2_32;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** {@code sockaddr_in}/{@code sockaddr_in6} in native memory: what the JNA driver hands to ws2_32 and reads back. */
final class SockAddrs {
    /** Room for the largest address ({@code sockaddr_in6}). */
    static final int SOCKADDR_MAX = 28;

    private SockAddrs() {
    }

    /** A {@code sockaddr_in}/{@code sockaddr_in6} in native memory (network byte order port). */
    static Memory sockaddr(SockAddr a) {
        Memory m = new Memory(SOCKADDR_MAX);
        m.clear();
        if (a == null || a.address == null) {
            return m;
        }
        byte[] ip = a.address.getAddress();
        m.setShort(0, (short) (ip.length == 16 ? Ws2_32.AF_INET6 : Ws2_32.AF_INET));
        m.setShort(2, Short.reverseBytes((short) a.port));
        if (ip.length == 16) {
            m.write(8, ip, 0, 16);
        } else {
            m.write(4, ip, 0, 4);
        }
        return m;
    }

    /** Reads a {@code sockaddr_in}/{@code sockaddr_in6} into {@code out}. */
    static void read(Pointer p, SockAddr out) {
        int family = p.getShort(0);
        int port = Short.toUnsignedInt(Short.reverseBytes(p.getShort(2)));
        try {
            out.address = InetAddress.getByAddress(family == Ws2_32.AF_INET6 ? p.getByteArray(8, 16) : p.getByteArray(4, 4));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
        out.family = family == Ws2_32.AF_INET6 ? Ws2_32.AF_INET6 : Ws2_32.AF_INET;
        out.port = port;
    }

    /** A zeroed buffer for an address Windows writes. */
    static Memory room() {
        Memory m = new Memory(SOCKADDR_MAX);
        m.clear();
        return m;
    }
}

package io.teardown.winsock;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A {@code SOCKADDR_IN} or {@code SOCKADDR_IN6}: address family, IP address and port. Mutable, because
 * {@code accept}, {@code recvfrom} and {@code getsockname} write into one as C writes through the
 * pointer. {@link #size()} is the C structure's size (16 or 28), which the {@code namelen} parameters
 * are checked against ({@code WSAEFAULT} when shorter).
 */
public final class SockAddr {
    /** {@code sizeof(SOCKADDR_IN)}. */
    public static final int SIZE_IN = 16;
    /** {@code sizeof(SOCKADDR_IN6)}. */
    public static final int SIZE_IN6 = 28;

    /** {@link Ws2_32#AF_INET} or {@link Ws2_32#AF_INET6}. */
    public int family;
    /** The IP address. */
    public InetAddress address;
    /** The port, host order. */
    public int port;

    /** An empty structure for out-parameters. */
    public SockAddr() {
    }

    private SockAddr(InetAddress address, int port) {
        this.family = address instanceof Inet6Address ? Ws2_32.AF_INET6 : Ws2_32.AF_INET;
        this.address = address;
        this.port = port;
    }

    /** An IPv4 address from a literal ({@code "127.0.0.1"}) or name. */
    public static SockAddr inet(String host, int port) {
        return of(resolve(host, false), port);
    }

    /** An IPv6 address from a literal ({@code "::1"}) or name. */
    public static SockAddr inet6(String host, int port) {
        return of(resolve(host, true), port);
    }

    /** The structure for a Java address. */
    public static SockAddr of(InetAddress address, int port) {
        return new SockAddr(Objects.requireNonNull(address, "address"), port);
    }

    /** The structure for a Java socket address (resolved). */
    public static SockAddr of(InetSocketAddress address) {
        return new SockAddr(address.getAddress(), address.getPort());
    }

    private static InetAddress resolve(String host, boolean v6) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (v6 ? a instanceof Inet6Address : a instanceof Inet4Address) {
                    return a;
                }
            }
            throw new IllegalArgumentException("no " + (v6 ? "IPv6" : "IPv4") + " address for " + host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host, e);
        }
    }

    /** The size of the C structure this value stands for: 16 ({@code AF_INET}) or 28 ({@code AF_INET6}). */
    public int size() {
        return family == Ws2_32.AF_INET6 ? SIZE_IN6 : SIZE_IN;
    }

    /** The Java socket address, or {@code null} when no address is set. */
    public InetSocketAddress toInetSocketAddress() {
        return address == null ? null : new InetSocketAddress(address, port);
    }

    /** Copies {@code from} into this structure (the C out-parameter write). */
    public void set(InetSocketAddress from) {
        this.address = from.getAddress();
        this.port = from.getPort();
        this.family = address instanceof Inet6Address ? Ws2_32.AF_INET6 : Ws2_32.AF_INET;
    }

    @Override
    public String toString() {
        return (family == Ws2_32.AF_INET6 ? "[" + (address == null ? "" : address.getHostAddress()) + "]"
                : address == null ? "" : address.getHostAddress()) + ":" + port;
    }
}

package io.teardown.winsock;

import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The object API of Winsock: typed, {@link AutoCloseable} sockets whose failures are
 * {@link Win32Exception}s carrying the Windows error and whose {@code closesocket} reports a
 * {@link CloseOutcome}. Built on the session's {@link Ws2_32} (the same engine as the flat facade, one
 * implementation per rule). Holds one {@code WSAStartup} for its lifetime; the matching
 * {@code WSACleanup} runs when the session closes (WS-01).
 *
 * <pre>{@code
 * try (Session session = Session.open();
 *      TcpSocket socket = Winsock.of(session).connect(new InetSocketAddress("localhost", 8080))) {
 *     socket.linger(Linger.timeout(Duration.ofSeconds(5)));
 *     socket.send(payload);
 * }   // closesocket: blocks until the peer acknowledged everything, or resets at 5 s (WS-06)
 * }</pre>
 */
public final class Winsock implements AutoCloseable {
    private final Session session;
    private final Ws2_32 ws;

    private Winsock(Session session, Ws2_32 ws) {
        this.session = session;
        this.ws = ws;
        int r = ws.WSAStartup((short) 0x0202, new WSAData());
        if (r != 0) {
            throw new Win32Exception(r, "WSAStartup: " + Win32Error.describe(r));
        }
    }

    /** The session's object API (one per session). */
    public static Winsock of(Session session) {
        Ws2_32 ws = Ws2_32.of(session); // outside the component factory: no nested session.component calls
        return session.component(Winsock.class, s -> new Winsock(s, ws));
    }

    /** The flat facade underneath. */
    public Ws2_32 flat() {
        return ws;
    }

    Session session() {
        return session;
    }

    private static int family(InetSocketAddress a) {
        return a.getAddress() instanceof Inet6Address ? Ws2_32.AF_INET6 : Ws2_32.AF_INET;
    }

    /** Opens a TCP connection (blocking connect). */
    public TcpSocket connect(InetSocketAddress remote) {
        Objects.requireNonNull(remote, "remote");
        if (remote.isUnresolved()) {
            throw new Win32Exception(Win32Error.WSAHOST_NOT_FOUND, "connect(" + remote + ")");
        }
        long h = open(family(remote), Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        TcpSocket s = new TcpSocket(this, h);
        try {
            s.check(ws.connect(h, SockAddr.of(remote)), "connect(" + remote + ")");
            return s;
        } catch (Win32Exception e) {
            s.close();
            throw e;
        }
    }

    /** Binds and listens. */
    public TcpListener listen(InetSocketAddress local, int backlog) {
        long h = open(family(local), Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        TcpListener l = new TcpListener(this, h);
        try {
            l.check(ws.bind(h, SockAddr.of(local)), "bind(" + local + ")");
            l.check(ws.listen(h, backlog), "listen");
            return l;
        } catch (Win32Exception e) {
            l.close();
            throw e;
        }
    }

    /** A UDP socket bound to {@code local}. */
    public UdpSocket udp(InetSocketAddress local) {
        long h = open(family(local), Ws2_32.SOCK_DGRAM, Ws2_32.IPPROTO_UDP);
        UdpSocket u = new UdpSocket(this, h);
        try {
            u.check(ws.bind(h, SockAddr.of(local)), "bind(" + local + ")");
            return u;
        } catch (Win32Exception e) {
            u.close();
            throw e;
        }
    }

    private long open(int af, int type, int protocol) {
        long h = ws.socket(af, type, protocol);
        if (h == Ws2_32.INVALID_SOCKET) {
            int e = ws.WSAGetLastError();
            throw new Win32Exception(e, "socket: " + Win32Error.describe(e));
        }
        return h;
    }

    /** The matching {@code WSACleanup}; called when the session closes. */
    @Override
    public void close() {
        ws.WSACleanup();
    }
}

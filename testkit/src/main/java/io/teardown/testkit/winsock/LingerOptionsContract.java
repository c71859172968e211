package io.teardown.testkit.winsock;

import static io.teardown.testkit.winsock.Wsa.err;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.getInt;
import static io.teardown.testkit.winsock.Wsa.linger;
import static io.teardown.testkit.winsock.Wsa.ok;
import static io.teardown.testkit.winsock.Wsa.started;
import static io.teardown.testkit.winsock.Wsa.tcp;
import static io.teardown.winsock.Ws2_32.AF_INET;
import static io.teardown.winsock.Ws2_32.INVALID_SOCKET;
import static io.teardown.winsock.Ws2_32.IPPROTO_TCP;
import static io.teardown.winsock.Ws2_32.IPPROTO_UDP;
import static io.teardown.winsock.Ws2_32.SOCK_DGRAM;
import static io.teardown.winsock.Ws2_32.SOL_SOCKET;
import static io.teardown.winsock.Ws2_32.SO_DONTLINGER;
import static io.teardown.winsock.Ws2_32.SO_LINGER;
import static io.teardown.winsock.Ws2_32.SO_RCVBUF;
import static io.teardown.winsock.Ws2_32.SO_SNDBUF;
import static io.teardown.winsock.Ws2_32.TCP_NODELAY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.winsock.Linger;
import io.teardown.winsock.OptionBytes;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.Ws2_32;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The winsock contract, the linger options (WS-08, <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>): {@code SO_LINGER} and {@code
 * SO_DONTLINGER} round trips, bad option arguments, inheritance by accepted sockets and UDP, through the flat
 * facade {@link Ws2_32} only, against independent peers written with plain JDK sockets ({@link JdkPeer}).
 * Each backend runs this class from its tests; the Netty backend runs it once per transport (epoll and forced
 * NIO).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class LingerOptionsContract {
    /** For JUnit and subclasses. */
    public LingerOptionsContract() {
    }

    /** WS-08: SO_LINGER / SO_DONTLINGER round trip and defaults. */
    @TestTemplate
    public void WS_08_lingerOptionsRoundTrip(TestBackend b) {
        Ws2_32 ws = started(b.session());
        long s = tcp(ws, AF_INET);
        assertEquals(new Linger(0, 0), getLinger(ws, s), "default");
        assertEquals(1, getInt(ws, s, SO_DONTLINGER));
        linger(ws, s, 5, 7);
        Linger l = getLinger(ws, s);
        assertNotEquals(0, l.l_onoff());
        assertEquals(7, l.l_linger());
        assertEquals(0, getInt(ws, s, SO_DONTLINGER));
        ok(ws, ws.setsockopt(s, SOL_SOCKET, SO_DONTLINGER, 1), "SO_DONTLINGER TRUE");
        assertEquals(0, getLinger(ws, s).l_onoff());
        assertEquals(1, getInt(ws, s, SO_DONTLINGER));
        ok(ws, ws.setsockopt(s, SOL_SOCKET, SO_DONTLINGER, 0), "SO_DONTLINGER FALSE");
        assertNotEquals(0, getLinger(ws, s).l_onoff());
        assertEquals(7, getLinger(ws, s).l_linger(), "the timeout set earlier is restored");
        ok(ws, ws.setsockopt(s, IPPROTO_TCP, TCP_NODELAY, 1), "TCP_NODELAY");
        assertEquals(1, getInt(ws, s, IPPROTO_TCP, TCP_NODELAY));
        ok(ws, ws.setsockopt(s, SOL_SOCKET, SO_SNDBUF, 12345), "SO_SNDBUF");
        assertEquals(12345, getInt(ws, s, SO_SNDBUF));
        ok(ws, ws.setsockopt(s, SOL_SOCKET, SO_RCVBUF, 23456), "SO_RCVBUF");
        assertEquals(23456, getInt(ws, s, SO_RCVBUF));
        ok(ws, ws.closesocket(s), "closesocket");
    }

    /** WS-08: wrong sizes, NULL buffers, unknown levels/options, SO_LINGER on UDP. */
    @TestTemplate
    public void WS_08_badOptionArgumentsGiveWindowsErrors(TestBackend b) {
        Ws2_32 ws = started(b.session());
        long s = tcp(ws, AF_INET);
        fails(ws, ws.setsockopt(s, SOL_SOCKET, SO_LINGER, null, 4), Win32Error.WSAEFAULT, "NULL optval");
        fails(ws, ws.setsockopt(s, SOL_SOCKET, SO_LINGER, new byte[4], 2), Win32Error.WSAEFAULT, "short optlen");
        fails(ws, ws.setsockopt(s, SOL_SOCKET, SO_LINGER, new byte[4], -1), Win32Error.WSAEFAULT, "negative optlen");
        fails(ws, ws.setsockopt(s, SOL_SOCKET, SO_SNDBUF, new byte[2], 2), Win32Error.WSAEFAULT, "short int");
        fails(ws, ws.getsockopt(s, SOL_SOCKET, SO_LINGER, new byte[4], new IntRef(3)), Win32Error.WSAEFAULT, "short getsockopt");
        fails(ws, ws.getsockopt(s, SOL_SOCKET, SO_LINGER, null, new IntRef(4)), Win32Error.WSAEFAULT, "NULL getsockopt buffer");
        fails(ws, ws.getsockopt(s, SOL_SOCKET, SO_LINGER, new byte[4], null), Win32Error.WSAEFAULT, "NULL optlen");
        fails(ws, ws.setsockopt(s, 0x7777, SO_LINGER, new byte[4], 4), Win32Error.WSAEINVAL, "unknown level");
        fails(ws, ws.setsockopt(s, SOL_SOCKET, 0x6543, new byte[4], 4), Win32Error.WSAENOPROTOOPT, "unknown option");
        fails(ws, ws.getsockopt(s, IPPROTO_TCP, 0x77, new byte[4], new IntRef(4)), Win32Error.WSAENOPROTOOPT, "unknown TCP option");
        long u = ws.socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
        assertNotEquals(INVALID_SOCKET, u);
        fails(ws, ws.setsockopt(u, SOL_SOCKET, SO_LINGER, new Linger(1, 1)), Win32Error.WSAENOPROTOOPT, "SO_LINGER on UDP");
        fails(ws, ws.getsockopt(u, SOL_SOCKET, SO_LINGER, new byte[4], new IntRef(4)), Win32Error.WSAENOPROTOOPT, "get SO_LINGER on UDP");
        ok(ws, ws.closesocket(u), "closesocket(udp)");
        ok(ws, ws.closesocket(s), "closesocket");
    }

    /** WS-08: accepted sockets inherit the listener's linger setting. */
    @TestTemplate
    public void WS_08_acceptedSocketInheritsListenerLinger(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        long l = tcp(ws, AF_INET);
        linger(ws, l, 1, 3);
        ok(ws, ws.bind(l, SockAddr.inet("127.0.0.1", 0)), "bind");
        ok(ws, ws.listen(l, 4), "listen");
        SockAddr at = new SockAddr();
        IntRef len = new IntRef(SockAddr.SIZE_IN);
        ok(ws, ws.getsockname(l, at, len), "getsockname");
        assertEquals(SockAddr.SIZE_IN, len.value);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), at.port)) {
            SockAddr from = new SockAddr();
            IntRef fromLen = new IntRef(SockAddr.SIZE_IN);
            long a = ws.accept(l, from, fromLen);
            assertNotEquals(INVALID_SOCKET, a, () -> err(ws));
            assertEquals(client.getLocalPort(), from.port);
            Linger inherited = getLinger(ws, a);
            assertNotEquals(0, inherited.l_onoff());
            assertEquals(3, inherited.l_linger());
            ok(ws, ws.closesocket(a), "closesocket(accepted)");
        }
        ok(ws, ws.closesocket(l), "closesocket(listener)");
    }

    /** WS-08 context: UDP over IPv4: datagrams both ways, truncation gives WSAEMSGSIZE, closesocket releases. */
    @TestTemplate
    public void WS_08_udpDatagramsAndClose(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        long u = ws.socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
        assertNotEquals(INVALID_SOCKET, u);
        ok(ws, ws.bind(u, SockAddr.inet("127.0.0.1", 0)), "bind");
        SockAddr me = new SockAddr();
        ok(ws, ws.getsockname(u, me, new IntRef(SockAddr.SIZE_IN)), "getsockname");
        try (java.net.DatagramSocket jdk = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            jdk.setSoTimeout(10_000);
            byte[] hello = Payload.bytes(0, 100);
            SockAddr to = SockAddr.of(InetAddress.getLoopbackAddress(), jdk.getLocalPort());
            assertEquals(100, ws.sendto(u, hello, 100, 0, to, to.size()), () -> err(ws));
            java.net.DatagramPacket in = new java.net.DatagramPacket(new byte[200], 200);
            jdk.receive(in);
            assertEquals(100, in.getLength());
            assertEquals(me.port, in.getPort());
            jdk.send(new java.net.DatagramPacket(hello, 100, InetAddress.getLoopbackAddress(), me.port));
            byte[] small = new byte[10];
            SockAddr from = new SockAddr();
            fails(ws, ws.recvfrom(u, small, 10, 0, from, new IntRef(SockAddr.SIZE_IN)), Win32Error.WSAEMSGSIZE, "truncated datagram");
            assertArrayEquals(Payload.bytes(0, 10), small);
            assertEquals(jdk.getLocalPort(), from.port);
            jdk.send(new java.net.DatagramPacket(hello, 100, InetAddress.getLoopbackAddress(), me.port));
            byte[] big = new byte[200];
            assertEquals(100, ws.recvfrom(u, big, 200, 0, from, new IntRef(SockAddr.SIZE_IN)), () -> err(ws));
        }
        ok(ws, ws.closesocket(u), "closesocket(udp)");
        fails(ws, ws.closesocket(u), Win32Error.WSAENOTSOCK, "second closesocket(udp)");
    }

    private static Linger getLinger(Ws2_32 ws, long s) {
        byte[] v = new byte[OptionBytes.LINGER_SIZE];
        IntRef len = new IntRef(v.length);
        ok(ws, ws.getsockopt(s, SOL_SOCKET, SO_LINGER, v, len), "getsockopt(SO_LINGER)");
        assertEquals(OptionBytes.LINGER_SIZE, len.value);
        return OptionBytes.linger(v);
    }
}

package io.teardown.backend.netty.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.Session;
import io.teardown.testkit.winsock.JdkPeer;
import io.teardown.testkit.winsock.Payload;
import io.teardown.winsock.Linger;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockDiagnostics;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WS-06's deadline is kept by the closing thread and the session's linger watcher, whichever comes
 * first resetting through {@code Connection.reset()}: a lingering close that times out resets at its deadline, and one
 * whose data was acknowledged settles first, so its graceful close is never turned into a reset when
 * the deadline passes later.
 */
@Timeout(60)
class NettyLingerDeadlineTest {
    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void WS_06_acknowledgedLingeringCloseIsNotResetWhenItsDeadlinePasses(String transport) throws Exception {
        try (Session s = Session.builder().backend("netty").property("teardown.netty.transport", transport).build();
             ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Ws2_32 ws = Ws2_32.of(s);
            assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
            server.setSoTimeout(5_000);
            long sock = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
            assertNotEquals(Ws2_32.INVALID_SOCKET, sock);
            assertEquals(0, ws.connect(sock, SockAddr.inet("127.0.0.1", server.getLocalPort())));
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(5_000);
                int n = 8 * 1024;
                assertEquals(n, ws.send(sock, Payload.bytes(0, n), n, 0));
                InputStream in = peer.getInputStream();
                byte[] got = in.readNBytes(n); // everything is read, so the kernel acknowledges it
                assertEquals(n, got.length);
                assertEquals(0, ws.setsockopt(sock, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, new Linger(1, 1)));
                WinsockDiagnostics diagnostics = WinsockDiagnostics.of(s).orElseThrow();
                int open = diagnostics.openTransportChannels();
                long start = System.nanoTime();
                assertEquals(0, ws.closesocket(sock));
                long took = System.nanoTime() - start;
                assertTrue(took < TimeUnit.MILLISECONDS.toNanos(900), "acknowledged data: closesocket returned after " + took / 1_000_000 + " ms");
                assertEquals(-1, in.read(), "FIN after the data");
                // Past the 1 s deadline the closer still drains (WS-04), waiting for the peer's FIN: the
                // armed reset was disarmed, so the channel is still open. (Bytes the peer sent now would
                // draw an RST of their own, as on Windows: WireDetailsContract.)
                Thread.sleep(1_500);
                assertEquals(open, diagnostics.openTransportChannels(), "still draining: no reset at the deadline");
                assertEquals(-1, in.read(), "still the FIN");
            }
            assertEquals(0, ws.WSACleanup());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll"}) // NIO cannot see acknowledgements (docs/winsock.md)
    void WS_06_unacknowledgedLingeringCloseResetsAtItsDeadline(String transport) throws Exception {
        try (Session s = Session.builder().backend("netty").property("teardown.netty.transport", transport).build();
             ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(4096); // the peer's small window keeps data unacknowledged
            server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Ws2_32 ws = Ws2_32.of(s);
            assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
            server.setSoTimeout(5_000);
            long sock = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
            assertEquals(0, ws.setsockopt(sock, Ws2_32.SOL_SOCKET, Ws2_32.SO_SNDBUF, 256 * 1024));
            assertEquals(0, ws.connect(sock, SockAddr.inet("127.0.0.1", server.getLocalPort())));
            try (Socket peer = server.accept()) {
                int n = 128 * 1024;
                assertEquals(n, ws.send(sock, Payload.bytes(0, n), n, 0));
                assertEquals(0, ws.setsockopt(sock, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, new Linger(1, 1)));
                long start = System.nanoTime();
                assertEquals(0, ws.closesocket(sock)); // WS-06: returns 0 after the timeout, with RST
                long took = System.nanoTime() - start;
                assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(950) && took < TimeUnit.MILLISECONDS.toNanos(1_900),
                        "closesocket returned after " + took / 1_000_000 + " ms, expected about the 1 s linger");
                JdkPeer.Observation o = JdkPeer.observe(peer, Duration.ofSeconds(5));
                assertEquals(JdkPeer.Ending.RESET, o.ending(), o::toString);
                assertTrue(o.bytes() < n, o::toString);
            }
            assertEquals(0, ws.WSACleanup());
        }
    }
}

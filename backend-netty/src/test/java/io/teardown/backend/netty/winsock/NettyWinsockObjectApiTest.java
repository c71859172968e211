package io.teardown.backend.netty.winsock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import io.teardown.winsock.CloseOutcome;
import io.teardown.winsock.Linger;
import io.teardown.winsock.TcpListener;
import io.teardown.winsock.TcpSocket;
import io.teardown.winsock.UdpSocket;
import io.teardown.winsock.Winsock;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockDiagnostics;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The object API ({@link Winsock}) on the Netty backend: values for outcomes, exceptions for failures. */
@Timeout(30)
class NettyWinsockObjectApiTest {

    private static Session session() {
        return Session.builder().backend("netty").build();
    }

    @Test
    void WS_04_gracefulCloseIsAValueAndThePeerGetsEverything() throws Exception {
        try (Session session = session(); ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Winsock winsock = Winsock.of(session);
            TcpSocket socket = winsock.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            try (Socket peer = server.accept()) {
                byte[] data = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                assertEquals(5, socket.send(data));
                assertEquals(new CloseOutcome.Graceful(), socket.closesocket());
                InputStream in = peer.getInputStream();
                assertArrayEquals(data, in.readAllBytes());
            }
            Win32Exception again = assertThrows(Win32Exception.class, socket::closesocket);
            assertTrue(again.is(Win32Error.WSAENOTSOCK), again::getMessage);
            socket.close(); // idempotent
        }
    }

    @Test
    void WS_05_abortiveAndWS_06_lingeringOutcomes() throws Exception {
        try (Session session = session(); ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Winsock winsock = Winsock.of(session);
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
            try (TcpSocket hard = winsock.connect(at); Socket peer = server.accept()) {
                hard.linger(Linger.ABORTIVE);
                assertEquals(Linger.ABORTIVE, hard.linger());
                assertEquals(new CloseOutcome.Abortive(), hard.closesocket());
                assertThrows(java.net.SocketException.class, () -> peer.getInputStream().read());
            }
            try (TcpSocket lingering = winsock.connect(at); Socket peer = server.accept()) {
                lingering.linger(Linger.timeout(Duration.ofSeconds(5)));
                lingering.send(new byte[100_000]);
                Thread reader = new Thread(() -> {
                    try {
                        peer.getInputStream().readAllBytes();
                    } catch (java.io.IOException ignored) {
                        // the assertion below is on the closer's outcome
                    }
                });
                reader.start();
                CloseOutcome o = lingering.closesocket();
                if (o instanceof CloseOutcome.Lingered l) {
                    assertTrue(l.acknowledged(), o::toString);
                    assertTrue(l.blocked().compareTo(Duration.ofSeconds(5)) < 0, o::toString);
                } else {
                    // Nothing was pending any more when closesocket decided (NIO sees only its own queue).
                    assertEquals(new CloseOutcome.Graceful(), o);
                }
                reader.join(10_000);
            }
        }
    }

    @Test
    void udpDatagramsOverIpv4AndIpv6() throws Exception {
        try (Session session = session()) {
            Winsock winsock = Winsock.of(session);
            for (String host : new String[] {"127.0.0.1", "::1"}) {
                InetAddress loopback = InetAddress.getByName(host);
                UdpSocket a;
                try {
                    a = winsock.udp(new InetSocketAddress(loopback, 0));
                } catch (Win32Exception unavailable) {
                    continue; // no IPv6 loopback on this machine
                }
                try (a; UdpSocket c = winsock.udp(new InetSocketAddress(loopback, 0))) {
                    assertEquals(3, a.sendTo(new byte[] {1, 2, 3}, c.localAddress()));
                    byte[] buf = new byte[16];
                    Ref<InetSocketAddress> from = new Ref<>();
                    assertEquals(3, c.receive(buf, from));
                    assertEquals(a.localAddress().getPort(), from.value.getPort());
                    Win32Exception e = assertThrows(Win32Exception.class, () -> a.linger(Linger.ABORTIVE));
                    assertTrue(e.is(Win32Error.WSAENOPROTOOPT), e::getMessage);
                }
            }
        }
    }

    @Test
    void listenerAcceptsAndBadInputThrowsWin32Exception() throws Exception {
        try (Session session = session()) {
            Winsock winsock = Winsock.of(session);
            try (TcpListener listener = winsock.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
                 Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.localAddress().getPort());
                 TcpSocket accepted = listener.accept()) {
                assertEquals(client.getLocalPort(), accepted.remoteAddress().getPort());
                Win32Exception e = assertThrows(Win32Exception.class, () -> accepted.send(new byte[2], 5));
                assertTrue(e.is(Win32Error.WSAEFAULT), e::getMessage);
            }
            Win32Exception refused = assertThrows(Win32Exception.class,
                    () -> winsock.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1)));
            assertTrue(refused.is(Win32Error.WSAECONNREFUSED), refused::getMessage);
            WinsockDiagnostics diagnostics = WinsockDiagnostics.of(session).orElseThrow();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (diagnostics.openTransportChannels() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, diagnostics.openTransportChannels(), "no channel outlives its socket");
        }
    }
}

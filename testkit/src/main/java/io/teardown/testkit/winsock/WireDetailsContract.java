package io.teardown.testkit.winsock;

import static io.teardown.testkit.winsock.Wsa.connect;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.ok;
import static io.teardown.testkit.winsock.Wsa.started;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.winsock.Ws2_32;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Smaller differences from Windows found on the wire by an independent witness (a plain JDK peer):
 * flag combinations Winsock refuses, and what Windows' stack answers to data reaching a closed socket.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class WireDetailsContract {
    /** For JUnit and subclasses. */
    public WireDetailsContract() {
    }

    /**
     * recv with MSG_WAITALL fails with WSAEOPNOTSUPP (10045) when combined with MSG_PEEK or on a
     * non-blocking socket, even with the data there; plain MSG_PEEK and blocking MSG_WAITALL work.
     */
    @TestTemplate
    public void badInput_recvWaitAllWithPeekOrNonBlockingIsNotSupported(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            p.getOutputStream().write(Payload.bytes(0, 8));
            byte[] buf = new byte[8];
            assertEquals(8, ws.recv(s, buf, 8, Ws2_32.MSG_PEEK | 0), "plain MSG_PEEK waits for nothing and works");
            fails(ws, ws.recv(s, buf, 8, Ws2_32.MSG_WAITALL | Ws2_32.MSG_PEEK), Win32Error.WSAEOPNOTSUPP,
                    "recv(MSG_WAITALL | MSG_PEEK)");
            ok(ws, ws.ioctlsocket(s, Ws2_32.FIONBIO, new IntRef(1)), "FIONBIO");
            fails(ws, ws.recv(s, buf, 8, Ws2_32.MSG_WAITALL), Win32Error.WSAEOPNOTSUPP,
                    "recv(MSG_WAITALL) on a non-blocking socket");
            ok(ws, ws.ioctlsocket(s, Ws2_32.FIONBIO, new IntRef(0)), "FIONBIO");
            assertEquals(8, ws.recv(s, buf, 8, Ws2_32.MSG_WAITALL), "blocking MSG_WAITALL");
            assertArrayEquals(Payload.bytes(0, 8), buf);
            assertEquals(0, ws.closesocket(s));
        }
    }

    /**
     * WS-04: after a graceful closesocket the peer reads all data and end-of-stream; data it sends after
     * that reaches a socket nobody owns, which Windows' stack answers with RST: the peer's next
     * receive (or send) fails with "connection reset".
     */
    @TestTemplate
    public void WS_04_dataAfterGracefulCloseIsAnsweredWithReset(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            assertEquals(4, ws.send(s, Payload.bytes(0, 4), 4, 0));
            assertEquals(0, ws.closesocket(s));
            JdkPeer.Observation o = JdkPeer.observe(p, java.time.Duration.ofSeconds(20));
            assertEquals(new JdkPeer.Observation(4, true, JdkPeer.Ending.EOF, ""), o, "graceful: data, then FIN");
            Thread.sleep(200); // well after the close: this is new data, not data that was on its way
            IOException reset = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (reset == null && System.nanoTime() < deadline) {
                try {
                    p.getOutputStream().write(1);
                    p.setSoTimeout(200);
                    p.getInputStream().read();
                } catch (SocketTimeoutException stillOpen) {
                    // no answer yet
                } catch (IOException e) {
                    reset = e;
                }
                Thread.sleep(50);
            }
            assertNotNull(reset, "the peer's data after the close was answered with RST");
            String m = String.valueOf(reset.getMessage()).toLowerCase(Locale.ROOT);
            assertTrue(m.contains("reset") || m.contains("broken pipe"), () -> "a reset: " + m);
        }
    }

    /**
     * A listener whose backlog is full refuses further connections at once. On Windows the client's
     * connect fails with WSAECONNREFUSED; on Linux the kernel completes the handshake before the
     * refusal can be made, so the client (here a plain JDK socket) connects and then reads "connection
     * reset" at once. Once accept makes room, the next client waits in the backlog again.
     */
    @TestTemplate
    public void backlogFullRefusesFurtherConnections(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        long l = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        ok(ws, ws.bind(l, io.teardown.winsock.SockAddr.inet("127.0.0.1", 0)), "bind");
        ok(ws, ws.listen(l, 2), "listen(2)");
        io.teardown.winsock.SockAddr at = new io.teardown.winsock.SockAddr();
        ok(ws, ws.getsockname(l, at, new IntRef(io.teardown.winsock.SockAddr.SIZE_IN6)), "getsockname");
        try (Socket first = new Socket(at.address, at.port); Socket second = new Socket(at.address, at.port);
             Socket third = new Socket(at.address, at.port)) {
            assertRefused(third);
            stillQueued(first);
            stillQueued(second);
            long a = ws.accept(l, null, null);
            assertNotEquals(Ws2_32.INVALID_SOCKET, a);
            try (Socket fourth = new Socket(at.address, at.port)) {
                stillQueued(fourth); // room again
                assertEquals(0, ws.closesocket(a));
                for (int i = 0; i < 2; i++) {
                    long q = ws.accept(l, null, null);
                    assertNotEquals(Ws2_32.INVALID_SOCKET, q, "the queued connections are accepted");
                    assertEquals(0, ws.closesocket(q));
                }
            }
        }
        assertEquals(0, ws.closesocket(l));
    }

    private static void assertRefused(Socket s) throws Exception {
        s.setSoTimeout(10_000);
        try {
            int r = s.getInputStream().read();
            throw new AssertionError("a connection beyond the backlog was not refused (read " + r + ")");
        } catch (SocketTimeoutException e) {
            throw new AssertionError("a connection beyond the backlog was not refused", e);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            assertTrue(m.contains("reset"), () -> "refused with a reset: " + m);
        }
    }

    private static void stillQueued(Socket s) throws Exception {
        s.setSoTimeout(300);
        try {
            int r = s.getInputStream().read();
            throw new AssertionError("a queued connection ended (read " + r + ")");
        } catch (SocketTimeoutException expected) {
            // waiting in the backlog
        }
    }
}

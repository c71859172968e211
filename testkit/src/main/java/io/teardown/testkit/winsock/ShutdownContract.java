package io.teardown.testkit.winsock;

import static io.teardown.testkit.winsock.Wsa.READ_TIMEOUT;
import static io.teardown.testkit.winsock.Wsa.connect;
import static io.teardown.testkit.winsock.Wsa.err;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.sendAll;
import static io.teardown.testkit.winsock.Wsa.started;
import static io.teardown.winsock.Ws2_32.SD_BOTH;
import static io.teardown.winsock.Ws2_32.SD_RECEIVE;
import static io.teardown.winsock.Ws2_32.SD_SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.teardown.api.Win32Error;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.testkit.winsock.JdkPeer.Ending;
import io.teardown.testkit.winsock.JdkPeer.Observation;
import io.teardown.winsock.Ws2_32;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The winsock contract, {@code shutdown} directions (WS-11, <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>), through the flat facade {@link
 * Ws2_32} only, against independent peers written with plain JDK sockets ({@link JdkPeer}). Each backend runs
 * this class from its tests; the Netty backend runs it once per transport (epoll and forced NIO).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class ShutdownContract {
    /** For JUnit and subclasses. */
    public ShutdownContract() {
    }

    /** WS-11: shutdown(SD_SEND) gives the peer end-of-stream while the closer can still receive. */
    @TestTemplate
    public void WS_11_shutdownSendGivesPeerEofWhileCloserStillReceives(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            sendAll(ws, s, 0, 1000);
            ws.WSASetLastError(99);
            assertEquals(0, ws.shutdown(s, SD_SEND));
            assertEquals(0, ws.WSAGetLastError(), "a successful shutdown sets the last error to 0");
            assertEquals(new Observation(1000, true, Ending.EOF, ""), JdkPeer.observe(p, READ_TIMEOUT));
            p.getOutputStream().write(Payload.bytes(0, 7));
            byte[] buf = new byte[16];
            int n = ws.recv(s, buf, 7, Ws2_32.MSG_WAITALL);
            assertEquals(7, n, () -> "recv after SD_SEND: " + err(ws));
            fails(ws, ws.send(s, buf, 1, 0), Win32Error.WSAESHUTDOWN, "send after SD_SEND");
            assertEquals(0, ws.closesocket(s));
        }
    }

    /** WS-11: SD_RECEIVE and SD_BOTH: further receives (and sends) fail with WSAESHUTDOWN; the peer sees FIN. */
    @TestTemplate
    public void WS_11_shutdownReceiveAndBoth(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            assertEquals(0, ws.shutdown(s, SD_RECEIVE));
            fails(ws, ws.recv(s, new byte[4], 4, 0), Win32Error.WSAESHUTDOWN, "recv after SD_RECEIVE");
            assertEquals(3, ws.send(s, Payload.bytes(0, 3), 3, 0), "sending still works after SD_RECEIVE");
            assertEquals(0, ws.shutdown(s, SD_BOTH));
            fails(ws, ws.send(s, new byte[4], 4, 0), Win32Error.WSAESHUTDOWN, "send after SD_BOTH");
            assertEquals(new Observation(3, true, Ending.EOF, ""), JdkPeer.observe(p, READ_TIMEOUT));
            assertEquals(0, ws.closesocket(s));
        }
    }

    /** WS-11: data arriving after SD_RECEIVE resets the connection (as the shutdown reference page says). */
    @TestTemplate
    public void WS_11_dataAfterShutdownReceiveResetsTheConnection(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            assertEquals(0, ws.shutdown(s, SD_RECEIVE));
            OutputStream out = p.getOutputStream();
            out.write(1);
            Observation o = JdkPeer.observe(p, READ_TIMEOUT);
            assertEquals(Ending.RESET, o.ending(), o::toString);
            assertEquals(0, ws.closesocket(s));
        }
    }
}

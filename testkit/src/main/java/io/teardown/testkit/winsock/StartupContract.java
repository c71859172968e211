package io.teardown.testkit.winsock;

import static io.teardown.testkit.winsock.Wsa.READ_TIMEOUT;
import static io.teardown.testkit.winsock.Wsa.VERSION_2_2;
import static io.teardown.testkit.winsock.Wsa.connect;
import static io.teardown.testkit.winsock.Wsa.err;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.ok;
import static io.teardown.testkit.winsock.Wsa.started;
import static io.teardown.testkit.winsock.Wsa.tcp;
import static io.teardown.winsock.Ws2_32.AF_INET;
import static io.teardown.winsock.Ws2_32.INVALID_SOCKET;
import static io.teardown.winsock.Ws2_32.IPPROTO_TCP;
import static io.teardown.winsock.Ws2_32.SD_SEND;
import static io.teardown.winsock.Ws2_32.SOCK_STREAM;
import static io.teardown.winsock.Ws2_32.SOL_SOCKET;
import static io.teardown.winsock.Ws2_32.SO_RCVBUF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LeakReport;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.testkit.winsock.JdkPeer.Ending;
import io.teardown.testkit.winsock.JdkPeer.Observation;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.Ws2_32;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The winsock contract, startup and a socket's lifetime (WS-01, WS-03, WS-16, <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>): {@code
 * WSAStartup}/{@code WSACleanup} reference counting and {@code WSANOTINITIALISED}, a successful {@code
 * closesocket} and the value afterwards, and leak detection of a socket never closed, through the flat facade
 * {@link Ws2_32} only, against independent peers written with plain JDK sockets ({@link JdkPeer}). Each
 * backend runs this class from its tests; the Netty backend runs it once per transport (epoll and forced
 * NIO).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class StartupContract {
    /** For JUnit and subclasses. */
    public StartupContract() {
    }

    /** WS-01: before WSAStartup every call fails with WSANOTINITIALISED, WSACleanup included. */
    @TestTemplate
    public void WS_01_callsBeforeStartupFailWithNotInitialised(TestBackend b) {
        Ws2_32 ws = Ws2_32.of(b.session());
        assertEquals(INVALID_SOCKET, ws.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
        assertEquals(Win32Error.WSANOTINITIALISED.code(), ws.WSAGetLastError());
        fails(ws, ws.closesocket(4), Win32Error.WSANOTINITIALISED, "closesocket");
        fails(ws, ws.WSACleanup(), Win32Error.WSANOTINITIALISED, "WSACleanup");
        ws.WSASetLastError(77);
        assertEquals(77, ws.WSAGetLastError(), "WSASetLastError/WSAGetLastError are exempt");
        WSAData data = new WSAData();
        assertEquals(0, ws.WSAStartup(VERSION_2_2, data));
        assertEquals(VERSION_2_2, data.wVersion);
        assertEquals(0, ws.WSACleanup());
        fails(ws, ws.WSACleanup(), Win32Error.WSANOTINITIALISED, "WSACleanup after the matching cleanup");
    }

    /** WS-01: startups are counted; the last cleanup destroys every socket (old values then fail with WSAENOTSOCK). */
    @TestTemplate
    public void WS_01_startupIsReferenceCountedAndLastCleanupDestroysSockets(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        assertEquals(0, ws.WSAStartup(VERSION_2_2, new WSAData()));
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            assertEquals(0, ws.WSACleanup());
            byte[] hello = Payload.bytes(0, 5);
            assertEquals(5, ws.send(s, hello, 5, 0), () -> "one cleanup of two leaves sockets working: " + err(ws));
            assertEquals(0, ws.WSACleanup());
            fails(ws, ws.send(s, hello, 5, 0), Win32Error.WSANOTINITIALISED, "send after the last cleanup");
            Observation o = JdkPeer.observe(p, READ_TIMEOUT);
            assertEquals(5, o.bytes());
            assertEquals(Ending.EOF, o.ending(), "the destroyed socket was closed as closesocket closes it");
            assertEquals(0, ws.WSAStartup(VERSION_2_2, new WSAData()));
            fails(ws, ws.closesocket(s), Win32Error.WSAENOTSOCK, "closesocket of a socket destroyed by WSACleanup");
        }
    }

    /** WS-03: success returns 0 and leaves the last error untouched; later use of the value fails with WSAENOTSOCK. */
    @TestTemplate
    public void WS_03_successLeavesLastErrorUntouchedAndOldValueIsDead(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            ws.WSASetLastError(1234);
            assertEquals(0, ws.closesocket(s));
            assertEquals(1234, ws.WSAGetLastError(), "closesocket success does not touch the last error");
            fails(ws, ws.closesocket(s), Win32Error.WSAENOTSOCK, "second closesocket");
            fails(ws, ws.send(s, new byte[1], 1, 0), Win32Error.WSAENOTSOCK, "send on the old value");
            fails(ws, ws.shutdown(s, SD_SEND), Win32Error.WSAENOTSOCK, "shutdown on the old value");
            long again = tcp(ws, AF_INET);
            IntRef len = new IntRef(4);
            byte[] v = new byte[4];
            ok(ws, ws.getsockopt(again, SOL_SOCKET, SO_RCVBUF, v, len), "the new socket works");
            fails(ws, ws.shutdown(again, 9), Win32Error.WSAEINVAL, "shutdown(9)");
            ok(ws, ws.closesocket(again), "closesocket");
        }
    }

    /** WS-16: a socket never closed is reported by leak detection. */
    @TestTemplate
    public void WS_16_unclosedSocketIsReportedAsLeak(TestBackend b) {
        b.expectLeaks();
        Session other = b.open(c -> { });
        Ws2_32 ws = started(other);
        long s = tcp(ws, AF_INET);
        other.close();
        List<LeakReport> leaks = b.leaks();
        assertTrue(leaks.stream().anyMatch(l -> l.handle() == s && "Socket".equals(l.type())),
                "the socket was reported: " + leaks);
    }
}

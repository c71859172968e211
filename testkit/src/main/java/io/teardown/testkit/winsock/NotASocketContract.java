package io.teardown.testkit.winsock;

import static io.teardown.testkit.winsock.Wsa.READ_TIMEOUT;
import static io.teardown.testkit.winsock.Wsa.VERSION_2_2;
import static io.teardown.testkit.winsock.Wsa.connect;
import static io.teardown.testkit.winsock.Wsa.event;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.ok;
import static io.teardown.testkit.winsock.Wsa.started;
import static io.teardown.testkit.winsock.Wsa.tcp;
import static io.teardown.winsock.Ws2_32.AF_INET;
import static io.teardown.winsock.Ws2_32.FD_CLOSE;
import static io.teardown.winsock.Ws2_32.FIONBIO;
import static io.teardown.winsock.Ws2_32.INVALID_SOCKET;
import static io.teardown.winsock.Ws2_32.IPPROTO_UDP;
import static io.teardown.winsock.Ws2_32.SOCK_STREAM;
import static io.teardown.winsock.Ws2_32.WSA_WAIT_EVENT_0;
import static io.teardown.winsock.Ws2_32.WSA_WAIT_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.testkit.winsock.JdkPeer.Ending;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.Ws2_32;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The winsock contract, values that are not sockets (WS-02, WS-15, <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>): {@code closesocket} on a
 * non-socket, a kernel object or a {@code DuplicateHandle} copy fails with {@code WSAENOTSOCK}; bad arguments
 * give Windows errors, not exceptions; {@code CloseHandle} on a socket closes it, through the flat facade
 * {@link Ws2_32} only, against independent peers written with plain JDK sockets ({@link JdkPeer}). Each
 * backend runs this class from its tests; the Netty backend runs it once per transport (epoll and forced
 * NIO).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class NotASocketContract {
    /** For JUnit and subclasses. */
    public NotASocketContract() {
    }

    /** WS-02: closesocket on values that are not sockets fails with WSAENOTSOCK. */
    @TestTemplate
    public void WS_02_closesocketOnNonSocketsFailsWithNotSock(TestBackend b) {
        Ws2_32 ws = started(b.session());
        for (long v : new long[] {0, -1, 4, 8, 0x7FFF_FFFCL, 0x1234_5678_9ABCL, 3, Long.MIN_VALUE}) {
            fails(ws, ws.closesocket(v), Win32Error.WSAENOTSOCK, "closesocket(" + v + ")");
        }
        long s = tcp(ws, AF_INET);
        ok(ws, ws.closesocket(s), "closesocket");
        fails(ws, ws.closesocket(s), Win32Error.WSAENOTSOCK, "closesocket of a closed socket");
    }

    /** WS-02 (and WS-15): closesocket on a kernel object (an event) fails with WSAENOTSOCK and leaves it intact. */
    @TestTemplate
    public void WS_02_closesocketOnKernelObjectFailsAndLeavesItIntact(TestBackend b) {
        Ws2_32 ws = started(b.session());
        long ev = event(ws);
        fails(ws, ws.closesocket(ev), Win32Error.WSAENOTSOCK, "closesocket(event)");
        fails(ws, ws.send(ev, new byte[1], 1, 0), Win32Error.WSAENOTSOCK, "send(event)");
        assertTrue(ws.WSASetEvent(ev), "the event is still usable");
        assertEquals(WSA_WAIT_EVENT_0, ws.WSAWaitForMultipleEvents(1, new long[] {ev}, false, 1000, false));
        assertTrue(ws.WSACloseEvent(ev));
    }

    /** Bad input through the flat facade returns Windows' errors and never throws. */
    @TestTemplate
    public void WS_02_badArgumentsReturnWindowsErrorsNotExceptions(TestBackend b) throws Exception {
        Ws2_32 ws = Ws2_32.of(b.session());
        assertEquals(Win32Error.WSAEFAULT.code(), ws.WSAStartup(VERSION_2_2, null));
        assertEquals(Win32Error.WSAVERNOTSUPPORTED.code(), ws.WSAStartup((short) 0, new WSAData()));
        ws = started(b.session());
        assertEquals(INVALID_SOCKET, ws.socket(99, SOCK_STREAM, 0));
        assertEquals(Win32Error.WSAEAFNOSUPPORT.code(), ws.WSAGetLastError());
        assertEquals(INVALID_SOCKET, ws.socket(AF_INET, 99, 0));
        assertEquals(Win32Error.WSAESOCKTNOSUPPORT.code(), ws.WSAGetLastError());
        assertEquals(INVALID_SOCKET, ws.socket(AF_INET, SOCK_STREAM, IPPROTO_UDP));
        assertEquals(Win32Error.WSAEPROTONOSUPPORT.code(), ws.WSAGetLastError());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            fails(ws, ws.send(s, null, 1, 0), Win32Error.WSAEFAULT, "send(null)");
            fails(ws, ws.send(s, new byte[4], -1, 0), Win32Error.WSAEFAULT, "send(len -1)");
            fails(ws, ws.send(s, new byte[4], 5, 0), Win32Error.WSAEFAULT, "send(len > buffer)");
            fails(ws, ws.recv(s, null, 1, 0), Win32Error.WSAEFAULT, "recv(null)");
            fails(ws, ws.recv(s, new byte[4], -3, 0), Win32Error.WSAEFAULT, "recv(len -3)");
            fails(ws, ws.connect(s, null, 16), Win32Error.WSAEFAULT, "connect(null)");
            fails(ws, ws.connect(s, SockAddr.inet("127.0.0.1", peer.port()), 8), Win32Error.WSAEFAULT, "connect(namelen 8)");
            fails(ws, ws.ioctlsocket(s, FIONBIO, null), Win32Error.WSAEFAULT, "ioctlsocket(null)");
            fails(ws, ws.ioctlsocket(s, 0x1234, new IntRef()), Win32Error.WSAEINVAL, "ioctlsocket(unknown)");
            fails(ws, ws.WSASend(s, null, 1, new IntRef(), 0, null, null), Win32Error.WSAEFAULT, "WSASend(null)");
            fails(ws, ws.WSARecv(s, new WSABUF[] {new WSABUF(null, 4)}, 1, new IntRef(), new IntRef(), null, null),
                    Win32Error.WSAEFAULT, "WSARecv(null buffer)");
            fails(ws, ws.WSAEnumNetworkEvents(s, 0, null), Win32Error.WSAEFAULT, "WSAEnumNetworkEvents(null)");
            fails(ws, ws.getsockname(s, null, null), Win32Error.WSAEFAULT, "getsockname(null)");
            fails(ws, ws.shutdown(s, 7), Win32Error.WSAEINVAL, "shutdown(7)");
            fails(ws, ws.listen(s, 5), Win32Error.WSAEISCONN, "listen on a connected socket");
            fails(ws, ws.recv(s, new byte[1], 1, Ws2_32.MSG_OOB), Win32Error.WSAEOPNOTSUPP, "recv(MSG_OOB)");
            long unconnected = tcp(ws, AF_INET);
            fails(ws, ws.send(unconnected, new byte[1], 1, 0), Win32Error.WSAENOTCONN, "send unconnected");
            fails(ws, ws.connect(unconnected, SockAddr.inet6("::1", 80)), Win32Error.WSAEAFNOSUPPORT, "IPv6 address on IPv4 socket");
            long a = ws.accept(unconnected, null, null);
            assertEquals(INVALID_SOCKET, a);
            assertEquals(Win32Error.WSAEINVAL.code(), ws.WSAGetLastError(), "accept without listen");
            ok(ws, ws.closesocket(unconnected), "closesocket");
            assertEquals(Ws2_32.WSA_WAIT_FAILED, ws.WSAWaitForMultipleEvents(0, new long[0], false, 0, false));
            assertFalse(ws.WSACloseEvent(s), "WSACloseEvent on a socket");
            ok(ws, ws.closesocket(s), "closesocket");
            p.close();
        }
    }

    /**
     * WS-15: {@code CloseHandle} on a socket returns non-zero; the socket is gone for Winsock
     * ({@code closesocket} then fails with WSAENOTSOCK), FD_CLOSE is posted to its own selection (unlike
     * closesocket, WS-10), and the peer sees a graceful end.
     */
    @TestTemplate
    public void WS_15_closeHandleOnSocketClosesItAndPostsFdCloseToItsOwnSelection(TestBackend b) throws Exception {
        Session session = b.session();
        Ws2_32 ws = started(session);
        Kernel32 k = Kernel32.of(session);
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            long ev = event(ws);
            ok(ws, ws.WSAEventSelect(s, ev, FD_CLOSE), "WSAEventSelect");
            assertEquals(WSA_WAIT_TIMEOUT, ws.WSAWaitForMultipleEvents(1, new long[] {ev}, false, 100, false));
            k.SetLastError(4242);
            assertTrue(k.CloseHandle(s), "CloseHandle on a socket returns non-zero");
            assertEquals(4242, k.GetLastError(), "and leaves the last error untouched");
            assertEquals(WSA_WAIT_EVENT_0, ws.WSAWaitForMultipleEvents(1, new long[] {ev}, false, 5000, false),
                    "FD_CLOSE posted to the socket's own selection");
            fails(ws, ws.closesocket(s), Win32Error.WSAENOTSOCK, "closesocket after CloseHandle");
            assertEquals(Ending.EOF, JdkPeer.observe(p, READ_TIMEOUT).ending());
            assertTrue(ws.WSACloseEvent(ev));
        }
    }

    /** WS-02: a DuplicateHandle copy of a socket is not a socket to Winsock; the original still is. */
    @TestTemplate
    public void WS_02_duplicateHandleCopyOfASocketIsNotASocket(TestBackend b) {
        Session session = b.session();
        Ws2_32 ws = started(session);
        Kernel32 k = Kernel32.of(session);
        long s = tcp(ws, AF_INET);
        LongRef copy = new LongRef();
        long me = k.GetCurrentProcess();
        assertTrue(k.DuplicateHandle(me, s, me, copy, 0, false, Kernel32.DUPLICATE_SAME_ACCESS), "DuplicateHandle");
        assertNotEquals(s, copy.value);
        fails(ws, ws.closesocket(copy.value), Win32Error.WSAENOTSOCK, "closesocket(copy)");
        assertTrue(k.CloseHandle(copy.value), "the copy is an ordinary kernel handle");
        ok(ws, ws.closesocket(s), "closesocket(original)");
    }
}

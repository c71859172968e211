package io.teardown.testkit.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.WSAOVERLAPPED;
import io.teardown.winsock.Ws2_32;
import java.net.Inet6Address;

/**
 * Small assertions the winsock rule contracts share: a started {@link Ws2_32}, results and errors with
 * readable messages, sockets, and "delivered exactly once" for an event-style {@code OVERLAPPED}.
 */
final class Wsa {
    private Wsa() {
    }

    static Ws2_32 started(Session session) {
        Ws2_32 ws = Ws2_32.of(session);
        assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
        return ws;
    }

    static String err(Ws2_32 ws) {
        return Win32Error.describe(ws.WSAGetLastError());
    }

    static void ok(Ws2_32 ws, int result, String what) {
        assertNotEquals(Ws2_32.SOCKET_ERROR, result, () -> what + " failed: " + err(ws));
    }

    static void fails(Ws2_32 ws, int result, Win32Error expected, String what) {
        int e = ws.WSAGetLastError();
        assertEquals(Ws2_32.SOCKET_ERROR, result, what + " should fail");
        assertEquals(expected.code(), e, () -> what + ": expected " + expected + " but got " + Win32Error.describe(e));
    }

    /** A BOOL function that must fail with {@code expected}. */
    static void failsBool(Ws2_32 ws, boolean result, Win32Error expected, String what) {
        int e = ws.WSAGetLastError();
        assertFalse(result, what + " should fail");
        assertEquals(expected.code(), e, () -> what + ": expected " + expected + " but got " + Win32Error.describe(e));
    }

    static long tcp(Ws2_32 ws) {
        long s = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        assertNotEquals(Ws2_32.INVALID_SOCKET, s, () -> "socket: " + err(ws));
        return s;
    }

    static long connect(Ws2_32 ws, JdkPeer peer) {
        long s = ws.socket(peer.address() instanceof Inet6Address ? Ws2_32.AF_INET6 : Ws2_32.AF_INET,
                Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        assertNotEquals(Ws2_32.INVALID_SOCKET, s, () -> "socket: " + err(ws));
        ok(ws, ws.connect(s, SockAddr.of(peer.address(), peer.port())), "connect");
        return s;
    }

    /** A listening socket on 127.0.0.1 and its address. */
    static long listener(Ws2_32 ws, SockAddr at) {
        long l = tcp(ws);
        ok(ws, ws.bind(l, SockAddr.inet("127.0.0.1", 0)), "bind");
        ok(ws, ws.listen(l, 16), "listen");
        ok(ws, ws.getsockname(l, at, new IntRef(SockAddr.SIZE_IN6)), "getsockname");
        return l;
    }

    static long event(Ws2_32 ws) {
        long e = ws.WSACreateEvent();
        assertNotEquals(0L, e);
        return e;
    }

    /**
     * Waits for the completion of {@code ov} (its event), checks its status and bytes in the very
     * structure, then resets the event and checks that no second delivery sets it again.
     */
    static void completesOnce(Ws2_32 ws, WSAOVERLAPPED ov, int status, int bytes, String what) {
        assertEquals(Ws2_32.WSA_WAIT_EVENT_0, ws.WSAWaitForMultipleEvents(1, new long[] {ov.hEvent}, false, 10_000, false),
                what + ": completed");
        assertEquals(status, (int) ov.Internal, () -> what + ": status " + Win32Error.describe((int) ov.Internal));
        assertEquals(bytes, (int) ov.InternalHigh, what + ": bytes");
        assertTrue(ws.WSAResetEvent(ov.hEvent));
        assertEquals(Ws2_32.WSA_WAIT_TIMEOUT, ws.WSAWaitForMultipleEvents(1, new long[] {ov.hEvent}, false, 300, false),
                what + ": delivered exactly once");
    }

    /** Checks that {@code ov} has not completed within a short wait. */
    static void stillPending(Ws2_32 ws, WSAOVERLAPPED ov, String what) {
        assertEquals(Ws2_32.WSA_WAIT_TIMEOUT, ws.WSAWaitForMultipleEvents(1, new long[] {ov.hEvent}, false, 300, false),
                what + ": still pending");
        assertEquals(WSAOVERLAPPED.STATUS_PENDING, ov.Internal, what + ": Internal is STATUS_PENDING");
    }
}

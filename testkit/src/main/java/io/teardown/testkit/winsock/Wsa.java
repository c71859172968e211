package io.teardown.testkit.winsock;

import static io.teardown.winsock.Ws2_32.AF_INET;
import static io.teardown.winsock.Ws2_32.FIONBIO;
import static io.teardown.winsock.Ws2_32.INVALID_SOCKET;
import static io.teardown.winsock.Ws2_32.IPPROTO_TCP;
import static io.teardown.winsock.Ws2_32.SOCKET_ERROR;
import static io.teardown.winsock.Ws2_32.SOCK_STREAM;
import static io.teardown.winsock.Ws2_32.SOL_SOCKET;
import static io.teardown.winsock.Ws2_32.SO_LINGER;
import static io.teardown.winsock.Ws2_32.SO_SNDBUF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.testkit.winsock.JdkPeer.Observation;
import io.teardown.winsock.Linger;
import io.teardown.winsock.OptionBytes;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.winsock.WSAOVERLAPPED;
import io.teardown.winsock.Ws2_32;
import java.net.Inet6Address;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Small assertions and steps the winsock rule contracts share: a started {@link Ws2_32}, results and errors
 * with readable messages, sockets, connected pairs, a send queue filled until the peer stalls it, network
 * events gathered, and "delivered exactly once" for an event-style {@code OVERLAPPED}.
 */
final class Wsa {
    /** How long a JDK peer waits for the data and the ending it observes. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    static final short VERSION_2_2 = 0x0202;

    private Wsa() {
    }

    static Ws2_32 started(Session session) {
        Ws2_32 ws = Ws2_32.of(session);
        assertEquals(0, ws.WSAStartup(VERSION_2_2, new WSAData()));
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

    static long tcp(Ws2_32 ws, int af) {
        long s = ws.socket(af, SOCK_STREAM, IPPROTO_TCP);
        assertNotEquals(INVALID_SOCKET, s, () -> "socket: " + err(ws));
        return s;
    }

    static void linger(Ws2_32 ws, long s, int onoff, int seconds) {
        ok(ws, ws.setsockopt(s, SOL_SOCKET, SO_LINGER, new Linger(onoff, seconds)), "setsockopt(SO_LINGER)");
    }

    static void nonBlocking(Ws2_32 ws, long s, boolean on) {
        ok(ws, ws.ioctlsocket(s, FIONBIO, new IntRef(on ? 1 : 0)), "ioctlsocket(FIONBIO)");
    }

    /** Sends {@code total} bytes of the payload stream on a blocking socket. */
    static void sendAll(Ws2_32 ws, long s, long offset, int total) {
        int chunk = 16 * 1024;
        for (int done = 0; done < total; done += chunk) {
            int n = Math.min(chunk, total - done);
            byte[] b = Payload.bytes(offset + done, n);
            assertEquals(n, ws.send(s, b, n, 0), () -> "send: " + err(ws));
        }
    }

    /**
     * On a non-blocking socket whose peer does not read, sends until WSAEWOULDBLOCK persists (the
     * kernel buffers on both sides are full, not merely the transport still flushing); returns the
     * bytes accepted.
     */
    static long fill(Ws2_32 ws, long s, long offset) throws InterruptedException {
        long sent = 0;
        int refused = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] b = Payload.bytes(offset + sent, 8192);
            int n = ws.send(s, b, b.length, 0);
            if (n == SOCKET_ERROR) {
                assertEquals(Win32Error.WSAEWOULDBLOCK.code(), ws.WSAGetLastError(), () -> "fill: " + err(ws));
                if (++refused == 20) {
                    return sent;
                }
                Thread.sleep(10);
                continue;
            }
            refused = 0;
            sent += n;
        }
        throw new AssertionError("the send buffer never filled");
    }

    /**
     * A connection whose peer never reads, with our queue full: anything more must wait. Filled in
     * rounds until a round adds nothing, because a receiver that does not read still makes room now
     * and then (the kernel compacts its receive queue and reopens the window).
     */
    static long stalledConnection(Ws2_32 ws, JdkPeer peer, AtomicLong sent) throws InterruptedException {
        long s = connect(ws, peer);
        ok(ws, ws.setsockopt(s, SOL_SOCKET, SO_SNDBUF, 8192), "setsockopt(SO_SNDBUF)");
        nonBlocking(ws, s, true);
        long total = fill(ws, s, 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Thread.sleep(300);
            long more = fill(ws, s, total);
            total += more;
            if (more == 0) {
                break;
            }
        }
        sent.set(total);
        return s;
    }

    static Future<Observation> observeAsync(ExecutorService pool, Socket s) {
        return pool.submit(() -> JdkPeer.observe(s, READ_TIMEOUT));
    }

    static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** A connected pair where both ends are sockets of {@code ws}. */
    static long[] pair(Ws2_32 ws) {
        long l = tcp(ws, AF_INET);
        ok(ws, ws.bind(l, SockAddr.inet("127.0.0.1", 0)), "bind");
        ok(ws, ws.listen(l, 16), "listen");
        SockAddr at = new SockAddr();
        ok(ws, ws.getsockname(l, at, new IntRef(SockAddr.SIZE_IN6)), "getsockname");
        long c = tcp(ws, AF_INET);
        ok(ws, ws.connect(c, SockAddr.inet("127.0.0.1", at.port)), "connect");
        long a = ws.accept(l, null, null);
        assertNotEquals(INVALID_SOCKET, a, () -> "accept: " + err(ws));
        ok(ws, ws.closesocket(l), "closesocket(listener)");
        return new long[] {c, a};
    }

    static WSANETWORKEVENTS waitForEvents(Ws2_32 ws, long s, long ev, int bits) {
        WSANETWORKEVENTS all = new WSANETWORKEVENTS();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((all.lNetworkEvents & bits) != bits && System.nanoTime() < deadline) {
            ws.WSAWaitForMultipleEvents(1, new long[] {ev}, false, 200, false);
            WSANETWORKEVENTS got = new WSANETWORKEVENTS();
            ok(ws, ws.WSAEnumNetworkEvents(s, ev, got), "WSAEnumNetworkEvents");
            for (int i = 0; i < Ws2_32.FD_MAX_EVENTS; i++) {
                if ((got.lNetworkEvents & (1 << i)) != 0) {
                    all.iErrorCode[i] = got.iErrorCode[i];
                }
            }
            all.lNetworkEvents |= got.lNetworkEvents;
        }
        return all;
    }

    static int getInt(Ws2_32 ws, long s, int name) {
        return getInt(ws, s, SOL_SOCKET, name);
    }

    static int getInt(Ws2_32 ws, long s, int level, int name) {
        byte[] v = new byte[4];
        ok(ws, ws.getsockopt(s, level, name, v, new IntRef(4)), "getsockopt");
        return OptionBytes.int32(v);
    }
}

package io.teardown.testkit.winsock;

import io.teardown.api.LongRef;

import io.teardown.kernel.Kernel32;

import static io.teardown.winsock.Ws2_32.AF_INET;
import static io.teardown.winsock.Ws2_32.WSA_WAIT_IO_COMPLETION;
import static io.teardown.winsock.Ws2_32.AF_INET6;
import static io.teardown.winsock.Ws2_32.FD_ACCEPT;
import static io.teardown.winsock.Ws2_32.FD_ACCEPT_BIT;
import static io.teardown.winsock.Ws2_32.FD_CLOSE;
import static io.teardown.winsock.Ws2_32.FD_CLOSE_BIT;
import static io.teardown.winsock.Ws2_32.FD_CONNECT;
import static io.teardown.winsock.Ws2_32.FD_CONNECT_BIT;
import static io.teardown.winsock.Ws2_32.FD_READ;
import static io.teardown.winsock.Ws2_32.FD_WRITE;
import static io.teardown.winsock.Ws2_32.FIONBIO;
import static io.teardown.winsock.Ws2_32.FIONREAD;
import static io.teardown.winsock.Ws2_32.INVALID_SOCKET;
import static io.teardown.winsock.Ws2_32.IPPROTO_TCP;
import static io.teardown.winsock.Ws2_32.IPPROTO_UDP;
import static io.teardown.winsock.Ws2_32.SD_BOTH;
import static io.teardown.winsock.Ws2_32.SD_RECEIVE;
import static io.teardown.winsock.Ws2_32.SD_SEND;
import static io.teardown.winsock.Ws2_32.SOCKET_ERROR;
import static io.teardown.winsock.Ws2_32.SOCK_DGRAM;
import static io.teardown.winsock.Ws2_32.SOCK_STREAM;
import static io.teardown.winsock.Ws2_32.SOL_SOCKET;
import static io.teardown.winsock.Ws2_32.SO_DONTLINGER;
import static io.teardown.winsock.Ws2_32.SO_LINGER;
import static io.teardown.winsock.Ws2_32.SO_RCVBUF;
import static io.teardown.winsock.Ws2_32.SO_SNDBUF;
import static io.teardown.winsock.Ws2_32.TCP_NODELAY;
import static io.teardown.winsock.Ws2_32.WSA_WAIT_EVENT_0;
import static io.teardown.winsock.Ws2_32.WSA_WAIT_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LeakReport;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.testkit.winsock.JdkPeer.Ending;
import io.teardown.testkit.winsock.JdkPeer.Observation;
import io.teardown.winsock.Linger;
import io.teardown.winsock.OptionBytes;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.winsock.WSAOVERLAPPED;
import io.teardown.winsock.Ws2_32;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The winsock contract (TCK): every {@code WS-xx} rule of <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>, through the flat facade
 * {@link Ws2_32} only, against independent peers written with plain JDK sockets ({@link JdkPeer}).
 * A graceful close must show the peer all data then end-of-stream, a hard close "connection reset",
 * a lingering close all data or a reset according to whether the peer read in time; the closer must
 * see the right return value, error and blocking time. Each backend runs this class from its tests;
 * the Netty backend runs it once per transport (epoll and forced NIO).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class WinsockContract {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    private static final short VERSION_2_2 = 0x0202;

    /** For JUnit and subclasses. */
    public WinsockContract() {
    }

    // ---------------------------------------------------------------- helpers

    static Ws2_32 started(Session session) {
        Ws2_32 ws = Ws2_32.of(session);
        assertEquals(0, ws.WSAStartup(VERSION_2_2, new WSAData()));
        return ws;
    }

    static String err(Ws2_32 ws) {
        return Win32Error.describe(ws.WSAGetLastError());
    }

    static void ok(Ws2_32 ws, int result, String what) {
        assertNotEquals(SOCKET_ERROR, result, () -> what + " failed: " + err(ws));
    }

    static void fails(Ws2_32 ws, int result, Win32Error expected, String what) {
        int e = ws.WSAGetLastError();
        assertEquals(SOCKET_ERROR, result, what + " should fail");
        assertEquals(expected.code(), e, () -> what + ": expected " + expected + " but got " + Win32Error.describe(e));
    }

    static long tcp(Ws2_32 ws, int af) {
        long s = ws.socket(af, SOCK_STREAM, IPPROTO_TCP);
        assertNotEquals(INVALID_SOCKET, s, () -> "socket: " + err(ws));
        return s;
    }

    static long connect(Ws2_32 ws, JdkPeer peer) {
        boolean v6 = peer.address() instanceof Inet6Address;
        long s = tcp(ws, v6 ? AF_INET6 : AF_INET);
        ok(ws, ws.connect(s, SockAddr.of(peer.address(), peer.port())), "connect");
        return s;
    }

    private static void linger(Ws2_32 ws, long s, int onoff, int seconds) {
        ok(ws, ws.setsockopt(s, SOL_SOCKET, SO_LINGER, new Linger(onoff, seconds)), "setsockopt(SO_LINGER)");
    }

    static void nonBlocking(Ws2_32 ws, long s, boolean on) {
        ok(ws, ws.ioctlsocket(s, FIONBIO, new IntRef(on ? 1 : 0)), "ioctlsocket(FIONBIO)");
    }

    /** Sends {@code total} bytes of the payload stream on a blocking socket. */
    private static void sendAll(Ws2_32 ws, long s, long offset, int total) {
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

    private static Future<Observation> observeAsync(ExecutorService pool, Socket s) {
        return pool.submit(() -> JdkPeer.observe(s, READ_TIMEOUT));
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    static long event(Ws2_32 ws) {
        long e = ws.WSACreateEvent();
        assertNotEquals(0L, e);
        return e;
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

    // ---------------------------------------------------------------- WS-01

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

    // ---------------------------------------------------------------- WS-02

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

    // ---------------------------------------------------------------- WS-03

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

    // ---------------------------------------------------------------- WS-04

    /** WS-04: default linger: closesocket returns at once; the peer reads all data, then end-of-stream. */
    @TestTemplate
    public void WS_04_defaultCloseDeliversAllDataThenFin(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            int total = 512 * 1024;
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<Observation> seen = observeAsync(pool, p);
                sendAll(ws, s, 0, total);
                long start = System.nanoTime();
                assertEquals(0, ws.closesocket(s), () -> err(ws));
                assertTrue(millisSince(start) < 2000, "closesocket returns at once");
                Observation o = seen.get(30, TimeUnit.SECONDS);
                assertEquals(new Observation(total, true, Ending.EOF, ""), o);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** WS-04: on a non-blocking socket the default close also returns 0 (never WSAEWOULDBLOCK) and delivers everything. */
    @TestTemplate
    public void WS_04_defaultCloseOnNonBlockingSocketDeliversQueuedData(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen(InetAddress.getLoopbackAddress(), 8192)) {
            AtomicLong sent = new AtomicLong();
            long s = stalledConnection(ws, peer, sent);
            Socket p = peer.accept();
            assertEquals(0, ws.closesocket(s), () -> "closesocket: " + err(ws));
            Observation o = JdkPeer.observe(p, READ_TIMEOUT);
            assertEquals(new Observation(sent.get(), true, Ending.EOF, ""), o);
        }
    }

    /** WS-04: unread data on the closing side does not turn the graceful FIN into an RST. */
    @TestTemplate
    public void WS_04_unreadInboundDataDoesNotTurnFinIntoReset(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            OutputStream out = p.getOutputStream();
            out.write(new byte[32 * 1024]);
            out.flush();
            IntRef avail = new IntRef();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (avail.value == 0 && System.nanoTime() < deadline) {
                ok(ws, ws.ioctlsocket(s, FIONREAD, avail), "FIONREAD");
                Thread.sleep(5);
            }
            assertTrue(avail.value > 0, "the peer's data arrived and stays unread");
            sendAll(ws, s, 0, 10_000);
            assertEquals(0, ws.closesocket(s));
            assertEquals(new Observation(10_000, true, Ending.EOF, ""), JdkPeer.observe(p, READ_TIMEOUT));
        }
    }

    /** WS-04 over IPv6 (skipped where ::1 is not configured). */
    @TestTemplate
    public void WS_04_gracefulCloseOverIpv6(TestBackend b) throws Exception {
        InetAddress v6;
        JdkPeer peer;
        try {
            v6 = InetAddress.getByName("::1");
            peer = JdkPeer.listen(v6, 0);
        } catch (IOException e) {
            Assumptions.abort("IPv6 loopback unavailable here: " + e);
            return;
        }
        Ws2_32 ws = started(b.session());
        try (peer) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            SockAddr name = new SockAddr();
            ok(ws, ws.getpeername(s, name, new IntRef(SockAddr.SIZE_IN6)), "getpeername");
            assertEquals(AF_INET6, name.family);
            sendAll(ws, s, 0, 4096);
            assertEquals(0, ws.closesocket(s));
            assertEquals(new Observation(4096, true, Ending.EOF, ""), JdkPeer.observe(p, READ_TIMEOUT));
        }
    }

    // ---------------------------------------------------------------- WS-05

    /** WS-05: linger {1,0}: returns at once, unsent data is discarded, the peer sees "connection reset". */
    @TestTemplate
    public void WS_05_hardCloseResetsThePeer(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen(InetAddress.getLoopbackAddress(), 8192)) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            // A large send buffer takes a megabyte at once; a peer that has not read holds a few KiB of it.
            ok(ws, ws.setsockopt(s, SOL_SOCKET, SO_SNDBUF, 4 << 20), "setsockopt(SO_SNDBUF)");
            int total = 1 << 20;
            sendAll(ws, s, 0, total);
            linger(ws, s, 1, 0);
            long start = System.nanoTime();
            assertEquals(0, ws.closesocket(s), () -> err(ws));
            assertTrue(millisSince(start) < 2000, "a hard close returns at once");
            Observation o = JdkPeer.observe(p, READ_TIMEOUT);
            assertEquals(Ending.RESET, o.ending(), o::toString);
            assertTrue(o.bytes() < total / 2 && o.intact(), "unsent data was discarded: " + o);
        }
    }

    /** WS-05: the peer's recv fails with WSAECONNRESET, its pending overlapped recv with 64, its FD_CLOSE carries 10053. */
    @TestTemplate
    public void WS_05_emulatedPeerSeesResetNetnameDeletedAndConnAborted(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        long[] sockets = pair(ws);
        long closer = sockets[0];
        long peer = sockets[1];
        long ev = event(ws);
        long ovEvent = event(ws);
        ok(ws, ws.WSAEventSelect(peer, ev, FD_READ | FD_CLOSE), "WSAEventSelect");
        WSAOVERLAPPED ov = new WSAOVERLAPPED(ovEvent);
        byte[] buf = new byte[16];
        fails(ws, ws.WSARecv(peer, new WSABUF[] {new WSABUF(buf)}, 1, new IntRef(), new IntRef(), ov, null),
                Win32Error.ERROR_IO_PENDING, "overlapped WSARecv");
        linger(ws, closer, 1, 0);
        assertEquals(0, ws.closesocket(closer));
        assertEquals(WSA_WAIT_EVENT_0, ws.WSAWaitForMultipleEvents(1, new long[] {ovEvent}, false, 10_000, false));
        IntRef bytes = new IntRef(-1);
        assertFalse(ws.WSAGetOverlappedResult(peer, ov, bytes, false, new IntRef()));
        assertEquals(Win32Error.ERROR_NETNAME_DELETED.code(), ws.WSAGetLastError());
        assertEquals(0, bytes.value);
        WSANETWORKEVENTS ne = waitForEvents(ws, peer, ev, FD_CLOSE);
        assertEquals(FD_CLOSE, ne.lNetworkEvents & FD_CLOSE);
        assertEquals(Win32Error.WSAECONNABORTED.code(), ne.iErrorCode[FD_CLOSE_BIT]);
        fails(ws, ws.recv(peer, buf, buf.length, 0), Win32Error.WSAECONNRESET, "recv after the peer's hard close");
        ok(ws, ws.closesocket(peer), "closesocket");
        assertTrue(ws.WSACloseEvent(ev));
        assertTrue(ws.WSACloseEvent(ovEvent));
    }

    // ---------------------------------------------------------------- WS-06

    /** WS-06: linger T on a blocking socket, peer reading: returns 0 once acknowledged (before T); all data, then FIN. */
    @TestTemplate
    public void WS_06_lingerReturnsWhenAcknowledgedAndPeerGetsEverything(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            Future<Observation> seen = observeAsync(pool, p);
            int total = 1024 * 1024;
            sendAll(ws, s, 0, total);
            linger(ws, s, 1, 10);
            long start = System.nanoTime();
            assertEquals(0, ws.closesocket(s), () -> err(ws));
            assertTrue(millisSince(start) < 9000, "returned before the timeout");
            assertEquals(new Observation(total, true, Ending.EOF, ""), seen.get(30, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    /** WS-06: a peer that never reads: closesocket blocks about T, returns 0, and the peer sees a reset. */
    @TestTemplate
    public void WS_06_lingerTimeoutResetsAPeerThatNeverReads(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen(InetAddress.getLoopbackAddress(), 8192)) {
            AtomicLong sent = new AtomicLong();
            long s = stalledConnection(ws, peer, sent);
            Socket p = peer.accept();
            nonBlocking(ws, s, false);
            linger(ws, s, 1, 1);
            long start = System.nanoTime();
            assertEquals(0, ws.closesocket(s), () -> err(ws));
            long blocked = millisSince(start);
            assertTrue(blocked >= 900 && blocked < 5000, "blocked about the linger time: " + blocked + " ms");
            Observation o = JdkPeer.observe(p, READ_TIMEOUT);
            // The peer may still find everything that reached its buffer before the RST; what it must
            // not see is a graceful end.
            assertEquals(Ending.RESET, o.ending(), o::toString);
            assertTrue(o.bytes() <= sent.get() && o.intact(), o::toString);
        }
    }

    /** WS-06 with a fault: the peer resets mid-linger; closesocket stops waiting and returns 0. */
    @TestTemplate
    public void WS_06_peerResetMidLingerEndsTheWait(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen(InetAddress.getLoopbackAddress(), 8192)) {
            long s = stalledConnection(ws, peer, new AtomicLong());
            Socket p = peer.accept();
            nonBlocking(ws, s, false);
            linger(ws, s, 1, 20);
            Thread reset = JdkPeer.resetAfter(p, Duration.ofMillis(300));
            long start = System.nanoTime();
            assertEquals(0, ws.closesocket(s), () -> err(ws));
            assertTrue(millisSince(start) < 10_000, "the reset ended the linger early");
            reset.join(5000);
        }
    }

    /** WS-06 with a slow peer that still reads everything in time: all data, then FIN. */
    @TestTemplate
    public void WS_06_slowPeerReadingInTimeGetsAllData(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (JdkPeer peer = JdkPeer.listen(InetAddress.getLoopbackAddress(), 8192)) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            Future<Observation> seen = pool.submit(() ->
                    JdkPeer.observe(p, READ_TIMEOUT, 8192, Duration.ofMillis(5)));
            int total = 256 * 1024;
            sendAll(ws, s, 0, total);
            linger(ws, s, 1, 15);
            assertEquals(0, ws.closesocket(s), () -> err(ws));
            assertEquals(new Observation(total, true, Ending.EOF, ""), seen.get(30, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- WS-07

    /** WS-07: non-blocking + linger T with data pending: WSAEWOULDBLOCK, the socket stays valid; a later call closes. */
    @TestTemplate
    public void WS_07_nonBlockingLingerWouldBlockLeavesSocketValid(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (JdkPeer peer = JdkPeer.listen(InetAddress.getLoopbackAddress(), 8192)) {
            AtomicLong sent = new AtomicLong();
            long s = stalledConnection(ws, peer, sent);
            Socket p = peer.accept();
            linger(ws, s, 1, 5);
            long start = System.nanoTime();
            fails(ws, ws.closesocket(s), Win32Error.WSAEWOULDBLOCK, "closesocket with data pending");
            assertTrue(millisSince(start) < 2000, "did not block");
            byte[] v = new byte[OptionBytes.LINGER_SIZE];
            ok(ws, ws.getsockopt(s, SOL_SOCKET, SO_LINGER, v, new IntRef(v.length)), "the socket is still valid");
            Future<Observation> seen = observeAsync(pool, p);
            int result = SOCKET_ERROR;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (result != 0 && System.nanoTime() < deadline) {
                result = ws.closesocket(s);
                if (result != 0) {
                    assertEquals(Win32Error.WSAEWOULDBLOCK.code(), ws.WSAGetLastError());
                    Thread.sleep(10);
                }
            }
            assertEquals(0, result, "closesocket succeeds once everything is acknowledged");
            assertEquals(new Observation(sent.get(), true, Ending.EOF, ""), seen.get(30, TimeUnit.SECONDS),
                    "no disconnect started at the WSAEWOULDBLOCK");
        } finally {
            pool.shutdownNow();
        }
    }

    /** WS-07: non-blocking + linger T with nothing pending closes at once (graceful). */
    @TestTemplate
    public void WS_07_nonBlockingLingerWithNothingPendingClosesAtOnce(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            sendAll(ws, s, 0, 100);
            byte[] got = p.getInputStream().readNBytes(100);
            assertArrayEquals(Payload.bytes(0, 100), got);
            Thread.sleep(200); // let the peer's ACK arrive
            nonBlocking(ws, s, true);
            linger(ws, s, 1, 5);
            assertEquals(0, ws.closesocket(s), () -> err(ws));
            assertEquals(Ending.EOF, JdkPeer.observe(p, READ_TIMEOUT).ending());
        }
    }

    // ---------------------------------------------------------------- WS-08

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

    private static int getInt(Ws2_32 ws, long s, int name) {
        return getInt(ws, s, SOL_SOCKET, name);
    }

    private static int getInt(Ws2_32 ws, long s, int level, int name) {
        byte[] v = new byte[4];
        ok(ws, ws.getsockopt(s, level, name, v, new IntRef(4)), "getsockopt");
        return OptionBytes.int32(v);
    }

    // ---------------------------------------------------------------- WS-09

    /** WS-09: a pending overlapped recv is completed by closesocket with 1236, exactly once, through its routine. */
    @TestTemplate
    public void WS_09_pendingRecvCompletionRoutineRunsOnceWithConnectionAborted(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            peer.accept();
            AtomicInteger calls = new AtomicInteger();
            AtomicReference<int[]> result = new AtomicReference<>();
            AtomicReference<String> thread = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            WSAOVERLAPPED ov = new WSAOVERLAPPED();
            fails(ws, ws.WSARecv(s, new WSABUF[] {new WSABUF(new byte[64])}, 1, new IntRef(), new IntRef(), ov,
                    (error, bytes, o, flags) -> {
                        calls.incrementAndGet();
                        result.set(new int[] {error, bytes});
                        thread.set(Thread.currentThread().getName());
                        done.countDown();
                    }), Win32Error.ERROR_IO_PENDING, "overlapped WSARecv");
            assertEquals(0, ws.closesocket(s));
            // KO-16: the routine is an APC of this thread: it runs only inside an alertable wait.
            long idle = event(ws);
            assertEquals(WSA_WAIT_TIMEOUT, ws.WSAWaitForMultipleEvents(1, new long[] {idle}, false, 50, false));
            assertEquals(0, calls.get(), "not run outside an alertable wait");
            assertEquals(WSA_WAIT_IO_COMPLETION, ws.WSAWaitForMultipleEvents(1, new long[] {idle}, false, 10_000, true));
            assertTrue(done.await(0, TimeUnit.SECONDS), "the completion routine ran");
            assertArrayEquals(new int[] {Win32Error.ERROR_CONNECTION_ABORTED.code(), 0}, result.get());
            assertEquals(WSA_WAIT_TIMEOUT, ws.WSAWaitForMultipleEvents(1, new long[] {idle}, false, 100, true));
            assertEquals(1, calls.get(), "delivered exactly once");
            assertEquals(Thread.currentThread().getName(), thread.get(), "on the issuing thread");
            assertTrue(ws.WSACloseEvent(idle));
        }
    }

    /** WS-09: event-style: pending overlapped send and recv both complete with 1236 after closesocket. */
    @TestTemplate
    public void WS_09_pendingSendAndRecvEventsSignalledWithConnectionAborted(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen(InetAddress.getLoopbackAddress(), 8192)) {
            long s = stalledConnection(ws, peer, new AtomicLong());
            peer.accept();
            long sendEv = event(ws);
            long recvEv = event(ws);
            WSAOVERLAPPED sendOv = new WSAOVERLAPPED(sendEv);
            WSAOVERLAPPED recvOv = new WSAOVERLAPPED(recvEv);
            byte[] more = Payload.bytes(0, 4096);
            fails(ws, ws.WSASend(s, new WSABUF[] {new WSABUF(more)}, 1, new IntRef(), 0, sendOv, null),
                    Win32Error.ERROR_IO_PENDING, "overlapped WSASend on a full connection");
            fails(ws, ws.WSARecv(s, new WSABUF[] {new WSABUF(new byte[16])}, 1, new IntRef(), new IntRef(), recvOv, null),
                    Win32Error.ERROR_IO_PENDING, "overlapped WSARecv");
            assertFalse(ws.WSAGetOverlappedResult(s, recvOv, new IntRef(), false, new IntRef()));
            assertEquals(Win32Error.ERROR_IO_INCOMPLETE.code(), ws.WSAGetLastError());
            assertEquals(0, ws.closesocket(s));
            assertEquals(WSA_WAIT_EVENT_0, ws.WSAWaitForMultipleEvents(2, new long[] {sendEv, recvEv}, true, 10_000, false));
            for (WSAOVERLAPPED ov : new WSAOVERLAPPED[] {sendOv, recvOv}) {
                // WS-17: the closed socket is checked first; the result is in the structure itself.
                assertFalse(ws.WSAGetOverlappedResult(s, ov, new IntRef(), true, new IntRef()));
                assertEquals(Win32Error.WSAENOTSOCK.code(), ws.WSAGetLastError());
                assertEquals(Win32Error.ERROR_CONNECTION_ABORTED.code(), ov.Internal);
                assertEquals(0, ov.InternalHigh);
            }
            assertTrue(ws.WSACloseEvent(sendEv));
            assertTrue(ws.WSACloseEvent(recvEv));
        }
    }

    /** WS-09: an operation that completed normally is not completed again by closesocket. */
    @TestTemplate
    public void WS_09_completedRecvIsDeliveredOnceWithItsData(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            AtomicInteger calls = new AtomicInteger();
            AtomicReference<int[]> result = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            byte[] buf = new byte[64];
            WSAOVERLAPPED ov = new WSAOVERLAPPED();
            int r = ws.WSARecv(s, new WSABUF[] {new WSABUF(buf)}, 1, new IntRef(), new IntRef(), ov,
                    (error, bytes, o, flags) -> {
                        calls.incrementAndGet();
                        result.set(new int[] {error, bytes});
                        done.countDown();
                    });
            assertEquals(SOCKET_ERROR, r);
            assertEquals(Win32Error.ERROR_IO_PENDING.code(), ws.WSAGetLastError());
            p.getOutputStream().write(Payload.bytes(0, 5));
            long idle = event(ws);
            assertEquals(WSA_WAIT_IO_COMPLETION, ws.WSAWaitForMultipleEvents(1, new long[] {idle}, false, 10_000, true));
            assertTrue(done.await(0, TimeUnit.SECONDS));
            assertArrayEquals(new int[] {0, 5}, result.get());
            assertArrayEquals(Payload.bytes(0, 5), java.util.Arrays.copyOf(buf, 5));
            assertEquals(0, ws.closesocket(s));
            assertEquals(WSA_WAIT_TIMEOUT, ws.WSAWaitForMultipleEvents(1, new long[] {idle}, false, 100, true));
            assertEquals(1, calls.get());
            assertTrue(ws.WSACloseEvent(idle));
        }
    }

    // ---------------------------------------------------------------- WS-10

    /** WS-10: no FD_CLOSE for the closing side; the peer gets exactly one, with 0 for a graceful close. */
    @TestTemplate
    public void WS_10_noFdCloseForTheCloserAndOneGracefulFdCloseForThePeer(TestBackend b) {
        Ws2_32 ws = started(b.session());
        long[] sockets = pair(ws);
        long closer = sockets[0];
        long peer = sockets[1];
        long closerEv = event(ws);
        long peerEv = event(ws);
        ok(ws, ws.WSAEventSelect(closer, closerEv, FD_CLOSE), "WSAEventSelect(closer)");
        ok(ws, ws.WSAEventSelect(peer, peerEv, FD_READ | FD_CLOSE), "WSAEventSelect(peer)");
        byte[] data = Payload.bytes(0, 10);
        assertEquals(10, ws.send(closer, data, 10, 0));
        assertEquals(0, ws.closesocket(closer));
        WSANETWORKEVENTS ne = waitForEvents(ws, peer, peerEv, FD_READ);
        assertEquals(FD_READ, ne.lNetworkEvents & FD_READ);
        byte[] buf = new byte[32];
        assertEquals(10, ws.recv(peer, buf, 32, 0), () -> err(ws));
        ne = waitForEvents(ws, peer, peerEv, FD_CLOSE);
        assertEquals(FD_CLOSE, ne.lNetworkEvents & FD_CLOSE, "the peer got FD_CLOSE");
        assertEquals(0, ne.iErrorCode[FD_CLOSE_BIT]);
        assertEquals(WSA_WAIT_TIMEOUT, ws.WSAWaitForMultipleEvents(1, new long[] {closerEv}, false, 300, false),
                "closesocket posts no FD_CLOSE to the closing side");
        assertEquals(WSA_WAIT_TIMEOUT, ws.WSAWaitForMultipleEvents(1, new long[] {peerEv}, false, 300, false),
                "only one FD_CLOSE");
        assertEquals(0, ws.recv(peer, buf, 32, 0), "end of stream");
        ok(ws, ws.closesocket(peer), "closesocket(peer)");
        assertTrue(ws.WSACloseEvent(closerEv));
        assertTrue(ws.WSACloseEvent(peerEv));
    }

    /** WS-10 context: FD_CONNECT/FD_WRITE/FD_ACCEPT with non-blocking connect and accept. */
    @TestTemplate
    public void WS_10_networkEventsForNonBlockingConnectAndAccept(TestBackend b) {
        Ws2_32 ws = started(b.session());
        long l = tcp(ws, AF_INET);
        long lev = event(ws);
        ok(ws, ws.bind(l, SockAddr.inet("127.0.0.1", 0)), "bind");
        ok(ws, ws.listen(l, 4), "listen");
        ok(ws, ws.WSAEventSelect(l, lev, FD_ACCEPT), "WSAEventSelect(listener)");
        long a0 = ws.accept(l, null, null);
        assertEquals(INVALID_SOCKET, a0);
        assertEquals(Win32Error.WSAEWOULDBLOCK.code(), ws.WSAGetLastError(), "non-blocking accept with nothing pending");
        SockAddr at = new SockAddr();
        ok(ws, ws.getsockname(l, at, new IntRef(SockAddr.SIZE_IN)), "getsockname");
        long c = tcp(ws, AF_INET);
        long cev = event(ws);
        ok(ws, ws.WSAEventSelect(c, cev, FD_CONNECT | FD_WRITE), "WSAEventSelect(client)");
        fails(ws, ws.connect(c, SockAddr.inet("127.0.0.1", at.port)), Win32Error.WSAEWOULDBLOCK, "non-blocking connect");
        WSANETWORKEVENTS ne = waitForEvents(ws, c, cev, FD_CONNECT | FD_WRITE);
        assertEquals(FD_CONNECT | FD_WRITE, ne.lNetworkEvents & (FD_CONNECT | FD_WRITE));
        assertEquals(0, ne.iErrorCode[FD_CONNECT_BIT]);
        ne = waitForEvents(ws, l, lev, FD_ACCEPT);
        assertEquals(0, ne.iErrorCode[FD_ACCEPT_BIT]);
        long a = ws.accept(l, null, null);
        assertNotEquals(INVALID_SOCKET, a, () -> err(ws));
        fails(ws, ws.ioctlsocket(c, FIONBIO, new IntRef(0)), Win32Error.WSAEINVAL, "FIONBIO 0 while WSAEventSelect is active");
        ok(ws, ws.closesocket(a), "closesocket(accepted)");
        ok(ws, ws.closesocket(c), "closesocket(client)");
        ok(ws, ws.closesocket(l), "closesocket(listener)");
        assertTrue(ws.WSACloseEvent(lev));
        assertTrue(ws.WSACloseEvent(cev));
    }

    /** WS-10 context: a refused non-blocking connect reports FD_CONNECT with WSAECONNREFUSED (and SO_ERROR). */
    @TestTemplate
    public void WS_10_refusedNonBlockingConnectReportsTheErrorInFdConnect(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // free again once closed: nothing listens there
        }
        long c = tcp(ws, AF_INET);
        long ev = event(ws);
        ok(ws, ws.WSAEventSelect(c, ev, FD_CONNECT), "WSAEventSelect");
        fails(ws, ws.connect(c, SockAddr.inet("127.0.0.1", port)), Win32Error.WSAEWOULDBLOCK, "non-blocking connect");
        WSANETWORKEVENTS ne = waitForEvents(ws, c, ev, FD_CONNECT);
        assertEquals(FD_CONNECT, ne.lNetworkEvents & FD_CONNECT);
        assertEquals(Win32Error.WSAECONNREFUSED.code(), ne.iErrorCode[FD_CONNECT_BIT]);
        assertEquals(Win32Error.WSAECONNREFUSED.code(), getInt(ws, c, Ws2_32.SO_ERROR));
        assertEquals(0, getInt(ws, c, Ws2_32.SO_ERROR), "SO_ERROR is cleared by reading it");
        ok(ws, ws.closesocket(c), "closesocket");
        assertTrue(ws.WSACloseEvent(ev));
    }

    /** WS-10 context: a peer that never reads fills the send buffer (WSAEWOULDBLOCK); FD_WRITE comes back once it reads. */
    @TestTemplate
    public void WS_10_fdWriteIsPostedAgainWhenThePeerDrains(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (JdkPeer peer = JdkPeer.listen(InetAddress.getLoopbackAddress(), 8192)) {
            AtomicLong sent = new AtomicLong();
            long s = stalledConnection(ws, peer, sent);
            Socket p = peer.accept();
            long ev = event(ws);
            ok(ws, ws.WSAEventSelect(s, ev, FD_WRITE), "WSAEventSelect");
            ok(ws, ws.WSAEnumNetworkEvents(s, ev, new WSANETWORKEVENTS()), "WSAEnumNetworkEvents"); // clear
            sent.addAndGet(fill(ws, s, sent.get())); // ends with WSAEWOULDBLOCK: the peer does not read
            Future<Observation> seen = observeAsync(pool, p);
            WSANETWORKEVENTS ne = waitForEvents(ws, s, ev, FD_WRITE);
            assertEquals(FD_WRITE, ne.lNetworkEvents & FD_WRITE, "FD_WRITE once there is room again");
            assertEquals(0, ne.iErrorCode[Ws2_32.FD_WRITE_BIT]);
            assertEquals(0, ws.closesocket(s));
            assertEquals(new Observation(sent.get(), true, Ending.EOF, ""), seen.get(30, TimeUnit.SECONDS));
            assertTrue(ws.WSACloseEvent(ev));
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- WS-11

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

    // ---------------------------------------------------------------- WS-12

    /** WS-12: a blocking lingering closesocket interrupted on its thread fails with WSAEINTR. */
    @TestTemplate
    public void WS_12_interruptedLingeringCloseFailsWithEintr(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen(InetAddress.getLoopbackAddress(), 8192)) {
            long s = stalledConnection(ws, peer, new AtomicLong());
            peer.accept();
            nonBlocking(ws, s, false);
            linger(ws, s, 1, 20);
            AtomicInteger result = new AtomicInteger(1);
            AtomicInteger error = new AtomicInteger();
            Thread closer = new Thread(() -> {
                result.set(ws.closesocket(s));
                error.set(ws.WSAGetLastError());
            }, "lingering-closer");
            long start = System.nanoTime();
            closer.start();
            Thread.sleep(300);
            closer.interrupt();
            closer.join(10_000);
            assertFalse(closer.isAlive(), "the interrupted close returned");
            assertTrue(millisSince(start) < 10_000);
            assertEquals(SOCKET_ERROR, result.get());
            assertEquals(Win32Error.WSAEINTR.code(), error.get());
        }
    }

    /** WS-12: a blocking call issued on a thread already inside a blocking call fails with WSAEINPROGRESS. */
    @TestTemplate
    public void WS_12_nestedBlockingCallFailsWithEinprogress(TestBackend b) throws Exception {
        Session session = b.session();
        Ws2_32 ws = started(session);
        try (JdkPeer peer = JdkPeer.listen(InetAddress.getLoopbackAddress(), 8192)) {
            long idle = connect(ws, peer);
            peer.accept();
            long s = stalledConnection(ws, peer, new AtomicLong());
            peer.accept();
            nonBlocking(ws, s, false);
            linger(ws, s, 1, 1);
            AtomicInteger inner = new AtomicInteger();
            AtomicInteger innerError = new AtomicInteger();
            io.teardown.api.CloseListener listener = e -> {
                if (e.handle() == s && Thread.currentThread().getName().equals("outer")) {
                    inner.set(ws.recv(idle, new byte[4], 4, 0)); // would block forever if it were allowed
                    innerError.set(ws.WSAGetLastError());
                }
            };
            session.closeEvents().addListener(listener);
            Thread outer = new Thread(() -> ws.closesocket(s), "outer");
            outer.start();
            outer.join(20_000);
            session.closeEvents().removeListener(listener);
            assertFalse(outer.isAlive());
            assertEquals(SOCKET_ERROR, inner.get());
            assertEquals(Win32Error.WSAEINPROGRESS.code(), innerError.get());
            ok(ws, ws.closesocket(idle), "closesocket(idle)");
        }
    }

    // ---------------------------------------------------------------- WS-13

    /** WS-13: with the network down calls fail with WSAENETDOWN; closesocket still releases. */
    @TestTemplate
    public void WS_13_networkDownFailsCallsWithNetDown(TestBackend b) throws Exception {
        Session session = b.session();
        WinsockFaultInjection faults = WinsockFaultInjection.of(session);
        Assumptions.assumeTrue(faults.supported(), "this backend cannot take the network down");
        Ws2_32 ws = started(session);
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            faults.networkDown(true);
            try {
                assertEquals(INVALID_SOCKET, ws.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
                assertEquals(Win32Error.WSAENETDOWN.code(), ws.WSAGetLastError());
                fails(ws, ws.send(s, new byte[1], 1, 0), Win32Error.WSAENETDOWN, "send");
                fails(ws, ws.recv(s, new byte[1], 1, 0), Win32Error.WSAENETDOWN, "recv");
            } finally {
                faults.networkDown(false);
            }
            assertEquals(1, ws.send(s, new byte[] {Payload.at(0)}, 1, 0), "works again");
            assertEquals(0, ws.closesocket(s));
            assertEquals(Ending.EOF, JdkPeer.observe(p, READ_TIMEOUT).ending());
        }
    }

    // ---------------------------------------------------------------- WS-14

    /** WS-14: closesocket while another thread is blocked in recv: the recv fails (WSAEINTR), nothing leaks. */
    @TestTemplate
    public void WS_14_closeWhileAnotherThreadBlocksInRecv(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            AtomicInteger result = new AtomicInteger(1);
            AtomicInteger error = new AtomicInteger();
            Thread reader = new Thread(() -> {
                result.set(ws.recv(s, new byte[16], 16, 0));
                error.set(ws.WSAGetLastError());
            }, "blocked-reader");
            reader.start();
            Thread.sleep(200);
            assertEquals(0, ws.closesocket(s));
            reader.join(10_000);
            assertFalse(reader.isAlive(), "the blocked recv returned");
            assertEquals(SOCKET_ERROR, result.get());
            assertEquals(Win32Error.WSAEINTR.code(), error.get());
            assertEquals(Ending.EOF, JdkPeer.observe(p, READ_TIMEOUT).ending());
        }
    }

    /** WS-14: many connections with mixed linger settings closed from several threads at once. */
    @TestTemplate
    public void WS_14_concurrentClosesWithMixedLingerSettings(TestBackend b) throws Exception {
        Session session = b.session();
        Ws2_32 ws = started(session);
        int n = Integer.getInteger("teardown.test.winsock.connections", 1000);
        int bytes = 16 * 1024;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (JdkPeer peer = JdkPeer.listen()) {
            long[] sockets = new long[n];
            Socket[] peers = new Socket[n];
            for (int i = 0; i < n; i++) {
                sockets[i] = connect(ws, peer);
                peers[i] = peer.accept();
                switch (i % 3) {
                    case 1 -> linger(ws, sockets[i], 1, 0);
                    case 2 -> linger(ws, sockets[i], 1, 5);
                    default -> { }
                }
                sendAll(ws, sockets[i], 0, bytes);
            }
            List<Future<Integer>> closes = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < n; i++) {
                long s = sockets[i];
                closes.add(pool.submit(() -> {
                    go.await();
                    return ws.closesocket(s);
                }));
            }
            go.countDown();
            for (Future<Integer> f : closes) {
                assertEquals(0, f.get(30, TimeUnit.SECONDS));
            }
            for (int i = 0; i < n; i++) {
                Observation o = JdkPeer.observe(peers[i], READ_TIMEOUT);
                if (i % 3 == 1) {
                    assertEquals(Ending.RESET, o.ending(), "abortive #" + i + ": " + o);
                } else {
                    assertEquals(new Observation(bytes, true, Ending.EOF, ""), o, "graceful/lingering #" + i);
                }
                peers[i].close();
            }
            WinsockFaultInjection faults = WinsockFaultInjection.of(session);
            if (faults.supported()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (faults.openTransportChannels() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(0, faults.openTransportChannels(), "every transport channel was released");
            }
        } finally {
            pool.shutdownNow();
        }
        long sockets = session.handles(HandleSpace.KERNEL).snapshot().stream()
                .filter(h -> h.entry().closer() == Closer.CLOSESOCKET).count();
        assertEquals(0, sockets, "no socket handle left");
    }

    /** WS-14: closesocket racing sends on other threads never throws, corrupts or leaks. */
    @TestTemplate
    public void WS_14_closeRacingSendsIsSafe(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (JdkPeer peer = JdkPeer.listen()) {
            for (int round = 0; round < 20; round++) {
                long s = connect(ws, peer);
                Socket p = peer.accept();
                Future<Observation> seen = observeAsync(pool, p);
                CountDownLatch started = new CountDownLatch(2);
                List<Future<Integer>> senders = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    senders.add(pool.submit(() -> {
                        started.countDown();
                        byte[] junk = new byte[1024];
                        for (int i = 0; i < 10_000; i++) {
                            if (ws.send(s, junk, junk.length, 0) == SOCKET_ERROR) {
                                return ws.WSAGetLastError();
                            }
                        }
                        return 0;
                    }));
                }
                started.await();
                assertEquals(0, ws.closesocket(s));
                for (Future<Integer> f : senders) {
                    int e = f.get(20, TimeUnit.SECONDS);
                    assertTrue(e == 0 || e == Win32Error.WSAENOTSOCK.code() || e == Win32Error.WSAEINTR.code(),
                            "a racing send ends with success, WSAENOTSOCK or WSAEINTR, not " + Win32Error.describe(e));
                }
                assertEquals(Ending.EOF, seen.get(30, TimeUnit.SECONDS).ending());
                p.close();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- WS-15

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

    // ---------------------------------------------------------------- WS-16

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

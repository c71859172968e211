package io.teardown.testkit.winsock;

import static io.teardown.testkit.winsock.Wsa.READ_TIMEOUT;
import static io.teardown.testkit.winsock.Wsa.connect;
import static io.teardown.testkit.winsock.Wsa.err;
import static io.teardown.testkit.winsock.Wsa.event;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.linger;
import static io.teardown.testkit.winsock.Wsa.millisSince;
import static io.teardown.testkit.winsock.Wsa.nonBlocking;
import static io.teardown.testkit.winsock.Wsa.observeAsync;
import static io.teardown.testkit.winsock.Wsa.ok;
import static io.teardown.testkit.winsock.Wsa.pair;
import static io.teardown.testkit.winsock.Wsa.sendAll;
import static io.teardown.testkit.winsock.Wsa.stalledConnection;
import static io.teardown.testkit.winsock.Wsa.started;
import static io.teardown.testkit.winsock.Wsa.waitForEvents;
import static io.teardown.winsock.Ws2_32.AF_INET6;
import static io.teardown.winsock.Ws2_32.FD_CLOSE;
import static io.teardown.winsock.Ws2_32.FD_CLOSE_BIT;
import static io.teardown.winsock.Ws2_32.FD_READ;
import static io.teardown.winsock.Ws2_32.FIONREAD;
import static io.teardown.winsock.Ws2_32.SOCKET_ERROR;
import static io.teardown.winsock.Ws2_32.SOL_SOCKET;
import static io.teardown.winsock.Ws2_32.SO_LINGER;
import static io.teardown.winsock.Ws2_32.SO_SNDBUF;
import static io.teardown.winsock.Ws2_32.WSA_WAIT_EVENT_0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.testkit.winsock.JdkPeer.Ending;
import io.teardown.testkit.winsock.JdkPeer.Observation;
import io.teardown.winsock.OptionBytes;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.winsock.WSAOVERLAPPED;
import io.teardown.winsock.Ws2_32;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The winsock contract, the close modes (WS-04 … WS-07, <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>): a graceful close must show the peer
 * all data then end-of-stream, a hard close "connection reset", a lingering close all data or a reset
 * according to whether the peer read in time, and a non-blocking lingering close {@code WSAEWOULDBLOCK}; the
 * closer must see the right return value, error and blocking time. Runs through the flat facade {@link
 * Ws2_32} only, against independent peers written with plain JDK sockets ({@link JdkPeer}). Each backend runs
 * this class from its tests; the Netty backend runs it once per transport (epoll and forced NIO).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class CloseModesContract {
    /** For JUnit and subclasses. */
    public CloseModesContract() {
    }

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
                // Bounds, not timings: a loaded CI machine can pause any thread for a second or two; what must
                // not happen is a close that waits for the peer (it reads concurrently, so only a hang fails).
                assertTrue(millisSince(start) < 10_000, "closesocket returns at once");
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
            assertTrue(millisSince(start) < 10_000, "a hard close returns at once (a close that waited for the unread megabyte would never return)");
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
            assertTrue(millisSince(start) < 4000, "did not block (a blocking close would wait out the 5 s linger)");
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
}

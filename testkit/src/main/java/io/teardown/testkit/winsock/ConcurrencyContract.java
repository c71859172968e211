package io.teardown.testkit.winsock;

import static io.teardown.testkit.winsock.Wsa.READ_TIMEOUT;
import static io.teardown.testkit.winsock.Wsa.connect;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.linger;
import static io.teardown.testkit.winsock.Wsa.millisSince;
import static io.teardown.testkit.winsock.Wsa.nonBlocking;
import static io.teardown.testkit.winsock.Wsa.observeAsync;
import static io.teardown.testkit.winsock.Wsa.ok;
import static io.teardown.testkit.winsock.Wsa.sendAll;
import static io.teardown.testkit.winsock.Wsa.stalledConnection;
import static io.teardown.testkit.winsock.Wsa.started;
import static io.teardown.winsock.Ws2_32.SOCKET_ERROR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.HandleSpace;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.testkit.winsock.JdkPeer.Ending;
import io.teardown.testkit.winsock.JdkPeer.Observation;
import io.teardown.winsock.Ws2_32;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The winsock contract, blocking calls and threads (WS-12, WS-14, <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>): an interrupted lingering
 * close fails with {@code WSAEINTR}, a nested blocking call with {@code WSAEINPROGRESS}, and a {@code
 * closesocket} concurrent with other calls on the same socket is safe, through the flat facade {@link Ws2_32}
 * only, against independent peers written with plain JDK sockets ({@link JdkPeer}). Each backend runs this
 * class from its tests; the Netty backend runs it once per transport (epoll and forced NIO).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class ConcurrencyContract {
    /** For JUnit and subclasses. */
    public ConcurrencyContract() {
    }

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
}

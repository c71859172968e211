package io.teardown.backend.netty.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.backend.netty.io.NettyIo;
import io.teardown.testkit.winsock.Payload;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.winsock.WSAOVERLAPPED;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.engine.Connection;
import io.teardown.winsock.engine.ConnectionEvents;
import io.teardown.winsock.engine.ReceivedBytes;
import io.teardown.winsock.engine.StreamOptions;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Receives on the calling thread (issue 20; docs/winsock.md, "Where a call runs"): on NIO a socket that
 * nothing event-driven watches is read by the thread calling {@code recv}, which waits for the kernel's
 * readiness itself; on epoll the loop reads, as before. Every case runs on both transports and must give
 * the same results: bytes in order across buffered data, the kernel's data and hand-overs to
 * {@code WSAEventSelect} and overlapped receives and back; FIN and RST seen by a waiting caller (WS-05);
 * a {@code closesocket} from another thread ending the wait with {@code WSAEINTR} (WS-14); {@code FIONREAD},
 * {@code MSG_PEEK} and {@code MSG_WAITALL} answering from the kernel's bytes too.
 */
@Timeout(60)
class NettyCallerReadsTest {
    private static final int SOCKET_ERROR = Ws2_32.SOCKET_ERROR;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private static Session session(String transport) {
        return Session.builder().backend("netty").property("teardown.netty.transport", transport).build();
    }

    /** A connected socket of {@code ws} and its JDK peer. */
    private record Pair(long s, Socket peer) {
    }

    private static Pair connect(Ws2_32 ws, ServerSocket server) throws Exception {
        long s = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        assertNotEquals(Ws2_32.INVALID_SOCKET, s);
        assertEquals(0, ws.connect(s, SockAddr.inet("127.0.0.1", server.getLocalPort())));
        Socket peer = server.accept();
        peer.setSoTimeout(10_000);
        peer.setTcpNoDelay(true);
        return new Pair(s, peer);
    }

    /**
     * A few exchanges, so the transport has handed reading to callers where it does (NIO) before the case
     * starts; returns the stream offset reached.
     */
    private static long warmUp(Ws2_32 ws, Pair p) throws Exception {
        long at = 0;
        for (int i = 0; i < 3; i++) {
            p.peer().getOutputStream().write(Payload.bytes(at, 10));
            at += receiveExactly(ws, p.s(), at, 10);
        }
        return at;
    }

    /** Receives exactly {@code n} bytes with plain blocking recv calls and checks they are the stream from {@code at}. */
    private static int receiveExactly(Ws2_32 ws, long s, long at, int n) {
        byte[] buf = new byte[n];
        int got = 0;
        while (got < n) {
            byte[] part = new byte[n - got];
            int r = ws.recv(s, part, part.length, 0);
            assertTrue(r > 0, () -> "recv: " + r + " / " + ws.WSAGetLastError());
            System.arraycopy(part, 0, buf, got, r);
            got += r;
        }
        assertTrue(Payload.matches(buf, n, at), "the stream's bytes, in order, from " + at);
        return n;
    }

    private static Ws2_32 started(Session s) {
        Ws2_32 ws = Ws2_32.of(s);
        assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
        return ws;
    }

    private static ServerSocket server() throws Exception {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setSoTimeout(10_000);
        return server;
    }

    /** Lets a thread started for a blocking call get into its wait: ordering help only, every outcome is asserted either way. */
    private static void settle() throws InterruptedException {
        Thread.sleep(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void bufferedBytesComeBeforeTheKernels(String transport) throws Exception {
        try (Session session = session(transport); ServerSocket server = server()) {
            Ws2_32 ws = started(session);
            Pair p = connect(ws, server);
            try (Socket peer = p.peer()) {
                long at = warmUp(ws, p);
                peer.getOutputStream().write(Payload.bytes(at, 100));
                IntRef count = new IntRef();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                do {
                    assertEquals(0, ws.ioctlsocket(p.s(), Ws2_32.FIONREAD, count));
                } while (count.value < 100 && System.nanoTime() < deadline);
                assertEquals(100, count.value, "FIONREAD: the bytes the kernel holds as well as the buffered ones");
                peer.getOutputStream().write(Payload.bytes(at + 100, 100)); // in the kernel, behind the buffered ones
                byte[] buf = new byte[200];
                int n = ws.recv(p.s(), buf, 200, 0);
                // NIO: the buffered bytes on their own (the rest is still the kernel's); epoll: the loop may have
                // buffered the rest too.
                assertTrue(n >= 100, "the buffered bytes first: " + n);
                assertTrue(Payload.matches(buf, n, at));
                receiveExactly(ws, p.s(), at + n, 200 - n);
                assertEquals(0, ws.closesocket(p.s()));
            }
            assertEquals(0, ws.WSACleanup());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void peekAndWaitAllSeeTheKernelsBytes(String transport) throws Exception {
        try (Session session = session(transport); ServerSocket server = server()) {
            Ws2_32 ws = started(session);
            Pair p = connect(ws, server);
            try (Socket peer = p.peer()) {
                final long start = warmUp(ws, p);
                long at = start;
                peer.getOutputStream().write(Payload.bytes(at, 50));
                byte[] peeked = new byte[50];
                int n = ws.recv(p.s(), peeked, 50, Ws2_32.MSG_PEEK);
                assertTrue(n > 0 && Payload.matches(peeked, n, at), "MSG_PEEK shows the next bytes: " + n);
                byte[] buf = new byte[50];
                int r = ws.recv(p.s(), buf, n, 0);
                assertEquals(n, r, "the peeked bytes are still there");
                assertTrue(Payload.matches(buf, r, at));
                at += r;
                long rest = 50 - r;
                Future<?> writer = pool.submit(() -> {
                    OutputStream out = peer.getOutputStream();
                    for (int i = 0; i < 3; i++) {
                        out.write(Payload.bytes(start + 50 + 100 * i, 100));
                        settle();
                    }
                    return null;
                });
                int want = (int) rest + 300;
                byte[] all = new byte[want];
                assertEquals(want, ws.recv(p.s(), all, want, Ws2_32.MSG_WAITALL), "MSG_WAITALL waits for every byte");
                assertTrue(Payload.matches(all, want, at), "in order");
                writer.get(10, TimeUnit.SECONDS);
                assertEquals(0, ws.closesocket(p.s()));
            }
            assertEquals(0, ws.WSACleanup());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void finWhileACallerWaitsEndsTheStream(String transport) throws Exception {
        try (Session session = session(transport); ServerSocket server = server()) {
            Ws2_32 ws = started(session);
            Pair p = connect(ws, server);
            try (Socket peer = p.peer()) {
                warmUp(ws, p);
                Future<int[]> waiting = pool.submit(() -> {
                    int r = ws.recv(p.s(), new byte[16], 16, 0);
                    return new int[] {r, ws.WSAGetLastError()};
                });
                settle();
                peer.shutdownOutput();
                assertEquals(0, waiting.get(10, TimeUnit.SECONDS)[0], "the end of the stream: 0");
                assertEquals(0, ws.recv(p.s(), new byte[16], 16, 0), "and again");
                assertEquals(0, ws.closesocket(p.s()));
                assertEquals(-1, peer.getInputStream().read(), "our FIN follows");
            }
            assertEquals(0, ws.WSACleanup());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void WS_05_resetWhileACallerWaitsFailsTheReceive(String transport) throws Exception {
        try (Session session = session(transport); ServerSocket server = server()) {
            Ws2_32 ws = started(session);
            Pair p = connect(ws, server);
            Socket peer = p.peer();
            warmUp(ws, p);
            Future<int[]> waiting = pool.submit(() -> {
                int r = ws.recv(p.s(), new byte[16], 16, 0);
                return new int[] {r, ws.WSAGetLastError()};
            });
            settle();
            peer.setSoLinger(true, 0);
            peer.close(); // RST
            int[] got = waiting.get(10, TimeUnit.SECONDS);
            assertEquals(SOCKET_ERROR, got[0]);
            assertEquals(Win32Error.WSAECONNRESET.code(), got[1]);
            assertEquals(SOCKET_ERROR, ws.recv(p.s(), new byte[16], 16, 0), "the next call fails too");
            assertEquals(Win32Error.WSAECONNRESET.code(), ws.WSAGetLastError());
            assertEquals(0, ws.closesocket(p.s()));
            assertEquals(0, ws.WSACleanup());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void WS_14_closesocketFromAnotherThreadEndsTheWaitWithWsaeintr(String transport) throws Exception {
        try (Session session = session(transport); ServerSocket server = server()) {
            Ws2_32 ws = started(session);
            Pair p = connect(ws, server);
            try (Socket peer = p.peer()) {
                warmUp(ws, p);
                Future<int[]> waiting = pool.submit(() -> {
                    int r = ws.recv(p.s(), new byte[16], 16, 0);
                    return new int[] {r, ws.WSAGetLastError()};
                });
                settle();
                assertEquals(0, ws.closesocket(p.s()));
                int[] got = waiting.get(10, TimeUnit.SECONDS);
                assertEquals(SOCKET_ERROR, got[0]);
                assertEquals(Win32Error.WSAEINTR.code(), got[1], "a wait ended by closesocket");
                assertEquals(-1, peer.getInputStream().read(), "the close went out: FIN");
            }
            assertEquals(0, ws.WSACleanup());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void eventSelectWhileACallerIsBlockedAndAfterKeepsTheOrder(String transport) throws Exception {
        try (Session session = session(transport); ServerSocket server = server()) {
            Ws2_32 ws = started(session);
            Pair p = connect(ws, server);
            try (Socket peer = p.peer()) {
                long at = warmUp(ws, p);
                Future<int[]> blocked = pool.submit(() -> {
                    int r = ws.recv(p.s(), new byte[16], 16, 0);
                    return new int[] {r, ws.WSAGetLastError()};
                });
                settle();
                long ev = ws.WSACreateEvent();
                assertEquals(0, ws.WSAEventSelect(p.s(), ev, Ws2_32.FD_READ | Ws2_32.FD_CLOSE));
                int[] got = blocked.get(10, TimeUnit.SECONDS);
                assertEquals(SOCKET_ERROR, got[0], "no data came while it waited");
                assertEquals(Win32Error.WSAEWOULDBLOCK.code(), got[1], "the socket is non-blocking now");
                // The transport reads and reports from now on: FD_READ, then recv of what it delivered.
                peer.getOutputStream().write(Payload.bytes(at, 1000));
                ByteArrayOutputStream seen = new ByteArrayOutputStream();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (seen.size() < 1000 && System.nanoTime() < deadline) {
                    ws.WSAWaitForMultipleEvents(1, new long[] {ev}, false, 200, false);
                    assertEquals(0, ws.WSAEnumNetworkEvents(p.s(), ev, new WSANETWORKEVENTS()));
                    byte[] buf = new byte[1000];
                    int r = ws.recv(p.s(), buf, buf.length, 0);
                    if (r > 0) {
                        seen.write(buf, 0, r);
                    } else {
                        assertEquals(Win32Error.WSAEWOULDBLOCK.code(), ws.WSAGetLastError());
                    }
                }
                assertEquals(1000, seen.size());
                assertTrue(Payload.matches(seen.toByteArray(), 1000, at), "in order across the hand-over");
                at += 1000;
                // And back: no selection, blocking again — callers read again, after what the transport read.
                assertEquals(0, ws.WSAEventSelect(p.s(), 0, 0));
                assertEquals(0, ws.ioctlsocket(p.s(), Ws2_32.FIONBIO, new IntRef(0)));
                for (int i = 0; i < 3; i++) {
                    peer.getOutputStream().write(Payload.bytes(at, 500));
                    at += receiveExactly(ws, p.s(), at, 500);
                }
                assertEquals(0, ws.closesocket(p.s()));
                assertTrue(ws.WSACloseEvent(ev));
            }
            assertEquals(0, ws.WSACleanup());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void overlappedReceiveWhileACallerIsBlockedAndAfterKeepsTheOrder(String transport) throws Exception {
        try (Session session = session(transport); ServerSocket server = server()) {
            Ws2_32 ws = started(session);
            Pair p = connect(ws, server);
            try (Socket peer = p.peer()) {
                long at = warmUp(ws, p);
                Future<byte[]> blocked = pool.submit(() -> {
                    byte[] buf = new byte[64];
                    int r = ws.recv(p.s(), buf, 64, 0);
                    assertEquals(64, r, () -> "the blocked recv: " + r + " / " + ws.WSAGetLastError());
                    return buf;
                });
                settle();
                long ev = ws.WSACreateEvent();
                WSAOVERLAPPED ov = new WSAOVERLAPPED(ev);
                byte[] first = new byte[64];
                assertEquals(SOCKET_ERROR, ws.WSARecv(p.s(), new WSABUF[] {new WSABUF(first)}, 1, new IntRef(),
                        new IntRef(), ov, null));
                assertEquals(Win32Error.ERROR_IO_PENDING.code(), ws.WSAGetLastError());
                peer.getOutputStream().write(Payload.bytes(at, 64)); // to the pending overlapped receive
                IntRef transferred = new IntRef();
                assertTrue(ws.WSAGetOverlappedResult(p.s(), ov, transferred, true, new IntRef()));
                assertEquals(64, transferred.value);
                assertTrue(Payload.matches(first, 64, at), "the overlapped receive got the bytes after it was issued");
                assertFalse(blocked.isDone(), "the blocked recv still waits");
                peer.getOutputStream().write(Payload.bytes(at + 64, 64)); // then to the blocked recv
                assertTrue(Payload.matches(blocked.get(10, TimeUnit.SECONDS), 64, at + 64), "and it the next ones");
                at += 128;
                for (int i = 0; i < 3; i++) { // nothing pending any more: callers read again
                    peer.getOutputStream().write(Payload.bytes(at, 300));
                    at += receiveExactly(ws, p.s(), at, 300);
                }
                assertEquals(0, ws.closesocket(p.s()));
                assertTrue(ws.WSACloseEvent(ev));
            }
            assertEquals(0, ws.WSACleanup());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void aLongStreamArrivesIntactThroughSmallAndLargeReceives(String transport) throws Exception {
        int total = 4 * 1024 * 1024;
        try (Session session = session(transport); ServerSocket server = server()) {
            Ws2_32 ws = started(session);
            Pair p = connect(ws, server);
            try (Socket peer = p.peer()) {
                Future<?> writer = pool.submit(() -> {
                    OutputStream out = peer.getOutputStream();
                    for (long w = 0; w < total; w += 8192) {
                        out.write(Payload.bytes(w, 8192));
                    }
                    peer.shutdownOutput();
                    return null;
                });
                long at = 0;
                int[] sizes = {1, 7, 100, 1460, 16384, 65536};
                for (int i = 0; ; i++) {
                    byte[] buf = new byte[sizes[i % sizes.length]];
                    int r = ws.recv(p.s(), buf, buf.length, 0);
                    assertTrue(r >= 0, () -> "recv: " + ws.WSAGetLastError());
                    if (r == 0) {
                        break;
                    }
                    assertTrue(Payload.matches(buf, r, at), "in order at " + at);
                    at += r;
                }
                assertEquals(total, at, "every byte, then the end of the stream");
                writer.get(10, TimeUnit.SECONDS);
                assertEquals(0, ws.closesocket(p.s()));
            }
            assertEquals(0, ws.WSACleanup());
        }
    }

    /**
     * The transport itself: on NIO reading is handed over once the loop delivered what it read (one
     * {@code readingHandedOver} event), a caller then reads and waits for readiness on its own thread and
     * sees the FIN; handing back stops callers at once. On epoll the loop keeps reading.
     */
    @Test
    void nioHandsReadingToCallersAndBack() throws Exception {
        try (Session s = session("nio"); ServerSocket server = server()) {
            NettyWinsockTransport net = new NettyWinsockTransport(s, () -> NettyIo.of(s));
            CountDownLatch handedOver = new CountDownLatch(1);
            Connection c = net.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
                    null, new StreamOptions(64 * 1024, 64 * 1024, true), new Events(handedOver)).get(5, TimeUnit.SECONDS);
            try (Socket peer = server.accept()) {
                ReentrantLock lock = new ReentrantLock();
                lock.lock();
                try {
                    c.readHere(true); // the loop hands over on its thread, and reports it
                    assertTrue(handedOver.await(10, TimeUnit.SECONDS));
                    assertTrue(c.readHere(true));
                    assertEquals(0, c.readNow(new byte[8], 0, 8), "nothing yet, and it does not block");
                    peer.getOutputStream().write(Payload.bytes(0, 8));
                    byte[] buf = new byte[8];
                    int n = 0;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (n < 8 && System.nanoTime() < deadline) {
                        int r = c.readNow(buf, n, 8 - n);
                        if (r == 0) {
                            c.awaitReadable(lock, TimeUnit.SECONDS.toNanos(1));
                        }
                        n += Math.max(r, 0);
                    }
                    assertTrue(lock.isHeldByCurrentThread(), "the wait gives the lock back");
                    assertTrue(Payload.matches(buf, 8, 0) && n == 8, "read on this thread");
                    peer.shutdownOutput();
                    int r = 0;
                    while (r == 0 && System.nanoTime() < deadline) {
                        c.awaitReadable(lock, TimeUnit.SECONDS.toNanos(1));
                        r = c.readNow(buf, 0, 8);
                    }
                    assertEquals(Connection.END_OF_STREAM, r);
                    assertFalse(c.readHere(false), "handed back");
                    assertEquals(0, c.readNow(buf, 0, 8), "callers stop reading at once");
                } finally {
                    lock.unlock();
                    c.reset();
                }
            }
        }
    }

    @Test
    void epollKeepsReadingOnTheLoop() throws Exception {
        try (Session s = session("epoll"); ServerSocket server = server()) {
            NettyWinsockTransport net = new NettyWinsockTransport(s, () -> NettyIo.of(s));
            if (!net.epoll()) {
                return; // no epoll here: NIO, covered above
            }
            Connection c = net.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
                    null, new StreamOptions(64 * 1024, 64 * 1024, true), new Events(new CountDownLatch(1)))
                    .get(5, TimeUnit.SECONDS);
            try (Socket peer = server.accept()) {
                assertFalse(c.readHere(true), "epoll: the loop reads (docs/winsock.md)");
            } finally {
                c.reset();
            }
        }
    }

    /** Counts the hand-over; releases what arrives. */
    private static final class Events implements ConnectionEvents {
        private final CountDownLatch handedOver;
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        Events(CountDownLatch handedOver) {
            this.handedOver = handedOver;
        }

        @Override
        public void received(ReceivedBytes data) {
            data.release();
        }

        @Override
        public void endOfStream() {
        }

        @Override
        public void failed(boolean reset) {
        }

        @Override
        public void writable() {
        }

        @Override
        public void closed() {
            closed.complete(null);
        }

        @Override
        public void readingHandedOver() {
            handedOver.countDown();
        }
    }
}

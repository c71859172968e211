package io.teardown.winsock.engine;

import io.teardown.winsock.front.WinsockFront;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.winsock.Linger;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.WSAOVERLAPPED;
import io.teardown.winsock.Ws2_32;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Received bytes reach the engine as {@link ReceivedBytes} it must release exactly once: when
 * {@code recv}/{@code WSARecv} read them to the end, or when they are discarded unread (closesocket in
 * each linger mode, CloseHandle/the session's end, WSACleanup, SD_RECEIVE, data after the close or after
 * SD_RECEIVE, a connection nobody accepted). MSG_PEEK, FIONREAD, overlapped fills and SO_RCVBUF
 * back-pressure work on them. The pieces are numbered and count their releases; the {@link ScriptedTransport}
 * carries them.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ReceivedBytesReleaseTest {
    /** A piece of {@code size} bytes valued {@code first, first+1, …} that counts its releases. */
    final class Piece implements ReceivedBytes {
        private final ReceivedBytes bytes;
        private boolean gone;

        Piece(int first, int size) {
            byte[] b = new byte[size];
            for (int i = 0; i < size; i++) {
                b[i] = (byte) (first + i);
            }
            bytes = ReceivedBytes.of(b);
            made.incrementAndGet();
        }

        @Override
        public int readable() {
            return bytes.readable();
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            return bytes.read(into, offset, length);
        }

        @Override
        public int peek(byte[] into, int offset, int length) {
            return bytes.peek(into, offset, length);
        }

        @Override
        public synchronized void release() {
            if (gone) {
                releasedTwice.incrementAndGet();
                return;
            }
            gone = true;
            released.incrementAndGet();
            bytes.release();
        }
    }

    private final AtomicInteger made = new AtomicInteger();
    private final AtomicInteger released = new AtomicInteger();
    private final AtomicInteger releasedTwice = new AtomicInteger();
    private Session session;
    private ScriptedTransport net;
    private WinsockFront<?> ws;

    @BeforeEach
    void open() {
        session = Session.open();
        net = new ScriptedTransport();
        ws = new WinsockFront<>(session, new EmulatedWinsockDriver(session, net));
        assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
    }

    @AfterEach
    void close() {
        session.close();
        ws.close();
        net.shutdown();
        assertEquals(made.get(), released.get(), "pieces released");
        assertEquals(0, releasedTwice.get(), "pieces released twice");
    }

    private long connected() {
        long s = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        assertEquals(0, ws.connect(s, SockAddr.inet("127.0.0.1", 40001)), () -> "connect: " + ws.WSAGetLastError());
        return s;
    }

    private void arrive(int first, int size) {
        net.last().receive(new Piece(first, size));
    }

    private static byte[] expected(int first, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    @Test
    void recvReleasesEachPieceOnceReadToTheEnd() {
        long s = connected();
        arrive(0, 100);
        arrive(100, 100);
        arrive(200, 100);
        IntRef readable = new IntRef();
        assertEquals(0, ws.ioctlsocket(s, Ws2_32.FIONREAD, readable));
        assertEquals(300, readable.value);
        byte[] buf = new byte[150];
        assertEquals(150, ws.recv(s, buf, 150, 0));
        assertArrayEquals(expected(0, 150), buf);
        assertEquals(1, released.get(), "the first piece, read to its end");
        byte[] rest = new byte[400];
        assertEquals(150, ws.recv(s, rest, 400, 0));
        assertArrayEquals(expected(150, 150), Arrays.copyOf(rest, 150));
        assertEquals(3, released.get());
        assertEquals(0, ws.closesocket(s));
    }

    @Test
    void peekCopiesAcrossPiecesAndReleasesNothing() {
        long s = connected();
        arrive(0, 10);
        arrive(10, 10);
        byte[] buf = new byte[15];
        assertEquals(5, ws.recv(s, new byte[5], 5, 0)); // the first piece is now half read
        assertEquals(15, ws.recv(s, buf, 15, Ws2_32.MSG_PEEK));
        assertArrayEquals(expected(5, 15), buf);
        assertEquals(0, released.get());
        assertEquals(15, ws.recv(s, buf, 15, 0));
        assertArrayEquals(expected(5, 15), buf);
        assertEquals(2, released.get());
        assertEquals(0, ws.closesocket(s));
    }

    @Test
    void waitAllGathersPiecesAndReleasesThem() throws Exception {
        long s = connected();
        arrive(0, 30);
        CompletableFuture<Integer> got = new CompletableFuture<>();
        byte[] buf = new byte[90];
        Thread reader = new Thread(() -> got.complete(ws.recv(s, buf, 90, Ws2_32.MSG_WAITALL)));
        reader.start();
        arrive(30, 30);
        arrive(60, 30);
        assertEquals(90, got.get(5, TimeUnit.SECONDS));
        assertArrayEquals(expected(0, 90), buf);
        assertEquals(3, released.get());
        assertEquals(0, ws.closesocket(s));
    }

    @Test
    void gracefulCloseReleasesUnreadPieces() {
        long s = connected();
        arrive(0, 10);
        arrive(10, 10);
        ws.recv(s, new byte[5], 5, 0);
        assertEquals(0, ws.closesocket(s));
        assertEquals(2, released.get());
    }

    @Test
    void abortiveCloseReleasesUnreadPieces() {
        long s = connected();
        arrive(0, 10);
        assertEquals(0, ws.setsockopt(s, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, Linger.ABORTIVE));
        assertEquals(0, ws.closesocket(s));
        assertEquals(1, released.get());
    }

    @Test
    void lingeringCloseReleasesUnreadPieces() {
        long s = connected();
        arrive(0, 10);
        assertEquals(0, ws.setsockopt(s, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, Linger.timeout(Duration.ofSeconds(2))));
        assertEquals(0, ws.closesocket(s));
        assertEquals(1, released.get());
    }

    @Test
    void closeOfAFailedConnectionReleasesWhatArrivedBeforeTheReset() {
        long s = connected();
        arrive(0, 10);
        net.last().rst();
        byte[] buf = new byte[4];
        assertEquals(4, ws.recv(s, buf, 4, 0)); // what arrived before the reset is still readable
        arrive(10, 10); // after the failure: dropped at once
        assertEquals(1, released.get());
        assertEquals(0, ws.closesocket(s));
        assertEquals(2, released.get());
    }

    @Test
    void piecesArrivingAfterTheCloseAreReleasedAtOnce() {
        long s = connected();
        ScriptedConnection c = net.last();
        assertEquals(0, ws.closesocket(s));
        c.receive(new Piece(0, 10));
        assertEquals(1, released.get());
    }

    @Test
    void shutdownReceiveReleasesQueuedPiecesAndLaterOnes() {
        long s = connected();
        ScriptedConnection c = net.last();
        arrive(0, 10);
        assertEquals(0, ws.shutdown(s, Ws2_32.SD_RECEIVE)); // with data queued: reset, data dropped
        assertEquals(1, released.get());
        c.receive(new Piece(10, 10));
        assertEquals(2, released.get());
        assertEquals(0, ws.closesocket(s));

        long t = connected();
        ScriptedConnection d = net.last();
        assertEquals(0, ws.shutdown(t, Ws2_32.SD_RECEIVE));
        d.receive(new Piece(0, 10)); // data after SD_RECEIVE resets the connection
        assertEquals(3, released.get());
        assertTrue(!d.isOpen(), "reset");
        assertEquals(0, ws.closesocket(t));
    }

    @Test
    void closeHandleCleanupAndTheSessionsEndReleaseUnreadPieces() {
        long a = connected();
        arrive(0, 10);
        long b = connected();
        arrive(0, 10);
        assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
        assertEquals(0, ws.WSACleanup()); // one of two: sockets stay
        assertEquals(0, released.get());
        assertEquals(0, ws.WSACleanup()); // the last one destroys every socket
        assertEquals(2, released.get());
        assertEquals(Ws2_32.SOCKET_ERROR, ws.closesocket(a));
        assertEquals(Ws2_32.SOCKET_ERROR, ws.closesocket(b));
        assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
        connected(); // never closed: the session's end releases its piece (AfterEach checks)
        arrive(0, 10);
    }

    @Test
    void overlappedReceivesFillFromPiecesAndReleaseThem() {
        long s = connected();
        WSAOVERLAPPED ov = new WSAOVERLAPPED();
        byte[] one = new byte[6];
        byte[] two = new byte[6];
        WSABUF[] bufs = {new WSABUF(one), new WSABUF(two)};
        IntRef got = new IntRef();
        assertEquals(Ws2_32.SOCKET_ERROR, ws.WSARecv(s, bufs, 2, got, new IntRef(), ov, null));
        assertEquals(Win32Error.ERROR_IO_PENDING.code(), ws.WSAGetLastError());
        arrive(0, 20); // fills the pending receive's 12 bytes; 8 stay queued
        assertEquals(12, ov.InternalHigh);
        assertArrayEquals(expected(0, 6), one);
        assertArrayEquals(expected(6, 6), two);
        assertEquals(0, released.get());
        arrive(20, 4);
        // Completed at once from the queue: 8 from the first piece (then released), 4 from the second.
        WSAOVERLAPPED now = new WSAOVERLAPPED();
        assertEquals(0, ws.WSARecv(s, bufs, 2, got, new IntRef(), now, null));
        assertEquals(12, got.value);
        assertArrayEquals(expected(12, 6), one);
        assertArrayEquals(expected(18, 6), two);
        assertEquals(2, released.get());
        WSAOVERLAPPED pending = new WSAOVERLAPPED();
        assertEquals(Ws2_32.SOCKET_ERROR, ws.WSARecv(s, bufs, 2, got, new IntRef(), pending, null));
        arrive(24, 3); // the pending receive takes all of it: released at once
        assertEquals(3, pending.InternalHigh);
        assertEquals(3, released.get());
        assertEquals(0, ws.closesocket(s));
    }

    @Test
    void receiveBufferPausesAndResumesReading() {
        long s = connected();
        assertEquals(0, ws.setsockopt(s, Ws2_32.SOL_SOCKET, Ws2_32.SO_RCVBUF, 100));
        ScriptedConnection c = net.last();
        arrive(0, 60);
        arrive(60, 60); // 120 ≥ 100: pause
        assertEquals(List.of(true), c.pauses());
        assertEquals(65, ws.recv(s, new byte[65], 65, 0)); // 55 left: not yet at half
        assertEquals(List.of(true), c.pauses());
        assertEquals(10, ws.recv(s, new byte[10], 10, 0)); // 45 left: resume
        assertEquals(List.of(true, false), c.pauses());
        assertEquals(1, released.get());
        assertEquals(0, ws.closesocket(s));
    }

    @Test
    void aConnectionNobodyAcceptsHasItsPiecesReleased() {
        long l = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        assertEquals(0, ws.bind(l, SockAddr.inet("127.0.0.1", 0)));
        assertEquals(0, ws.listen(l, 4));
        ScriptedConnection queued = net.offer();
        queued.receive(new Piece(0, 10)); // waits in the backlog
        assertEquals(0, released.get());
        assertEquals(0, ws.closesocket(l));
        assertEquals(1, released.get());
        assertTrue(!queued.isOpen(), "reset");
        ScriptedConnection late = net.offer(); // after the listener closed: refused
        late.receive(new Piece(0, 10));
        assertEquals(2, released.get());
        assertNotEquals(true, late.isOpen());
    }
}

package io.teardown.wininet.engine;

import static io.teardown.wininet.WinInet.INTERNET_FLAG_ASYNC;
import static io.teardown.wininet.WinInet.INTERNET_OPEN_TYPE_DIRECT;
import static io.teardown.wininet.WinInet.INTERNET_SERVICE_HTTP;
import static io.teardown.wininet.WinInet.INTERNET_STATUS_CLOSING_CONNECTION;
import static io.teardown.wininet.WinInet.INTERNET_STATUS_CONNECTION_CLOSED;
import static io.teardown.wininet.WinInet.INTERNET_STATUS_HANDLE_CLOSING;
import static io.teardown.wininet.WinInet.INTERNET_STATUS_RECEIVING_RESPONSE;
import static io.teardown.wininet.WinInet.INTERNET_STATUS_REQUEST_COMPLETE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.wininet.InternetAsyncResult;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.engine.ScriptedHttpTransport.Response;
import io.teardown.wininet.front.WinInetFront;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reads over a transport that hands the body over in read batches ({@link HttpConnection#reportsReadBatches()},
 * as the Netty transport does): a waiting read is given what a whole batch brought, in one call and one
 * wake-up, however many pieces that spans; a read that ends inside a piece takes its part away and leaves
 * the rest for the next call, every part released exactly once; the engine stops asking once its buffer is
 * full; and a close that comes while a batch is handed over but not yet received cancels the waiting read
 * with WinINet's order (WI-01, WI-03, WI-04, WI-05) and drops the batch. The {@link ScriptedHttpTransport}
 * holds batch ends on cue, so every step is certain, not timed.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class BatchedReadTest {
    private static final int PIECE = 1_000;
    private static final int CANCELLED = Win32Error.ERROR_INTERNET_OPERATION_CANCELLED.code();

    private final List<int[]> seen = new ArrayList<>(); // {handle, status, dwError} in callback order
    private final InternetStatusCallback recorder = (h, ctx, status, info, len) -> {
        synchronized (seen) {
            int error = info instanceof InternetAsyncResult r ? r.dwError : 0;
            seen.add(new int[] {(int) h, status, error});
            seen.notifyAll();
        }
    };
    private Session session;
    private ScriptedHttpTransport net;
    private WinInetFront api;

    @BeforeEach
    void open() {
        session = Session.open();
        net = new ScriptedHttpTransport();
        api = new WinInetFront(session, new EmulatedWinInetDriver(session, net));
    }

    @AfterEach
    void close() throws InterruptedException {
        session.close();
        api.close();
        net.awaitAllReleased();
    }

    private long request(int openFlags) {
        long inet = api.InternetOpen("test", INTERNET_OPEN_TYPE_DIRECT, null, null, openFlags);
        api.InternetSetStatusCallback(inet, recorder);
        long conn = api.InternetConnect(inet, "127.0.0.1", 8080, null, null, INTERNET_SERVICE_HTTP, 0, 1);
        return api.HttpOpenRequest(conn, "GET", "/", null, null, null, 0, 2);
    }

    /** Checks that {@code buf[0, n)} holds body bytes {@code from, from + n)}: byte i of the body is (byte) i. */
    private static void assertBody(byte[] buf, int n, int from) {
        for (int i = 0; i < n; i++) {
            if (buf[i] != (byte) (from + i)) {
                throw new AssertionError("body byte " + (from + i) + " is " + buf[i]);
            }
        }
    }

    private int[] awaitStatus(long handle, int status) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        synchronized (seen) {
            while (true) {
                for (int[] s : seen) {
                    if (s[0] == (int) handle && s[1] == status) {
                        return s;
                    }
                }
                long left = end - System.nanoTime();
                assertTrue(left > 0, "no status " + status);
                seen.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }
    }

    private List<Integer> statuses(long handle) {
        synchronized (seen) {
            return seen.stream().filter(s -> s[0] == (int) handle).map(s -> s[1]).toList();
        }
    }

    @Test
    void aWaitingReadIsGivenTheWholeBatchSpanningManyPiecesInOneCall() throws Exception {
        net.respond(Response.ok(60, PIECE)).batches(20).holdBatchEnds();
        long req = request(0);
        assertTrue(api.HttpSendRequest(req, null, 0, null, 0), () -> "send: " + api.GetLastError());
        net.awaitBatchHandedOver(); // pieces 0..19 buffered, the batch not ended yet
        byte[] buf = new byte[25_000];
        IntRef n = new IntRef();
        assertTrue(api.InternetReadFile(req, buf, buf.length, n));
        assertEquals(20 * PIECE, n.value, "what is buffered is returned at once, twenty pieces in one call");
        assertBody(buf, n.value, 0);
        synchronized (seen) {
            seen.clear();
        }

        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
            IntRef got = new IntRef();
            assertTrue(api.InternetReadFile(req, buf, 15_500, got), () -> "read: " + api.GetLastError());
            return got.value;
        });
        awaitStatus(req, INTERNET_STATUS_RECEIVING_RESPONSE); // the read waits (its thread ran the report)
        net.endBatch(); // the first batch ends with nothing for it; the demand stands: pieces 20..39 come
        net.awaitBatchHandedOver();
        assertFalse(waiting.isDone(), "the pieces of a batch are given to the read when the batch ends");
        net.endBatch();
        assertEquals(15_500, waiting.get(5, TimeUnit.SECONDS), "one call takes 15.5 pieces of the batch");
        assertBody(buf, 15_500, 20 * PIECE);

        int at = 20 * PIECE + 15_500; // the rest: half a piece, then the last batch (its end ends the body)
        do {
            assertTrue(api.InternetReadFile(req, buf, buf.length, n), () -> "read: " + api.GetLastError());
            assertBody(buf, n.value, at);
            at += n.value;
        } while (n.value > 0);
        assertEquals(60 * PIECE, at);
        assertTrue(api.InternetCloseHandle(req));
    }

    @Test
    void readsEndingInsidePiecesTakeTheirPartAndReleaseEveryPartOnce() {
        net.respond(Response.ok(30, PIECE)).batches(4);
        long req = request(0);
        assertTrue(api.HttpSendRequest(req, null, 0, null, 0), () -> "send: " + api.GetLastError());
        byte[] buf = new byte[7]; // every call but a few ends inside a piece, waiting or not
        IntRef n = new IntRef();
        int at = 0;
        do {
            assertTrue(api.InternetReadFile(req, buf, buf.length, n), () -> "read: " + api.GetLastError());
            assertBody(buf, n.value, at);
            at += n.value;
        } while (n.value > 0);
        assertEquals(30 * PIECE, at);
        assertTrue(api.InternetCloseHandle(req));
        // the parts each read split off are pieces of their own: awaitAllReleased counts them too
    }

    @Test
    void theEngineStopsAskingOnceItsBufferIsFull() throws InterruptedException {
        int piece = 10_000;
        net.respond(Response.ok(100, piece)).batches(8);
        long req = request(0);
        assertTrue(api.HttpSendRequest(req, null, 0, null, 0), () -> "send: " + api.GetLastError());
        IntRef available = new IntRef();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        do {
            assertTrue(api.InternetQueryDataAvailable(req, available, 0, 0));
            Thread.sleep(2);
        } while (available.value < RequestHandle.HIGH_WATER && System.nanoTime() < end);
        int full = (RequestHandle.HIGH_WATER + piece - 1) / piece; // the piece that reached the mark is the last
        assertEquals(full * piece, available.value, "buffered up to the high-water mark, not beyond");
        assertEquals(full, net.made(), "no piece asked for past the mark");
        assertTrue(api.InternetCloseHandle(req)); // WI-01: the rest is discarded with the connection
    }

    @Test
    void WI_04_closeWhileABatchIsHandedOverCancelsTheAsyncReadAndDropsTheBatch() throws Exception {
        net.respond(Response.ok(50, PIECE)).batches(10).holdBatchEnds();
        long req = request(INTERNET_FLAG_ASYNC);
        assertFalse(api.HttpSendRequest(req, null, 0, null, 0));
        assertEquals(Win32Error.ERROR_IO_PENDING.code(), api.GetLastError());
        assertEquals(0, awaitStatus(req, INTERNET_STATUS_REQUEST_COMPLETE)[2], "the send completed");
        net.awaitBatchHandedOver();
        byte[] buf = new byte[PIECE * 10];
        IntRef n = new IntRef();
        assertTrue(api.InternetReadFile(req, buf, buf.length, n), "the first batch is buffered: read at once");
        assertEquals(10 * PIECE, n.value);
        synchronized (seen) {
            seen.clear();
        }
        assertFalse(api.InternetReadFile(req, buf, 5_000, n));
        assertEquals(Win32Error.ERROR_IO_PENDING.code(), api.GetLastError());
        net.endBatch();
        net.awaitBatchHandedOver(); // pieces 10..19 handed over; the read waits for the batch to end

        assertTrue(api.InternetCloseHandle(req));
        assertEquals(Win32Error.ERROR_IO_PENDING.code(), api.GetLastError(), "WI-05: closed with a read outstanding");
        int[] closing = awaitStatus(req, INTERNET_STATUS_HANDLE_CLOSING);
        net.endBatch(); // the batch ends on a dead exchange: dropped
        List<Integer> after = statuses(req);
        assertEquals(List.of(INTERNET_STATUS_RECEIVING_RESPONSE, INTERNET_STATUS_CLOSING_CONNECTION,
                INTERNET_STATUS_CONNECTION_CLOSED, INTERNET_STATUS_REQUEST_COMPLETE, INTERNET_STATUS_HANDLE_CLOSING),
                after, "WI-01/WI-03/WI-04 order");
        assertEquals(CANCELLED, awaitStatus(req, INTERNET_STATUS_REQUEST_COMPLETE)[2], "the read was cancelled");
        assertEquals(INTERNET_STATUS_HANDLE_CLOSING, closing[1]);
    }

    @Test
    void WI_07_closeWhileABatchIsHandedOverEndsTheBlockedSynchronousRead() throws Exception {
        net.respond(Response.ok(50, PIECE)).batches(10).holdBatchEnds();
        long req = request(0);
        assertTrue(api.HttpSendRequest(req, null, 0, null, 0), () -> "send: " + api.GetLastError());
        net.awaitBatchHandedOver();
        byte[] buf = new byte[PIECE * 10];
        IntRef n = new IntRef();
        assertTrue(api.InternetReadFile(req, buf, buf.length, n));
        assertEquals(10 * PIECE, n.value);
        synchronized (seen) {
            seen.clear();
        }
        CompletableFuture<int[]> blocked = CompletableFuture.supplyAsync(() -> {
            IntRef got = new IntRef();
            boolean ok = api.InternetReadFile(req, new byte[5_000], 5_000, got);
            return new int[] {ok ? 1 : 0, api.GetLastError(), got.value};
        });
        awaitStatus(req, INTERNET_STATUS_RECEIVING_RESPONSE);
        net.endBatch();
        net.awaitBatchHandedOver();

        assertTrue(api.InternetCloseHandle(req));
        int[] r = blocked.get(5, TimeUnit.SECONDS);
        assertEquals(0, r[0], "the blocked read fails");
        assertEquals(CANCELLED, r[1]);
        assertEquals(0, r[2], "with no bytes");
        net.endBatch();
        assertEquals(List.of(INTERNET_STATUS_RECEIVING_RESPONSE, INTERNET_STATUS_CLOSING_CONNECTION,
                INTERNET_STATUS_CONNECTION_CLOSED, INTERNET_STATUS_HANDLE_CLOSING), statuses(req),
                "no REQUEST_COMPLETE in synchronous mode; HANDLE_CLOSING last (WI-03)");
    }
}

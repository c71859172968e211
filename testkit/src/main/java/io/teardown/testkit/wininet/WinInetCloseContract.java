package io.teardown.testkit.wininet;

import static io.teardown.wininet.WinInet.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.testkit.TestBackend;
import io.teardown.wininet.WinInet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.TestTemplate;

/**
 * The WinINet contract's close group: a close with operations pending completes them cancelled before
 * {@code HANDLE_CLOSING} (WI-04), leaves {@code ERROR_IO_PENDING} as the last error (WI-05), cancels a read
 * or send mid-way and is safe from inside a status callback (WI-06) and against a racing synchronous call
 * (WI-07). Part of {@link WinInetContract}.
 */
public class WinInetCloseContract extends WinInetHandleTreeContract {
    /** For JUnit and for subclasses. */
    public WinInetCloseContract() {
    }

    // ------------------------------------------------------------------ WI-04

    @TestTemplate
    public void WI_04_pendingSendCompletesCancelledBeforeHandleClosing(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, true);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/hang", 2);
            assertFails(api, api.HttpSendRequest(req, null, 0, null, 0), IO_PENDING, "async HttpSendRequest");
            rec.await(req, INTERNET_STATUS_REQUEST_SENT);
            assertTrue(api.InternetCloseHandle(req)); // mid-receive of the head
            assertFails(api, api.HttpSendRequest(req, null, 0, null, 0), INVALID_HANDLE, "call on the closed handle");
            rec.awaitClosing(req);
            rec.settle();
            List<StatusRecorder.Event> mine = rec.of(req);
            StatusRecorder.Event complete = mine.get(mine.size() - 2);
            assertEquals(INTERNET_STATUS_REQUEST_COMPLETE, complete.status(), "REQUEST_COMPLETE before HANDLE_CLOSING: " + mine);
            assertEquals(0, complete.result());
            assertEquals(CANCELLED, complete.error());
            assertClosingIsLast(rec, req);
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_04_parentClosedWithChildrenPending(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, true);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long r1 = request(api, conn, "/hang", 2);
            long r2 = request(api, conn, "/hang", 3);
            assertFails(api, api.HttpSendRequest(r1, null, 0, null, 0), IO_PENDING, "send 1");
            assertFails(api, api.HttpSendRequest(r2, null, 0, null, 0), IO_PENDING, "send 2");
            rec.await(r1, INTERNET_STATUS_REQUEST_SENT);
            rec.await(r2, INTERNET_STATUS_REQUEST_SENT);
            assertTrue(api.InternetCloseHandle(inet));
            assertEquals(IO_PENDING, api.GetLastError());
            rec.awaitClosing(conn);
            rec.settle();
            List<StatusRecorder.Event> all = rec.events();
            for (long r : new long[] {r1, r2}) {
                int done = indexOf(all, r, INTERNET_STATUS_REQUEST_COMPLETE);
                int closing = indexOf(all, r, INTERNET_STATUS_HANDLE_CLOSING);
                assertTrue(done >= 0 && done < closing, "REQUEST_COMPLETE then HANDLE_CLOSING: " + all);
                assertEquals(CANCELLED, all.get(done).error());
                assertTrue(closing < indexOf(all, conn, INTERNET_STATUS_HANDLE_CLOSING), "children before parent: " + all);
                assertClosingIsLast(rec, r);
            }
            assertClosingIsLast(rec, conn);
        }
    }

    // ------------------------------------------------------------------ WI-05

    @TestTemplate
    public void WI_05_lastErrorIsIoPendingAfterClosingWithRequestsOutstanding(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, true);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/hang", 2);
            assertFails(api, api.HttpSendRequest(req, null, 0, null, 0), IO_PENDING, "async HttpSendRequest");
            assertFails(api, api.InternetCloseHandle(0x7ff0), INVALID_HANDLE, "close of a bogus value"); // last error := 6
            assertTrue(api.InternetCloseHandle(req));
            assertEquals(IO_PENDING, api.GetLastError(), "closed with a request outstanding");
            rec.awaitClosing(req);

            assertFails(api, api.InternetCloseHandle(0x7ff0), INVALID_HANDLE, "close of a bogus value");
            assertTrue(api.InternetCloseHandle(conn)); // nothing outstanding: last error untouched
            assertEquals(INVALID_HANDLE, api.GetLastError(), "an idle close leaves the last error as it was");
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    // ------------------------------------------------------------------ WI-06

    @TestTemplate
    public void WI_06_closeCancelsPendingReadMidBody(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, true);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/stall", 2);
            assertFails(api, api.HttpSendRequest(req, null, 0, null, 0), IO_PENDING, "async HttpSendRequest");
            StatusRecorder.Event sent = rec.await(req, INTERNET_STATUS_REQUEST_COMPLETE);
            assertEquals(1, sent.result());
            byte[] buf = new byte[100];
            IntRef n = new IntRef();
            assertFails(api, api.InternetReadFile(req, buf, buf.length, n), IO_PENDING, "read of a stalled body");
            rec.clear();
            assertTrue(api.InternetCloseHandle(req));
            assertEquals(IO_PENDING, api.GetLastError());
            rec.awaitClosing(req);
            rec.settle();
            List<Integer> s = rec.statuses(req);
            assertEquals(List.of(INTERNET_STATUS_REQUEST_COMPLETE, INTERNET_STATUS_HANDLE_CLOSING),
                    s.subList(s.size() - 2, s.size()), rec.toString());
            assertEquals(CANCELLED, rec.of(req).get(s.size() - 2).error());
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_06_closeMidSendCancels(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.Behaviour.STALL)) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, true);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "POST", "/upload", 0, 2);
            byte[] body = new byte[64 * 1024];
            assertFails(api, api.HttpSendRequest(req, null, 0, body, body.length), IO_PENDING, "async HttpSendRequest");
            rec.await(req, INTERNET_STATUS_SENDING_REQUEST);
            assertTrue(api.InternetCloseHandle(req));
            rec.awaitClosing(req);
            rec.settle();
            StatusRecorder.Event done = rec.of(req).stream()
                    .filter(e -> e.status() == INTERNET_STATUS_REQUEST_COMPLETE).findFirst().orElseThrow();
            assertEquals(CANCELLED, done.error());
            assertClosingIsLast(rec, req);
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_06_closeFromInsideStatusCallbackIsSafe(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            AtomicInteger closeResult = new AtomicInteger(-1);
            StatusRecorder rec = new StatusRecorder();
            rec.react(e -> {
                if (e.status() == INTERNET_STATUS_RESPONSE_RECEIVED && e.context() == 2 && closeResult.get() < 0) {
                    closeResult.set(api.InternetCloseHandle(e.handle()) ? 1 : 0);
                }
            });
            long inet = open(api, true);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/big", 2);
            api.HttpSendRequest(req, null, 0, null, 0);
            rec.awaitClosing(req);
            rec.settle();
            assertEquals(1, closeResult.get(), "InternetCloseHandle from the callback succeeded");
            assertClosingIsLast(rec, req);
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    // ------------------------------------------------------------------ WI-07

    @TestTemplate
    public void WI_07_closeRacingSynchronousCallIsSafe(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            long inet = open(api, false);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/hang", 2);
            CompletableFuture<int[]> call = CompletableFuture.supplyAsync(() -> {
                boolean ok = api.HttpSendRequest(req, null, 0, null, 0);
                return new int[] {ok ? 1 : 0, api.GetLastError()};
            });
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.requests().isEmpty() && System.nanoTime() < end) {
                Thread.sleep(5); // until the request reached the server: the call is blocked on it
            }
            assertEquals(1, server.requests().size());
            assertTrue(api.InternetCloseHandle(req));
            int[] r = call.get(10, TimeUnit.SECONDS);
            assertEquals(0, r[0], "the blocked call fails");
            assertEquals(CANCELLED, r[1], "with ERROR_INTERNET_OPERATION_CANCELLED");
            assertFails(api, api.InternetCloseHandle(req), INVALID_HANDLE, "second close");
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_07_closeRacingSynchronousReadMidBodyIsSafe(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, false);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/stall", 2);
            send(api, req); // head arrives, the body never does
            rec.await(req, INTERNET_STATUS_RESPONSE_RECEIVED);
            rec.settle();
            rec.clear();
            CompletableFuture<int[]> read = CompletableFuture.supplyAsync(() -> {
                byte[] buf = new byte[100];
                IntRef n = new IntRef();
                boolean ok = api.InternetReadFile(req, buf, buf.length, n);
                return new int[] {ok ? 1 : 0, api.GetLastError()};
            });
            rec.await(req, INTERNET_STATUS_RECEIVING_RESPONSE); // the read is waiting for the body
            assertTrue(api.InternetCloseHandle(conn)); // the parent, while the child's read is blocked
            assertEquals(IO_PENDING, api.GetLastError(), "closed with a call outstanding");
            int[] r = read.get(10, TimeUnit.SECONDS);
            assertEquals(0, r[0]);
            assertEquals(CANCELLED, r[1]);
            rec.awaitClosing(conn);
            rec.settle();
            List<StatusRecorder.Event> all = rec.events();
            assertTrue(indexOf(all, req, INTERNET_STATUS_HANDLE_CLOSING) < indexOf(all, conn, INTERNET_STATUS_HANDLE_CLOSING),
                    "request before connection: " + all);
            assertFalse(rec.statuses(req).contains(INTERNET_STATUS_REQUEST_COMPLETE), "no REQUEST_COMPLETE in sync mode");
            assertClosingIsLast(rec, req);
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_07_manyConcurrentRequestsClosedAtRandomMoments(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, true);
            api.InternetSetStatusCallback(inet, rec);
            int n = 40;
            Random random = new Random(42);
            List<Long> conns = new ArrayList<>();
            List<Long> reqs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long conn = connect(api, inet, server.port(), 1000 + i);
                conns.add(conn);
                String path = new String[] {"/small", "/big", "/stall", "/chunked"}[i % 4];
                long req = request(api, conn, path, 2000 + i);
                reqs.add(req);
                api.HttpSendRequest(req, null, 0, null, 0);
            }
            ExecutorService closers = Executors.newFixedThreadPool(4);
            try {
                List<CompletableFuture<Boolean>> closes = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    long target = random.nextBoolean() ? reqs.get(i) : conns.get(i);
                    int delay = random.nextInt(30);
                    closes.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            Thread.sleep(delay);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return api.InternetCloseHandle(target);
                    }, closers));
                }
                for (CompletableFuture<Boolean> c : closes) {
                    assertTrue(c.get(20, TimeUnit.SECONDS));
                }
            } finally {
                closers.shutdown();
            }
            assertTrue(api.InternetCloseHandle(inet));
            for (int i = 0; i < n; i++) {
                rec.awaitClosing(reqs.get(i));
                rec.awaitClosing(conns.get(i));
            }
            rec.settle();
            for (int i = 0; i < n; i++) {
                assertClosingIsLast(rec, reqs.get(i));
                assertClosingIsLast(rec, conns.get(i));
                List<Integer> s = rec.statuses(reqs.get(i));
                assertTrue(s.stream().filter(x -> x == INTERNET_STATUS_REQUEST_COMPLETE).count() <= 1,
                        "at most one REQUEST_COMPLETE per send: " + rec.of(reqs.get(i)));
            }
        }
    }

}

package io.teardown.testkit.wininet;

import static io.teardown.wininet.WinInet.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.WinInet;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WinINet contract (WI-01 … WI-11, <a href="https://github.com/teardown-io/teardown/blob/main/docs/wininet.md">docs/wininet.md</a>) every backend passes, through the flat
 * {@link WinInet} facade only; the query group ({@link WinInetQueryContract}), the redirect group
 * ({@link WinInetRedirectContract}) and the callback group
 * (WI-11, and the close rules again in synchronous mode) with the helpers ({@link WinInetCallbackContract})
 * are inherited. The HTTP peer is the JDK's {@code com.sun.net.httpserver}
 * ({@link TestHttpServer}) or, where it cannot misbehave as needed, a raw JDK {@link ServerSocket}
 * ({@link RawHttpServer}); HTTPS uses BouncyCastle test certificates ({@link TestCertificates}).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("wininet")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class WinInetContract extends WinInetQueryContract {
    /** For JUnit and for subclasses naming a backend. */
    public WinInetContract() {
    }

    // ------------------------------------------------------------------ WI-01

    @TestTemplate
    public void WI_01_fullyReadResponseReusesConnectionDiscardedOneDoesNot(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            long inet = open(api, false);
            long conn = connect(api, inet, server.port(), 1);

            long r1 = request(api, conn, "/small", 2);
            send(api, r1);
            assertEquals(200, statusCode(api, r1));
            assertEquals("hello", new String(readAll(api, r1), StandardCharsets.US_ASCII));
            assertTrue(api.InternetCloseHandle(r1));

            long r2 = request(api, conn, "/small", 3);
            send(api, r2);
            assertEquals("hello", new String(readAll(api, r2), StandardCharsets.US_ASCII));
            assertTrue(api.InternetCloseHandle(r2));
            assertEquals(1, server.connections(), "a fully read response leaves the connection for reuse");

            long r3 = request(api, conn, "/big", 4);
            send(api, r3);
            byte[] some = new byte[1024];
            IntRef n = new IntRef();
            assertTrue(api.InternetReadFile(r3, some, some.length, n));
            assertTrue(n.value > 0);
            assertTrue(api.InternetCloseHandle(r3)); // unread bytes discarded

            long r4 = request(api, conn, "/small", 5);
            send(api, r4);
            assertEquals("hello", new String(readAll(api, r4), StandardCharsets.US_ASCII));
            assertTrue(api.InternetCloseHandle(r4));
            assertEquals(2, server.connections(), "a half-read response's connection is not reused");
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_01_chunkedAndContentLengthBodiesAreReadToTheEnd(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            long inet = open(api, false);
            long conn = connect(api, inet, server.port(), 1);
            long r1 = request(api, conn, "/chunked", 2);
            send(api, r1);
            StringBuilder want = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                want.append("chunk").append(i).append(';');
            }
            assertEquals(want.toString(), new String(readAll(api, r1), StandardCharsets.US_ASCII));
            long r2 = request(api, conn, "/big", 3);
            send(api, r2);
            assertEquals(TestHttpServer.BIG, readAll(api, r2).length);
            assertEquals(1, server.connections(), "both responses fully read: one connection");
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    // ------------------------------------------------------------------ WI-02

    @TestTemplate
    public void WI_02_closingParentInvalidatesChildren(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            long inet = open(api, false);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/small", 2);
            send(api, req);
            assertTrue(api.InternetCloseHandle(inet));
            IntRef len = new IntRef(4);
            assertFails(api, api.HttpQueryInfo(req, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, new byte[4], len, null),
                    INVALID_HANDLE, "HttpQueryInfo on a child of a closed session");
            assertFails(api, api.InternetCloseHandle(req), INVALID_HANDLE, "InternetCloseHandle(child)");
            assertFails(api, api.InternetCloseHandle(conn), INVALID_HANDLE, "InternetCloseHandle(connection)");
            assertEquals(0, api.HttpOpenRequest(conn, "GET", "/", null, null, null, 0, 3));
            assertEquals(INVALID_HANDLE, api.GetLastError());
        }
    }

    @TestTemplate
    public void WI_02_closingParentWhileRequestInFlightInvalidatesChild(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, true);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/hang", 2);
            assertFails(api, api.HttpSendRequest(req, null, 0, null, 0), IO_PENDING, "async HttpSendRequest");
            assertTrue(api.InternetCloseHandle(conn));
            assertFails(api, api.InternetQueryDataAvailable(req, new IntRef(), 0, 0), INVALID_HANDLE,
                    "InternetQueryDataAvailable on an invalidated child");
            assertFails(api, api.InternetCloseHandle(req), INVALID_HANDLE, "InternetCloseHandle(invalidated child)");
            rec.awaitClosing(conn);
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    // ------------------------------------------------------------------ WI-03

    @TestTemplate
    public void WI_03_handleClosingIsLastDeepestFirstAndCarriesTheHandle(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, false);
            assertNotSame(INTERNET_INVALID_STATUS_CALLBACK, api.InternetSetStatusCallback(inet, rec));
            long conn = connect(api, inet, server.port(), 11);
            long req = request(api, conn, "/small", 12);
            send(api, req);
            readAll(api, req);
            assertTrue(api.InternetCloseHandle(inet));
            StatusRecorder.Event reqClosing = rec.awaitClosing(req);
            StatusRecorder.Event connClosing = rec.awaitClosing(conn);
            rec.settle();
            assertEquals(req, reqClosing.info(), "status information is the closed handle");
            assertEquals(8, reqClosing.length(), "length = size of a handle");
            assertEquals(12, reqClosing.context());
            assertEquals(11, connClosing.context());
            List<StatusRecorder.Event> all = rec.events();
            assertTrue(indexOf(all, req, INTERNET_STATUS_HANDLE_CLOSING) < indexOf(all, conn, INTERNET_STATUS_HANDLE_CLOSING),
                    "request before connection: " + all);
            assertClosingIsLast(rec, req);
            assertClosingIsLast(rec, conn);
            assertTrue(rec.of(inet).isEmpty(), "a session with context 0 gets no HANDLE_CLOSING: " + rec.of(inet));
        }
    }

    @TestTemplate
    public void WI_03_sessionWithContextValueGetsHandleClosing(TestBackend b) {
        WinInet api = WinInet.of(b.session());
        StatusRecorder rec = new StatusRecorder();
        long inet = open(api, false);
        api.InternetSetStatusCallback(inet, rec);
        assertTrue(api.InternetSetOption(inet, INTERNET_OPTION_CONTEXT_VALUE, new LongRef(77), 8));
        LongRef ctx = new LongRef();
        IntRef len = new IntRef(8);
        assertTrue(api.InternetQueryOption(inet, INTERNET_OPTION_CONTEXT_VALUE, ctx, len));
        assertEquals(77, ctx.value);
        assertTrue(api.InternetCloseHandle(inet));
        StatusRecorder.Event e = rec.awaitClosing(inet);
        assertEquals(77, e.context());
        assertEquals(inet, e.info());
    }

    @TestTemplate
    public void WI_03_childWithContextZeroGetsNoCallbacks(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, false);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 5);
            long req = request(api, conn, "/small", 0);
            send(api, req);
            readAll(api, req);
            assertTrue(api.InternetCloseHandle(req));
            assertTrue(api.InternetCloseHandle(conn));
            rec.awaitClosing(conn);
            rec.settle();
            assertTrue(rec.of(req).isEmpty(), "context 0: no callbacks at all, got " + rec.of(req));
            assertTrue(api.InternetCloseHandle(inet));
        }
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

    // ------------------------------------------------------------------ WI-08

    @TestTemplate
    public void WI_08_closingInvalidOrClosedHandleFails(TestBackend b) {
        WinInet api = WinInet.of(b.session());
        assertFails(api, api.InternetCloseHandle(0), INVALID_HANDLE, "InternetCloseHandle(NULL)");
        assertFails(api, api.InternetCloseHandle(0x12340), INVALID_HANDLE, "a value never issued");
        assertFails(api, api.InternetCloseHandle(-1), INVALID_HANDLE, "INVALID_HANDLE_VALUE");
        long inet = open(api, false);
        assertTrue(api.InternetCloseHandle(inet));
        assertFails(api, api.InternetCloseHandle(inet), INVALID_HANDLE, "a closed handle");
    }

    @TestTemplate
    public void WI_08_everyCallRejectsInvalidAndForeignHandles(TestBackend b) {
        WinInet api = WinInet.of(b.session());
        Session other = b.open(x -> { });
        WinInet foreignApi = WinInet.of(other);
        long foreign = foreignApi.InternetOpen("other", INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
        long mine = open(api, false);
        try {
            for (long bad : new long[] {0, 0x7ff8, foreign == mine ? 0x7ffc : foreign}) {
                assertEquals(0, api.InternetConnect(bad, "127.0.0.1", 80, null, null, INTERNET_SERVICE_HTTP, 0, 1));
                assertEquals(INVALID_HANDLE, api.GetLastError());
                assertEquals(0, api.HttpOpenRequest(bad, "GET", "/", null, null, null, 0, 1));
                assertEquals(INVALID_HANDLE, api.GetLastError());
                assertFails(api, api.HttpSendRequest(bad, null, 0, null, 0), INVALID_HANDLE, "HttpSendRequest");
                assertFails(api, api.HttpAddRequestHeaders(bad, "X: y\r\n", -1, HTTP_ADDREQ_FLAG_ADD), INVALID_HANDLE,
                        "HttpAddRequestHeaders");
                assertFails(api, api.InternetReadFile(bad, new byte[1], 1, new IntRef()), INVALID_HANDLE, "InternetReadFile");
                assertFails(api, api.InternetQueryDataAvailable(bad, new IntRef(), 0, 0), INVALID_HANDLE,
                        "InternetQueryDataAvailable");
                assertFails(api, api.HttpQueryInfo(bad, HTTP_QUERY_STATUS_CODE, new byte[8], new IntRef(8), null),
                        INVALID_HANDLE, "HttpQueryInfo");
                assertEquals(0, api.InternetOpenUrl(bad, "http://127.0.0.1/", null, 0, 0, 1));
                assertEquals(INVALID_HANDLE, api.GetLastError());
                assertSame(INTERNET_INVALID_STATUS_CALLBACK, api.InternetSetStatusCallback(bad, (h, c, s, i, l) -> { }));
                assertEquals(INVALID_HANDLE, api.GetLastError());
            }
        } finally {
            assertTrue(api.InternetCloseHandle(mine));
            assertTrue(foreignApi.InternetCloseHandle(foreign));
        }
    }

    // ------------------------------------------------------------------ WI-09

    @TestTemplate
    public void WI_09_everyHandleIsAClientHandleOfItsType(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        for (Method m : WinInet.class.getMethods()) {
            String name = m.getName().toLowerCase(java.util.Locale.ROOT);
            assertFalse(name.contains("listen") || name.contains("accept") || name.contains("bind"),
                    "WinINet offers no server-side call: " + m.getName());
        }
        long inet = open(api, false);
        long conn = connect(api, inet, 8080, 1);
        long req = request(api, conn, "/", 2);
        Map<Long, Integer> expected = new HashMap<>();
        expected.put(inet, INTERNET_HANDLE_TYPE_INTERNET);
        expected.put(conn, INTERNET_HANDLE_TYPE_CONNECT_HTTP);
        expected.put(req, INTERNET_HANDLE_TYPE_HTTP_REQUEST);
        for (Map.Entry<Long, Integer> e : expected.entrySet()) {
            IntRef type = new IntRef();
            IntRef len = new IntRef(4);
            assertTrue(api.InternetQueryOption(e.getKey(), INTERNET_OPTION_HANDLE_TYPE, type, len));
            assertEquals(e.getValue(), type.value);
        }
        assertFails(api, api.HttpSendRequest(inet, null, 0, null, 0), WRONG_TYPE, "HttpSendRequest(session handle)");
        assertFails(api, api.HttpSendRequest(conn, null, 0, null, 0), WRONG_TYPE, "HttpSendRequest(connection handle)");
        assertFails(api, api.InternetReadFile(conn, new byte[1], 1, new IntRef()), WRONG_TYPE, "InternetReadFile(connection)");
        assertEquals(0, api.HttpOpenRequest(inet, "GET", "/", null, null, null, 0, 1));
        assertEquals(WRONG_TYPE, api.GetLastError());
        assertEquals(0, api.InternetConnect(req, "127.0.0.1", 80, null, null, INTERNET_SERVICE_HTTP, 0, 1));
        assertEquals(WRONG_TYPE, api.GetLastError());
        assertTrue(api.InternetCloseHandle(inet));
    }

    @TestTemplate
    public void WI_09_crlfInVerbPathOrHeadersNeverPutsASecondRequestOnTheWire(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.Behaviour.OK)) {
            long inet = open(api, false);
            long conn = connect(api, inet, server.port(), 1);
            int invalidParameter = Win32Error.ERROR_INVALID_PARAMETER.code();
            assertEquals(0, api.HttpOpenRequest(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET", "/", null, null, null, 0, 1));
            assertEquals(invalidParameter, api.GetLastError());
            assertEquals(0, api.HttpOpenRequest(conn, "GET", "/a HTTP/1.1\r\n\r\nGET /evil", null, null, null, 0, 1));
            assertEquals(invalidParameter, api.GetLastError());
            long req = request(api, conn, "/ok", 2);
            int invalidHeader = Win32Error.ERROR_HTTP_INVALID_HEADER.code();
            assertFails(api, api.HttpAddRequestHeaders(req, "X-A: 1\r\n\r\nGET /evil HTTP/1.1\r\nHost: x\r\n", -1,
                    HTTP_ADDREQ_FLAG_ADD), invalidHeader, "header with an embedded request");
            assertFails(api, api.HttpAddRequestHeaders(req, "X-A: 1\nGET /evil HTTP/1.1", -1, HTTP_ADDREQ_FLAG_ADD),
                    invalidHeader, "bare LF");
            assertFails(api, api.HttpSendRequest(req, "X-B: 2\r\nX-C: a\rb\r\n", -1, null, 0), invalidHeader,
                    "bare CR in HttpSendRequest headers");
            assertTrue(api.HttpAddRequestHeaders(req, "X-Good: yes\r\n", -1, HTTP_ADDREQ_FLAG_ADD));
            send(api, req);
            assertEquals("ok", new String(readAll(api, req), StandardCharsets.US_ASCII));
            assertTrue(api.InternetCloseHandle(inet));
            List<String> wire = server.received().stream().filter(s -> !s.isEmpty()).toList();
            assertEquals(1, wire.size(), "exactly one request on the wire: " + wire);
            assertTrue(wire.get(0).startsWith("GET /ok HTTP/1.1\r\n"), wire.get(0));
            assertTrue(wire.get(0).contains("X-Good: yes\r\n"), wire.get(0));
            assertFalse(wire.get(0).contains("evil"), wire.get(0));
        }
    }

    // ------------------------------------------------------------------ WI-10

    @TestTemplate
    public void WI_10_asyncSendReturnsIoPendingThenOrderedCallbacks(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, true);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/small", 2);
            assertCarriesTheHandle(rec.await(req, INTERNET_STATUS_HANDLE_CREATED), req); // WI-11
            assertFails(api, api.HttpSendRequest(req, null, 0, null, 0), IO_PENDING, "async HttpSendRequest");
            StatusRecorder.Event done = rec.await(req, INTERNET_STATUS_REQUEST_COMPLETE);
            assertEquals(1, done.result());
            assertEquals(0, done.error());
            assertNotSame(Thread.currentThread(), done.thread(), "REQUEST_COMPLETE comes on another thread");
            List<Integer> order = List.of(INTERNET_STATUS_HANDLE_CREATED, INTERNET_STATUS_RESOLVING_NAME,
                    INTERNET_STATUS_NAME_RESOLVED, INTERNET_STATUS_CONNECTING_TO_SERVER, INTERNET_STATUS_CONNECTED_TO_SERVER,
                    INTERNET_STATUS_SENDING_REQUEST, INTERNET_STATUS_REQUEST_SENT, INTERNET_STATUS_RECEIVING_RESPONSE,
                    INTERNET_STATUS_RESPONSE_RECEIVED, INTERNET_STATUS_REQUEST_COMPLETE);
            List<Integer> seen = rec.statuses(req).stream().filter(order::contains).distinct().toList();
            assertEquals(order, seen, "progress order: " + rec.of(req));
            assertEquals(200, statusCode(api, req));

            // second request on the same connection handle: no resolving again (once per host)
            long req2 = request(api, conn, "/small", 3);
            byte[] buf = new byte[64];
            IntRef n = new IntRef();
            boolean ok = api.InternetReadFile(req, buf, buf.length, n);
            if (!ok) {
                assertEquals(IO_PENDING, api.GetLastError());
                rec.await(e -> e.handle() == req && e.status() == INTERNET_STATUS_REQUEST_COMPLETE && e != done,
                        Duration.ofSeconds(10));
            }
            assertFails(api, api.HttpSendRequest(req2, null, 0, null, 0), IO_PENDING, "second async send");
            rec.await(req2, INTERNET_STATUS_REQUEST_COMPLETE);
            assertFalse(rec.statuses(req2).contains(INTERNET_STATUS_RESOLVING_NAME), "resolved once per host: " + rec.of(req2));
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_10_asyncQueryDataAvailableCompletesWithTheCount(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, true);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/late", 2);
            assertFails(api, api.HttpSendRequest(req, null, 0, null, 0), IO_PENDING, "async HttpSendRequest");
            StatusRecorder.Event sent = rec.await(req, INTERNET_STATUS_REQUEST_COMPLETE);
            rec.settle();
            rec.clear();
            IntRef avail = new IntRef();
            int count;
            if (api.InternetQueryDataAvailable(req, avail, 0, 0)) {
                count = avail.value; // the body was already there
            } else {
                assertEquals(IO_PENDING, api.GetLastError());
                StatusRecorder.Event done = rec.await(req, INTERNET_STATUS_REQUEST_COMPLETE);
                assertEquals(1, done.result());
                count = done.error(); // dwError carries the byte count
            }
            assertEquals(1, sent.result());
            assertEquals(TestHttpServer.SMALL.length, count);
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_10_synchronousModeReportsProgressToo(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, false);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/small", 2);
            send(api, req);
            rec.await(req, INTERNET_STATUS_RESPONSE_RECEIVED);
            assertFalse(rec.statuses(req).contains(INTERNET_STATUS_REQUEST_COMPLETE), "no REQUEST_COMPLETE in sync mode");
            IntRef avail = new IntRef();
            assertTrue(api.InternetQueryDataAvailable(req, avail, 0, 0));
            assertTrue(avail.value > 0);
            assertEquals("hello", new String(readAll(api, req), StandardCharsets.US_ASCII));
            byte[] raw = new byte[4096];
            IntRef len = new IntRef(raw.length);
            assertTrue(api.HttpQueryInfo(req, HTTP_QUERY_RAW_HEADERS_CRLF, raw, len, null));
            String headers = new String(raw, 0, len.value, StandardCharsets.ISO_8859_1);
            assertTrue(headers.startsWith("HTTP/1.1 200"), headers);
            byte[] cl = new byte[4];
            IntRef clLen = new IntRef(4);
            assertTrue(api.HttpQueryInfo(req, HTTP_QUERY_CONTENT_LENGTH | HTTP_QUERY_FLAG_NUMBER, cl, clLen, null));
            assertEquals(5, cl[0]);
            IntRef small = new IntRef(2);
            assertFails(api, api.HttpQueryInfo(req, HTTP_QUERY_STATUS_TEXT, new byte[2], small, null),
                    Win32Error.ERROR_INSUFFICIENT_BUFFER.code(), "too small a buffer");
            assertEquals(3, small.value, "\"OK\" + NUL");
            byte[] custom = new byte[64];
            System.arraycopy("X-Missing".getBytes(StandardCharsets.US_ASCII), 0, custom, 0, 9);
            assertFails(api, api.HttpQueryInfo(req, HTTP_QUERY_CUSTOM, custom, new IntRef(64), null),
                    Win32Error.ERROR_HTTP_HEADER_NOT_FOUND.code(), "missing header");
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_10_asyncOpenUrlHandsTheHandleOverInRequestComplete(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, true);
            api.InternetSetStatusCallback(inet, rec);
            long none = api.InternetOpenUrl(inet, "http://127.0.0.1:" + server.port() + "/small", null, 0, 0, 9);
            assertEquals(0, none, "async InternetOpenUrl returns NULL");
            assertEquals(IO_PENDING, api.GetLastError());
            StatusRecorder.Event done = rec.await(e -> e.context() == 9 && e.status() == INTERNET_STATUS_REQUEST_COMPLETE,
                    Duration.ofSeconds(10));
            long req = done.result();
            assertNotEquals(0, req, "dwResult is the new handle");
            assertEquals(0, done.error());
            assertEquals(200, statusCode(api, req));
            assertTrue(api.InternetCloseHandle(req));
            rec.awaitClosing(req);
            rec.settle();
            long closings = rec.events().stream().filter(e -> e.status() == INTERNET_STATUS_HANDLE_CLOSING).count();
            assertEquals(1, closings, "no HANDLE_CLOSING for the hidden connection: " + rec);
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_10_synchronousOpenUrlAndMalformedUrls(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            long inet = open(api, false);
            long req = api.InternetOpenUrl(inet, "http://127.0.0.1:" + server.port() + "/chunked?x=1", null, 0, 0, 3);
            assertNotEquals(0, req, () -> "InternetOpenUrl failed: " + api.GetLastError());
            assertTrue(readAll(api, req).length > 0);
            assertTrue(api.InternetCloseHandle(req));
            int invalidUrl = Win32Error.ERROR_INTERNET_INVALID_URL.code();
            int scheme = Win32Error.ERROR_INTERNET_UNRECOGNIZED_SCHEME.code();
            assertEquals(0, api.InternetOpenUrl(inet, "http://exa mple.com/", null, 0, 0, 3));
            assertEquals(invalidUrl, api.GetLastError());
            assertEquals(0, api.InternetOpenUrl(inet, "http://127.0.0.1:1/a\r\nHost: evil", null, 0, 0, 3));
            assertEquals(invalidUrl, api.GetLastError());
            assertEquals(0, api.InternetOpenUrl(inet, "bogus://127.0.0.1/", null, 0, 0, 3));
            assertEquals(scheme, api.GetLastError());
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_10_callbackOptionCannotBeSet(TestBackend b) {
        WinInet api = WinInet.of(b.session());
        InternetStatusCallback cb = (h, c, s, i, l) -> { };
        assertFails(api, api.InternetSetOption(0, INTERNET_OPTION_CALLBACK, cb, 8), WRONG_TYPE, "on a NULL handle");
        long inet = open(api, false);
        assertFails(api, api.InternetSetOption(inet, INTERNET_OPTION_CALLBACK, cb, 8),
                Win32Error.ERROR_INTERNET_OPTION_NOT_SETTABLE.code(), "on a session");
        assertTrue(api.InternetSetOption(inet, INTERNET_OPTION_RECEIVE_TIMEOUT, new IntRef(1234), 4));
        IntRef v = new IntRef();
        IntRef len = new IntRef(4);
        assertTrue(api.InternetQueryOption(inet, INTERNET_OPTION_RECEIVE_TIMEOUT, v, len));
        assertEquals(1234, v.value);
        assertFails(api, api.InternetSetOption(inet, INTERNET_OPTION_RECEIVE_TIMEOUT, new IntRef(1), 2),
                Win32Error.ERROR_INTERNET_BAD_OPTION_LENGTH.code(), "short option buffer");
        IntRef tooSmall = new IntRef(1);
        assertFails(api, api.InternetQueryOption(inet, INTERNET_OPTION_CONNECT_TIMEOUT, v, tooSmall),
                Win32Error.ERROR_INSUFFICIENT_BUFFER.code(), "short query buffer");
        assertEquals(4, tooSmall.value);
        assertTrue(api.InternetCloseHandle(inet));
    }

    @TestTemplate
    public void WI_10_unreachableStalledResetAndBrokenServersGiveWinInetErrors(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        long inet = open(api, false);
        int refusedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            refusedPort = s.getLocalPort();
        }
        long conn = connect(api, inet, refusedPort, 1);
        long req = request(api, conn, "/", 2);
        assertFails(api, api.HttpSendRequest(req, null, 0, null, 0), Win32Error.ERROR_INTERNET_CANNOT_CONNECT.code(),
                "nothing listening");
        long bad = api.InternetConnect(inet, "no-such-host.invalid", 80, null, null, INTERNET_SERVICE_HTTP, 0, 1);
        long badReq = request(api, bad, "/", 2);
        assertFails(api, api.HttpSendRequest(badReq, null, 0, null, 0), Win32Error.ERROR_INTERNET_NAME_NOT_RESOLVED.code(),
                "unresolvable host");
        try (RawHttpServer stall = new RawHttpServer(RawHttpServer.Behaviour.STALL)) {
            long c = connect(api, inet, stall.port(), 1);
            long r = request(api, c, "/", 2);
            assertTrue(api.InternetSetOption(r, INTERNET_OPTION_RECEIVE_TIMEOUT, new IntRef(300), 4));
            long t0 = System.nanoTime();
            assertFails(api, api.HttpSendRequest(r, null, 0, null, 0), Win32Error.ERROR_INTERNET_TIMEOUT.code(), "stall");
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "the timeout ended the wait");
        }
        try (RawHttpServer reset = new RawHttpServer(RawHttpServer.Behaviour.RESET)) {
            long c = connect(api, inet, reset.port(), 1);
            long r = request(api, c, "/", 2);
            assertFalse(api.HttpSendRequest(r, null, 0, null, 0));
            int e = api.GetLastError();
            assertTrue(e == Win32Error.ERROR_INTERNET_CONNECTION_RESET.code()
                    || e == Win32Error.ERROR_INTERNET_CONNECTION_ABORTED.code()
                    || e == Win32Error.ERROR_HTTP_INVALID_SERVER_RESPONSE.code(), "reset gives a WinINet error: " + e);
        }
        try (RawHttpServer garbage = new RawHttpServer(RawHttpServer.Behaviour.GARBAGE)) {
            long c = connect(api, inet, garbage.port(), 1);
            long r = request(api, c, "/", 2);
            assertFalse(api.HttpSendRequest(r, null, 0, null, 0) && statusCode(api, r) == 200, "garbage is no 200 OK");
        }
        try (RawHttpServer huge = new RawHttpServer(RawHttpServer.Behaviour.HUGE_HEADERS)) {
            long c = connect(api, inet, huge.port(), 1);
            long r = request(api, c, "/", 2);
            assertFails(api, api.HttpSendRequest(r, null, 0, null, 0), Win32Error.ERROR_HTTP_INVALID_SERVER_RESPONSE.code(),
                    "256 KiB of response headers");
        }
        try (RawHttpServer truncate = new RawHttpServer(RawHttpServer.Behaviour.TRUNCATE)) {
            long c = connect(api, inet, truncate.port(), 1);
            long r = request(api, c, "/", 2);
            send(api, r);
            byte[] buf = new byte[1000];
            IntRef n = new IntRef();
            int total = 0;
            while (api.InternetReadFile(r, buf, buf.length, n) && n.value > 0) {
                total += n.value;
            }
            assertTrue(total <= 10, "never more than was sent");
        }
        assertTrue(api.InternetCloseHandle(inet));
    }

    @TestTemplate
    public void WI_10_httpsChecksCertificatesByDefault(TestBackend b) throws Exception {
        TestCertificates ca = TestCertificates.newAuthority();
        Path trust = Files.createTempFile("teardown-test-ca", ".pem");
        try (TestHttpServer ipServer = TestHttpServer.startTls(ca.serverContext("127.0.0.1"));
             TestHttpServer wrongName = TestHttpServer.startTls(ca.serverContext("other.example"))) {
            ca.writeAuthority(trust);
            // verification on, CA unknown: fails
            WinInet untrusting = WinInet.of(b.session());
            long inet = open(untrusting, false);
            long conn = connect(untrusting, inet, ipServer.port(), 1);
            long req = request(untrusting, conn, "GET", "/small", INTERNET_FLAG_SECURE, 2);
            assertFails(untrusting, untrusting.HttpSendRequest(req, null, 0, null, 0),
                    Win32Error.ERROR_INTERNET_INVALID_CA.code(), "untrusted CA");
            assertTrue(untrusting.InternetCloseHandle(inet));

            // the test CA trusted: passes; a certificate for another name: fails with CN_INVALID
            Session trusting = b.open(x -> x.property("teardown.wininet.trustStore", trust.toString()));
            WinInet api = WinInet.of(trusting);
            long inet2 = open(api, false);
            long conn2 = connect(api, inet2, ipServer.port(), 1);
            long ok = request(api, conn2, "GET", "/small", INTERNET_FLAG_SECURE, 2);
            send(api, ok);
            assertEquals("hello", new String(readAll(api, ok), StandardCharsets.US_ASCII));
            long conn3 = connect(api, inet2, wrongName.port(), 1);
            long wrong = request(api, conn3, "GET", "/small", INTERNET_FLAG_SECURE, 2);
            assertFails(api, api.HttpSendRequest(wrong, null, 0, null, 0),
                    Win32Error.ERROR_INTERNET_SEC_CERT_CN_INVALID.code(), "certificate for another host name");
            long relaxed = request(api, conn3, "GET", "/small", INTERNET_FLAG_SECURE | INTERNET_FLAG_IGNORE_CERT_CN_INVALID, 3);
            send(api, relaxed);
            assertEquals(200, statusCode(api, relaxed));
            assertTrue(api.InternetCloseHandle(inet2));
        } finally {
            Files.deleteIfExists(trust);
        }
    }
}

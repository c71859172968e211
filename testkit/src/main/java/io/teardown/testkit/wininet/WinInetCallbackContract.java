package io.teardown.testkit.wininet;

import static io.teardown.wininet.WinInet.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.wininet.WinInet;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WinINet contract's callback group (WI-11 of docs/wininet.md, with the close rules WI-01 … WI-06 again in
 * synchronous mode): for each callback, the thread it runs on — in synchronous mode the caller's, inside
 * the call that causes it; in async mode another thread (WI-10) — its payload and its length. Part of
 * {@link WinInetContract}, which every backend runs; the helpers here serve both.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("wininet")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class WinInetCallbackContract {
    static final int INVALID_HANDLE = Win32Error.ERROR_INVALID_HANDLE.code();
    static final int IO_PENDING = Win32Error.ERROR_IO_PENDING.code();
    static final int CANCELLED = Win32Error.ERROR_INTERNET_OPERATION_CANCELLED.code();
    static final int WRONG_TYPE = Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE.code();
    /** {@code sizeof(HINTERNET)} on 64-bit Windows. */
    static final int HANDLE_SIZE = 8;

    /** For JUnit and for subclasses. */
    public WinInetCallbackContract() {
    }

    // ------------------------------------------------------------------ helpers (the whole contract's)

    static long open(WinInet api, boolean async) {
        long h = api.InternetOpen("teardown-contract", INTERNET_OPEN_TYPE_DIRECT, null, null, async ? INTERNET_FLAG_ASYNC : 0);
        assertNotEquals(0, h, "InternetOpen failed: " + api.GetLastError());
        return h;
    }

    static long connect(WinInet api, long inet, int port, long context) {
        long h = api.InternetConnect(inet, "127.0.0.1", port, null, null, INTERNET_SERVICE_HTTP, 0, context);
        assertNotEquals(0, h, "InternetConnect failed: " + api.GetLastError());
        return h;
    }

    static long request(WinInet api, long conn, String path, long context) {
        return request(api, conn, "GET", path, 0, context);
    }

    static long request(WinInet api, long conn, String verb, String path, int flags, long context) {
        long h = api.HttpOpenRequest(conn, verb, path, null, null, null, flags | INTERNET_FLAG_RELOAD, context);
        assertNotEquals(0, h, "HttpOpenRequest failed: " + api.GetLastError());
        return h;
    }

    static void send(WinInet api, long req) {
        assertTrue(api.HttpSendRequest(req, null, 0, null, 0), () -> "HttpSendRequest failed: " + api.GetLastError());
    }

    static int statusCode(WinInet api, long req) {
        byte[] b = new byte[4];
        IntRef len = new IntRef(4);
        assertTrue(api.HttpQueryInfo(req, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, b, len, null),
                () -> "HttpQueryInfo failed: " + api.GetLastError());
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    static byte[] readAll(WinInet api, long req) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        IntRef n = new IntRef();
        while (true) {
            assertTrue(api.InternetReadFile(req, buf, buf.length, n), () -> "InternetReadFile failed: " + api.GetLastError());
            if (n.value == 0) {
                return out.toByteArray();
            }
            out.write(buf, 0, n.value);
        }
    }

    static void assertFails(WinInet api, boolean ok, int error, String what) {
        assertFalse(ok, what + " should fail");
        assertEquals(error, api.GetLastError(), what + ": GetLastError()");
    }

    static void assertClosingIsLast(StatusRecorder rec, long handle) {
        List<Integer> s = rec.statuses(handle);
        assertEquals(1, s.stream().filter(x -> x == INTERNET_STATUS_HANDLE_CLOSING).count(),
                "exactly one HANDLE_CLOSING for 0x" + Long.toHexString(handle) + ": " + rec.of(handle));
        assertEquals(INTERNET_STATUS_HANDLE_CLOSING, s.get(s.size() - 1),
                "HANDLE_CLOSING is the last callback for 0x" + Long.toHexString(handle) + ": " + rec.of(handle));
    }

    static int indexOf(List<StatusRecorder.Event> all, long handle, int status) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).handle() == handle && all.get(i).status() == status) {
                return i;
            }
        }
        return -1;
    }

    /** WI-11: HANDLE_CREATED / HANDLE_CLOSING carry the handle itself, with the size of a handle. */
    static void assertCarriesTheHandle(StatusRecorder.Event e, long handle) {
        assertEquals(handle, e.handle(), e::toString);
        assertEquals(Long.valueOf(handle), e.info(), () -> "the information is the HINTERNET: " + e);
        assertEquals(HANDLE_SIZE, e.length(), () -> "length = size of a handle: " + e);
    }

    /** WI-11: every callback recorded so far ran on {@code caller} — none on a library thread. */
    static void assertAllOn(Thread caller, List<StatusRecorder.Event> events) {
        for (StatusRecorder.Event e : events) {
            assertSame(caller, e.thread(), () -> e + " ran on " + e.thread().getName() + ", not the calling thread");
        }
    }

    /** WI-11: what a synchronous call caused had run when it returned — nothing arrives later. */
    static void assertNothingLater(StatusRecorder rec, int countAtReturn) {
        rec.settle();
        assertEquals(countAtReturn, rec.events().size(), () -> "callbacks after the call returned: " + rec);
    }

    // ------------------------------------------------------------------ WI-11: HANDLE_CREATED

    @TestTemplate
    public void WI_11_handleCreatedCarriesTheNewHandleWithLengthEight(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            for (boolean async : new boolean[] {false, true}) {
                StatusRecorder rec = new StatusRecorder();
                long inet = open(api, async);
                api.InternetSetStatusCallback(inet, rec);
                long conn = connect(api, inet, server.port(), 1);
                assertCarriesTheHandle(rec.await(conn, INTERNET_STATUS_HANDLE_CREATED), conn);
                long req = request(api, conn, "/small", 2);
                assertCarriesTheHandle(rec.await(req, INTERNET_STATUS_HANDLE_CREATED), req);
                String url = "http://127.0.0.1:" + server.port() + "/small";
                long direct = api.InternetOpenUrl(inet, url, null, 0, 0, 3);
                if (async) {
                    assertEquals(0, direct, "async InternetOpenUrl returns NULL (WI-10)");
                    assertEquals(IO_PENDING, api.GetLastError());
                    StatusRecorder.Event done = rec.await(e -> e.context() == 3
                            && e.status() == INTERNET_STATUS_REQUEST_COMPLETE, Duration.ofSeconds(10));
                    direct = done.result();
                } else {
                    assertNotEquals(0, direct, "InternetOpenUrl: " + api.GetLastError());
                }
                assertCarriesTheHandle(rec.await(direct, INTERNET_STATUS_HANDLE_CREATED), direct);
                assertEquals(3, rec.await(direct, INTERNET_STATUS_HANDLE_CREATED).context());
                assertTrue(api.InternetCloseHandle(inet));
                assertCarriesTheHandle(rec.awaitClosing(req), req);
                assertCarriesTheHandle(rec.awaitClosing(conn), conn);
            }
        }
    }

    // ------------------------------------------------------------------ WI-11: synchronous mode, caller's thread

    @TestTemplate
    public void WI_11_synchronousSendReportsProgressOnTheCallingThreadInsideTheCall(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, false);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/small", 2);
            Thread me = Thread.currentThread();
            rec.clear();
            send(api, req);
            int atReturn = rec.events().size();
            List<Integer> order = List.of(INTERNET_STATUS_CONNECTING_TO_SERVER, INTERNET_STATUS_CONNECTED_TO_SERVER,
                    INTERNET_STATUS_SENDING_REQUEST, INTERNET_STATUS_REQUEST_SENT, INTERNET_STATUS_RECEIVING_RESPONSE,
                    INTERNET_STATUS_RESPONSE_RECEIVED);
            List<Integer> seen = rec.statuses(req).stream().filter(order::contains).distinct().toList();
            assertEquals(order, seen, "progress inside HttpSendRequest, in order: " + rec.of(req));
            assertAllOn(me, rec.events());
            assertFalse(rec.statuses(req).contains(INTERNET_STATUS_REQUEST_COMPLETE), "no REQUEST_COMPLETE in sync mode");
            for (StatusRecorder.Event e : rec.of(req)) {
                switch (e.status()) {
                    case INTERNET_STATUS_REQUEST_SENT, INTERNET_STATUS_RESPONSE_RECEIVED -> {
                        assertTrue(e.info() instanceof Integer n && n > 0, () -> "a byte count: " + e);
                        assertEquals(4, e.length(), e::toString);
                    }
                    case INTERNET_STATUS_CONNECTING_TO_SERVER, INTERNET_STATUS_CONNECTED_TO_SERVER ->
                            assertTrue(e.length() > 0, () -> "an address: " + e);
                    default -> { }
                }
            }
            assertNothingLater(rec, atReturn);

            // the body, read synchronously: whatever a read reports, it reports on the caller, inside the call
            rec.clear();
            assertEquals("hello", new String(readAll(api, req), java.nio.charset.StandardCharsets.US_ASCII));
            assertAllOn(me, rec.events());
            assertNothingLater(rec, rec.events().size());
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_11_synchronousReadWaitingForTheBodyReportsOnTheCallingThread(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, false);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/late", 2); // head now, body 300 ms later
            send(api, req);
            rec.clear();
            byte[] buf = new byte[64];
            IntRef n = new IntRef();
            assertTrue(api.InternetReadFile(req, buf, buf.length, n), () -> "read: " + api.GetLastError());
            int atReturn = rec.events().size();
            assertEquals(TestHttpServer.SMALL.length, n.value);
            StatusRecorder.Event received = rec.await(req, INTERNET_STATUS_RESPONSE_RECEIVED);
            assertEquals(Integer.valueOf(n.value), received.info(), "RESPONSE_RECEIVED carries the bytes read");
            assertEquals(4, received.length());
            assertAllOn(Thread.currentThread(), rec.events());
            assertNothingLater(rec, atReturn);
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_11_synchronousOpenUrlReportsOnTheCallingThread(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, false);
            api.InternetSetStatusCallback(inet, rec);
            long req = api.InternetOpenUrl(inet, "http://127.0.0.1:" + server.port() + "/small", null, 0, 0, 7);
            assertNotEquals(0, req, "InternetOpenUrl: " + api.GetLastError());
            int atReturn = rec.events().size();
            List<Integer> s = rec.statuses(req);
            assertEquals(INTERNET_STATUS_HANDLE_CREATED, s.get(0), rec::toString);
            assertTrue(s.contains(INTERNET_STATUS_RESPONSE_RECEIVED), "the response arrived inside the call: " + rec);
            assertFalse(s.contains(INTERNET_STATUS_REQUEST_COMPLETE), "no REQUEST_COMPLETE in sync mode");
            assertAllOn(Thread.currentThread(), rec.events());
            assertNothingLater(rec, atReturn);
            assertEquals(200, statusCode(api, req));
            assertTrue(api.InternetCloseHandle(req));
            assertCarriesTheHandle(rec.of(req).get(rec.of(req).size() - 1), req);
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_11_asyncModeStillReportsProgressOnAnotherThread(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, true);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/small", 2);
            assertFails(api, api.HttpSendRequest(req, null, 0, null, 0), IO_PENDING, "async HttpSendRequest");
            rec.await(req, INTERNET_STATUS_REQUEST_COMPLETE);
            Thread me = Thread.currentThread();
            for (StatusRecorder.Event e : rec.of(req)) {
                if (e.status() != INTERNET_STATUS_HANDLE_CREATED && e.status() != INTERNET_STATUS_HANDLE_CLOSING) {
                    assertNotSame(me, e.thread(), () -> "WI-10: " + e + " on the calling thread");
                }
            }
            assertTrue(api.InternetCloseHandle(inet));
            rec.awaitClosing(conn);
        }
    }

    // ------------------------------------------------------------------ WI-11: closing in synchronous mode

    @TestTemplate
    public void WI_11_synchronousCloseOfAHalfReadResponseReportsOnTheClosingThread(TestBackend b) throws Exception {
        // WI-01 again: the discarded response costs its connection; every close report on the caller
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, false);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/big", 2);
            send(api, req);
            byte[] buf = new byte[1000];
            assertTrue(api.InternetReadFile(req, buf, buf.length, new IntRef()));
            rec.clear();
            assertTrue(api.InternetCloseHandle(req));
            int atReturn = rec.events().size();
            assertTrue(atReturn > 0, "HANDLE_CLOSING ran inside InternetCloseHandle");
            assertCarriesTheHandle(rec.of(req).get(rec.of(req).size() - 1), req);
            assertClosingIsLast(rec, req);
            assertAllOn(Thread.currentThread(), rec.events());
            assertNothingLater(rec, atReturn);
            long again = request(api, conn, "/small", 3);
            send(api, again);
            readAll(api, again);
            assertEquals(2, server.connections(), "no reuse after a discarded response (WI-01)");
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_11_synchronousCloseOfAParentReportsDeepestFirstOnTheClosingThread(TestBackend b) throws Exception {
        // WI-02 / WI-03 again: the subtree is invalid at once; HANDLE_CLOSING request, then connection, last
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, false);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 11);
            long req = request(api, conn, "/small", 12);
            long silent = request(api, conn, "/small", 0);
            send(api, req);
            readAll(api, req);
            rec.clear();
            assertTrue(api.InternetCloseHandle(conn));
            int atReturn = rec.events().size();
            assertFails(api, api.InternetCloseHandle(req), INVALID_HANDLE, "the child of a closed parent");
            List<StatusRecorder.Event> all = rec.events();
            assertTrue(indexOf(all, req, INTERNET_STATUS_HANDLE_CLOSING) >= 0, "request reported: " + all);
            assertTrue(indexOf(all, req, INTERNET_STATUS_HANDLE_CLOSING) < indexOf(all, conn, INTERNET_STATUS_HANDLE_CLOSING),
                    "request before connection: " + all);
            assertCarriesTheHandle(rec.awaitClosing(conn), conn);
            assertClosingIsLast(rec, req);
            assertClosingIsLast(rec, conn);
            assertTrue(rec.of(silent).isEmpty(), "context 0: no callbacks (WI-03): " + rec.of(silent));
            assertAllOn(Thread.currentThread(), all);
            assertNothingLater(rec, atReturn);
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_11_synchronousCallBlockedWhileItsParentIsClosedElsewhere(TestBackend b) throws Exception {
        // WI-02, WI-04, WI-05, WI-06 again: a synchronous send blocked in one thread, its parent closed in
        // another. The blocked call fails with 12017, the close sets 997, HANDLE_CLOSING is last, and each
        // callback runs on one of the two calling threads — never on a library thread.
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, false);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/hang", 2);
            AtomicReference<Thread> sender = new AtomicReference<>();
            CompletableFuture<int[]> call = CompletableFuture.supplyAsync(() -> {
                sender.set(Thread.currentThread());
                boolean ok = api.HttpSendRequest(req, null, 0, null, 0);
                return new int[] {ok ? 1 : 0, api.GetLastError()};
            });
            rec.await(req, INTERNET_STATUS_REQUEST_SENT); // the call is blocked waiting for the head
            assertTrue(api.InternetCloseHandle(conn));
            assertEquals(IO_PENDING, api.GetLastError(), "closed with a call outstanding (WI-05)");
            int[] r = call.get(10, TimeUnit.SECONDS);
            assertEquals(0, r[0], "the blocked call fails");
            assertEquals(CANCELLED, r[1]);
            assertFails(api, api.HttpSendRequest(req, null, 0, null, 0), INVALID_HANDLE, "the invalidated child");
            rec.settle();
            assertClosingIsLast(rec, req);
            assertClosingIsLast(rec, conn);
            assertFalse(rec.statuses(req).contains(INTERNET_STATUS_REQUEST_COMPLETE), "no REQUEST_COMPLETE in sync mode");
            Thread me = Thread.currentThread();
            for (StatusRecorder.Event e : rec.events()) {
                assertTrue(e.thread() == me || e.thread() == sender.get(),
                        () -> e + " ran on " + e.thread().getName() + ", not a calling thread");
            }
            assertSame(me, rec.awaitClosing(conn).thread(), "the connection's HANDLE_CLOSING inside the close");
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_11_synchronousCloseFromInsideACallbackRunsAfterItOnTheSameThread(TestBackend b) throws Exception {
        // WI-06 again: the close from a callback of HttpSendRequest only queues; its reports run when the
        // callback has returned, still inside HttpSendRequest, on the calling thread
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            AtomicInteger closeResult = new AtomicInteger(-1);
            AtomicInteger closingSeenInside = new AtomicInteger();
            StatusRecorder rec = new StatusRecorder();
            rec.react(e -> {
                if (e.status() == INTERNET_STATUS_RESPONSE_RECEIVED && e.context() == 2 && closeResult.get() < 0) {
                    closeResult.set(api.InternetCloseHandle(e.handle()) ? 1 : 0);
                    closingSeenInside.set(rec.statuses(e.handle()).contains(INTERNET_STATUS_HANDLE_CLOSING) ? 1 : 0);
                }
            });
            long inet = open(api, false);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/big", 2);
            api.HttpSendRequest(req, null, 0, null, 0);
            int atReturn = rec.events().size();
            assertEquals(1, closeResult.get(), "InternetCloseHandle from the callback succeeded");
            assertEquals(0, closingSeenInside.get(), "HANDLE_CLOSING waited for the running callback");
            assertCarriesTheHandle(rec.of(req).get(rec.of(req).size() - 1), req);
            assertClosingIsLast(rec, req);
            assertAllOn(Thread.currentThread(), rec.events());
            assertNothingLater(rec, atReturn);
            assertTrue(api.InternetCloseHandle(inet));
        }
    }
}

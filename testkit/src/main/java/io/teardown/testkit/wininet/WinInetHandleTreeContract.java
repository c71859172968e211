package io.teardown.testkit.wininet;

import static io.teardown.wininet.WinInet.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.testkit.TestBackend;
import io.teardown.wininet.WinInet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.TestTemplate;

/**
 * The WinINet contract's handle-tree group: a response read to the end gives its connection back for
 * reuse (WI-01), closing a parent invalidates its children (WI-02), and {@code HANDLE_CLOSING} comes last,
 * deepest handle first, only to handles with a context (WI-03). Part of {@link WinInetContract}.
 */
public class WinInetHandleTreeContract extends WinInetQueryContract {
    /** For JUnit and for subclasses. */
    public WinInetHandleTreeContract() {
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

}

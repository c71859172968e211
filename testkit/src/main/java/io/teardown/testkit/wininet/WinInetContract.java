package io.teardown.testkit.wininet;

import static io.teardown.wininet.WinInet.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WinINet contract (WI-01 … WI-11, <a href="https://github.com/teardown-io/teardown/blob/main/docs/wininet.md">docs/wininet.md</a>) every backend passes, through the flat
 * {@link WinInet} facade only. This class holds bad handles (WI-08), handle types and request
 * injection (WI-09) and asynchronous completion (WI-10); the close group
 * ({@link WinInetCloseContract}, WI-04 … WI-07), the handle-tree group ({@link WinInetHandleTreeContract},
 * WI-01 … WI-03), the query group ({@link WinInetQueryContract}), the upload group
 * ({@link WinInetUploadContract}), the redirect group
 * ({@link WinInetRedirectContract}) and the callback group
 * (WI-11, and the close rules again in synchronous mode) with the helpers ({@link WinInetCallbackContract})
 * are inherited. The HTTP peer is the JDK's {@code com.sun.net.httpserver}
 * ({@link TestHttpServer}) or, where it cannot misbehave as needed, a raw JDK {@link ServerSocket}
 * ({@link RawHttpServer}); HTTPS uses BouncyCastle test certificates ({@link TestCertificates}).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("wininet")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class WinInetContract extends WinInetCloseContract {
    /** For JUnit and for subclasses naming a backend. */
    public WinInetContract() {
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

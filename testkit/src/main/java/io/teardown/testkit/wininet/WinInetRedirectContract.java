package io.teardown.testkit.wininet;

import static io.teardown.wininet.WinInet.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.testkit.TestBackend;
import io.teardown.wininet.WinInet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.TestTemplate;

/**
 * The WinINet contract's redirect group: a redirect is followed by default and reported as
 * {@code INTERNET_STATUS_REDIRECT} (110) with the new URL (WI-10's progress); not with
 * {@code INTERNET_FLAG_NO_AUTO_REDIRECT}; a 303 (or a POST's 301/302) becomes a GET; at most five hops,
 * then {@code ERROR_HTTP_REDIRECT_FAILED} (12156); the first hop's connection is drained and reused
 * (WI-01); a close during the chain — here from inside the k-th REDIRECT callback — cancels it: the send
 * completes with 12017 before HANDLE_CLOSING, never with the final response (WI-04). Part of {@link WinInetContract}.
 */
public class WinInetRedirectContract extends WinInetCallbackContract {
    /** For JUnit and for subclasses. */
    public WinInetRedirectContract() {
    }

    private static String text(WinInet api, long req, int level) {
        byte[] buf = new byte[2048];
        IntRef len = new IntRef(buf.length);
        assertTrue(api.HttpQueryInfo(req, level, buf, len, null), () -> "HttpQueryInfo: " + api.GetLastError());
        return new String(buf, 0, len.value, StandardCharsets.ISO_8859_1);
    }

    private static String url(WinInet api, long req) {
        byte[] buf = new byte[2048];
        IntRef len = new IntRef(buf.length);
        assertTrue(api.InternetQueryOption(req, INTERNET_OPTION_URL, buf, len), () -> "URL: " + api.GetLastError());
        return new String(buf, 0, len.value, StandardCharsets.ISO_8859_1);
    }

    @TestTemplate
    public void WI_10_redirectsAreFollowedAndReportedWithTheNewUrl(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            for (boolean async : new boolean[] {false, true}) {
                StatusRecorder rec = new StatusRecorder();
                long inet = open(api, async);
                api.InternetSetStatusCallback(inet, rec);
                long conn = connect(api, inet, server.port(), 1);
                long req = request(api, conn, "/redirect/2", 2);
                if (async) {
                    assertFails(api, api.HttpSendRequest(req, null, 0, null, 0), IO_PENDING, "async HttpSendRequest");
                    StatusRecorder.Event done = rec.await(req, INTERNET_STATUS_REQUEST_COMPLETE);
                    assertEquals(1, done.result(), () -> "completed after the chain: " + rec.of(req));
                } else {
                    send(api, req);
                    assertAllOn(Thread.currentThread(), rec.of(req)); // WI-11
                }
                String base = "http://127.0.0.1:" + server.port();
                List<StatusRecorder.Event> redirects = rec.of(req).stream()
                        .filter(e -> e.status() == INTERNET_STATUS_REDIRECT).toList();
                assertEquals(List.of(base + "/redirect/1", base + "/redirect/0", base + "/small"),
                        redirects.stream().map(StatusRecorder.Event::info).toList(), "one REDIRECT per hop, the new URL");
                redirects.forEach(e -> assertEquals(((String) e.info()).length() + 1, e.length(), e::toString));
                assertEquals(200, statusCode(api, req));
                assertEquals(base + "/small", url(api, req), "INTERNET_OPTION_URL is the final URL");
                if (!async) {
                    assertEquals("hello", new String(readAll(api, req), StandardCharsets.US_ASCII));
                }
                assertTrue(api.InternetCloseHandle(inet));
            }
            assertEquals(2, server.connections(), "each chain ran on one connection, drained and reused (WI-01)");
        }
    }

    @TestTemplate
    public void WI_10_noAutoRedirectReturnsTheRedirectAsItIs(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, false);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "GET", "/redirect/0", INTERNET_FLAG_NO_AUTO_REDIRECT, 2);
            send(api, req);
            assertEquals(302, statusCode(api, req));
            assertEquals("/small", text(api, req, HTTP_QUERY_LOCATION));
            assertFalse(rec.statuses(req).contains(INTERNET_STATUS_REDIRECT), rec::toString);
            assertEquals("moved to /small", new String(readAll(api, req), StandardCharsets.US_ASCII));
            assertEquals(1, server.requests().size());
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_10_seeOtherAndPostRedirectsBecomeGetsTemporaryKeepsTheBody(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            long inet = open(api, false);
            long conn = connect(api, inet, server.port(), 1);
            byte[] body = "payload".getBytes(StandardCharsets.US_ASCII);
            long seeOther = request(api, conn, "POST", "/see-other", 0, 2);
            assertTrue(api.HttpSendRequest(seeOther, null, 0, body, body.length), () -> "send: " + api.GetLastError());
            assertEquals(200, statusCode(api, seeOther));
            assertEquals("", new String(readAll(api, seeOther), StandardCharsets.US_ASCII), "a GET without the body");
            assertTrue(server.requests().get(1).startsWith("GET /echo"), server.requests()::toString);
            long temporary = request(api, conn, "POST", "/temporary", 0, 3);
            assertTrue(api.HttpSendRequest(temporary, null, 0, body, body.length), () -> "send: " + api.GetLastError());
            assertEquals("payload", new String(readAll(api, temporary), StandardCharsets.US_ASCII), "307 keeps verb and body");
            assertTrue(server.requests().get(3).startsWith("POST /echo"), server.requests()::toString);
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_10_moreThanFiveRedirectsFailWithRedirectFailed(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            for (boolean async : new boolean[] {false, true}) {
                StatusRecorder rec = new StatusRecorder();
                long inet = open(api, async);
                api.InternetSetStatusCallback(inet, rec);
                long conn = connect(api, inet, server.port(), 1);
                long req = request(api, conn, "/loop", 2);
                boolean ok = api.HttpSendRequest(req, null, 0, null, 0);
                int error = Win32Error.ERROR_HTTP_REDIRECT_FAILED.code();
                if (async) {
                    assertFails(api, ok, IO_PENDING, "async HttpSendRequest");
                    StatusRecorder.Event done = rec.await(req, INTERNET_STATUS_REQUEST_COMPLETE);
                    assertEquals(0, done.result());
                    assertEquals(error, done.error());
                } else {
                    assertFails(api, ok, error, "a sixth redirect");
                }
                assertEquals(5, rec.statuses(req).stream().filter(s -> s == INTERNET_STATUS_REDIRECT).count(), rec::toString);
                assertTrue(api.InternetCloseHandle(inet));
                rec.awaitClosing(req);
                assertClosingIsLast(rec, req);
            }
        }
    }

    @TestTemplate
    public void WI_01_redirectToAnotherServerLeavesTheFirstHopsConnectionForReuse(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer first = TestHttpServer.start(); TestHttpServer second = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, false);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, first.port(), 1);
            long req = request(api, conn, "/away?port=" + second.port(), 2);
            send(api, req);
            assertEquals(200, statusCode(api, req));
            assertEquals("hello", new String(readAll(api, req), StandardCharsets.US_ASCII));
            assertEquals("http://127.0.0.1:" + second.port() + "/small", url(api, req));
            assertTrue(rec.statuses(req).contains(INTERNET_STATUS_CONNECTING_TO_SERVER));
            assertEquals(1, second.requests().size());
            long again = request(api, conn, "/small", 3);
            send(api, again);
            readAll(api, again);
            assertEquals(1, first.connections(), "the drained first hop's connection was reused (WI-01)");
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_04_closeAtEachHopOfARedirectChainCancelsIt(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            for (int hop = 1; hop <= 3; hop++) {
                int closeAt = hop;
                AtomicInteger seen = new AtomicInteger();
                StatusRecorder rec = new StatusRecorder();
                rec.react(e -> {
                    if (e.status() == INTERNET_STATUS_REDIRECT && seen.incrementAndGet() == closeAt) {
                        api.InternetCloseHandle(e.handle()); // WI-06: from inside the callback
                    }
                });
                long inet = open(api, true);
                api.InternetSetStatusCallback(inet, rec);
                long conn = connect(api, inet, server.port(), 1);
                long req = request(api, conn, "/redirect/3", 2);
                assertFails(api, api.HttpSendRequest(req, null, 0, null, 0), IO_PENDING, "async HttpSendRequest");
                rec.awaitClosing(req);
                rec.settle();
                List<StatusRecorder.Event> mine = rec.of(req);
                // the callback does not hold the chain up, so a hop already under way may report too
                assertTrue(mine.stream().filter(e -> e.status() == INTERNET_STATUS_REDIRECT).count() >= closeAt,
                        () -> "closed at REDIRECT " + closeAt + ": " + mine);
                StatusRecorder.Event complete = mine.get(mine.size() - 2);
                assertEquals(INTERNET_STATUS_REQUEST_COMPLETE, complete.status(), () -> "cancelled before closing: " + mine);
                assertEquals(CANCELLED, complete.error());
                assertClosingIsLast(rec, req);
                assertTrue(api.InternetCloseHandle(inet));
            }
        }
    }
}

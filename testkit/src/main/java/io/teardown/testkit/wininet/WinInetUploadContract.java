package io.teardown.testkit.wininet;

import static io.teardown.wininet.WinInet.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.testkit.TestBackend;
import io.teardown.wininet.InternetBuffers;
import io.teardown.wininet.WinInet;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;

/**
 * The WinINet contract's upload and read group: {@code HttpSendRequestEx} / {@code InternetWriteFile} /
 * {@code HttpEndRequest} in both modes with the callbacks Windows gives (Wine's tests record them:
 * SENDING_REQUEST/REQUEST_SENT for the head and for each write, RECEIVING_RESPONSE/RESPONSE_RECEIVED for
 * the end, REQUEST_COMPLETE when async — WI-10, WI-11), the bad input whose answer Windows records
 * (WI-09; misuse Windows leaves undefined is answered by the engine and tested with it), a close in the middle
 * of an upload (WI-01, WI-04, WI-05), {@code InternetReadFileEx} with and without {@code IRF_NO_WAIT},
 * and {@code HTTP_QUERY_VARY}. Part of {@link WinInetContract}. See docs/wininet.md ("Uploads").
 */
public class WinInetUploadContract extends WinInetRedirectContract {
    static final int BAD_STATE = Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_STATE.code();
    static final int BAD_PARAMETER = Win32Error.ERROR_INVALID_PARAMETER.code();

    /** For JUnit and for subclasses. */
    public WinInetUploadContract() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static InternetBuffers buffers(String headers, byte[] first, int total) {
        InternetBuffers b = new InternetBuffers(first, first == null ? 0 : first.length, total);
        b.lpcszHeader = headers;
        b.dwHeadersLength = headers == null ? 0 : headers.length();
        return b;
    }

    /** Waits for the {@code k}-th (1-based) REQUEST_COMPLETE of {@code handle}. */
    static StatusRecorder.Event awaitComplete(StatusRecorder rec, long handle, int k) {
        rec.await(e -> rec.of(handle).stream().filter(x -> x.status() == INTERNET_STATUS_REQUEST_COMPLETE).count() >= k,
                Duration.ofSeconds(20));
        return rec.of(handle).stream().filter(x -> x.status() == INTERNET_STATUS_REQUEST_COMPLETE).skip(k - 1)
                .findFirst().orElseThrow();
    }

    private static void write(WinInet api, long req, byte[] data) {
        IntRef written = new IntRef();
        assertTrue(api.InternetWriteFile(req, data, data.length, written), () -> "InternetWriteFile: " + api.GetLastError());
        assertEquals(data.length, written.value);
    }

    // ------------------------------------------------------------------ synchronous

    @TestTemplate
    public void WI_11_aSynchronousUploadReportsEveryStepOnTheCallerAndTheServerGetsTheBody(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, false);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "POST", "/echo", 0, 2);
            byte[] body = ascii("mode=Test&more=data");
            Thread caller = Thread.currentThread();
            rec.clear();
            assertTrue(api.HttpSendRequestEx(req, buffers("Content-Type: application/x-www-form-urlencoded",
                    new byte[] {body[0], body[1], body[2]}, body.length), null, 0, 0), () -> "HttpSendRequestEx: " + api.GetLastError());
            List<Integer> head = rec.statuses(req);
            assertEquals(List.of(INTERNET_STATUS_SENDING_REQUEST, INTERNET_STATUS_REQUEST_SENT),
                    head.subList(head.size() - 2, head.size()), () -> "the head: " + rec);
            assertFalse(head.contains(INTERNET_STATUS_REQUEST_COMPLETE), "no REQUEST_COMPLETE in synchronous mode");
            for (int i = 3; i < body.length; i += 4) {
                int before = rec.statuses(req).size();
                byte[] piece = java.util.Arrays.copyOfRange(body, i, Math.min(body.length, i + 4));
                write(api, req, piece);
                List<StatusRecorder.Event> now = rec.of(req);
                assertEquals(List.of(INTERNET_STATUS_SENDING_REQUEST, INTERNET_STATUS_REQUEST_SENT),
                        now.subList(before, now.size()).stream().map(StatusRecorder.Event::status).toList(),
                        () -> "a write: " + rec);
                assertEquals(piece.length, now.get(now.size() - 1).info(), "REQUEST_SENT carries the bytes written");
            }
            int before = rec.statuses(req).size();
            assertTrue(api.HttpEndRequest(req, null, 0, 0), () -> "HttpEndRequest: " + api.GetLastError());
            assertEquals(List.of(INTERNET_STATUS_RECEIVING_RESPONSE, INTERNET_STATUS_RESPONSE_RECEIVED),
                    rec.statuses(req).subList(before, rec.statuses(req).size()), () -> "the end: " + rec);
            assertAllOn(caller, rec.events());
            assertNothingLater(rec, rec.events().size());
            assertEquals(200, statusCode(api, req));
            assertArrayEquals(body, readAll(api, req), "the server got the whole body");
            String seen = server.requests().get(0).toLowerCase(java.util.Locale.ROOT);
            assertTrue(seen.contains("content-length: " + body.length), () -> "the announced length: " + seen);
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_09_uploadCallsRefuseWrongHandleTypesAndReservedBuffers(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            long inet = open(api, false);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "POST", "/echo", 0, 2);
            IntRef n = new IntRef();
            byte[] data = ascii("abcd");
            assertFails(api, api.HttpSendRequestEx(conn, null, null, 0, 0), WRONG_TYPE, "HttpSendRequestEx on a connection");
            assertFails(api, api.InternetWriteFile(inet, data, 4, n), WRONG_TYPE, "InternetWriteFile on a session");
            assertFails(api, api.HttpEndRequest(conn, null, 0, 0), WRONG_TYPE, "HttpEndRequest on a connection");
            assertFails(api, api.HttpSendRequestEx(0, null, null, 0, 0), INVALID_HANDLE, "HttpSendRequestEx(NULL)");
            assertFails(api, api.InternetWriteFile(0, data, 4, n), INVALID_HANDLE, "InternetWriteFile(NULL)");

            assertTrue(api.HttpSendRequestEx(req, buffers(null, null, 8), null, 0, 0), () -> "HttpSendRequestEx: " + api.GetLastError());
            write(api, req, data);
            write(api, req, ascii("efgh"));
            // Wine's tests record Windows' answer to a non-NULL lpBuffersOut: 87, and the request goes on
            assertFails(api, api.HttpEndRequest(req, new InternetBuffers(), 0, 0), BAD_PARAMETER, "HttpEndRequest's lpBuffersOut");
            assertTrue(api.HttpEndRequest(req, null, 0, 0), () -> "HttpEndRequest: " + api.GetLastError());
            assertArrayEquals(ascii("abcdefgh"), readAll(api, req), "the rejected call sent nothing");
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_10_aChunkedUploadCarriesTheApplicationsOwnFraming(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            long inet = open(api, false);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "PUT", "/echo", 0, 2);
            assertTrue(api.HttpSendRequestEx(req, buffers("Transfer-Encoding: chunked", null, 0), null, 0, 0),
                    () -> "HttpSendRequestEx: " + api.GetLastError());
            write(api, req, ascii("5\r\nhello\r\n"));
            write(api, req, ascii("6\r\n world\r\n0\r\n\r\n"));
            assertTrue(api.HttpEndRequest(req, null, 0, 0), () -> "HttpEndRequest: " + api.GetLastError());
            assertEquals(200, statusCode(api, req));
            assertArrayEquals(ascii("hello world"), readAll(api, req));
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    // ------------------------------------------------------------------ asynchronous

    @TestTemplate
    public void WI_10_anAsyncUploadPendsAndCompletesWithRequestComplete(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, true);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "POST", "/echo", 0, 2);
            byte[] body = new byte[256 * 1024 + 7];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) (i * 31);
            }
            assertFails(api, api.HttpSendRequestEx(req, buffers(null, null, body.length), null, 0, 0), IO_PENDING,
                    "async HttpSendRequestEx");
            StatusRecorder.Event started = awaitComplete(rec, req, 1);
            assertEquals(1, started.result(), started::toString);
            List<Integer> s = rec.statuses(req);
            assertTrue(s.indexOf(INTERNET_STATUS_SENDING_REQUEST) < s.indexOf(INTERNET_STATUS_REQUEST_SENT)
                    && s.indexOf(INTERNET_STATUS_REQUEST_SENT) < s.indexOf(INTERNET_STATUS_REQUEST_COMPLETE), rec::toString);
            int completes = 1;
            IntRef written = new IntRef();
            for (int off = 0; off < body.length; off += 16 * 1024) {
                byte[] piece = java.util.Arrays.copyOfRange(body, off, Math.min(body.length, off + 16 * 1024));
                if (!api.InternetWriteFile(req, piece, piece.length, written)) {
                    // the connection did not take the bytes at once: they are written later (backpressure)
                    assertEquals(IO_PENDING, api.GetLastError());
                    StatusRecorder.Event done = awaitComplete(rec, req, ++completes);
                    assertEquals(1, done.result(), done::toString);
                }
                assertEquals(piece.length, written.value);
            }
            assertFails(api, api.HttpEndRequest(req, null, 0, 0), IO_PENDING, "async HttpEndRequest");
            StatusRecorder.Event ended = awaitComplete(rec, req, ++completes);
            assertEquals(1, ended.result(), ended::toString);
            List<Integer> tail = rec.statuses(req);
            assertEquals(List.of(INTERNET_STATUS_RECEIVING_RESPONSE, INTERNET_STATUS_RESPONSE_RECEIVED,
                    INTERNET_STATUS_REQUEST_COMPLETE), tail.subList(tail.size() - 3, tail.size()), rec::toString);
            assertEquals(200, statusCode(api, req));
            assertArrayEquals(body, readAllAsync(api, rec, req, completes), "the server got the whole body");
            assertTrue(api.InternetCloseHandle(req));
            assertClosingIsLast(rec, rec.awaitClosing(req).handle());
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    /** Reads an async request's body: a 997 waits for the next REQUEST_COMPLETE. */
    static byte[] readAllAsync(WinInet api, StatusRecorder rec, long req, int completesSoFar) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[32 * 1024];
        IntRef n = new IntRef();
        int completes = completesSoFar;
        while (true) {
            if (!api.InternetReadFile(req, buf, buf.length, n)) {
                assertEquals(IO_PENDING, api.GetLastError(), "InternetReadFile");
                StatusRecorder.Event done = awaitComplete(rec, req, ++completes);
                assertEquals(1, done.result(), done::toString);
            }
            if (n.value == 0) {
                return out.toByteArray();
            }
            out.write(buf, 0, n.value);
        }
    }

    // ------------------------------------------------------------------ closing during an upload

    @TestTemplate
    public void WI_04_closingDuringAnAsyncEndCompletesItCancelledBeforeHandleClosing(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.Behaviour.STALL)) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, true);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "POST", "/upload", 0, 2);
            assertFails(api, api.HttpSendRequestEx(req, buffers(null, ascii("ab"), 4), null, 0, 0), IO_PENDING,
                    "async HttpSendRequestEx");
            awaitComplete(rec, req, 1);
            IntRef n = new IntRef();
            if (!api.InternetWriteFile(req, ascii("cd"), 2, n)) {
                assertEquals(IO_PENDING, api.GetLastError());
                awaitComplete(rec, req, 2);
            }
            assertFails(api, api.HttpEndRequest(req, null, 0, 0), IO_PENDING, "HttpEndRequest (the server never answers)");
            assertTrue(api.InternetCloseHandle(req));
            assertEquals(IO_PENDING, api.GetLastError(), "WI-05: closed with a request outstanding");
            rec.awaitClosing(req);
            List<StatusRecorder.Event> all = rec.of(req);
            StatusRecorder.Event last = all.stream().filter(e -> e.status() == INTERNET_STATUS_REQUEST_COMPLETE)
                    .reduce((x, y) -> y).orElseThrow();
            assertEquals(CANCELLED, last.error(), () -> "the end was cancelled: " + rec);
            assertTrue(indexOf(all, req, INTERNET_STATUS_CONNECTION_CLOSED) < all.size() - 1);
            assertClosingIsLast(rec, req);
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_01_closingInTheMiddleOfABodyEndsTheConnectionAndItIsNotReused(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (ServerSocket peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // an independent peer: reads the head and what body comes until the connection ends
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                try (Socket s = peer.accept(); InputStream in = s.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                } catch (java.io.IOException e) {
                    return "reset: " + e;
                }
            });
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, false);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, peer.getLocalPort(), 1);
            long req = request(api, conn, "PUT", "/file", 0, 2);
            assertTrue(api.HttpSendRequestEx(req, buffers(null, ascii("first"), 100), null, 0, 0),
                    () -> "HttpSendRequestEx: " + api.GetLastError());
            write(api, req, ascii("-second"));
            Thread caller = Thread.currentThread();
            assertTrue(api.InternetCloseHandle(req));
            // WI-03: HANDLE_CLOSING last, optionally preceded by CLOSING_CONNECTION / CONNECTION_CLOSED
            assertClosingIsLast(rec, req);
            List<Integer> s = rec.statuses(req);
            assertTrue(s.indexOf(INTERNET_STATUS_CONNECTION_CLOSED) < s.size() - 1, rec::toString);
            assertAllOn(caller, rec.events());
            String wire = seen.get(20, TimeUnit.SECONDS);
            assertTrue(wire.contains("Content-Length: 100") && wire.endsWith("first-second"),
                    () -> "the server saw the head, 12 of 100 bytes and the end of the connection: " + wire);
            assertFails(api, api.InternetWriteFile(req, ascii("x"), 1, new IntRef()), INVALID_HANDLE, "a write after the close");
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_01_aConnectionThatCarriedACancelledUploadIsNotReused(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            long inet = open(api, false);
            long conn = connect(api, inet, server.port(), 1);
            long get = request(api, conn, "/small", 2);
            send(api, get);
            readAll(api, get);
            assertTrue(api.InternetCloseHandle(get));
            long up = request(api, conn, "POST", "/echo", 0, 3);
            assertTrue(api.HttpSendRequestEx(up, buffers(null, ascii("part"), 10), null, 0, 0));
            assertTrue(api.InternetCloseHandle(up)); // 6 bytes short: the connection goes with the handle
            long again = request(api, conn, "/small", 4);
            send(api, again);
            assertArrayEquals(TestHttpServer.SMALL, readAll(api, again));
            assertTrue(server.connections() >= 2, () -> "a new connection after the cancelled upload: " + server.connections());
            long uploaded = request(api, conn, "POST", "/echo", 0, 5);
            assertTrue(api.HttpSendRequestEx(uploaded, buffers(null, ascii("whole"), 5), null, 0, 0));
            assertTrue(api.HttpEndRequest(uploaded, null, 0, 0));
            assertArrayEquals(ascii("whole"), readAll(api, uploaded));
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    // ------------------------------------------------------------------ InternetReadFileEx, HTTP_QUERY_VARY

    @TestTemplate
    public void WI_09_internetReadFileExReadsIntoItsBuffersAndChecksThem(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            long inet = open(api, false);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/small", 2);
            InternetBuffers out = new InternetBuffers(new byte[64], 64, 0);
            assertFails(api, api.InternetReadFileEx(req, out, 0, 0), BAD_STATE, "InternetReadFileEx before a send");
            assertFails(api, api.InternetReadFileEx(conn, out, 0, 0), WRONG_TYPE, "InternetReadFileEx on a connection");
            assertFails(api, api.InternetReadFileEx(req, null, 0, 0), BAD_PARAMETER, "no INTERNET_BUFFERS");
            InternetBuffers wrongSize = new InternetBuffers(new byte[64], 64, 0);
            wrongSize.dwStructSize = 0;
            assertFails(api, api.InternetReadFileEx(req, wrongSize, 0, 0), BAD_PARAMETER, "dwStructSize 0");
            send(api, req);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            do {
                out.dwBufferLength = 64;
                assertTrue(api.InternetReadFileEx(req, out, IRF_SYNC, 0), () -> "InternetReadFileEx: " + api.GetLastError());
                body.write(out.lpvBuffer, 0, out.dwBufferLength);
            } while (out.dwBufferLength > 0);
            assertArrayEquals(TestHttpServer.SMALL, body.toByteArray());
            byte[] vary = new byte[64];
            IntRef len = new IntRef(64);
            assertTrue(api.HttpQueryInfo(req, HTTP_QUERY_VARY, vary, len, null), () -> "HTTP_QUERY_VARY: " + api.GetLastError());
            assertEquals("Accept-Encoding", new String(vary, 0, len.value, StandardCharsets.ISO_8859_1));
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_11_irfNoWaitNeverWaitsInSynchronousMode(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            long inet = open(api, false);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/stall", 2); // the head, then no body until the server closes
            send(api, req);
            InternetBuffers out = new InternetBuffers(new byte[64], 64, 0);
            assertTrue(api.InternetReadFileEx(req, out, IRF_NO_WAIT, 0), () -> "IRF_NO_WAIT: " + api.GetLastError());
            assertEquals(0, out.dwBufferLength, "nothing was buffered, and the call did not wait for it");
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_04_anAsyncIrfNoWaitReadPendsUntilDataOrTheClose(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            StatusRecorder rec = new StatusRecorder();
            long inet = open(api, true);
            api.InternetSetStatusCallback(inet, rec);
            long conn = connect(api, inet, server.port(), 1);
            long req = request(api, conn, "/stall", 2);
            assertFails(api, api.HttpSendRequest(req, null, 0, null, 0), IO_PENDING, "async send");
            assertEquals(1, awaitComplete(rec, req, 1).result());
            InternetBuffers out = new InternetBuffers(new byte[64], 64, 0);
            assertFails(api, api.InternetReadFileEx(req, out, IRF_NO_WAIT | IRF_ASYNC, 7), IO_PENDING,
                    "IRF_NO_WAIT with nothing buffered (async)");
            assertTrue(api.InternetCloseHandle(req));
            rec.awaitClosing(req);
            StatusRecorder.Event cancelled = rec.of(req).stream()
                    .filter(e -> e.status() == INTERNET_STATUS_REQUEST_COMPLETE).reduce((x, y) -> y).orElseThrow();
            assertEquals(CANCELLED, cancelled.error(), rec::toString);
            assertClosingIsLast(rec, req);
            assertTrue(api.InternetCloseHandle(inet));
        }
    }
}

package io.teardown.testkit.wininet;

import static io.teardown.wininet.WinInet.HTTP_ADDREQ_FLAG_ADD;
import static io.teardown.wininet.WinInet.HTTP_QUERY_STATUS_CODE;
import static io.teardown.wininet.WinInet.INTERNET_INVALID_STATUS_CALLBACK;
import static io.teardown.wininet.WinInet.INTERNET_OPEN_TYPE_DIRECT;
import static io.teardown.wininet.WinInet.INTERNET_OPTION_CONNECT_TIMEOUT;
import static io.teardown.wininet.WinInet.INTERNET_SERVICE_HTTP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.wininet.InternetBuffers;
import io.teardown.wininet.WinInet;
import io.teardown.wininet.spi.WinInetDriver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The rules the WinINet front applies before any driver is reached, checked against the front over a
 * {@link RecordingWinInetDriver}: a rejected call — an invalid or closed handle (WI-08), a child of a
 * closed parent or a handle of the wrong type (WI-02), a bad argument — returns Windows' error and never
 * reaches the driver; a close racing a call releases the handle only when that call returns (WI-07).
 * Each check takes the driver of the backend under test, so the same checks run on the portable engine,
 * on the JNA driver on Windows, and on the JNA driver over recording bindings anywhere.
 * {@link WinInetFrontContract} runs them on each backend. No check does network I/O. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/wininet.md">docs/wininet.md</a>, "Where the code is".
 */
public final class WinInetFrontRules {
    private static final int INVALID_HANDLE = Win32Error.ERROR_INVALID_HANDLE.code();
    private static final int INVALID_PARAMETER = Win32Error.ERROR_INVALID_PARAMETER.code();
    private static final int INCORRECT_HANDLE_TYPE = Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE.code();
    private static final List<String> NOTHING = List.of();

    private WinInetFrontRules() {
    }

    /** A session, a connection and a request handle (no I/O): {@code [root, connect, request]}. */
    private record Tree(long root, long connect, long request) {
    }

    private static Tree tree(WinInet inet) {
        long root = inet.InternetOpen("teardown-front", INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
        assertNotEquals(0, root, () -> "InternetOpen: " + inet.GetLastError());
        long connect = inet.InternetConnect(root, "127.0.0.1", 80, null, null, INTERNET_SERVICE_HTTP, 0, 1);
        assertNotEquals(0, connect, () -> "InternetConnect: " + inet.GetLastError());
        long request = inet.HttpOpenRequest(connect, "GET", "/", null, null, null, 0, 2);
        assertNotEquals(0, request, () -> "HttpOpenRequest: " + inet.GetLastError());
        return new Tree(root, connect, request);
    }

    /**
     * WI-08: values that name no open handle — never issued, NULL, closed — give {@code ERROR_INVALID_HANDLE}
     * from every function (a second close included), and nothing reaches the driver.
     */
    public static void invalidAndClosedHandlesNeverReachTheDriver(Session session, WinInetDriver driver) {
        RecordingWinInetDriver recorded = new RecordingWinInetDriver(driver);
        try {
            WinInet inet = WinInetDriver.front(session, recorded);
            Tree t = tree(inet);
            assertTrue(inet.InternetCloseHandle(t.request()));
            assertEquals(1, recorded.count("doClose"), "an accepted close reaches the driver once");
            recorded.clear();
            for (long bad : new long[] {t.request(), 0, 0x7FFC, -4, Long.MIN_VALUE, 0xDEAD_BEEF_0000L}) {
                everyCallGives(INVALID_HANDLE, inet, bad);
            }
            assertEquals(NOTHING, recorded.calls(), "an invalid or closed handle reached the driver");
            assertTrue(inet.InternetCloseHandle(t.root()));
        } finally {
            recorded.close();
        }
    }

    /**
     * WI-02: once a parent is closed its children are invalid at once — every call with one gives
     * {@code ERROR_INVALID_HANDLE}, its close too — and nothing reaches the driver.
     */
    public static void childrenOfAClosedParentNeverReachTheDriver(Session session, WinInetDriver driver) {
        RecordingWinInetDriver recorded = new RecordingWinInetDriver(driver);
        try {
            WinInet inet = WinInetDriver.front(session, recorded);
            Tree t = tree(inet);
            assertTrue(inet.InternetCloseHandle(t.root()));
            recorded.clear();
            everyCallGives(INVALID_HANDLE, inet, t.request());
            everyCallGives(INVALID_HANDLE, inet, t.connect());
            assertEquals(NOTHING, recorded.calls(), "a child of a closed parent reached the driver");
        } finally {
            recorded.close();
        }
    }

    /**
     * WI-02: the tree's levels — a function given an open handle of the wrong type (a request where a session
     * or connection handle belongs, a session handle to a request function …) gives
     * {@code ERROR_INTERNET_INCORRECT_HANDLE_TYPE}, and nothing reaches the driver.
     */
    public static void wrongHandleTypesNeverReachTheDriver(Session session, WinInetDriver driver) {
        RecordingWinInetDriver recorded = new RecordingWinInetDriver(driver);
        try {
            WinInet inet = WinInetDriver.front(session, recorded);
            Tree t = tree(inet);
            recorded.clear();
            for (long notASession : new long[] {t.connect(), t.request()}) {
                assertEquals(0, inet.InternetConnect(notASession, "127.0.0.1", 80, null, null, INTERNET_SERVICE_HTTP, 0, 1));
                assertEquals(INCORRECT_HANDLE_TYPE, inet.GetLastError(), "InternetConnect");
                assertEquals(0, inet.InternetOpenUrl(notASession, "http://127.0.0.1/", null, 0, 0, 1));
                assertEquals(INCORRECT_HANDLE_TYPE, inet.GetLastError(), "InternetOpenUrl");
            }
            for (long notAConnection : new long[] {t.root(), t.request()}) {
                assertEquals(0, inet.HttpOpenRequest(notAConnection, "GET", "/", null, null, null, 0, 1));
                assertEquals(INCORRECT_HANDLE_TYPE, inet.GetLastError(), "HttpOpenRequest");
            }
            for (long notARequest : new long[] {t.root(), t.connect()}) {
                requestCallsGive(INCORRECT_HANDLE_TYPE, inet, notARequest);
            }
            assertEquals(NOTHING, recorded.calls(), "a handle of the wrong type reached the driver");
            assertTrue(inet.InternetCloseHandle(t.root()));
        } finally {
            recorded.close();
        }
    }

    /**
     * WI-08: arguments a C caller passes as pointers and lengths — NULL out-parameters, a length beyond its
     * buffer, an {@code INTERNET_BUFFERS} of the wrong size, a non-NULL reserved {@code lpBuffersOut}, a NULL
     * URL — give {@code ERROR_INVALID_PARAMETER} on an open handle of the right type, and nothing reaches
     * the driver. {@code InternetQueryOption}'s NULL size pointer is checked before the handle: 87 wins over 6.
     */
    public static void badArgumentsNeverReachTheDriver(Session session, WinInetDriver driver) {
        RecordingWinInetDriver recorded = new RecordingWinInetDriver(driver);
        try {
            WinInet inet = WinInetDriver.front(session, recorded);
            Tree t = tree(inet);
            recorded.clear();
            long q = t.request();
            byte[] two = new byte[2];
            InternetBuffers wrongSize = new InternetBuffers();
            wrongSize.dwStructSize = 12;
            InternetBuffers tooLong = new InternetBuffers();
            tooLong.lpvBuffer = two;
            tooLong.dwBufferLength = 3;
            assertEquals(0, inet.InternetOpenUrl(t.root(), null, null, 0, 0, 1), "InternetOpenUrl without a URL");
            assertEquals(INVALID_PARAMETER, inet.GetLastError());
            expect(INVALID_PARAMETER, inet, inet.HttpAddRequestHeaders(q, null, -1, HTTP_ADDREQ_FLAG_ADD), "headers NULL");
            expect(INVALID_PARAMETER, inet, inet.HttpSendRequest(q, null, 0, null, 5), "optional NULL, length 5");
            expect(INVALID_PARAMETER, inet, inet.HttpSendRequest(q, null, 0, two, 3), "optional shorter than its length");
            expect(INVALID_PARAMETER, inet, inet.HttpSendRequestEx(q, null, new InternetBuffers(), 0, 0), "lpBuffersOut");
            expect(INVALID_PARAMETER, inet, inet.HttpSendRequestEx(q, wrongSize, null, 0, 0), "dwStructSize");
            expect(INVALID_PARAMETER, inet, inet.HttpSendRequestEx(q, tooLong, null, 0, 0), "dwBufferLength");
            expect(INVALID_PARAMETER, inet, inet.InternetWriteFile(q, two, 2, null), "written NULL");
            expect(INVALID_PARAMETER, inet, inet.InternetWriteFile(q, two, 3, new IntRef()), "write beyond the buffer");
            expect(INVALID_PARAMETER, inet, inet.HttpEndRequest(q, new InternetBuffers(), 0, 0), "lpBuffersOut");
            expect(INVALID_PARAMETER, inet, inet.InternetReadFile(q, two, 2, null), "read NULL");
            expect(INVALID_PARAMETER, inet, inet.InternetReadFile(q, two, 3, new IntRef()), "read beyond the buffer");
            expect(INVALID_PARAMETER, inet, inet.InternetReadFileEx(q, null, 0, 0), "lpBuffersOut NULL");
            expect(INVALID_PARAMETER, inet, inet.InternetReadFileEx(q, wrongSize, 0, 0), "dwStructSize");
            expect(INVALID_PARAMETER, inet, inet.InternetQueryDataAvailable(q, new IntRef(), 1, 0), "dwFlags");
            expect(INVALID_PARAMETER, inet, inet.InternetQueryDataAvailable(q, null, 0, 0), "count NULL, synchronous");
            expect(INVALID_PARAMETER, inet, inet.HttpQueryInfo(q, HTTP_QUERY_STATUS_CODE, new byte[8], null, null),
                    "length NULL");
            expect(INVALID_PARAMETER, inet, inet.InternetQueryOption(q, INTERNET_OPTION_CONNECT_TIMEOUT, new IntRef(), null),
                    "size NULL");
            expect(INVALID_PARAMETER, inet, inet.InternetQueryOption(0x7FFC, INTERNET_OPTION_CONNECT_TIMEOUT, new IntRef(),
                    null), "size NULL before the handle");
            assertEquals(NOTHING, recorded.calls(), "a bad argument reached the driver");
            assertTrue(inet.InternetCloseHandle(t.root()));
        } finally {
            recorded.close();
        }
    }

    /**
     * WI-07: a close racing a call on the same handle returns at once and invalidates the value for new
     * calls (which reach nothing), but the driver releases the handle only when the call in flight returns.
     */
    public static void aCloseRacingACallReleasesTheHandleWhenTheCallReturns(Session session, WinInetDriver driver)
            throws Exception {
        RecordingWinInetDriver recorded = new RecordingWinInetDriver(driver);
        try {
            WinInet inet = WinInetDriver.front(session, recorded);
            Tree t = tree(inet);
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch proceed = new CountDownLatch(1);
            recorded.during("addRequestHeaders", () -> {
                inside.countDown();
                await(proceed);
            });
            CompletableFuture<Boolean> call = CompletableFuture.supplyAsync(
                    () -> inet.HttpAddRequestHeaders(t.request(), "X-Teardown: 1", -1, HTTP_ADDREQ_FLAG_ADD));
            assertTrue(inside.await(10, TimeUnit.SECONDS), "the call reached the driver");
            assertTrue(inet.InternetCloseHandle(t.request()), "the close returns while the call is in flight");
            assertEquals(0, recorded.count("release"), "not released under the call in flight");
            recorded.during("addRequestHeaders", () -> { });
            expect(INVALID_HANDLE, inet, inet.HttpAddRequestHeaders(t.request(), "X-Teardown: 2", -1,
                    HTTP_ADDREQ_FLAG_ADD), "a new call after the close");
            assertEquals(1, recorded.count("addRequestHeaders"), "the new call reached nothing");
            proceed.countDown();
            call.get(10, TimeUnit.SECONDS);
            assertEquals(1, recorded.count("release"), "released once, when the call returned");
            assertTrue(inet.InternetCloseHandle(t.root()));
        } finally {
            recorded.close();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "the test let the call go on");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void expect(int error, WinInet inet, boolean result, String what) {
        assertFalse(result, what);
        assertEquals(error, inet.GetLastError(), what);
    }

    /** Calls every function that takes a handle (the close last) and expects failure with {@code error}. */
    private static void everyCallGives(int error, WinInet inet, long h) {
        String at = " (handle 0x" + Long.toHexString(h) + ")";
        assertEquals(0, inet.InternetConnect(h, "127.0.0.1", 80, null, null, INTERNET_SERVICE_HTTP, 0, 1), at);
        assertEquals(error, inet.GetLastError(), "InternetConnect" + at);
        assertEquals(0, inet.HttpOpenRequest(h, "GET", "/", null, null, null, 0, 1), at);
        assertEquals(error, inet.GetLastError(), "HttpOpenRequest" + at);
        assertEquals(0, inet.InternetOpenUrl(h, "http://127.0.0.1/", null, 0, 0, 1), at);
        assertEquals(error, inet.GetLastError(), "InternetOpenUrl" + at);
        requestCallsGive(error, inet, h);
        assertSame(INTERNET_INVALID_STATUS_CALLBACK, inet.InternetSetStatusCallback(h, (x, c, s, i, l) -> { }), at);
        assertEquals(error, inet.GetLastError(), "InternetSetStatusCallback" + at);
        if (h != 0) { // NULL names the session-wide defaults for the options
            expect(error, inet, inet.InternetSetOption(h, INTERNET_OPTION_CONNECT_TIMEOUT, 1000, 4), "InternetSetOption" + at);
            expect(error, inet, inet.InternetQueryOption(h, INTERNET_OPTION_CONNECT_TIMEOUT, new IntRef(), new IntRef(4)),
                    "InternetQueryOption" + at);
        }
        expect(error, inet, inet.InternetCloseHandle(h), "InternetCloseHandle" + at);
    }

    /** Calls every request function with {@code h} and valid arguments; each must fail with {@code error}. */
    private static void requestCallsGive(int error, WinInet inet, long h) {
        String at = " (handle 0x" + Long.toHexString(h) + ")";
        byte[] buffer = new byte[16];
        InternetBuffers buffers = new InternetBuffers();
        buffers.lpvBuffer = buffer;
        buffers.dwBufferLength = buffer.length;
        expect(error, inet, inet.HttpAddRequestHeaders(h, "X-Teardown: 1", -1, HTTP_ADDREQ_FLAG_ADD), "HttpAddRequestHeaders" + at);
        expect(error, inet, inet.HttpSendRequest(h, null, 0, null, 0), "HttpSendRequest" + at);
        expect(error, inet, inet.HttpSendRequestEx(h, null, null, 0, 0), "HttpSendRequestEx" + at);
        expect(error, inet, inet.InternetWriteFile(h, buffer, 1, new IntRef()), "InternetWriteFile" + at);
        expect(error, inet, inet.HttpEndRequest(h, null, 0, 0), "HttpEndRequest" + at);
        expect(error, inet, inet.InternetReadFile(h, buffer, buffer.length, new IntRef()), "InternetReadFile" + at);
        expect(error, inet, inet.InternetReadFileEx(h, buffers, 0, 0), "InternetReadFileEx" + at);
        expect(error, inet, inet.InternetQueryDataAvailable(h, new IntRef(), 0, 0), "InternetQueryDataAvailable" + at);
        expect(error, inet, inet.HttpQueryInfo(h, HTTP_QUERY_STATUS_CODE, buffer, new IntRef(buffer.length), null),
                "HttpQueryInfo" + at);
    }
}

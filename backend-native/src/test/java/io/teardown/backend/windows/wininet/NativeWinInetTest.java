package io.teardown.backend.windows.wininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD.ULONG_PTR;
import io.teardown.api.IntRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.backend.windows.jna.HINTERNET;
import io.teardown.backend.windows.jna.INTERNET_ASYNC_RESULT;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.RecordingWinInet;
import io.teardown.backend.windows.jna.ThreadLocalLastError;
import io.teardown.backend.windows.jna.WinInetLibrary;
import io.teardown.wininet.InternetAsyncResult;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.WinInet;
import io.teardown.wininet.spi.WinInetDriver;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The WinINet front over {@link NativeWinInetDriver} and a recording wininet (no DLL): session values only,
 * the tree invalidated with its parent (WI-02), the close racing a call deferred (WI-07), errors copied
 * from the captured last error, callbacks translated and kept reachable.
 */
@Timeout(10)
class NativeWinInetTest {
    private static final long ROOT = 0xCC0004L;
    private static final long CONNECT = 0xCC0008L;
    private static final long REQUEST = 0xCC000CL;

    private final ThreadLocalLastError slot = new ThreadLocalLastError();
    private final RecordingWinInet lib = new RecordingWinInet(slot);
    private final Session session = Session.builder().name("native-wininet-test").build();
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private final NativeWinInetDriver driver = new NativeWinInetDriver(session, lib, new NativeCalls(slot), uncaught::add);
    private final WinInet inet = WinInetDriver.front(session, driver);
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void script() {
        lib.answer("InternetOpen", ROOT, 0);
        lib.answer("InternetConnect", CONNECT, 0);
        lib.answer("HttpOpenRequest", REQUEST, 0);
        lib.answer("InternetCloseHandle", 1, null);
        lib.answer("HttpSendRequest", 1, null);
        lib.answer("InternetSetOption", 1, null);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        session.close();
        assertTrue(uncaught.isEmpty(), uncaught::toString);
    }

    private long[] tree() {
        long root = inet.InternetOpen("test", WinInet.INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
        long connect = inet.InternetConnect(root, "127.0.0.1", 8080, null, null, WinInet.INTERNET_SERVICE_HTTP, 0, 7);
        long request = inet.HttpOpenRequest(connect, "GET", "/", null, null, new String[] {"*/*"}, 0, 9);
        return new long[] {root, connect, request};
    }

    @Test
    void handlesAreSessionValuesAndOnlyOsValuesReachWininet() {
        long[] t = tree();
        for (long v : t) {
            assertNotEquals(0, v);
            assertEquals(0, v % 4);
        }
        assertEquals(List.of("InternetConnect(" + ROOT + ", 127.0.0.1, 8080, 3, 7)"), lib.callsOf("InternetConnect"));
        assertEquals(List.of("HttpOpenRequest(" + CONNECT + ", GET, /, 9)"), lib.callsOf("HttpOpenRequest"));
        assertTrue(inet.HttpSendRequest(t[2], null, 0, null, 0));
        assertEquals(List.of("HttpSendRequest(" + REQUEST + ", 0)"), lib.callsOf("HttpSendRequest"));
        assertEquals(REQUEST, driver.osValue(t[2]));
        assertTrue(inet.InternetCloseHandle(t[0]));
    }

    @Test
    void theCapturedLastErrorBecomesTheSessionsLastError() {
        lib.answer("InternetOpen", 0, 12007);
        assertEquals(0, inet.InternetOpen("x", 1, null, null, 0));
        assertEquals(12007, inet.GetLastError());
        lib.answer("InternetOpen", ROOT, 0);
        long[] t = tree();
        lib.answer("HttpSendRequest", 0, 12029);
        assertFalse(inet.HttpSendRequest(t[2], null, 0, null, 0));
        assertEquals(12029, session.lastError().get());
        session.lastError().set(55);
        assertTrue(inet.InternetCloseHandle(t[0]));
        assertEquals(55, inet.GetLastError(), "a successful close leaves the last error alone");
    }

    @Test
    void closingAParentInvalidatesItsChildrenAtOnce() {
        long[] t = tree();
        assertTrue(inet.InternetCloseHandle(t[0]));
        assertEquals(List.of("InternetCloseHandle(" + ROOT + ")"), lib.callsOf("InternetCloseHandle"),
                "WinINet closes the children itself");
        lib.calls.clear();
        assertFalse(inet.HttpSendRequest(t[2], null, 0, null, 0));
        assertEquals(6, inet.GetLastError(), "WI-02");
        assertFalse(inet.InternetCloseHandle(t[1]));
        assertEquals(6, inet.GetLastError());
        assertTrue(lib.calls.isEmpty(), "a child of a closed parent never reaches WinINet: " + lib.calls);
    }

    @Test
    void invalidClosedAndRawOsValuesFailWith6WithoutReachingWininet() {
        long[] t = tree();
        assertTrue(inet.InternetCloseHandle(t[2]));
        lib.calls.clear();
        assertFalse(inet.InternetCloseHandle(t[2]));
        assertEquals(6, inet.GetLastError(), "WI-08");
        assertFalse(inet.InternetCloseHandle(0));
        assertFalse(inet.InternetCloseHandle(ROOT), "the OS value is not a session value");
        assertFalse(inet.InternetReadFile(t[2], new byte[4], 4, new IntRef()));
        assertEquals(6, inet.GetLastError());
        assertTrue(lib.calls.isEmpty(), lib.calls::toString);
        assertTrue(inet.InternetCloseHandle(t[0]));
    }

    @Test
    void closeRacingACallTakesEffectWhenTheCallReturns() throws Exception {
        long[] t = tree();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        lib.during("HttpSendRequest", args -> {
            inside.countDown();
            assertTrue(proceed.await(5, TimeUnit.SECONDS));
        });
        Future<Boolean> send = pool.submit(() -> inet.HttpSendRequest(t[2], null, 0, null, 0));
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        assertTrue(inet.InternetCloseHandle(t[2]), "returns at once");
        assertTrue(lib.callsOf("InternetCloseHandle").isEmpty(), "not while the call uses the OS handle (WI-07)");
        assertFalse(inet.HttpAddRequestHeaders(t[2], "X: y", -1, 0), "the value is already invalid");
        proceed.countDown();
        assertTrue(send.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("InternetCloseHandle(" + REQUEST + ")"), lib.callsOf("InternetCloseHandle"));
        assertTrue(inet.InternetCloseHandle(t[0]));
    }

    @Test
    void closeWithRequestsOutstandingReports997() {
        long[] t = tree();
        lib.answer("InternetCloseHandle", 1, 997);
        assertTrue(inet.InternetCloseHandle(t[0]));
        assertEquals(997, inet.GetLastError(), "WI-05");
    }

    @Test
    void callbacksGetSessionValuesAndTranslatedInformation() {
        long[] t = tree();
        List<Object[]> seen = new CopyOnWriteArrayList<>();
        InternetStatusCallback cb = (h, ctx, status, info, len) -> seen.add(new Object[] {h, ctx, status, info});
        assertNull(inet.InternetSetStatusCallback(t[0], cb));
        assertSame(cb, inet.InternetSetStatusCallback(t[0], cb), "the previous Java callback");
        WinInetLibrary.INTERNET_STATUS_CALLBACK dispatcher = lib.installed.get();

        Memory result = new Memory(new INTERNET_ASYNC_RESULT().size());
        result.setLong(0, 1);
        result.setInt(Native.POINTER_SIZE, 0);
        dispatcher.callback(new HINTERNET(new Pointer(REQUEST)), new ULONG_PTR(9), WinInet.INTERNET_STATUS_REQUEST_COMPLETE,
                result, 16);
        Memory closing = new Memory(8);
        closing.setLong(0, REQUEST);
        dispatcher.callback(new HINTERNET(new Pointer(REQUEST)), new ULONG_PTR(9), WinInet.INTERNET_STATUS_HANDLE_CLOSING,
                closing, 8);

        assertEquals(2, seen.size());
        assertEquals(t[2], seen.get(0)[0], "the session value, not the OS value");
        assertEquals(9L, seen.get(0)[1]);
        InternetAsyncResult r = assertInstanceOf(InternetAsyncResult.class, seen.get(0)[3]);
        assertEquals(1, r.dwResult);
        assertEquals(t[2], seen.get(1)[3], "HANDLE_CLOSING carries the closed handle's session value");
        assertTrue(inet.InternetCloseHandle(t[0]));
    }

    @Test
    void handleCreatedRegistersTheNewHandle() {
        long root = inet.InternetOpen("test", 1, null, null, WinInet.INTERNET_FLAG_ASYNC);
        List<Object> infos = new CopyOnWriteArrayList<>();
        inet.InternetSetStatusCallback(root, (h, ctx, status, info, len) -> infos.add(info));
        lib.answer("InternetOpenUrl", 0, 997);
        assertEquals(0, inet.InternetOpenUrl(root, "http://127.0.0.1/", null, 0, 0, 5));
        assertEquals(997, inet.GetLastError());
        Memory created = new Memory(Native.POINTER_SIZE); // the HINTERNET itself, length 8 (WI-11)
        created.setLong(0, REQUEST);
        lib.installed.get().callback(new HINTERNET(new Pointer(REQUEST)), new ULONG_PTR(5),
                WinInet.INTERNET_STATUS_HANDLE_CREATED, created, Native.POINTER_SIZE);
        long value = assertInstanceOf(Long.class, infos.get(0));
        assertNotEquals(REQUEST, value);
        assertEquals(REQUEST, driver.osValue(value), "the new handle is a session value for the OS handle");
        assertTrue(inet.InternetCloseHandle(root));
        assertFalse(inet.InternetCloseHandle(value), "a child of the closed session (WI-02)");
    }

    @Test
    void theDispatcherStaysReachableUntilHandleClosing() throws Exception {
        long root = inet.InternetOpen("test", 1, null, null, 0);
        inet.InternetSetStatusCallback(root, (h, ctx, status, info, len) -> { });
        assertTrue(inet.InternetSetOption(root, WinInet.INTERNET_OPTION_CONTEXT_VALUE, 3L, 8));
        WinInetLibrary.INTERNET_STATUS_CALLBACK dispatcher = lib.installed.getAndSet(null);
        WeakReference<Object> weak = new WeakReference<>(dispatcher);
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        assertNotNull(weak.get());
        assertTrue(inet.InternetCloseHandle(root));
        Memory closing = new Memory(8);
        closing.setLong(0, ROOT);
        dispatcher.callback(new HINTERNET(new Pointer(ROOT)), new ULONG_PTR(3), WinInet.INTERNET_STATUS_HANDLE_CLOSING,
                closing, 8);
        dispatcher = null;
        for (int i = 0; i < 50 && weak.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(weak.get(), "released after HANDLE_CLOSING (WI-03)");
    }

    @Test
    void queryCallbackReturnsTheJavaCallback() {
        long root = inet.InternetOpen("test", 1, null, null, 0);
        InternetStatusCallback cb = (h, ctx, status, info, len) -> { };
        inet.InternetSetStatusCallback(root, cb);
        Ref<InternetStatusCallback> out = new Ref<>();
        IntRef size = new IntRef();
        size.value = 8;
        assertTrue(inet.InternetQueryOption(root, WinInet.INTERNET_OPTION_CALLBACK, out, size));
        assertSame(cb, out.value);
        assertTrue(inet.InternetCloseHandle(root));
    }

    @Test
    void httpQueryInfoAnswersAnsiFromTheWideFunction() {
        long[] t = tree();
        lib.answer("HttpQueryInfo", 1, null);
        lib.header = "text/plain";
        IntRef len = new IntRef();
        assertFalse(inet.HttpQueryInfo(t[2], WinInet.HTTP_QUERY_CONTENT_TYPE, null, len, null));
        assertEquals(122, inet.GetLastError());
        assertEquals(11, len.value, "ANSI bytes needed, with the NUL");
        byte[] buf = new byte[len.value];
        assertTrue(inet.HttpQueryInfo(t[2], WinInet.HTTP_QUERY_CONTENT_TYPE, buf, len, null));
        assertEquals(10, len.value, "length without the NUL");
        assertEquals("text/plain", new String(buf, 0, 10, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(0, buf[10]);
        assertTrue(inet.InternetCloseHandle(t[0]));
    }

    @Test
    void aSynchronousReadCopiesTheBytes() {
        long[] t = tree();
        lib.answer("InternetReadFile", 1, null);
        lib.body = "hello".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] buf = new byte[16];
        IntRef read = new IntRef();
        assertTrue(inet.InternetReadFile(t[2], buf, buf.length, read));
        assertEquals(5, read.value);
        assertEquals("hello", new String(buf, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertTrue(inet.InternetCloseHandle(t[0]));
    }

    @Test
    void anAsyncReadIsCopiedBeforeRequestCompleteEvenAfterTheClose() {
        long[] t = tree();
        List<Object> seen = new CopyOnWriteArrayList<>();
        byte[] buf = new byte[16];
        IntRef read = new IntRef();
        inet.InternetSetStatusCallback(t[2], (h, ctx, status, info, len) -> seen.add(read.value));
        lib.answer("InternetReadFile", 0, 997);
        assertFalse(inet.InternetReadFile(t[2], buf, buf.length, read));
        assertEquals(997, inet.GetLastError());
        assertTrue(inet.InternetCloseHandle(t[0]), "closed with the read outstanding");
        System.gc(); // the native buffer must not depend on the (now closed) table entry
        lib.body = "late".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        lib.finishRead();
        Memory result = new Memory(new INTERNET_ASYNC_RESULT().size());
        result.clear();
        result.setLong(0, 1);
        lib.installed.get().callback(new HINTERNET(new Pointer(REQUEST)), new ULONG_PTR(9),
                WinInet.INTERNET_STATUS_REQUEST_COMPLETE, result, (int) result.size());
        assertEquals(List.of(4), seen, "the count (and bytes) were in place before the callback ran");
        assertEquals("late", new String(buf, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void sessionCloseClosesOpenOsHandlesOnceEach() {
        tree();
        lib.answer("InternetOpen", 0xCC0010L, 0);
        long other = inet.InternetOpen("second", 1, null, null, 0);
        assertNotEquals(0, other);
        session.close();
        assertEquals(List.of("InternetCloseHandle(" + ROOT + ")", "InternetCloseHandle(" + 0xCC0010L + ")"),
                lib.callsOf("InternetCloseHandle"), "each root once; its children go with it in WinINet");
    }
}

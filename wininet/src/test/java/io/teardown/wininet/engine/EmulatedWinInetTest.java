package io.teardown.wininet.engine;

import static io.teardown.wininet.WinInet.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LeakReport;
import io.teardown.api.MisuseException;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.HandleTable;
import io.teardown.wininet.InternetAsyncResult;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.front.WinInetFront;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine's own rules without a network: a {@link ScriptedHttpTransport} whose connections never complete
 * (a black hole, as a host that drops SYNs is) keeps requests pending for as long as a test needs.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EmulatedWinInetTest {
    record Call(long handle, long context, int status, Object info) {
    }

    private final List<LeakReport> leaks = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final InternetStatusCallback callback = (h, c, s, i, l) -> {
        synchronized (calls) {
            calls.add(new Call(h, c, s, i));
            calls.notifyAll();
        }
    };
    private Session session;
    private ScriptedHttpTransport net;
    private EmulatedWinInetDriver engine;
    private WinInetFront api;

    @BeforeEach
    void open() {
        session = Session.builder().leakListener(leaks::add).build();
        net = ScriptedHttpTransport.blackHole();
        engine = new EmulatedWinInetDriver(session, net);
        api = new WinInetFront(session, engine);
    }

    @AfterEach
    void close() {
        session.close();
        api.close();
    }

    private Call await(long handle, int status) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        synchronized (calls) {
            while (true) {
                for (Call c : calls) {
                    if (c.handle == handle && c.status == status) {
                        return c;
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + status + " for " + handle + " in " + calls);
                }
                calls.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private List<Integer> statuses(long handle) {
        List<Integer> out = new ArrayList<>();
        for (Call c : calls) {
            if (c.handle == handle) {
                out.add(c.status);
            }
        }
        return out;
    }

    @Test
    void handlesLiveInTheInternetTableNotTheKernelOne() {
        long inet = api.InternetOpen("t", INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
        assertNotEquals(0, inet);
        assertEquals(0, inet & 3, "multiple of 4");
        assertEquals("InternetOpen", session.handles(HandleSpace.INTERNET).get(inet).typeName());
        assertNull(session.handles(HandleSpace.KERNEL).get(inet));
        assertTrue(api.InternetCloseHandle(inet));
        assertEquals(0, session.handles(HandleSpace.INTERNET).size());
    }

    @Test
    void asyncSendOnABlackHoleIsCancelledByCloseBeforeHandleClosing() throws Exception {
        long inet = api.InternetOpen("t", INTERNET_OPEN_TYPE_DIRECT, null, null, INTERNET_FLAG_ASYNC);
        api.InternetSetStatusCallback(inet, callback);
        long conn = api.InternetConnect(inet, "127.0.0.1", 9, null, null, INTERNET_SERVICE_HTTP, 0, 1);
        long req = api.HttpOpenRequest(conn, "GET", "/", null, null, null, 0, 2);
        assertFalse(api.HttpSendRequest(req, null, 0, null, 0));
        assertEquals(997, api.GetLastError());
        await(req, INTERNET_STATUS_CONNECTING_TO_SERVER);
        assertTrue(api.InternetCloseHandle(inet));
        assertEquals(997, api.GetLastError(), "WI-05");
        await(conn, INTERNET_STATUS_HANDLE_CLOSING);
        Call done = await(req, INTERNET_STATUS_REQUEST_COMPLETE);
        assertEquals(12017, ((InternetAsyncResult) done.info).dwError);
        List<Integer> s = statuses(req);
        assertEquals(List.of(INTERNET_STATUS_REQUEST_COMPLETE, INTERNET_STATUS_HANDLE_CLOSING), s.subList(s.size() - 2, s.size()));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (net.cancelled() == 0 && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        assertEquals(1, net.cancelled(), "the pending connect was cancelled");
        assertTrue(statuses(inet).isEmpty(), "context 0");
    }

    @Test
    void synchronousCallBlockedInAnotherThreadEndsWhenTheHandleIsClosed() throws Exception {
        long inet = api.InternetOpen("t", INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
        long conn = api.InternetConnect(inet, "127.0.0.1", 9, null, null, INTERNET_SERVICE_HTTP, 0, 1);
        long req = api.HttpOpenRequest(conn, "GET", "/", null, null, null, 0, 2);
        CompletableFuture<Integer> call = CompletableFuture.supplyAsync(
                () -> api.HttpSendRequest(req, null, 0, null, 0) ? 0 : api.GetLastError());
        while (net.attempts() == 0) {
            Thread.onSpinWait();
        }
        assertEquals(HandleTable.Validity.LIVE, session.handles(HandleSpace.INTERNET).check(req));
        assertTrue(api.InternetCloseHandle(req));
        assertEquals(12017, call.get(5, TimeUnit.SECONDS));
        assertTrue(api.InternetCloseHandle(inet));
    }

    @Test
    void sessionCloseWakesABlockedCallAndReportsTheLeak() throws Exception {
        long inet = api.InternetOpen("t", INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
        long conn = api.InternetConnect(inet, "127.0.0.1", 9, null, null, INTERNET_SERVICE_HTTP, 0, 1);
        long req = api.HttpOpenRequest(conn, "GET", "/", null, null, null, 0, 2);
        CompletableFuture<Boolean> call = CompletableFuture.supplyAsync(() -> api.HttpSendRequest(req, null, 0, null, 0));
        while (net.attempts() == 0) {
            Thread.onSpinWait();
        }
        session.close();
        api.close();
        assertFalse(call.get(5, TimeUnit.SECONDS));
        assertEquals(3, leaks.size(), "three handles never closed: " + leaks);
        leaks.clear();
    }

    @Test
    void strictModeFlagsClosingAnInvalidHandleButNeverNull() {
        try (Session strict = Session.builder().strict(true).leakListener(leaks::add).build();
             WinInetFront s = new WinInetFront(strict,
                     new EmulatedWinInetDriver(strict, ScriptedHttpTransport.blackHole()))) {
            long inet = s.InternetOpen("t", INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
            assertTrue(s.InternetCloseHandle(inet));
            assertFalse(s.InternetCloseHandle(0));
            assertEquals(6, s.GetLastError());
            MisuseException e = assertThrows(MisuseException.class, () -> s.InternetCloseHandle(inet));
            assertEquals(6, s.GetLastError(), "the error is set before strict mode raises");
            assertTrue(e.getMessage().contains("InternetCloseHandle"), e.getMessage());
        }
    }

    @Test
    void optionsAreCopiedToChildrenWhenCreated() {
        long inet = api.InternetOpen("t", INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
        assertTrue(api.InternetSetOption(inet, INTERNET_OPTION_CONNECT_TIMEOUT, 1500, 4));
        long conn = api.InternetConnect(inet, "127.0.0.1", 9, null, null, INTERNET_SERVICE_HTTP, 0, 1);
        assertTrue(api.InternetSetOption(inet, INTERNET_OPTION_CONNECT_TIMEOUT, 2500, 4));
        IntRef v = new IntRef();
        assertTrue(api.InternetQueryOption(conn, INTERNET_OPTION_CONNECT_TIMEOUT, v, new IntRef(4)));
        assertEquals(1500, v.value);
        api.InternetSetStatusCallback(inet, callback);
        Ref<InternetStatusCallback> cb = new Ref<>();
        assertTrue(api.InternetQueryOption(inet, INTERNET_OPTION_CALLBACK, cb, new IntRef(8)));
        assertSame(callback, cb.value);
        assertTrue(api.InternetQueryOption(conn, INTERNET_OPTION_CALLBACK, cb, new IntRef(8)));
        assertNull(cb.value, "set on the parent after the child was created: not inherited");
        assertTrue(api.InternetCloseHandle(inet));
    }

    @Test
    void closeFromInsideTheCallbackForTheReportedHandle() throws Exception {
        long inet = api.InternetOpen("t", INTERNET_OPEN_TYPE_DIRECT, null, null, INTERNET_FLAG_ASYNC);
        AtomicInteger closed = new AtomicInteger();
        api.InternetSetStatusCallback(inet, (h, c, s, i, l) -> {
            callback.invoke(h, c, s, i, l);
            if (s == INTERNET_STATUS_CONNECTING_TO_SERVER) {
                closed.set(api.InternetCloseHandle(h) ? 1 : 2);
            }
        });
        long conn = api.InternetConnect(inet, "127.0.0.1", 9, null, null, INTERNET_SERVICE_HTTP, 0, 1);
        long req = api.HttpOpenRequest(conn, "GET", "/", null, null, null, 0, 2);
        api.HttpSendRequest(req, null, 0, null, 0);
        await(req, INTERNET_STATUS_HANDLE_CLOSING);
        assertEquals(1, closed.get());
        assertTrue(api.InternetCloseHandle(inet));
    }

    @Test
    void wrongHandleTypesAndBadArguments() {
        long inet = api.InternetOpen("t", INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
        assertFalse(api.HttpSendRequest(inet, null, 0, null, 0));
        assertEquals(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE.code(), api.GetLastError());
        assertEquals(0, api.InternetConnect(inet, "bad host", 80, null, null, INTERNET_SERVICE_HTTP, 0, 1));
        assertEquals(Win32Error.ERROR_INVALID_PARAMETER.code(), api.GetLastError());
        assertEquals(0, api.InternetConnect(inet, "h", 70000, null, null, INTERNET_SERVICE_HTTP, 0, 1));
        assertEquals(Win32Error.ERROR_INVALID_PARAMETER.code(), api.GetLastError());
        assertEquals(0, api.InternetOpen("agent\r\nX: y", INTERNET_OPEN_TYPE_DIRECT, null, null, 0));
        assertEquals(Win32Error.ERROR_INVALID_PARAMETER.code(), api.GetLastError());
        long conn = api.InternetConnect(inet, "h", 80, null, null, INTERNET_SERVICE_HTTP, 0, 1);
        long req = api.HttpOpenRequest(conn, null, null, null, null, null, 0, 2);
        assertFalse(api.InternetReadFile(req, new byte[4], 8, new IntRef()));
        assertEquals(Win32Error.ERROR_INVALID_PARAMETER.code(), api.GetLastError());
        assertFalse(api.InternetReadFile(req, new byte[4], 4, new IntRef()));
        assertEquals(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_STATE.code(), api.GetLastError(), "nothing sent yet");
        assertTrue(api.HttpAddRequestHeaders(req, "A: 1", -1, HTTP_ADDREQ_FLAG_ADD_IF_NEW));
        assertFalse(api.HttpAddRequestHeaders(req, "A: 2", -1, HTTP_ADDREQ_FLAG_ADD_IF_NEW));
        assertEquals(Win32Error.ERROR_HTTP_HEADER_ALREADY_EXISTS.code(), api.GetLastError());
        assertTrue(api.InternetCloseHandle(inet));
    }
}

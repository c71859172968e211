package io.teardown.wininet.engine;

import static io.teardown.wininet.WinInet.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.Session;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.front.WinInetFront;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * WI-11 in the engine, without a network (a black-hole transport keeps a send pending): a synchronous
 * call's reports — also those a library thread produces, here the resolver's NAME_RESOLVED — run on
 * the thread waiting in the call, and a close's on the closing thread, HANDLE_CLOSING last.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SynchronousCallbacksTest {
    record Seen(long handle, int status, Object info, int length, Thread thread) {
    }

    @Test
    void WI_11_aBlockedCallsReportsRunOnItsThreadAndItsClosesOnTheClosingThread() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        InternetStatusCallback cb = (h, c, s, i, l) -> seen.add(new Seen(h, s, i, l, Thread.currentThread()));
        ScriptedHttpTransport net = ScriptedHttpTransport.blackHole();
        try (Session session = Session.builder().build();
             WinInetFront api = new WinInetFront(session, new EmulatedWinInetDriver(session, net))) {
            long inet = api.InternetOpen("t", INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
            api.InternetSetStatusCallback(inet, cb);
            long conn = api.InternetConnect(inet, "127.0.0.1", 9, null, null, INTERNET_SERVICE_HTTP, 0, 1);
            long req = api.HttpOpenRequest(conn, "GET", "/", null, null, null, 0, 2);
            Thread me = Thread.currentThread();
            assertEquals(List.of(new Seen(conn, INTERNET_STATUS_HANDLE_CREATED, conn, 8, me),
                    new Seen(req, INTERNET_STATUS_HANDLE_CREATED, req, 8, me)), seen, "HANDLE_CREATED: the handle, 8");
            AtomicReference<Thread> sender = new AtomicReference<>();
            CompletableFuture<Integer> call = CompletableFuture.supplyAsync(() -> {
                sender.set(Thread.currentThread());
                return api.HttpSendRequest(req, null, 0, null, 0) ? 0 : api.GetLastError();
            });
            while (net.attempts() == 0
                    || seen.stream().noneMatch(s -> s.status() == INTERNET_STATUS_CONNECTING_TO_SERVER)) {
                Thread.onSpinWait(); // the resolver answered and the caller ran NAME_RESOLVED, CONNECTING
            }
            assertTrue(api.InternetCloseHandle(conn));
            assertEquals(997, api.GetLastError(), "closed with a call outstanding (WI-05)");
            assertEquals(12017, call.get(5, TimeUnit.SECONDS));
            List<Integer> order = seen.stream().filter(s -> s.handle() == req).map(Seen::status).toList();
            assertEquals(List.of(INTERNET_STATUS_HANDLE_CREATED, INTERNET_STATUS_RESOLVING_NAME,
                    INTERNET_STATUS_NAME_RESOLVED, INTERNET_STATUS_CONNECTING_TO_SERVER,
                    INTERNET_STATUS_HANDLE_CLOSING), order);
            for (Seen s : seen) {
                boolean progress = s.status() != INTERNET_STATUS_HANDLE_CREATED && s.status() != INTERNET_STATUS_HANDLE_CLOSING;
                assertSame(progress ? sender.get() : me, s.thread(), () -> s + " ran on " + s.thread().getName());
            }
            assertEquals(new Seen(conn, INTERNET_STATUS_HANDLE_CLOSING, conn, 8, me), seen.get(seen.size() - 1),
                    "deepest first: the connection last");
            assertTrue(api.InternetCloseHandle(inet));
        }
    }
}

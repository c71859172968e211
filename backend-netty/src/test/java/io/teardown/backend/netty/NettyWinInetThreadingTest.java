package io.teardown.backend.netty;

import static io.teardown.wininet.WinInet.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.testkit.wininet.StatusRecorder;
import io.teardown.testkit.wininet.TestHttpServer;
import io.teardown.wininet.WinInet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Callbacks never run on a Netty event loop: they come on the session's own callback thread, except
 * HANDLE_CREATED / HANDLE_CLOSING, which WI-10 lets come on any thread and which the application's own
 * call runs when nothing else is queued.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NettyWinInetThreadingTest {
    @Test
    void everyCallbackRunsOnTheSessionsCallbackThread() throws Exception {
        try (TestHttpServer server = TestHttpServer.start();
             Session session = Session.builder().backend("netty").build()) {
            WinInet api = WinInet.of(session);
            StatusRecorder rec = new StatusRecorder();
            long inet = api.InternetOpen("threads", INTERNET_OPEN_TYPE_DIRECT, null, null, INTERNET_FLAG_ASYNC);
            api.InternetSetStatusCallback(inet, rec);
            long conn = api.InternetConnect(inet, "127.0.0.1", server.port(), null, null, INTERNET_SERVICE_HTTP, 0, 1);
            long req = api.HttpOpenRequest(conn, "GET", "/big", null, null, null, 0, 2);
            assertFalse(api.HttpSendRequest(req, null, 0, null, 0));
            rec.await(req, INTERNET_STATUS_REQUEST_COMPLETE);
            byte[] buf = new byte[64 * 1024];
            IntRef n = new IntRef();
            for (int i = 0; i < 5; i++) {
                long before = completions(rec, req);
                if (!api.InternetReadFile(req, buf, buf.length, n)) {
                    assertEquals(997, api.GetLastError());
                    rec.await(e -> completions(rec, req) > before, java.time.Duration.ofSeconds(10));
                }
            }
            assertTrue(api.InternetCloseHandle(inet));
            rec.awaitClosing(conn);
            // WI-10: HANDLE_CREATED and HANDLE_CLOSING may come on any thread — here the caller's own, when
            // nothing else is queued — every other callback on the session's callback thread; none on an
            // event loop.
            Thread me = Thread.currentThread();
            Set<String> threads = rec.events().stream()
                    .filter(e -> e.status() != INTERNET_STATUS_HANDLE_CREATED && e.status() != INTERNET_STATUS_HANDLE_CLOSING)
                    .map(e -> e.thread().getName()).collect(Collectors.toSet());
            assertEquals(1, threads.size(), "one callback thread: " + threads);
            String name = threads.iterator().next();
            assertTrue(name.startsWith("teardown-wininet-callbacks-"), name);
            for (StatusRecorder.Event e : rec.events()) {
                assertTrue(e.thread() == me || e.thread().getName().equals(name), e + " on " + e.thread().getName());
            }
        }
    }

    private static long completions(StatusRecorder rec, long req) {
        return rec.of(req).stream().filter(e -> e.status() == INTERNET_STATUS_REQUEST_COMPLETE).count();
    }
}

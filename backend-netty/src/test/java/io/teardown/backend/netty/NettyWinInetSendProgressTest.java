package io.teardown.backend.netty;

import static io.teardown.wininet.WinInet.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.Session;
import io.teardown.testkit.wininet.StatusRecorder;
import io.teardown.testkit.wininet.TestHttpServer;
import io.teardown.wininet.WinInet;
import io.teardown.api.IntRef;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SENDING_REQUEST is queued without waking the callback thread (the transport's next event wakes it for
 * both): it must still arrive at once when the write cannot finish — here a server that never reads a
 * large body — and the WI-10 order of a keep-alive GET's callbacks stays exactly what it was.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NettyWinInetSendProgressTest {
    @Test
    void sendingRequestArrivesWhileALargeBodyIsStillBeingWritten() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Session session = Session.builder().backend("netty").build()) {
            server.setReceiveBufferSize(4096);
            // the peer answers one GET (keep-alive), then reads nothing more: the POST on the reused
            // connection is sent from the caller's thread with the callback thread idle, and cannot finish
            Thread peer = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    int state = 0;
                    while (state < 4) {
                        int b = in.read();
                        if (b < 0) {
                            return;
                        }
                        state = (b == (state % 2 == 0 ? '\r' : '\n')) ? state + 1 : (b == '\r' ? 1 : 0);
                    }
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    done.await(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // the test fails on its own
                }
            }, "peer");
            peer.start();
            WinInet api = WinInet.of(session);
            StatusRecorder rec = new StatusRecorder();
            long inet = api.InternetOpen("progress", INTERNET_OPEN_TYPE_DIRECT, null, null, INTERNET_FLAG_ASYNC);
            api.InternetSetStatusCallback(inet, rec);
            long conn = api.InternetConnect(inet, "127.0.0.1", server.getLocalPort(), null, null, INTERNET_SERVICE_HTTP, 0, 1);
            long get = api.HttpOpenRequest(conn, "GET", "/", null, null, null, INTERNET_FLAG_KEEP_CONNECTION, 2);
            assertFalse(api.HttpSendRequest(get, null, 0, null, 0));
            rec.await(get, INTERNET_STATUS_REQUEST_COMPLETE);
            readToEnd(api, rec, get);
            assertTrue(api.InternetCloseHandle(get));
            rec.awaitClosing(get);
            rec.settle();
            rec.clear();

            long post = api.HttpOpenRequest(conn, "POST", "/sink", null, null, null, INTERNET_FLAG_KEEP_CONNECTION, 3);
            byte[] body = new byte[32 << 20]; // far more than the socket buffers hold: the write cannot finish
            assertFalse(api.HttpSendRequest(post, null, 0, body, body.length));
            assertEquals(997, api.GetLastError());
            rec.await(e -> e.handle() == post && e.status() == INTERNET_STATUS_SENDING_REQUEST, Duration.ofSeconds(5));
            rec.settle();
            assertFalse(rec.statuses(post).contains(INTERNET_STATUS_CONNECTING_TO_SERVER), "reused: " + rec);
            assertFalse(rec.statuses(post).contains(INTERNET_STATUS_REQUEST_SENT), rec.toString());
            assertTrue(api.InternetCloseHandle(inet));
            rec.awaitClosing(conn); // the session handle has context 0: no callbacks of its own (WI-03)
            List<Integer> s = rec.statuses(post);
            assertEquals(INTERNET_STATUS_HANDLE_CLOSING, s.get(s.size() - 1), s.toString());
            assertTrue(s.indexOf(INTERNET_STATUS_SENDING_REQUEST) < s.indexOf(INTERNET_STATUS_REQUEST_COMPLETE), s.toString());
        } finally {
            done.countDown();
        }
    }

    @Test
    void aReusedConnectionsGetReportsExactlyTheSameCallbacksInTheSameOrder() throws Exception {
        try (TestHttpServer server = TestHttpServer.start();
             Session session = Session.builder().backend("netty").build()) {
            WinInet api = WinInet.of(session);
            StatusRecorder rec = new StatusRecorder();
            long inet = api.InternetOpen("progress", INTERNET_OPEN_TYPE_DIRECT, null, null, INTERNET_FLAG_ASYNC);
            api.InternetSetStatusCallback(inet, rec);
            long conn = api.InternetConnect(inet, "127.0.0.1", server.port(), null, null, INTERNET_SERVICE_HTTP, 0, 1);
            for (int round = 0; round < 3; round++) {
                rec.clear(); // handle values are reused (LIFO): each round's events alone
                long req = api.HttpOpenRequest(conn, "GET", "/small", null, null, null, INTERNET_FLAG_KEEP_CONNECTION, 2);
                assertFalse(api.HttpSendRequest(req, null, 0, null, 0));
                rec.await(req, INTERNET_STATUS_REQUEST_COMPLETE);
                readToEnd(api, rec, req);
                assertTrue(api.InternetCloseHandle(req));
                rec.awaitClosing(req);
                List<Integer> s = rec.statuses(req).stream()
                        .filter(x -> x != INTERNET_STATUS_RECEIVING_RESPONSE && x != INTERNET_STATUS_RESPONSE_RECEIVED)
                        .toList();
                List<Integer> expected = round == 0
                        ? List.of(INTERNET_STATUS_HANDLE_CREATED, INTERNET_STATUS_RESOLVING_NAME, INTERNET_STATUS_NAME_RESOLVED,
                                INTERNET_STATUS_CONNECTING_TO_SERVER, INTERNET_STATUS_CONNECTED_TO_SERVER,
                                INTERNET_STATUS_SENDING_REQUEST, INTERNET_STATUS_REQUEST_SENT)
                        : List.of(INTERNET_STATUS_HANDLE_CREATED, INTERNET_STATUS_SENDING_REQUEST, INTERNET_STATUS_REQUEST_SENT);
                assertEquals(expected, s.subList(0, expected.size()), rec.statuses(req).toString());
                assertEquals(INTERNET_STATUS_HANDLE_CLOSING, s.get(s.size() - 1), s.toString());
                assertTrue(s.stream().filter(x -> x == INTERNET_STATUS_REQUEST_COMPLETE).count() >= 1, s.toString());
                assertEquals(s.size() - 1, s.indexOf(INTERNET_STATUS_HANDLE_CLOSING), s.toString());
            }
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    /** Async InternetReadFile until it reports 0 bytes, waiting for each pending read's REQUEST_COMPLETE. */
    private static void readToEnd(WinInet api, StatusRecorder rec, long req) {
        byte[] buf = new byte[64 * 1024];
        IntRef n = new IntRef();
        long completes = rec.of(req).stream().filter(x -> x.status() == INTERNET_STATUS_REQUEST_COMPLETE).count();
        while (true) {
            if (!api.InternetReadFile(req, buf, buf.length, n)) {
                assertEquals(997, api.GetLastError());
                long want = ++completes;
                rec.await(e -> rec.of(req).stream().filter(x -> x.status() == INTERNET_STATUS_REQUEST_COMPLETE).count() >= want,
                        Duration.ofSeconds(10));
            }
            if (n.value == 0) {
                return;
            }
        }
    }
}

package io.teardown.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.kernel.Event;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.KernelObjects;
import io.teardown.wininet.WinInet;
import io.teardown.winsock.Linger;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.TcpSocket;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.Winsock;
import io.teardown.winsock.Ws2_32;
import io.teardown.wlan.WlanApi;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's quick starts, as written there, against real local peers: the docs must not rot. */
class QuickStartTest {
    private static final byte[] PAYLOAD = "hello from closesocket".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A peer that reads everything until end-of-stream. */
    private static CompletableFuture<byte[]> readToEnd(ServerSocket server) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                return in.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void winsockFlat() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> peer = readToEnd(server);
            byte[] payload = PAYLOAD;
            try (Session session = Session.open()) {
                Ws2_32 ws = Ws2_32.of(session);
                ws.WSAStartup((short) 0x0202, new WSAData());
                long s = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
                ws.connect(s, SockAddr.inet("127.0.0.1", server.getLocalPort()));
                ws.send(s, payload, payload.length, 0);
                ws.setsockopt(s, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, new Linger(1, 5));
                assertEquals(0, ws.closesocket(s), () -> "closesocket failed: " + ws.WSAGetLastError());
                ws.WSACleanup();
            }
            assertArrayEquals(PAYLOAD, peer.get(10, TimeUnit.SECONDS), "the peer read everything, then end-of-stream");
        }
    }

    @Test
    void winsockObjectApi() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> peer = readToEnd(server);
            try (Session session = Session.open();
                 TcpSocket socket = Winsock.of(session).connect(new InetSocketAddress("localhost", server.getLocalPort()))) {
                socket.linger(Linger.timeout(Duration.ofSeconds(5)));
                socket.send(PAYLOAD);
            }
            assertArrayEquals(PAYLOAD, peer.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void kernelObjects() {
        try (Session session = Session.open()) {
            Kernel32 k = Kernel32.of(session);
            long event = k.CreateEvent(null, true, false, null);
            LongRef copy = new LongRef();
            k.DuplicateHandle(k.GetCurrentProcess(), event, k.GetCurrentProcess(), copy, 0, false,
                    Kernel32.DUPLICATE_SAME_ACCESS);
            assertTrue(k.CloseHandle(event));
            assertTrue(k.SetEvent(copy.value));
            assertTrue(k.CloseHandle(copy.value));
            boolean ok = k.CloseHandle(copy.value);
            assertFalse(ok);
            assertEquals(6, k.GetLastError());
            try (Event ready = KernelObjects.of(session).createEvent(true, false)) {
                ready.set();
            }
        }
    }

    @Test
    void wininetAsyncCloseWithARequestPending() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        server.createContext("/big", x -> {
            try {
                release.await(10, TimeUnit.SECONDS); // hold the response so the request stays pending
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                out.write(new byte[1024]);
            } catch (java.io.IOException ignored) {
                // the client closed: that is the point
            }
        });
        server.start();
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        try (Session session = Session.open()) {
            WinInet net = WinInet.of(session);
            long inet = net.InternetOpen("demo", WinInet.INTERNET_OPEN_TYPE_DIRECT, null, null, WinInet.INTERNET_FLAG_ASYNC);
            net.InternetSetStatusCallback(inet, (handle, context, status, info, length) -> statuses.add(status));
            long conn = net.InternetConnect(inet, "localhost", server.getAddress().getPort(), null, null,
                    WinInet.INTERNET_SERVICE_HTTP, 0, 1);
            long req = net.HttpOpenRequest(conn, "GET", "/big", null, null, null, 0, 2);
            assertFalse(net.HttpSendRequest(req, null, 0, null, 0));
            assertEquals(997, net.GetLastError());
            net.InternetCloseHandle(conn);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (statuses.stream().filter(s -> s == 70).count() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            net.InternetCloseHandle(inet);
        } finally {
            release.countDown();
            server.stop(0);
        }
        int complete = statuses.indexOf(100);
        int closing = statuses.indexOf(70);
        assertTrue(complete >= 0 && closing > complete, "REQUEST_COMPLETE before HANDLE_CLOSING: " + statuses);
    }

    @Test
    void wlan() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        try (Session session = Session.open()) {
            WlanApi wlan = WlanApi.of(session);
            IntRef negotiated = new IntRef();
            LongRef client = new LongRef();
            assertEquals(0, wlan.WlanOpenHandle(2, null, negotiated, client));
            assertEquals(0, wlan.WlanRegisterNotification(client.value, WlanApi.WLAN_NOTIFICATION_SOURCE_ALL, false,
                    (data, context) -> seen.add(data), null, null, null));
            assertEquals(0, wlan.WlanCloseHandle(client.value, null));
            assertEquals(2, negotiated.value);
        }
    }
}

package io.teardown.backend.netty;

import static io.teardown.wininet.WinInet.INTERNET_OPEN_TYPE_DIRECT;
import static io.teardown.wininet.WinInet.INTERNET_SERVICE_HTTP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.wininet.WinInet;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Netty transport reads a body in batches while the engine asks for more (auto-read on) and stops where it
 * does not: a read of a large buffer takes what many TCP reads brought in one call, the body arrives whole and
 * in order, and a reader that stops reading leaves at most the engine's high-water mark (256 KiB) and what the
 * last socket read brought buffered in the client — the server's writes stall on TCP back-pressure. The peer
 * is a plain JDK {@link ServerSocket}, on epoll and on NIO.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NettyWinInetBatchedReadTest {
    private static final int HIGH_WATER = 256 * 1024;
    /** Netty's largest read (the adaptive allocator's maximum), and the HTTP decoder's largest piece. */
    private static final int ONE_READ = 64 * 1024;

    /** Byte i of every body is {@code 'a' + i % 26}. */
    private static byte bodyByte(long i) {
        return (byte) ('a' + i % 26);
    }

    /** A one-connection HTTP peer: answers the first request with a Content-Length body, written in small pieces. */
    private static Thread serve(ServerSocket listener, int length) {
        Thread t = new Thread(() -> {
            try (Socket c = listener.accept(); InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
                in.read(new byte[4096]);
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                byte[] piece = new byte[1024];
                for (int at = 0; at < length; at += piece.length) {
                    for (int i = 0; i < piece.length; i++) {
                        piece[i] = bodyByte(at + i);
                    }
                    out.write(piece, 0, Math.min(piece.length, length - at));
                }
                out.flush();
                in.read(); // until the client closes
            } catch (Exception closed) {
                // the client went away
            }
        }, "body-peer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void aReadTakesWhatManyReadsBroughtInOneCallAndTheBodyArrivesWhole(String transport) throws Exception {
        int length = 4 << 20;
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             Session s = Session.builder().backend("netty").property("teardown.netty.transport", transport).build()) {
            serve(listener, length);
            WinInet net = WinInet.of(s);
            long root = net.InternetOpen("batches", INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
            long c = net.InternetConnect(root, "127.0.0.1", listener.getLocalPort(), null, null, INTERNET_SERVICE_HTTP, 0, 0);
            long r = net.HttpOpenRequest(c, "GET", "/", null, null, null, 0, 0);
            assertTrue(net.HttpSendRequest(r, null, 0, null, 0), () -> "send: " + net.GetLastError());
            IntRef n = new IntRef();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            do {
                assertTrue(net.InternetQueryDataAvailable(r, n, 0, 0));
            } while (n.value < HIGH_WATER - ONE_READ && System.nanoTime() < end);
            byte[] buf = new byte[1 << 20];
            assertTrue(net.InternetReadFile(r, buf, buf.length, n));
            assertTrue(n.value >= HIGH_WATER - ONE_READ, "one call takes several reads' pieces: " + n.value);
            long at = 0;
            while (n.value > 0) {
                for (int i = 0; i < n.value; i++) {
                    if (buf[i] != bodyByte(at + i)) {
                        throw new AssertionError("body byte " + (at + i) + " is " + buf[i]);
                    }
                }
                at += n.value;
                assertTrue(net.InternetReadFile(r, buf, buf.length, n), () -> "read: " + net.GetLastError());
            }
            assertEquals(length, at);
            assertTrue(net.InternetCloseHandle(root));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void aReaderThatStopsLeavesAtMostTheHighWaterMarkBuffered(String transport) throws Exception {
        int length = 64 << 20; // far more than the socket buffers hold: the peer's writes must stall
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             Session s = Session.builder().backend("netty").property("teardown.netty.transport", transport).build()) {
            Thread peer = serve(listener, length);
            WinInet net = WinInet.of(s);
            long root = net.InternetOpen("backpressure", INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
            long c = net.InternetConnect(root, "127.0.0.1", listener.getLocalPort(), null, null, INTERNET_SERVICE_HTTP, 0, 0);
            long r = net.HttpOpenRequest(c, "GET", "/", null, null, null, 0, 0);
            assertTrue(net.HttpSendRequest(r, null, 0, null, 0), () -> "send: " + net.GetLastError());
            IntRef n = new IntRef();
            assertTrue(net.InternetReadFile(r, new byte[1], 1, n)); // then the application stops reading
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            do {
                assertTrue(net.InternetQueryDataAvailable(r, n, 0, 0));
            } while (n.value < HIGH_WATER && System.nanoTime() < end);
            assertTrue(n.value >= HIGH_WATER, "the engine buffers up to its mark: " + n.value);
            Thread.sleep(300); // were reading not stopped, loopback would bring megabytes meanwhile
            assertTrue(net.InternetQueryDataAvailable(r, n, 0, 0));
            assertTrue(n.value <= HIGH_WATER + 2 * ONE_READ, "bounded: " + n.value);
            assertTrue(peer.isAlive(), "the peer's writes stalled before the end of the body");
            assertTrue(net.InternetCloseHandle(r), "WI-01: the rest is discarded with the connection");
            assertTrue(net.InternetCloseHandle(root));
            peer.join(5_000);
        }
    }
}

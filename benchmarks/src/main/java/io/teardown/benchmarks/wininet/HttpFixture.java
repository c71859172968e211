package io.teardown.benchmarks.wininet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The one HTTP server every WinINet benchmark and its baselines talk to: the JDK's
 * {@code com.sun.net.httpserver} on 127.0.0.1, port 0, HTTP/1.1 keep-alive.
 *
 * <ul>
 *   <li>{@code /bytes/N} answers 200 with N bytes and a Content-Length.</li>
 *   <li>{@code /stall} sends the response head of a chunked body and then nothing: the handler returns
 *       without closing the exchange (so no server thread is held), leaving the client's read pending
 *       until the client closes. The exchanges are closed when the fixture stops.</li>
 * </ul>
 */
final class HttpFixture implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final Queue<HttpExchange> stalled = new ConcurrentLinkedQueue<>();

    HttpFixture() throws IOException {
        // Without TCP_NODELAY the server's separate head and body writes meet the client's delayed ACK
        // (Nagle): every response waits ~40 ms, whatever the client. Read once, when the server
        // classes initialise; the benchmark forks also pass it on the command line.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(executor);
        server.createContext("/bytes/", this::bytes);
        server.createContext("/stall", this::stall);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void bytes(HttpExchange ex) throws IOException {
        int n = Integer.parseInt(ex.getRequestURI().getPath().substring("/bytes/".length()));
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(200, n);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body(n));
        }
    }

    private void stall(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        ex.sendResponseHeaders(200, 0);
        ex.getResponseBody().flush();
        stalled.add(ex);
    }

    private final java.util.Map<Integer, byte[]> bodies = new java.util.concurrent.ConcurrentHashMap<>();

    private byte[] body(int n) {
        return bodies.computeIfAbsent(n, k -> {
            byte[] b = new byte[k];
            for (int i = 0; i < k; i++) {
                b[i] = (byte) ('a' + i % 26);
            }
            return b;
        });
    }

    /** Closes stalled exchanges left behind by closed clients (so they do not pile up). */
    void dropStalled() {
        HttpExchange ex;
        while ((ex = stalled.poll()) != null) {
            ex.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        dropStalled();
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}

package io.teardown.testkit.wininet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The HTTP peer of the WinINet contract: the JDK's own {@code com.sun.net.httpserver} on 127.0.0.1,
 * port 0 (independent of the code under test). It counts the TCP connections requests arrive on, so
 * tests can see keep-alive reuse (WI-01), and records each request line and its headers.
 *
 * <p>Paths: {@code /small} ("hello", Content-Length, {@code Vary: Accept-Encoding}), {@code /big} ({@link #BIG} bytes, Content-Length),
 * {@code /chunked} (chunked body), {@code /stall} (head sent, body never — until {@link #close()}),
 * {@code /hang} (nothing at all — until {@link #close()}), {@code /late} (head, then "hello" 300 ms
 * later), {@code /echo} (the request body back); redirects with a small body: {@code /redirect/N} (302
 * to {@code /redirect/N-1}, relative; {@code /redirect/0} to {@code /small}), {@code /loop} (302 to
 * itself), {@code /see-other} (303 to {@code /echo}), {@code /temporary} (307 to {@code /echo}),
 * {@code /away?port=P} (301 to {@code /small} on another server).
 */
public final class TestHttpServer implements AutoCloseable {
    /** The size of {@code /big}. */
    public static final int BIG = 4 * 1024 * 1024;
    /** The body of {@code /small}. */
    public static final byte[] SMALL = "hello".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-http-server");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> connections = ConcurrentHashMap.newKeySet();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    private TestHttpServer(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A plain HTTP server. */
    public static TestHttpServer start() throws IOException {
        return new TestHttpServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50));
    }

    /** An HTTPS server with {@code tls} (its key and certificate). */
    public static TestHttpServer startTls(SSLContext tls) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new TestHttpServer(s);
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** How many distinct TCP connections requests have arrived on. */
    public int connections() {
        return connections.size();
    }

    /** Each request as {@code "METHOD /path"} followed by its header lines. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        connections.add(String.valueOf(ex.getRemoteAddress()));
        StringBuilder seen = new StringBuilder(ex.getRequestMethod()).append(' ').append(ex.getRequestURI());
        ex.getRequestHeaders().forEach((k, v) -> v.forEach(x -> seen.append('\n').append(k).append(": ").append(x)));
        requests.add(seen.toString());
        byte[] requestBody;
        try (InputStream in = ex.getRequestBody()) {
            requestBody = in.readAllBytes();
        }
        try {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/redirect/")) {
                // /redirect/N answers 302 to /redirect/N-1 (relative), /redirect/0 to /small
                int n = Integer.parseInt(path.substring("/redirect/".length()));
                redirect(ex, 302, n == 0 ? "/small" : "/redirect/" + (n - 1));
                return;
            }
            switch (path) {
                case "/loop":
                    redirect(ex, 302, "/loop");
                    break;
                case "/see-other":
                    redirect(ex, 303, "/echo");
                    break;
                case "/temporary":
                    redirect(ex, 307, "/echo");
                    break;
                case "/away": // 301 to another server, named by the query: /away?port=P
                    redirect(ex, 301, "http://127.0.0.1:" + ex.getRequestURI().getQuery().substring(5) + "/small");
                    break;
                case "/small":
                    ex.getResponseHeaders().add("Content-Type", "text/plain");
                    ex.getResponseHeaders().add("X-Twice", "one");
                    ex.getResponseHeaders().add("X-Twice", "two");
                    ex.getResponseHeaders().add("Vary", "Accept-Encoding");
                    send(ex, SMALL);
                    break;
                case "/big": {
                    byte[] chunk = new byte[64 * 1024];
                    Arrays.fill(chunk, (byte) 'b');
                    ex.sendResponseHeaders(200, BIG);
                    try (OutputStream out = ex.getResponseBody()) {
                        for (int sent = 0; sent < BIG; sent += chunk.length) {
                            out.write(chunk);
                        }
                    }
                    break;
                }
                case "/chunked":
                    ex.sendResponseHeaders(200, 0);
                    try (OutputStream out = ex.getResponseBody()) {
                        for (int i = 0; i < 10; i++) {
                            out.write(("chunk" + i + ";").getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        }
                    }
                    break;
                case "/stall":
                    ex.sendResponseHeaders(200, 1000);
                    ex.getResponseBody().flush();
                    released.await(30, TimeUnit.SECONDS);
                    ex.close();
                    break;
                case "/late":
                    ex.sendResponseHeaders(200, SMALL.length);
                    ex.getResponseBody().flush();
                    Thread.sleep(300);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(SMALL);
                    }
                    break;
                case "/hang":
                    released.await(30, TimeUnit.SECONDS);
                    ex.close();
                    break;
                case "/echo":
                    send(ex, requestBody);
                    break;
                default:
                    send(ex, new byte[0]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.close();
        } catch (IOException clientWentAway) {
            ex.close();
        }
    }

    /** A redirect with a small body, which a client following it drains. */
    private static void redirect(HttpExchange ex, int status, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        byte[] body = ("moved to " + location).getBytes(StandardCharsets.US_ASCII);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void send(HttpExchange ex, byte[] body) throws IOException {
        ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops the server; stalled handlers are released. */
    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}

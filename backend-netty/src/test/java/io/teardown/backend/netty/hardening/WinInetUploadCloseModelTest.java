package io.teardown.backend.netty.hardening;

import static io.teardown.wininet.WinInet.INTERNET_FLAG_ASYNC;
import static io.teardown.wininet.WinInet.INTERNET_OPEN_TYPE_DIRECT;
import static io.teardown.wininet.WinInet.INTERNET_SERVICE_HTTP;
import static io.teardown.wininet.WinInet.INTERNET_STATUS_HANDLE_CLOSING;
import static io.teardown.wininet.WinInet.INTERNET_STATUS_REQUEST_COMPLETE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LeakTracking;
import io.teardown.api.Session;
import io.teardown.testkit.hardening.ResourceProbe;
import io.teardown.testkit.wininet.StatusRecorder;
import io.teardown.wininet.InternetBuffers;
import io.teardown.wininet.WinInet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import io.teardown.testkit.hardening.SoakTries;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 18 (uploads and their close): random uploads — synchronous or async, a random body length,
 * first bytes and write sizes — closed at a random step ({@code HttpSendRequestEx} just called, after
 * the k-th {@code InternetWriteFile}, after {@code HttpEndRequest}, or after the response was read),
 * against an independent peer (a plain JDK {@link ServerSocket} that reads each request's head and
 * {@code Content-Length} body). Checked every time: the peer saw either the whole body, byte for byte, or
 * a connection that ended before it (WI-01, WI-04) — the whole body for certain when the upload
 * finished, never when the application had not written it all; the request handle got exactly one
 * HANDLE_CLOSING, last, preceded by a cancelled REQUEST_COMPLETE (12017) when async and a call was
 * pending (WI-03, WI-04); nothing hung (every peer connection ended once the session's handles were
 * closed) and nothing leaked (the handle table is empty).
 */
class WinInetUploadCloseModelTest {
    /** {@link SoakTries} from this package, which surefire opens to jqwik when it runs this class alone. */
    static final class Soak implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            SoakTries.scale(context);
            return property.execute();
        }

        @Override
        public int aroundPropertyProximity() {
            return -100;
        }
    }

    private static final AtomicLong CONTEXTS = new AtomicLong(1);
    private static Peer peer;
    private static Session session;
    private static WinInet net;

    @BeforeContainer
    static void start() throws IOException {
        peer = new Peer();
        session = Session.builder().backend("netty").name("model-upload").leakTracking(LeakTracking.OFF).build();
        net = WinInet.of(session);
    }

    @AfterContainer
    static void stop() throws IOException {
        session.close();
        peer.close();
    }

    /** One upload: {@code first} bytes with HttpSendRequestEx, then {@code writes}, closed after step {@code closeAfter}. */
    record Script(boolean async, int first, List<Integer> writes, int closeAfter) {
        int total() {
            return first + writes.stream().mapToInt(Integer::intValue).sum();
        }

        /** Steps: 0 HttpSendRequestEx, 1..W the writes, W+1 HttpEndRequest, W+2 the response read (the last). */
        int lastStep() {
            return writes.size() + 2;
        }

        /** Whether the upload is over before the close: the end returned (sync) or the response was read. */
        boolean finishes() {
            return closeAfter >= (async ? lastStep() : lastStep() - 1);
        }
    }

    @Provide
    Arbitrary<Script> scripts() {
        Arbitrary<List<Integer>> writes = Arbitraries.integers().between(0, 96 * 1024).list().ofMaxSize(6);
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 4096), writes,
                Arbitraries.integers().between(0, 8)).as((async, first, w, close) ->
                new Script(async, first, w, Math.min(close, w.size() + 2)));
    }

    private static byte[] body(int total, long seed) {
        byte[] b = new byte[total];
        for (int i = 0; i < total; i++) {
            b[i] = (byte) (i * 7 + seed);
        }
        return b;
    }

    @Property(tries = 150)
    @AddLifecycleHook(Soak.class) // -Dteardown.soak=true: 100x the tries
    void aClosedUploadLeavesTheWholeBodyOrAnAbortedConnection(@ForAll("scripts") Script script) throws Exception {
        int connectionsBefore = peer.accepted.get();
        peer.requests.clear();
        long ctx = CONTEXTS.getAndIncrement();
        byte[] body = body(script.total(), ctx);
        StatusRecorder rec = new StatusRecorder();
        long inet = net.InternetOpen("model", INTERNET_OPEN_TYPE_DIRECT, null, null, script.async() ? INTERNET_FLAG_ASYNC : 0);
        assertNotEquals(0, inet);
        net.InternetSetStatusCallback(inet, rec);
        long conn = net.InternetConnect(inet, "127.0.0.1", peer.port(), null, null, INTERNET_SERVICE_HTTP, 0, ctx);
        long req = net.HttpOpenRequest(conn, "PUT", "/upload", null, null, null, 0, ctx);
        assertNotEquals(0, req, () -> "HttpOpenRequest: " + net.GetLastError());

        int completes = 0;
        boolean pending = false;
        int written = 0;
        for (int step = 0; step <= script.closeAfter(); step++) {
            if (pending) {
                completes++;
                awaitComplete(rec, req, completes); // the previous call finished before the next begins
                pending = false;
            }
            boolean ok;
            if (step == 0) {
                InternetBuffers in = new InternetBuffers(body, script.first(), body.length);
                ok = net.HttpSendRequestEx(req, in, null, 0, 0);
                written = script.first();
            } else if (step <= script.writes().size()) {
                int n = script.writes().get(step - 1);
                IntRef done = new IntRef();
                ok = net.InternetWriteFile(req, Arrays.copyOfRange(body, written, written + n), n, done);
                written += n;
            } else if (step == script.writes().size() + 1) {
                ok = net.HttpEndRequest(req, null, 0, 0);
            } else {
                ok = true;
                readAll(rec, req, completes);
            }
            if (!ok) {
                assertTrue(script.async() && net.GetLastError() == 997, () -> "step failed: " + net.GetLastError() + " " + rec);
                pending = true;
            }
        }
        assertTrue(net.InternetCloseHandle(req));

        // WI-03/WI-04: one HANDLE_CLOSING, last; a pending async call completed cancelled before it
        rec.awaitClosing(req);
        rec.settle();
        List<StatusRecorder.Event> mine = rec.of(req);
        assertEquals(1, mine.stream().filter(e -> e.status() == INTERNET_STATUS_HANDLE_CLOSING).count(), rec::toString);
        assertEquals(INTERNET_STATUS_HANDLE_CLOSING, mine.get(mine.size() - 1).status(), rec::toString);
        if (pending) {
            StatusRecorder.Event last = mine.stream().filter(e -> e.status() == INTERNET_STATUS_REQUEST_COMPLETE)
                    .reduce((a, b) -> b).orElseThrow();
            assertTrue(last.error() == 12017 || last.result() == 1, () -> "the pending call completed: " + rec);
        }
        assertTrue(net.InternetCloseHandle(inet));

        // nothing hung: every connection of this try ended; nothing leaked
        assertTrue(ResourceProbe.eventually(Duration.ofSeconds(10), () -> peer.open.get() == 0),
                () -> "peer connections still open: " + peer.open.get());
        assertTrue(ResourceProbe.eventually(Duration.ofSeconds(10),
                () -> session.handles(HandleSpace.INTERNET).size() == 0), "every handle freed");

        // the peer saw the whole body or an aborted one, never anything else
        List<Seen> seen = List.copyOf(peer.requests);
        long whole = seen.stream().filter(s -> s.whole).count();
        for (Seen s : seen) {
            assertEquals(body.length, s.announced, "Content-Length is the announced total");
            if (s.whole) {
                assertArrayEquals(body, s.body, "a whole body is the application's bytes");
            } else {
                assertTrue(s.body.length < body.length, "an aborted body is shorter");
                assertArrayEquals(Arrays.copyOf(body, s.body.length), s.body, "what came is a prefix");
            }
        }
        assertTrue(whole <= 1, () -> "one upload, at most one whole body: " + seen);
        if (written < body.length) {
            assertEquals(0, whole, "the application never wrote the whole body");
        }
        if (script.finishes()) {
            assertEquals(1, whole, () -> "a finished upload reached the peer whole: " + script + " " + seen);
        }
        assertTrue(peer.accepted.get() - connectionsBefore <= 1, "one upload, one connection at most");
    }

    private static void awaitComplete(StatusRecorder rec, long req, int k) {
        rec.await(e -> rec.of(req).stream().filter(x -> x.status() == INTERNET_STATUS_REQUEST_COMPLETE).count() >= k,
                Duration.ofSeconds(20));
        StatusRecorder.Event done = rec.of(req).stream().filter(x -> x.status() == INTERNET_STATUS_REQUEST_COMPLETE)
                .skip(k - 1).findFirst().orElseThrow();
        assertEquals(1, done.result(), () -> "a call of an upload that was not closed succeeds: " + rec);
    }

    private static void readAll(StatusRecorder rec, long req, int completes) {
        byte[] buf = new byte[64];
        IntRef n = new IntRef();
        int k = completes;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            if (!net.InternetReadFile(req, buf, buf.length, n)) {
                assertEquals(997, net.GetLastError());
                awaitComplete(rec, req, ++k);
            }
            if (n.value == 0) {
                break;
            }
            out.write(buf, 0, n.value);
        }
        assertEquals("ok", out.toString(StandardCharsets.US_ASCII));
    }

    /** What the peer saw of one request. */
    record Seen(long announced, byte[] body, boolean whole) {
        @Override
        public String toString() {
            return (whole ? "whole " : "aborted ") + body.length + "/" + announced;
        }
    }

    /** A plain JDK server: reads heads and Content-Length bodies, answers "ok" to a whole one (keep-alive). */
    static final class Peer implements AutoCloseable {
        final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<Seen> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger open = new AtomicInteger();

        Peer() throws IOException {
            Thread t = new Thread(this::acceptLoop, "upload-peer");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void acceptLoop() {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    accepted.incrementAndGet();
                    open.incrementAndGet();
                    Thread t = new Thread(() -> serve(s), "upload-peer-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return; // closed between requests (or inside a head)
                    }
                    long announced = -1;
                    for (String line : head.split("\r\n")) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            announced = Long.parseLong(line.substring(15).trim());
                        }
                    }
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    byte[] buf = new byte[16 * 1024];
                    while (body.size() < announced) {
                        int n;
                        try {
                            n = in.read(buf, 0, (int) Math.min(buf.length, announced - body.size()));
                        } catch (IOException reset) {
                            n = -1;
                        }
                        if (n < 0) {
                            break;
                        }
                        body.write(buf, 0, n);
                    }
                    boolean whole = body.size() == announced;
                    requests.add(new Seen(announced, body.toByteArray(), whole));
                    if (!whole) {
                        return;
                    }
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException gone) {
                // the client went away mid-answer: its request was recorded already
            } finally {
                open.decrementAndGet();
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while (true) {
                try {
                    b = in.read();
                } catch (IOException reset) {
                    return null;
                }
                if (b < 0) {
                    return null;
                }
                head.write(b);
                byte[] h = head.toByteArray();
                int n = h.length;
                if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}

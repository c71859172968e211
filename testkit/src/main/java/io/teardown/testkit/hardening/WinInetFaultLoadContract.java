package io.teardown.testkit.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LeakTracking;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;

import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.testkit.wininet.RawHttpServer;
import io.teardown.testkit.wininet.TestHttpServer;
import io.teardown.wininet.WinInet;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11, part 3 (WinINet): faults under load, beyond the contract's one-request-per-fault cases
 * (WI_10_unreachableStalledResetAndBrokenServersGiveWinInetErrors): hundreds of sync and async
 * requests at once against servers that reset, stall, truncate, answer garbage or endless headers,
 * with TLS handshakes that fail, and with handles closed at random moments (WI-07) — every call ends
 * with a documented result within its timeout, and nothing is left: no handle, no thread, no
 * descriptor. Also: a response body the application does not read never makes the client buffer
 * without bound (the server's writes stall on TCP back-pressure).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems({"kernel", "wininet"})
@Timeout(120)
public class WinInetFaultLoadContract {
    private static final int TIMEOUT_MS = 1_000;

    /** For JUnit and subclasses. */
    public WinInetFaultLoadContract() {
    }

    private static Session session(TestBackend b, String what) {
        return Session.builder().backend(b.name()).name("fault-" + what).leakTracking(LeakTracking.OFF).build();
    }

    private static void shortTimeouts(WinInet net, long h) {
        for (int option : new int[] {WinInet.INTERNET_OPTION_CONNECT_TIMEOUT, WinInet.INTERNET_OPTION_RECEIVE_TIMEOUT,
                WinInet.INTERNET_OPTION_SEND_TIMEOUT}) {
            assertTrue(net.InternetSetOption(h, option, TIMEOUT_MS, 4));
        }
    }

    /** A server that answers with a status line and then header lines forever. */
    private static final class EndlessHeaders implements AutoCloseable {
        final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final Thread acceptor;
        final List<Socket> sockets = new ArrayList<>();

        EndlessHeaders() throws Exception {
            acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket s = listener.accept();
                        synchronized (sockets) {
                            sockets.add(s);
                        }
                        Thread t = new Thread(() -> {
                            try (OutputStream out = s.getOutputStream()) {
                                out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
                                for (long i = 0; ; i++) {
                                    out.write(("X-Endless-" + i + ": yes\r\n").getBytes(StandardCharsets.US_ASCII));
                                }
                            } catch (Exception closed) {
                                // the client gave up: that is the point
                            }
                        }, "endless-headers");
                        t.setDaemon(true);
                        t.start();
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "endless-headers-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            listener.close();
            synchronized (sockets) {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            acceptor.join(5_000);
        }
    }

    @TestTemplate
    void faultyServersUnderLoadGiveDocumentedErrorsAndLeaveNothing(TestBackend backend) throws Exception {
        int fds = ResourceProbe.openFileDescriptors();
        List<AutoCloseable> servers = new ArrayList<>();
        List<int[]> targets = new ArrayList<>(); // {port, secure}
        for (RawHttpServer.Behaviour b : RawHttpServer.Behaviour.values()) {
            RawHttpServer s = new RawHttpServer(b);
            servers.add(s);
            targets.add(new int[] {s.port(), 0});
            targets.add(new int[] {s.port(), 1}); // TLS against a server that speaks no TLS: handshake fails
        }
        TestHttpServer ok = TestHttpServer.start();
        servers.add(ok);
        targets.add(new int[] {ok.port(), 0});
        targets.add(new int[] {ok.port(), 1});
        EndlessHeaders endless = new EndlessHeaders();
        servers.add(endless);
        targets.add(new int[] {endless.port(), 0});
        int refused = FlatFuzzContract.closedPort();
        targets.add(new int[] {refused, 0});

        Session s = session(backend, "wininet-load");
        String name = s.name();
        WinInet net = WinInet.of(s);
        long sync = net.InternetOpen("load", WinInet.INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
        long async = net.InternetOpen("load", WinInet.INTERNET_OPEN_TYPE_DIRECT, null, null, WinInet.INTERNET_FLAG_ASYNC);
        shortTimeouts(net, sync);
        shortTimeouts(net, async);
        AtomicLong completions = new AtomicLong();
        net.InternetSetStatusCallback(async, (h, ctx, status, info, len) -> {
            if (status == WinInet.INTERNET_STATUS_REQUEST_COMPLETE) {
                completions.incrementAndGet();
            }
        });
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicLong requests = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int[] target = targets.get(i % targets.size());
            boolean useAsync = i % 3 == 0;
            boolean closeEarly = i % 5 == 0;
            work.add(pool.submit(() -> {
                long root = useAsync ? async : sync;
                long c = net.InternetConnect(root, "127.0.0.1", target[0], null, null, WinInet.INTERNET_SERVICE_HTTP, 0, 1);
                long r = net.HttpOpenRequest(c, "GET", "/small", null, null, null,
                        target[1] == 1 ? WinInet.INTERNET_FLAG_SECURE : 0, 2);
                if (closeEarly) {
                    Thread closer = new Thread(() -> {
                        sleep(ThreadLocalRandom.current().nextInt(20));
                        net.InternetCloseHandle(r); // WI-07: racing the send
                    });
                    closer.start();
                    send(net, r, problems, failures);
                    join(closer);
                } else {
                    send(net, r, problems, failures);
                    byte[] buf = new byte[64];
                    IntRef n = new IntRef();
                    while (net.InternetReadFile(r, buf, buf.length, n) && n.value > 0) {
                        // drain what the server sends
                    }
                    net.InternetCloseHandle(r);
                }
                requests.incrementAndGet();
                net.InternetCloseHandle(c);
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(net.InternetCloseHandle(sync));
        assertTrue(net.InternetCloseHandle(async));
        assertTrue(ResourceProbe.eventually(Duration.ofSeconds(15), () -> s.handles(HandleSpace.INTERNET).size() == 0),
                () -> "handles left: " + s.handles(HandleSpace.INTERNET).size());
        s.close();
        for (AutoCloseable server : servers) {
            server.close();
        }
        System.out.println("WinINet fault load: " + requests.get() + " requests against " + targets.size()
                + " faulty targets, " + failures.get() + " failed as documented, " + completions.get()
                + " async completions; problems " + problems.size());
        assertEquals(List.of(), new ArrayList<>(problems));
        assertTrue(ResourceProbe.eventually(Duration.ofSeconds(15), () -> ResourceProbe.threadsNamed(name).isEmpty()),
                () -> "threads left: " + ResourceProbe.threadsNamed(name));
        if (fds >= 0) {
            assertTrue(ResourceProbe.eventually(Duration.ofSeconds(15), () -> ResourceProbe.openFileDescriptors() <= fds + ResourceProbe.DESCRIPTOR_SLACK),
                    () -> "descriptors: before " + fds + ", after " + ResourceProbe.openFileDescriptors());
        }
    }

    private static void send(WinInet net, long r, ConcurrentLinkedQueue<String> problems, AtomicLong failures) {
        long t0 = System.nanoTime();
        boolean ok = net.HttpSendRequest(r, null, 0, null, 0);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        if (!ok) {
            int e = net.GetLastError();
            failures.incrementAndGet();
            if (Win32Error.of(e).isEmpty()) {
                problems.add("HttpSendRequest failed with unknown error " + e);
            }
        }
        // connect + TLS handshake + head, each bounded by a 1 s timeout, plus the 5 s callback drain
        if (ms > 3 * TIMEOUT_MS + 5_000) {
            problems.add("HttpSendRequest took " + ms + " ms");
        }
    }

    @TestTemplate
    void anUnreadEndlessBodyIsBufferedBoundedly(TestBackend b) throws Exception {
        AtomicLong written = new AtomicLong();
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             Session s = session(b, "backpressure")) {
            Thread server = new Thread(() -> {
                try (Socket c = listener.accept(); InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
                    byte[] head = new byte[1024];
                    in.read(head);
                    out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = ("10000\r\n" + "z".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    for (;;) {
                        out.write(chunk);
                        written.addAndGet(0x10000);
                    }
                } catch (Exception closed) {
                    // the client closed the request
                }
            }, "endless-body");
            server.setDaemon(true);
            server.start();
            WinInet net = WinInet.of(s);
            long root = net.InternetOpen("bp", WinInet.INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
            long c = net.InternetConnect(root, "127.0.0.1", listener.getLocalPort(), null, null, WinInet.INTERNET_SERVICE_HTTP, 0, 0);
            long r = net.HttpOpenRequest(c, "GET", "/", null, null, null, 0, 0);
            assertTrue(net.HttpSendRequest(r, null, 0, null, 0));
            byte[] buf = new byte[100];
            IntRef n = new IntRef();
            assertTrue(net.InternetReadFile(r, buf, buf.length, n));
            Thread.sleep(1_000); // the application stops reading; the server keeps writing
            long stalledAt = written.get();
            Thread.sleep(500);
            System.out.println("endless body: the server could write " + stalledAt + " bytes before back-pressure");
            assertTrue(stalledAt < 64L << 20, "the client buffers boundedly: " + stalledAt);
            assertEquals(stalledAt, written.get(), "the server's writes stalled");
            assertTrue(net.InternetCloseHandle(r), "WI-01: close discards the rest");
            assertTrue(net.InternetCloseHandle(root));
            server.join(5_000);
            assertFalse(server.isAlive(), "the server saw the connection go");
        }
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

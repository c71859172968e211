package io.teardown.examples.demo;

import static io.teardown.winsock.Ws2_32.AF_INET;
import static io.teardown.winsock.Ws2_32.FIONBIO;
import static io.teardown.winsock.Ws2_32.INVALID_SOCKET;
import static io.teardown.winsock.Ws2_32.IPPROTO_TCP;
import static io.teardown.winsock.Ws2_32.SOCKET_ERROR;
import static io.teardown.winsock.Ws2_32.SOCK_STREAM;
import static io.teardown.winsock.Ws2_32.SOL_SOCKET;
import static io.teardown.winsock.Ws2_32.SO_LINGER;
import static io.teardown.winsock.Ws2_32.SO_SNDBUF;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.winsock.Linger;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockDiagnostics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code teardown demo winsock}: an embedded echo server (plain JDK sockets) and one connection per
 * {@code closesocket} mode — default (graceful), hard ({@code {1,0}}), lingering with a reading peer,
 * lingering with a peer that never reads, and lingering on a non-blocking socket — printing what
 * {@code closesocket} returned, how long it blocked, and what the peer saw on the wire (WS-04 … WS-07).
 */
public final class WinsockDemo implements Demo {
    private static final int PAYLOAD = 256 * 1024;

    /** For {@link Demos}. */
    public WinsockDemo() {
    }

    @Override
    public String name() {
        return "winsock";
    }

    @Override
    public String summary() {
        return "closesocket's linger modes against an embedded echo server: FIN or RST, and how long close blocked";
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        try (Session session = Session.open(); EchoServer server = new EchoServer()) {
            Ws2_32 ws = Ws2_32.of(session);
            check(ws.WSAStartup((short) 0x0202, new WSAData()) == 0, "WSAStartup");
            String transport = WinsockDiagnostics.of(session).map(WinsockDiagnostics::transportName).orElse("native");
            out.printf("Winsock on %s (%s); echo server on port %d%n%n", session.name(), transport, server.port());
            out.printf(HEADER, "close mode", "result", "blocked", "the peer saw");

            // WS-04: default linger, the peer echoes what it reads. Our side reads the echo back first:
            // closing with received data unread would be an abortive close (RST), as on Windows.
            Peer p = server.next(true);
            long s = connect(ws, server);
            send(ws, s, PAYLOAD);
            drain(ws, s, PAYLOAD);
            Closed c = close(ws, s);
            report(out, "default (l_onoff = 0)", c, p.seen());
            check(c.result == 0 && p.seen().fin() && p.seen().bytes() == PAYLOAD, "graceful close: all data, then FIN");

            // WS-05: hard close with data still queued behind a peer that has not read yet.
            p = server.next(false);
            s = stalled(ws, server);
            linger(ws, s, Linger.ABORTIVE);
            c = close(ws, s);
            p.release();
            report(out, "hard (l_onoff = 1, l_linger = 0)", c, p.seen());
            check(c.result == 0 && !p.seen().fin(), "hard close: connection reset");

            // WS-06: linger 5 s, the peer reads: returns once everything is acknowledged.
            p = server.next(true);
            s = connect(ws, server);
            send(ws, s, PAYLOAD);
            drain(ws, s, PAYLOAD);
            linger(ws, s, new Linger(1, 5));
            c = close(ws, s);
            report(out, "linger 5 s, peer reading", c, p.seen());
            check(c.result == 0 && p.seen().fin() && p.seen().bytes() == PAYLOAD, "linger: all data, then FIN");

            // WS-06: linger 1 s, the peer never reads: blocks 1 s, then resets.
            p = server.next(false);
            s = stalled(ws, server);
            ws.ioctlsocket(s, FIONBIO, new IntRef(0));
            linger(ws, s, new Linger(1, 1));
            c = close(ws, s);
            p.release();
            report(out, "linger 1 s, peer never reads", c, p.seen());
            check(c.result == 0 && c.millis >= 900 && !p.seen().fin(), "linger timeout: blocked, then reset");

            // WS-07: non-blocking socket, linger 5 s, data pending: WSAEWOULDBLOCK, the socket stays valid.
            p = server.next(false);
            s = stalled(ws, server);
            linger(ws, s, new Linger(1, 5));
            c = close(ws, s);
            report(out, "non-blocking, linger 5 s", c, null);
            check(c.result == SOCKET_ERROR && c.error == Win32Error.WSAEWOULDBLOCK.code(), "WSAEWOULDBLOCK");
            p.release();
            long start = System.nanoTime();
            int r;
            do {
                Thread.sleep(10);
                r = ws.closesocket(s);
            } while (r == SOCKET_ERROR && ws.WSAGetLastError() == Win32Error.WSAEWOULDBLOCK.code()
                    && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
            c = new Closed(r, r == 0 ? 0 : ws.WSAGetLastError(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            report(out, "  ... called again once drained", c, p.seen());
            check(r == 0 && p.seen().fin(), "the retried close delivers everything, then FIN");

            ws.WSACleanup();
            out.println();
            out.println("closesocket returns 0 for every mode that closes: only the peer can tell FIN from RST.");
            out.flush();
        }
    }

    /** One format for the header and the rows: the result column fits "-1 WSAEWOULDBLOCK". */
    private static final String HEADER = "%-34s %-17s %9s   %s%n";
    private static final String ROW = "%-34s %-17s %6d ms   %s%n";

    private record Closed(int result, int error, long millis) {
    }

    private static Closed close(Ws2_32 ws, long s) {
        long start = System.nanoTime();
        int r = ws.closesocket(s);
        int e = r == 0 ? 0 : ws.WSAGetLastError();
        return new Closed(r, e, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static void report(PrintWriter out, String mode, Closed c, Seen seen) {
        String result = c.result == 0 ? "0" : "-1 " + Win32Error.of(c.error).map(Enum::name).orElse(String.valueOf(c.error));
        String peer = seen == null ? "(nothing yet: the socket is still open)"
                : String.format(Locale.ROOT, "%,d bytes, then %s", seen.bytes(), seen.fin() ? "FIN (end of stream)" : "RST (" + seen.detail() + ")");
        out.printf(Locale.ROOT, ROW, mode, result, c.millis, peer);
        out.flush();
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("not as the rules say: " + what);
        }
    }

    private static long connect(Ws2_32 ws, EchoServer server) {
        long s = ws.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        check(s != INVALID_SOCKET, "socket");
        check(ws.connect(s, SockAddr.of(InetAddress.getLoopbackAddress(), server.port())) == 0, "connect");
        return s;
    }

    private static void linger(Ws2_32 ws, long s, Linger l) {
        check(ws.setsockopt(s, SOL_SOCKET, SO_LINGER, l) == 0, "setsockopt(SO_LINGER)");
    }

    private static void send(Ws2_32 ws, long s, int total) {
        byte[] chunk = new byte[16 * 1024];
        for (int sent = 0; sent < total; sent += chunk.length) {
            check(ws.send(s, chunk, chunk.length, 0) == chunk.length, "send");
        }
    }

    /** Reads the peer's echo of {@code total} bytes, so that nothing is left unread at the close. */
    private static void drain(Ws2_32 ws, long s, int total) {
        byte[] buf = new byte[16 * 1024];
        for (int got = 0, n; got < total; got += n) {
            n = ws.recv(s, buf, Math.min(buf.length, total - got), 0);
            check(n > 0, "recv the echo");
        }
    }

    /** A connection whose peer does not read yet, filled until the buffers on both sides are full. */
    private static long stalled(Ws2_32 ws, EchoServer server) throws InterruptedException {
        long s = connect(ws, server);
        ws.setsockopt(s, SOL_SOCKET, SO_SNDBUF, 8192);
        ws.ioctlsocket(s, FIONBIO, new IntRef(1));
        byte[] chunk = new byte[8192];
        int idle = 0;
        while (idle < 30) {
            if (ws.send(s, chunk, chunk.length, 0) == SOCKET_ERROR) {
                idle++;
                Thread.sleep(10);
            } else {
                idle = 0;
            }
        }
        return s;
    }

    /** What the peer saw. */
    private record Seen(long bytes, boolean fin, String detail) {
    }

    /** One accepted connection of the echo server. */
    private static final class Peer {
        final CountDownLatch go = new CountDownLatch(1);
        final CompletableFuture<Seen> seen = new CompletableFuture<>();

        void release() {
            go.countDown();
        }

        Seen seen() {
            try {
                return seen.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the peer did not finish", e);
            }
        }
    }

    /** A plain JDK echo server; each connection echoes what it reads and records how the stream ended. */
    private static final class EchoServer implements AutoCloseable {
        private final ServerSocket server;

        EchoServer() throws IOException {
            server = new ServerSocket();
            server.setReceiveBufferSize(8192);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        }

        int port() {
            return server.getLocalPort();
        }

        /** Serves the next connection; a peer created with {@code reading == false} waits for {@link Peer#release()}. */
        Peer next(boolean reading) {
            Peer p = new Peer();
            if (reading) {
                p.release();
            }
            Thread t = new Thread(() -> serve(p), "echo-peer");
            t.setDaemon(true);
            t.start();
            return p;
        }

        private void serve(Peer p) {
            long total = 0;
            try (Socket s = server.accept()) {
                p.go.await();
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                byte[] buf = new byte[16 * 1024];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    total += n;
                    // An echo failing with "connection reset" is how a reset shows up here too (the
                    // socket reports its pending error once: to this write, not to the next read).
                    out.write(buf, 0, n);
                }
                p.seen.complete(new Seen(total, true, ""));
            } catch (IOException e) {
                p.seen.complete(new Seen(total, false, String.valueOf(e.getMessage())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.seen.complete(new Seen(total, false, "interrupted"));
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}

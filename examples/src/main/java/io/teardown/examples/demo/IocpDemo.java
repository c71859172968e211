package io.teardown.examples.demo;

import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.examples.iocp.IocpEchoServer;
import io.teardown.examples.iocp.IocpEchoServer.Aborted;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code teardown demo iocp}: an {@link IocpEchoServer} — {@code AcceptEx}, an I/O completion port and
 * worker threads on the flat facades — serving plain JDK clients, then shut down while its operations
 * are pending: every {@code AcceptEx} comes back once with 995, every {@code WSARecv} once with 1236, the
 * workers stop on a {@code PostQueuedCompletionStatus} packet, and the session closes with no leak
 * (WS-09, WS-18, KO-14). See docs/winsock.md.
 */
public final class IocpDemo implements Demo {
    /** How many clients the server serves. */
    static final int CLIENTS = 4;
    /** How many {@code AcceptEx} operations the server keeps posted. */
    static final int ACCEPTS = 3;
    private static final int WORKERS = 2;

    /** For {@link Demos}. */
    public IocpDemo() {
    }

    @Override
    public String name() {
        return "iocp";
    }

    @Override
    public String summary() {
        return "an AcceptEx echo server on a completion port, shut down with its operations pending";
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        AtomicInteger leaks = new AtomicInteger();
        try (Session session = Session.builder().leakListener(l -> leaks.incrementAndGet()).build()) {
            IocpEchoServer server = new IocpEchoServer(session, ACCEPTS, WORKERS);
            List<Aborted> aborted;
            List<Socket> clients = new ArrayList<>();
            try {
                out.printf("IOCP echo server on %s, port %d: %d AcceptEx posted, %d workers%n%n",
                        session.name(), server.port(), ACCEPTS, WORKERS);
                out.printf(CLIENT_ROW, "client", "sent", "echoed back");
                for (int i = 0; i < CLIENTS; i++) {
                    Socket c = new Socket(InetAddress.getLoopbackAddress(), server.port());
                    c.setSoTimeout(10_000);
                    clients.add(c);
                    String hello = "hello from client " + i;
                    c.getOutputStream().write(hello.getBytes(StandardCharsets.US_ASCII));
                    String back = new String(c.getInputStream().readNBytes(hello.length()), StandardCharsets.US_ASCII);
                    out.printf(Locale.ROOT, CLIENT_ROW, "java.net.Socket " + i, '"' + hello + '"', '"' + back + '"');
                    check(back.equals(hello), "client " + i + " got its echo");
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!server.idleWith(CLIENTS) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                check(server.idleWith(CLIENTS), "every connection has its WSARecv pending");
                out.println();
                out.printf("shutdown: closesocket(listener) with %d AcceptEx pending, closesocket on %d connections"
                        + " with a WSARecv pending%n%n", ACCEPTS, CLIENTS);
                aborted = server.shutdown();
            } finally {
                server.close();
            }
            out.printf(ABORTED_ROW, "operation", "socket", "key", "status", "bytes");
            for (Aborted a : aborted) {
                String status = a.status() + " " + Win32Error.of(a.status()).map(Enum::name).orElse("?");
                out.printf(Locale.ROOT, ABORTED_ROW, a.kind(), "0x" + Long.toHexString(a.socket()), a.key(), status, a.bytes());
            }
            check(count(aborted, IocpEchoServer.Kind.AcceptEx, Win32Error.ERROR_OPERATION_ABORTED) == ACCEPTS,
                    "every pending AcceptEx aborted with 995");
            check(count(aborted, IocpEchoServer.Kind.WSARecv, Win32Error.ERROR_CONNECTION_ABORTED) == CLIENTS,
                    "every pending WSARecv aborted with 1236");
            check(aborted.size() == ACCEPTS + CLIENTS, "nothing else completed");
            for (Socket c : clients) {
                check(c.getInputStream().read() == -1, "the client sees the connection end");
                c.close();
            }
            out.println();
            out.printf("workers stopped on a PostQueuedCompletionStatus packet (key %d); port closed%n",
                    IocpEchoServer.STOP_KEY);
        }
        check(leaks.get() == 0, "nothing leaked");
        out.println("session closed: no leaks");
        out.flush();
    }

    /** One format for the header and the rows of each table. */
    private static final String CLIENT_ROW = "%-20s %-24s %s%n";
    private static final String ABORTED_ROW = "%-10s %-8s %4s   %-30s %5s%n";

    private static long count(List<Aborted> aborted, IocpEchoServer.Kind kind, Win32Error status) {
        return aborted.stream().filter(a -> a.kind() == kind && a.status() == status.code()).count();
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("not as the rules say: " + what);
        }
    }
}

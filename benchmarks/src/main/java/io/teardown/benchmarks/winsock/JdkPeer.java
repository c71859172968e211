package io.teardown.benchmarks.winsock;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The independent peer of the socket benchmarks, written with plain JDK sockets on 127.0.0.1, port 0:
 * a thread per connection that either reads to end-of-stream (or reset) and closes, echoes every byte
 * back, or (for lingering closes) accepts and never reads, holding the socket until the peer stops.
 */
final class JdkPeer implements AutoCloseable {
    /** What the peer does with each connection. */
    enum Behaviour { DRAIN, ECHO, HOLD }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jdk-peer");
        t.setDaemon(true);
        return t;
    });
    private final Queue<Socket> held = new ConcurrentLinkedQueue<>();
    private final Behaviour behaviour;

    JdkPeer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        server = new ServerSocket();
        if (behaviour == Behaviour.HOLD) {
            // A small window so a few KiB stay unacknowledged at the closing side (WS-06 has to wait).
            server.setReceiveBufferSize(4096);
        }
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16384);
        threads.execute(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return; // stopped
                }
                // e.g. out of descriptors for a moment: keep accepting, but do not spin on the error
                // (accept fails at once while the limit holds, and an unpaced retry burns a core)
                try {
                    Thread.sleep(10);
                } catch (InterruptedException stopped) {
                    return;
                }
                continue;
            }
            try {
                s.setTcpNoDelay(true);
            } catch (IOException resetAlready) {
                // the client reset the connection before it was accepted; it still counts as held
            }
            if (behaviour == Behaviour.HOLD) {
                held.add(s);
            } else {
                try {
                    threads.execute(() -> serve(s));
                } catch (java.util.concurrent.RejectedExecutionException stopped) {
                    return;
                }
            }
        }
    }

    private void serve(Socket s) {
        byte[] buf = new byte[32 * 1024];
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (behaviour == Behaviour.ECHO) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // A reset (abortive close) ends the connection as well as a FIN does.
        }
    }

    /**
     * Waits (at most 10 s) until {@code expected} connections are held (HOLD); returns how many are. A
     * client's connect completes in the kernel's accept queue, before this peer accepts, and that queue
     * holds at most {@code net.core.somaxconn} connections (4 096 here): a client that connects
     * thousands at once must let the peer catch up, or the kernel drops the handshake's last ACK and
     * the connection reaches the peer seconds later, by retransmission — into the next invocation.
     */
    int awaitHeld(int expected) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (held.size() < expected && System.nanoTime() < until) {
            Thread.sleep(1);
        }
        return held.size();
    }

    /** Resets the connections held (HOLD) once {@code expected} of them have been accepted ({@link #awaitHeld}). */
    void dropHeld(int expected) throws InterruptedException {
        awaitHeld(expected);
        dropHeld();
    }

    /** How each held connection ended, as the peer read it ({@link #verdict}). */
    record Verdict(int reset, int end, int timeout, int other) {
        @Override
        public String toString() {
            return "reset=" + reset + " eof=" + end + " timeout=" + timeout + " other=" + other;
        }
    }

    /**
     * Reads every held connection (HOLD) once {@code expected} of them have been accepted, to its end,
     * and closes it: after a lingering close that timed out (WS-06) the peer reads what its window took,
     * then "Connection reset". Each connection may take {@code timeoutMillis} to end; the RST was on the
     * wire before the closer returned, so a timeout means it never came.
     */
    Verdict verdict(int expected, int timeoutMillis) throws InterruptedException {
        awaitHeld(expected);
        int reset = 0;
        int end = 0;
        int timeout = 0;
        int other = 0;
        byte[] buf = new byte[64 * 1024];
        Socket s;
        while ((s = held.poll()) != null) {
            try (Socket c = s) {
                c.setSoTimeout(timeoutMillis);
                InputStream in = c.getInputStream();
                while (in.read(buf) >= 0) {
                    // what the window took before the reset
                }
                end++;
            } catch (java.net.SocketTimeoutException e) {
                timeout++;
            } catch (IOException e) {
                if (String.valueOf(e.getMessage()).contains("Connection reset")) {
                    reset++;
                } else {
                    other++;
                }
            }
        }
        return new Verdict(reset, end, timeout, other);
    }

    /** Closes the connections held so far (HOLD). */
    void dropHeld() {
        Socket s;
        while ((s = held.poll()) != null) {
            try {
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    /**
     * Runs a peer as its own process (see {@link PeerProcess}): prints {@code port <n>}, then answers
     * each {@code drop <n>} line on standard input with {@code dropped} (see {@link #dropHeld(int)}) and
     * each {@code await <n>} line with {@code held <k>} (see {@link #awaitHeld(int)}) and each
     * {@code verdict <n> <ms>} line with {@code verdict reset=… eof=… timeout=… other=…} (see
     * {@link #verdict}); ends at end of input.
     */
    public static void main(String[] args) throws Exception {
        try (JdkPeer peer = new JdkPeer(Behaviour.valueOf(args[0]))) {
            java.io.BufferedReader commands = new java.io.BufferedReader(
                    new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.US_ASCII));
            System.out.println("port " + peer.port());
            System.out.flush();
            String line;
            while ((line = commands.readLine()) != null) {
                if (line.startsWith("drop ")) {
                    peer.dropHeld(Integer.parseInt(line.substring(5).trim()));
                    System.out.println("dropped");
                    System.out.flush();
                } else if (line.startsWith("verdict ")) {
                    String[] f = line.split(" ");
                    System.out.println("verdict " + peer.verdict(Integer.parseInt(f[1]), Integer.parseInt(f[2])));
                    System.out.flush();
                } else if (line.startsWith("await ")) {
                    int h = peer.awaitHeld(Integer.parseInt(line.substring(6).trim()));
                    System.out.println("held " + h);
                    System.out.flush();
                }
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        dropHeld();
        threads.shutdownNow();
        threads.awaitTermination(5, TimeUnit.SECONDS);
    }
}

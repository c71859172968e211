package io.teardown.testkit.hardening;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that is both the CPU load and the peer of issue 22's test: busy threads beside the code
 * under test (the "other work on the machine"), and a plain-JDK listener with a 4 KiB window that
 * accepts every connection and never reads, so data stays unacknowledged at the closing side until
 * asked for its verdict: then it reads each connection to its end and reports how it ended. In a
 * process of its own the peer's N sockets do not count against the test JVM's descriptor limit (10 000
 * closes in the soak run). The child ends when its standard input does, so it never outlives the test.
 */
final class BusyPeerProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader replies;
    private final PrintWriter commands;
    private final int port;

    /** Starts the child with {@code busyThreads} busy threads, for at most {@code maxSeconds}. */
    BusyPeerProcess(int busyThreads, long maxSeconds) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes;
        try {
            classes = Path.of(BusyPeerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        process = new ProcessBuilder(java, "-Xss256k", "-cp", classes, BusyPeerProcess.class.getName(),
                Integer.toString(busyThreads), Long.toString(maxSeconds))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.US_ASCII);
        String first = replies.readLine();
        if (first == null || !first.startsWith("port ")) {
            process.destroyForcibly();
            throw new IOException("the peer process did not start: " + first);
        }
        port = Integer.parseInt(first.substring(5).trim());
    }

    int port() {
        return port;
    }

    /** Waits (10 s at most) until the peer accepted {@code expected} connections; returns how many it holds. */
    int awaitHeld(int expected) throws IOException {
        return Integer.parseInt(ask("await " + expected, "held "));
    }

    /**
     * Has the peer read every connection it holds to its end and close it; returns how many ended with
     * "Connection reset", and throws with the counts if any ended otherwise.
     */
    int resets(int expected) throws IOException {
        String verdict = ask("verdict " + expected, "verdict ");
        String[] counts = verdict.split(" ");
        int reset = Integer.parseInt(counts[0]);
        if (reset != expected) {
            throw new AssertionError("the peer saw, of " + expected + " connections: reset " + counts[0]
                    + ", end of stream " + counts[1] + ", nothing within 2 s " + counts[2] + ", other " + counts[3]);
        }
        return reset;
    }

    private String ask(String command, String prefix) throws IOException {
        commands.println(command);
        String reply = replies.readLine();
        if (reply == null || !reply.startsWith(prefix)) {
            throw new IOException("the peer process answered " + reply);
        }
        return reply.substring(prefix.length()).trim();
    }

    @Override
    public void close() throws InterruptedException {
        commands.close(); // end of input: the child stops
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    // ---- the child ----

    private static volatile long sink;

    public static void main(String[] args) throws Exception {
        int busy = Integer.parseInt(args[0]);
        long maxSeconds = Long.parseLong(args[1]);
        for (int i = 0; i < busy; i++) {
            daemon("busy-" + i, () -> {
                long x = 1;
                for (;;) {
                    for (int k = 0; k < 1_000_000; k++) {
                        x = x * 6364136223846793005L + 1442695040888963407L;
                    }
                    sink = x; // keeps the loop from being optimised away
                }
            });
        }
        daemon("lifetime", () -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(maxSeconds));
            } catch (InterruptedException ignored) {
                // exit anyway
            }
            System.exit(3);
        });
        Queue<Socket> held = new ConcurrentLinkedQueue<>();
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(4096); // a small window: the closing side keeps data unacknowledged
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            daemon("accept", () -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept());
                    } catch (IOException e) {
                        try {
                            Thread.sleep(10); // e.g. out of descriptors for a moment: retry, without spinning
                        } catch (InterruptedException stop) {
                            return;
                        }
                    }
                }
            });
            System.out.println("port " + server.getLocalPort());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null; ) {
                int expected = Integer.parseInt(line.substring(line.indexOf(' ') + 1));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (held.size() < expected && System.nanoTime() < until) {
                    Thread.sleep(1);
                }
                System.out.println(line.startsWith("await") ? "held " + held.size() : "verdict " + verdict(held));
                System.out.flush();
            }
        }
        System.exit(0);
    }

    /** Reads each held connection to its end: "reset end-of-stream timeout other" counts. */
    private static String verdict(Queue<Socket> held) {
        int reset = 0;
        int end = 0;
        int timeout = 0;
        int other = 0;
        byte[] buf = new byte[64 * 1024];
        for (Socket s; (s = held.poll()) != null; ) {
            try (Socket c = s; InputStream in = c.getInputStream()) {
                c.setSoTimeout(2_000);
                while (in.read(buf) >= 0) {
                    // what the window took before the reset
                }
                end++;
            } catch (SocketTimeoutException e) {
                timeout++;
            } catch (IOException e) {
                if (String.valueOf(e.getMessage()).contains("Connection reset")) {
                    reset++;
                } else {
                    other++;
                }
            }
        }
        return reset + " " + end + " " + timeout + " " + other;
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }
}

package io.teardown.benchmarks.winsock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A {@link JdkPeer} in a process of its own. The lingering-close benchmark holds N connections open at
 * once; with both ends in the benchmark's JVM, N = 10 000 needs more than the 20 000 descriptors one
 * process may open here. A separate process also keeps the peer's threads off the benchmark's heap
 * and scheduler accounting, and is as independent of the code under test as a peer can be.
 */
final class PeerProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader replies;
    private final PrintWriter commands;
    private final int port;

    PeerProcess(JdkPeer.Behaviour behaviour) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-Xss256k", "-cp", System.getProperty("java.class.path"),
                JdkPeer.class.getName(), behaviour.name())
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

    /** Has the peer reset every connection it holds once {@code expected} arrived, and waits until it did. */
    void dropHeld(int expected) throws IOException {
        commands.println("drop " + expected);
        String reply = replies.readLine();
        if (!"dropped".equals(reply)) {
            throw new IOException("the peer process answered " + reply);
        }
    }

    /**
     * Has the peer read every connection it holds, once {@code expected} arrived, to its end and close
     * it; returns the reply's counts ({@code reset=… eof=… timeout=… other=…}, see {@link JdkPeer#verdict}).
     */
    String verdict(int expected, int timeoutMillis) throws IOException {
        commands.println("verdict " + expected + " " + timeoutMillis);
        String reply = replies.readLine();
        if (reply == null || !reply.startsWith("verdict ")) {
            throw new IOException("the peer process answered " + reply);
        }
        return reply.substring(8);
    }

    /**
     * Waits until the peer holds {@code expected} connections (see {@link JdkPeer#awaitHeld}); fails if
     * it did not get them within its bound.
     */
    void awaitHeld(int expected) throws IOException {
        commands.println("await " + expected);
        String reply = replies.readLine();
        if (reply == null || !reply.startsWith("held ")) {
            throw new IOException("the peer process answered " + reply);
        }
        int held = Integer.parseInt(reply.substring(5).trim());
        if (held < expected) {
            throw new IOException("the peer holds " + held + " connections, expected " + expected);
        }
    }

    @Override
    public void close() throws InterruptedException {
        commands.close(); // end of input: the peer stops
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}

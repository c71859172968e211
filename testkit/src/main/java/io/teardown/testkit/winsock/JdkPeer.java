package io.teardown.testkit.winsock;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The independent peer of the winsock contract: a plain JDK {@link ServerSocket} on 127.0.0.1 (or ::1)
 * port 0, whose {@link #observe} reads a connection to its end and reports what the wire showed —
 * how many bytes, whether they were the expected ones, and whether the stream ended with FIN
 * (end-of-stream) or RST ("connection reset"). Nothing here touches the code under test.
 */
public final class JdkPeer implements AutoCloseable {
    /** How a connection ended, as the peer saw it. */
    public enum Ending {
        /** Read returned -1: the closer sent FIN after its data. */
        EOF,
        /** Read failed with "connection reset": the closer sent RST. */
        RESET,
        /** Nothing ended within the time allowed. */
        TIMEOUT,
        /** Another I/O error. */
        ERROR
    }

    /**
     * What one connection delivered.
     *
     * @param bytes  bytes read before the end
     * @param intact whether they matched {@link Payload} from offset 0
     * @param ending how the stream ended
     * @param detail the exception text, if it ended with one
     */
    public record Observation(long bytes, boolean intact, Ending ending, String detail) {
    }

    private final ServerSocket server;
    private final List<Socket> accepted = new ArrayList<>();

    private JdkPeer(ServerSocket server) {
        this.server = server;
    }

    /** A peer on 127.0.0.1 with default buffers. */
    public static JdkPeer listen() throws IOException {
        return listen(InetAddress.getLoopbackAddress(), 0);
    }

    /**
     * A peer on {@code address}; accepted sockets get a receive buffer of {@code receiveBuffer} bytes
     * (0 = default), so a peer that never reads fills up quickly.
     */
    public static JdkPeer listen(InetAddress address, int receiveBuffer) throws IOException {
        ServerSocket s = new ServerSocket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer); // inherited by accepted sockets, set before the handshake
        }
        s.bind(new InetSocketAddress(address, 0), 1024);
        s.setSoTimeout(10_000);
        return new JdkPeer(s);
    }

    /** The port to connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** The address to connect to. */
    public InetAddress address() {
        return server.getInetAddress();
    }

    /** Accepts the next connection (10 s at most). */
    public Socket accept() throws IOException {
        Socket s = server.accept();
        synchronized (accepted) {
            accepted.add(s);
        }
        return s;
    }

    /** Reads {@code s} to its end (or {@code timeout}) and says what arrived. */
    public static Observation observe(Socket s, Duration timeout) {
        return observe(s, timeout, 0, Duration.ZERO);
    }

    /**
     * Like {@link #observe(Socket, Duration)}, reading at most {@code chunk} bytes at a time (0 = 64 KiB)
     * and pausing {@code pause} between reads: a slow peer.
     */
    public static Observation observe(Socket s, Duration timeout, int chunk, Duration pause) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[chunk > 0 ? chunk : 64 * 1024];
        long total = 0;
        boolean intact = true;
        try {
            InputStream in = s.getInputStream();
            for (;;) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new Observation(total, intact, Ending.TIMEOUT, "");
                }
                s.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
                int n = in.read(buf);
                if (n < 0) {
                    return new Observation(total, intact, Ending.EOF, "");
                }
                intact &= Payload.matches(buf, n, total);
                total += n;
                if (!pause.isZero()) {
                    Thread.sleep(pause.toMillis());
                }
            }
        } catch (SocketTimeoutException e) {
            return new Observation(total, intact, Ending.TIMEOUT, String.valueOf(e.getMessage()));
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            return new Observation(total, intact,
                    m.toLowerCase(Locale.ROOT).contains("reset") ? Ending.RESET : Ending.ERROR, m);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Observation(total, intact, Ending.ERROR, "interrupted");
        }
    }

    /** Fault: resets the connection from the peer's side (SO_LINGER 0 + close) after {@code delay}. */
    public static Thread resetAfter(Socket s, Duration delay) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(delay.toMillis());
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException | InterruptedException ignored) {
                // the test observes the effect on the other side
            }
        }, "peer-reset");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Closes the server and every accepted socket. */
    @Override
    public void close() throws IOException {
        synchronized (accepted) {
            for (Socket s : accepted) {
                s.close();
            }
            accepted.clear();
        }
        server.close();
    }
}

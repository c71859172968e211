package io.teardown.testkit.wininet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain JDK {@link ServerSocket} on 127.0.0.1 speaking just enough raw HTTP to misbehave in the ways
 * {@code com.sun.net.httpserver} cannot: reset the connection, stall before answering, truncate the
 * body, answer garbage. It also records the raw bytes of each request, so a test can check that
 * exactly one request went on the wire.
 */
public final class RawHttpServer implements AutoCloseable {
    /** What the server does after reading a request head. */
    public enum Behaviour {
        /** Resets the connection (SO_LINGER 0, close): RST. */
        RESET,
        /** Answers nothing, holding the connection open until closed. */
        STALL,
        /** Sends a head promising 100 bytes, 10 of them, then closes. */
        TRUNCATE,
        /** Sends bytes that are not HTTP, then closes. */
        GARBAGE,
        /** Sends a response head with 256 KiB of headers. */
        HUGE_HEADERS,
        /** Answers "200 OK" with a 2-byte body and keeps the connection. */
        OK
    }

    private final ServerSocket listener;
    private final Behaviour behaviour;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread acceptor;

    /** Starts a server with {@code behaviour}. */
    public RawHttpServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "raw-http-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port it listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    /** How many connections were accepted. */
    public int accepted() {
        return accepted.get();
    }

    /** Everything received, per connection, as ISO-8859-1 text (updated as bytes arrive). */
    public List<String> received() {
        return List.copyOf(received);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                accepted.incrementAndGet();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "raw-http-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        int index;
        synchronized (received) {
            received.add("");
            index = received.size() - 1;
        }
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            StringBuilder text = new StringBuilder();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                text.append((char) b);
                received.set(index, text.toString());
                if (text.toString().endsWith("\r\n\r\n")) {
                    if (!answer(s, out)) {
                        return;
                    }
                    text.setLength(0);
                    synchronized (received) {
                        received.add("");
                        index = received.size() - 1;
                    }
                }
            }
        } catch (IOException | InterruptedException gone) {
            // the client closed or reset: that is what some tests do
        }
    }

    private boolean answer(Socket s, OutputStream out) throws IOException, InterruptedException {
        switch (behaviour) {
            case RESET:
                s.setSoLinger(true, 0);
                s.close();
                return false;
            case STALL:
                stop.await(30, TimeUnit.SECONDS);
                return false;
            case TRUNCATE:
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return false;
            case GARBAGE:
                out.write("this is not http at all\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return false;
            case HUGE_HEADERS: {
                StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
                String filler = "x".repeat(1000);
                for (int i = 0; i < 256; i++) {
                    head.append("X-Filler-").append(i).append(": ").append(filler).append("\r\n");
                }
                out.write(head.append("Content-Length: 0\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return false;
            }
            default:
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return true;
        }
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() throws IOException {
        stop.countDown();
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}

package io.teardown.backend.netty.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import io.teardown.kernel.Completion;
import io.teardown.kernel.IoCompletionPort;
import io.teardown.kernel.KernelObjects;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.TcpListener;
import io.teardown.winsock.TcpSocket;
import io.teardown.winsock.Winsock;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The completion-port server shape a Java user writes with the object API (KO-14, KO-15, WS-09): a
 * listener, an acceptor that associates each connection with one {@link IoCompletionPort} under its own
 * key and starts an overlapped receive, and worker threads that take completions and echo. Plain JDK
 * clients talk to it. Shutdown closes every connection while its receive is pending — each such
 * receive must come back exactly once as a failed completion (1236) with its key and its very
 * {@link Overlapped} — then closes the port, which ends the workers with {@code ERROR_ABANDONED_WAIT_0}.
 * Nothing may leak.
 */
@Timeout(60)
class CompletionPortServerTest {
    private static final int CLIENTS = 8;
    private static final int WORKERS = 2;

    /** One connection's state: its socket, buffer and the structure of its one pending receive. */
    private record Connection(TcpSocket socket, byte[] buffer, Overlapped receive) {
    }

    @Test
    void KO_14_echoServerOnACompletionPortShutsDownWithEveryPendingReceiveAbortedOnce() throws Exception {
        AtomicInteger leaks = new AtomicInteger();
        try (Session session = Session.builder().backend("netty").leakListener(l -> leaks.incrementAndGet()).build()) {
            Winsock winsock = Winsock.of(session);
            KernelObjects kernel = KernelObjects.of(session);
            Map<Long, Connection> connections = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<Completion> aborted = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger echoed = new AtomicInteger();
            CountDownLatch workersDone = new CountDownLatch(WORKERS);
            List<Integer> endings = java.util.Collections.synchronizedList(new ArrayList<>());
            try (IoCompletionPort port = kernel.createIoCompletionPort();
                 TcpListener listener = winsock.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64)) {
                for (int w = 0; w < WORKERS; w++) {
                    Thread worker = new Thread(() -> {
                        try {
                            for (;;) {
                                Completion c = port.take(null).orElseThrow();
                                Connection conn = connections.get(c.key());
                                if (c instanceof Completion.Failed f) {
                                    aborted.add(f);
                                } else if (c.bytes() > 0) {
                                    conn.socket().send(conn.buffer(), c.bytes()); // echo
                                    echoed.incrementAndGet();
                                    conn.socket().receive(conn.buffer(), conn.receive()); // and receive again
                                }
                            }
                        } catch (Win32Exception e) {
                            endings.add(e.code()); // the port was closed: this worker is done
                        } catch (Throwable t) {
                            failures.add(t);
                        } finally {
                            workersDone.countDown();
                        }
                    }, "iocp-worker-" + w);
                    worker.start();
                }

                List<Socket> clients = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.localAddress().getPort());
                    clients.add(client);
                    TcpSocket accepted = listener.accept();
                    Connection conn = new Connection(accepted, new byte[256], new Overlapped());
                    connections.put((long) i, conn);
                    port.associate(accepted.handle(), i);
                    accepted.receive(conn.buffer(), conn.receive());
                }
                for (int i = 0; i < CLIENTS; i++) {
                    Socket client = clients.get(i);
                    byte[] hello = ("hello " + i).getBytes(StandardCharsets.US_ASCII);
                    client.getOutputStream().write(hello);
                    byte[] back = new byte[hello.length];
                    new DataInputStream(client.getInputStream()).readFully(back);
                    assertEquals("hello " + i, new String(back, StandardCharsets.US_ASCII));
                }
                // Every connection has its next receive pending again once its echo was read back.
                for (Connection conn : connections.values()) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (conn.receive().Internal != Overlapped.STATUS_PENDING && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    assertEquals(Overlapped.STATUS_PENDING, conn.receive().Internal);
                }

                for (Connection conn : connections.values()) {
                    conn.socket().close(); // closesocket with a receive pending (WS-09)
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (aborted.size() < CLIENTS && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                for (Socket client : clients) {
                    assertEquals(-1, client.getInputStream().read(), "the client sees the graceful close");
                    client.close();
                }
            } // closes the listener and the port: the workers end with 735
            assertTrue(workersDone.await(10, TimeUnit.SECONDS));
            assertTrue(failures.isEmpty(), () -> "worker failures: " + failures);
            assertEquals(CLIENTS, echoed.get());
            assertEquals(CLIENTS, aborted.size(), () -> "one aborted completion per connection: " + aborted);
            java.util.Set<Long> keys = new java.util.HashSet<>();
            for (Completion c : aborted) {
                Completion.Failed f = (Completion.Failed) c;
                assertEquals(Win32Error.ERROR_CONNECTION_ABORTED.code(), f.error());
                assertEquals(0, f.bytes());
                assertTrue(keys.add(f.key()), "exactly once per connection");
                assertTrue(connections.get(f.key()).receive() == f.overlapped(), "the connection's own OVERLAPPED");
            }
            assertEquals(List.of(Win32Error.ERROR_ABANDONED_WAIT_0.code(), Win32Error.ERROR_ABANDONED_WAIT_0.code()),
                    endings);
        }
        assertEquals(0, leaks.get(), "nothing leaked");
    }
}

package io.teardown.winsock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.kernel.engine.ObjectManager;
import io.teardown.winsock.Ws2_32;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The one "wait until ready or WSAEWOULDBLOCK" loop every blocking socket call uses
 * ({@link EmulatedSocket#untilReady}): WSAEWOULDBLOCK on a non-blocking socket unless the call is
 * committed, WSAEINTR for a wait that {@code closesocket} ends (WS-14) with the call's undo run once,
 * WSAEINPROGRESS for a second blocking call on the same thread (WS-12) and on a transport thread.
 * Real threads; no timing is asserted.
 */
@Timeout(20)
class BlockingWaitTest {
    private static final String IO_THREAD = "blocking-wait-io";

    /** Only {@link #inTransportThread()} is used: the loop never reaches the network. */
    private static final class NoNetwork implements Transport {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public boolean knowsAcknowledgement() {
            return false;
        }

        @Override
        public boolean inTransportThread() {
            return Thread.currentThread().getName().equals(IO_THREAD);
        }

        @Override
        public CompletableFuture<Connection> connect(InetSocketAddress remote, InetSocketAddress local,
                                                     StreamOptions options, ConnectionEvents events) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Listener listen(InetSocketAddress local, int backlog, StreamOptions options, ListenerEvents events)
                throws IOException {
            throw new IOException("no network");
        }

        @Override
        public DatagramPort bindDatagram(InetSocketAddress local, DatagramEvents events) throws IOException {
            throw new IOException("no network");
        }

        @Override
        public int openChannels() {
            return 0;
        }
    }

    private final Session session = Session.builder().name("blocking-wait-test").build();
    private final SocketContext ctx = new SocketContext(new NoNetwork(), ObjectManager.of(session), session.name());
    private final StreamSocket socket = new StreamSocket(ctx, Ws2_32.AF_INET);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        ctx.close();
        session.close();
    }

    private <T> T locked(EmulatedSocket.Attempt<T> call) {
        socket.lock.lock();
        try {
            return call.attempt();
        } finally {
            socket.lock.unlock();
        }
    }

    private static Win32Error error(Runnable call) {
        return assertThrows(WsaException.class, call::run).error();
    }

    @Test
    void aCallThatIsReadyReturnsAtOnce() {
        assertEquals("ready", locked(() -> socket.untilReady(() -> "ready")));
    }

    @Test
    void aNonBlockingSocketThatWouldWaitFailsWithWouldBlock() {
        socket.nonBlocking = true;
        AtomicInteger tries = new AtomicInteger();
        assertEquals(Win32Error.WSAEWOULDBLOCK, error(() -> locked(() -> socket.untilReady(() -> {
            tries.incrementAndGet();
            return null;
        }))));
        assertEquals(1, tries.get(), "tried once, never waited");
    }

    @Test
    void aCommittedCallWaitsEvenOnANonBlockingSocket() throws Exception {
        socket.nonBlocking = true;
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicInteger tries = new AtomicInteger();
        Future<String> call = threads.submit(() -> locked(() -> socket.untilReady(true, () -> {
            if (tries.incrementAndGet() == 1) {
                waiting.countDown();
                return null;
            }
            return "done";
        }, () -> { })));
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        locked(() -> {
            socket.changed.signalAll();
            return null;
        });
        assertEquals("done", call.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aWaitThatAConcurrentCloseEndsFailsWithWsaeintrAndUndoesOnce() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicInteger undone = new AtomicInteger();
        Future<Win32Error> call = threads.submit(() -> error(() -> locked(() -> socket.untilReady(false, () -> {
            waiting.countDown();
            return null;
        }, undone::incrementAndGet))));
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        locked(() -> {
            socket.closed = true; // what closesocket's first half does (WS-14)
            socket.changed.signalAll();
            return null;
        });
        assertEquals(Win32Error.WSAEINTR, call.get(10, TimeUnit.SECONDS));
        assertEquals(1, undone.get());
    }

    @Test
    void aSecondBlockingCallOnTheSameThreadFailsWithWsaeinprogress() {
        AtomicInteger tries = new AtomicInteger();
        // The outer call waits once (its first slice ends within a second); on its second try it makes a
        // nested call that has to wait too: WS-12 refuses it instead of nesting.
        Win32Error nested = error(() -> locked(() -> socket.untilReady(() -> {
            if (tries.incrementAndGet() == 1) {
                return null;
            }
            return socket.untilReady(() -> null);
        })));
        assertEquals(Win32Error.WSAEINPROGRESS, nested);
        assertEquals("free again", locked(() -> socket.untilReady(() -> "free again")), "the mark ends with the call");
    }

    @Test
    void aTransportThreadNeverBlocks() throws Exception {
        ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, IO_THREAD));
        try {
            Future<Win32Error> call = io.submit(() -> error(() -> locked(() -> socket.untilReady(() -> null))));
            assertEquals(Win32Error.WSAEINPROGRESS, call.get(10, TimeUnit.SECONDS));
        } finally {
            io.shutdownNow();
        }
    }
}

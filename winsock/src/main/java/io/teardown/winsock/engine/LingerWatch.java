package io.teardown.winsock.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The session's one watcher of lingering closes (WS-06). Neither epoll nor NIO signals that the peer
 * acknowledged the last byte, so somebody has to poll the transport. When every lingering
 * {@code closesocket} polled for itself, N concurrent closes meant N threads each waking up to 1 000
 * times a second to call {@code getsockopt(TCP_INFO)}: 5 000 lingering closes took 14× as long as one
 * (docs/PERFORMANCE.md). Here one thread checks every lingering socket per round and wakes only the
 * closers whose data is gone; each closer sleeps until that signal or its own deadline.
 *
 * <p>The round interval starts at 1 ms after a socket joins (acknowledgements on loopback arrive in
 * microseconds) and backs off to 20 ms, but never below nine times the time the last round took, so the
 * watcher uses at most a tenth of a core however many sockets linger: with 10 000 lingering sockets a
 * round of {@code TCP_INFO} reads takes ~20 ms, and at a third of a core (the earlier bound) the
 * watcher's reads were a third of all the CPU time those closes used. The price is that an
 * acknowledgement can be noticed up to ten rounds' cost late (~0.2 s at 10 000 sockets, ~1 ms at 100);
 * a close whose data is acknowledged before it starts to wait is never late (its thread checks first).
 * The thread exists only while some close lingers.
 */
final class LingerWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LingerWatch.class.getName());
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final long MIN_INTERVAL = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_INTERVAL = TimeUnit.MILLISECONDS.toNanos(20);
    /** A round's cost times this is the least pause after it: at most 1 / (1 + BUDGET) of a core. */
    private static final int BUDGET = 9;

    /** A lingering close, as the watcher sees it. */
    interface Waiter {
        /** Whether the close can stop waiting (nothing left unacknowledged, or the connection failed). Never blocks. */
        boolean settled();

        /** Wakes the closing thread, which checks again under its socket's lock. */
        void wake();
    }

    private final String sessionName;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Thread thread;
    private volatile boolean closed;
    private final AtomicBoolean joined = new AtomicBoolean(); // a waiter joined since the last round: poll fast again

    LingerWatch(String sessionName) {
        this.sessionName = sessionName;
    }

    /**
     * Watches {@code w} until {@link #remove}. Returns false if the session is closing: the caller then
     * polls for itself, as it would without a watcher. Lock-free: thousands of closes can start at once.
     */
    boolean add(Waiter w) {
        if (closed) {
            return false;
        }
        if (!waiters.add(w)) {
            return true; // already watched
        }
        if (closed) { // close() may have woken the others before w was in the set
            waiters.remove(w);
            return false;
        }
        if (running.compareAndSet(false, true)) {
            Thread t = new Thread(this::run, "teardown-linger-watch-" + sessionName + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            thread = t;
            t.start();
        } else if (!joined.getAndSet(true)) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t); // the first joiner of a round cuts a long back-off short
            }
        }
        return true;
    }

    void remove(Waiter w) {
        waiters.remove(w);
    }

    /** How many closes are being watched (for tests). */
    int watching() {
        return waiters.size();
    }

    private void run() {
        long interval = MIN_INTERVAL;
        for (;;) {
            if (waiters.isEmpty() || closed) {
                // Stop, then look again: a waiter added after the check above either sees running ==
                // false and starts a new watcher, or is seen here and this one carries on.
                running.set(false);
                if (waiters.isEmpty() || closed || !running.compareAndSet(false, true)) {
                    return;
                }
            }
            if (joined.getAndSet(false)) {
                interval = MIN_INTERVAL;
            }
            long start = System.nanoTime();
            for (Waiter w : waiters) {
                boolean settled;
                try {
                    settled = w.settled();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "a lingering socket could not be polled", e);
                    settled = true; // let its closer look for itself
                }
                if (settled) {
                    waiters.remove(w);
                    w.wake();
                }
            }
            long cost = System.nanoTime() - start;
            LockSupport.parkNanos(this, Math.max(interval, BUDGET * cost));
            interval = Math.min(interval * 2, MAX_INTERVAL);
        }
    }

    /** Stops watching: closers still lingering are woken and poll for themselves (the session is closing). */
    @Override
    public void close() {
        closed = true;
        for (Waiter w : waiters) {
            w.wake();
        }
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}

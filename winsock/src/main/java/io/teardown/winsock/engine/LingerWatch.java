package io.teardown.winsock.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 *
 * <p>The watcher also keeps every close's deadline (issue 22): it parks until the next deadline or poll,
 * whichever is first, and at a deadline hands the close its RST ({@link Waiter#expired}) — from this one
 * thread. When each closer armed its own timer on an event loop, N closes starting together were N
 * threads pushing tasks into the loops' queues at once; on a loaded machine a producer preempted
 * inside such a queue's lock-free insert leaves the others, and the loop, spinning until it runs again,
 * and 10 000 closes stalled for minutes with both cores busy. The closer's own wait ends at the deadline
 * too (a timed park, no task anywhere), and whichever of the two gets there first sends the RST. Expiry
 * and acknowledgement race through one compare-and-set per waiter ({@link Waiter#expire},
 * {@link Waiter#settle}): exactly one of them wins, so a close is either reset once or closed
 * gracefully, never both.
 */
final class LingerWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LingerWatch.class.getName());
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final long MIN_INTERVAL = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_INTERVAL = TimeUnit.MILLISECONDS.toNanos(20);
    /** A round's cost times this is the least pause after it: at most 1 / (1 + BUDGET) of a core. */
    private static final int BUDGET = 9;

    /**
     * A lingering close, as the watcher sees it: polled until it {@link #settled() settles}, and at its
     * deadline {@link #expired() expired} unless its closer {@link #settle() settled} it first.
     */
    abstract static class Waiter {
        private static final VarHandle STATE;
        private static final int WAITING = 0;
        private static final int SETTLED = 1;
        private static final int EXPIRED = 2;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final long deadline;
        @SuppressWarnings("unused") // through STATE
        private volatile int state;

        /** {@code deadline} in {@link System#nanoTime()}'s terms. */
        Waiter(long deadline) {
            this.deadline = deadline;
        }

        /** Whether the close can stop waiting (nothing left unacknowledged, or the connection failed). Never blocks. */
        abstract boolean settled();

        /** Wakes the closing thread, which checks again under its socket's lock. */
        abstract void wake();

        /**
         * The deadline passed and {@link #expire()} was won: send the RST. The closer needs no wake-up:
         * its own wait ends at the same deadline. Never blocks (the watcher runs every close's deadline).
         */
        abstract void expired();

        /** Claims the close for a graceful end; false if its deadline's RST was claimed first. */
        final boolean settle() {
            return STATE.compareAndSet(this, WAITING, SETTLED);
        }

        /** Whether the deadline's RST was claimed ({@link #expire()} won). */
        final boolean resetClaimed() {
            return (int) STATE.getVolatile(this) == EXPIRED;
        }

        /** Claims the close for the deadline's RST; false if it was settled (or expired) first. */
        final boolean expire() {
            return STATE.compareAndSet(this, WAITING, EXPIRED);
        }
    }

    private final String sessionName;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    /** Waiters added since the watcher last looked, for {@link #deadlines}. */
    private final ConcurrentLinkedQueue<Waiter> arriving = new ConcurrentLinkedQueue<>();
    /** The watcher thread's own: every waiter by deadline (settled and expired ones are dropped when due). */
    private final PriorityQueue<Waiter> deadlines = new PriorityQueue<>(Comparator.comparingLong((Waiter w) -> w.deadline));
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Thread thread;
    private volatile boolean closed;
    private final AtomicBoolean joined = new AtomicBoolean(); // a waiter joined since the last round: poll fast again

    LingerWatch(String sessionName) {
        this.sessionName = sessionName;
    }

    /**
     * Watches {@code w} until {@link #remove}, and keeps its deadline. Returns false if the session is
     * closing: the caller then polls for itself and keeps its own deadline, as it would without a
     * watcher. Lock-free: thousands of closes can start at once.
     */
    boolean add(Waiter w) {
        if (closed) {
            return false;
        }
        if (!waiters.add(w)) {
            return true; // already watched
        }
        arriving.add(w); // again after each wake-up: a duplicate deadline is harmless (expire() wins once)
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
        if (waiters.remove(w) && waiters.isEmpty()) {
            // The last one: let the watcher end now, not after a pause sized by a round that a loaded
            // machine stretched to seconds of wall time (LingerStress found it still there 5 s later).
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** How many closes are being watched (for tests). */
    int watching() {
        return waiters.size();
    }

    private void run() {
        long interval = MIN_INTERVAL;
        long nextRound = System.nanoTime();
        for (;;) {
            if ((waiters.isEmpty() && arriving.isEmpty()) || closed) {
                // Every deadline left belongs to a closer that is awake (it re-adds itself, with its
                // deadline, or returns). Stop, then look again: a waiter added after the check above
                // either sees running == false and starts a new watcher, or is seen here and this one
                // carries on.
                deadlines.clear();
                running.set(false);
                if ((waiters.isEmpty() && arriving.isEmpty()) || closed || !running.compareAndSet(false, true)) {
                    return;
                }
            }
            for (Waiter a; (a = arriving.poll()) != null; ) {
                deadlines.add(a);
            }
            expireDue();
            if (joined.getAndSet(false)) {
                interval = MIN_INTERVAL;
                nextRound = System.nanoTime();
            }
            if (System.nanoTime() - nextRound >= 0) {
                long start = System.nanoTime();
                poll();
                long cost = System.nanoTime() - start;
                nextRound = start + cost + Math.max(interval, BUDGET * cost);
                interval = Math.min(interval * 2, MAX_INTERVAL);
            }
            if (waiters.isEmpty()) {
                continue; // this round or a deadline took the last one: end now (above), not after the pause
            }
            // Until the next round or the next deadline; both lie ahead now (the due deadlines were
            // just taken out, and a round sets the next one at least a millisecond on), so this never
            // spins.
            long until = nextRound;
            Waiter next = deadlines.peek();
            if (next != null && next.deadline - until < 0) {
                until = next.deadline;
            }
            long pause = until - System.nanoTime();
            if (pause > 0) {
                LockSupport.parkNanos(this, pause);
            }
        }
    }

    /** Hands every close whose deadline has passed its RST, unless it settled first. */
    private void expireDue() {
        long now = System.nanoTime();
        for (Waiter w; (w = deadlines.peek()) != null && w.deadline - now <= 0; ) {
            deadlines.poll();
            if (w.expire()) {
                waiters.remove(w);
                try {
                    w.expired();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "a lingering socket could not be reset at its deadline", e);
                    w.wake(); // its closer finds the deadline passed and resets for itself
                }
            }
        }
    }

    /** One round: wakes the closers whose data is gone (or whose connection failed). */
    private void poll() {
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

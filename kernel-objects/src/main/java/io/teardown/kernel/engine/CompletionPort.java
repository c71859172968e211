package io.teardown.kernel.engine;

import io.teardown.kernel.Overlapped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * An I/O completion port: a queue of packets — one per overlapped operation on an associated file,
 * pipe or socket (KO-14), or posted with {@code PostQueuedCompletionStatus} — taken by
 * {@code GetQueuedCompletionStatus(Ex)}. Associated objects hold pointers on it. When its last handle
 * closes, every thread blocked on it returns FALSE with {@code ERROR_ABANDONED_WAIT_0} (735), as the
 * reference page says; packets arriving later have nobody to reach and are dropped.
 *
 * <p>Packets leave in the order they were queued. Each packet wakes at most one waiting thread, the one
 * that began to wait last (Windows releases a port's waiters last in, first out, so a thread that has
 * just run keeps its cache and the others stay asleep). The queue is lock-free and a waiter parks on
 * its own: posting a packet takes no lock and unparks one thread (none if no thread waits), where it
 * used to take the session's dispatcher lock and wake every thread waiting on any object of the
 * session, each worker of the port but one to find nothing (docs/PERFORMANCE.md, "IOCP echo server"). An alertable wait ({@code
 * GetQueuedCompletionStatusEx} with {@code fAlertable}) must also end for an APC queued to its thread
 * (KO-16): it is listed with the session's dispatcher as the thread's alertable wait, which an APC ends,
 * and parks the same way.
 */
final class CompletionPort extends KernelObject {
    /** One completion: bytes, key, the caller's own structure and the status (0 or a Win32 error). */
    record Packet(int bytes, long key, Overlapped overlapped, int status) {
    }

    /** A thread inside {@link #takeSome}; a packet claims it at most once and wakes it. */
    private static final class Waiter extends AtomicBoolean {
        final Thread thread = Thread.currentThread();

        /** Claims this waiter for a packet (or for the port's close); false if it was claimed or left. */
        boolean claim() {
            return compareAndSet(false, true);
        }
    }

    private final Dispatcher dispatcher;
    private final ConcurrentLinkedQueue<Packet> queue = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedDeque<Waiter> waiters = new ConcurrentLinkedDeque<>(); // the newest first
    private volatile boolean closed;

    CompletionPort(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    String typeName() {
        return "IoCompletion";
    }

    void post(Packet p) {
        if (closed) {
            return;
        }
        queue.add(p);
        if (closed) {
            queue.clear(); // the port closed meanwhile: nobody may take it any more
            return;
        }
        wakeOne();
    }

    /**
     * Wakes the newest waiter not claimed yet, if any. Queue then waiters here, waiter then queue in
     * {@link #takeSome}: of a packet and a waiter arriving together, one always sees the other.
     */
    private void wakeOne() {
        for (Waiter w; (w = waiters.pollFirst()) != null; ) {
            if (w.claim()) {
                wake(w);
                return;
            }
        }
    }

    private static void wake(Waiter w) {
        LockSupport.unpark(w.thread);
    }

    /** The next packet; null on timeout; throws 735 when the port is closed meanwhile. */
    Packet take(long timeoutMs) throws IoFailure {
        List<Packet> one = takeSome(1, timeoutMs, false);
        return one.isEmpty() ? null : one.get(0);
    }

    /**
     * Up to {@code max} packets at once ({@code GetQueuedCompletionStatusEx}): waits for the first, then
     * takes what else is queued. Empty on timeout; with {@code alertable}, null when APCs of the calling
     * thread are queued (the caller runs them; KO-16); throws 735 when the port is closed meanwhile.
     * Like every Win32 wait it is not interruptible: the interrupt flag is kept for the caller.
     */
    List<Packet> takeSome(int max, long timeoutMs, boolean alertable) throws IoFailure {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        boolean interrupted = Thread.interrupted();
        try {
            for (;;) {
                if (closed) {
                    throw new IoFailure(735, "completion port closed");
                }
                if (alertable && dispatcher.apcPending()) {
                    if (!queue.isEmpty()) {
                        wakeOne(); // a packet may have woken this thread: another waiter takes it
                    }
                    return null;
                }
                List<Packet> got = poll(max);
                if (got != null) {
                    return got;
                }
                long left = timeoutMs < 0 ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    return List.of();
                }
                Waiter w = new Waiter();
                waiters.addFirst(w);
                if (queue.isEmpty() && !closed) {
                    interrupted |= alertable ? dispatcher.sleepAlertable(w::get, left) : sleep(w, left);
                }
                if (!w.claim()) {
                    continue; // a packet (or the close) woke this thread: take it
                }
                waiters.remove(w); // left unclaimed (packet seen before sleeping, timeout, APC): no longer waiting
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What is queued, up to {@code max} packets; null if nothing. */
    private List<Packet> poll(int max) {
        Packet first = queue.poll();
        if (first == null) {
            return null;
        }
        if (max == 1) {
            return List.of(first);
        }
        List<Packet> out = new ArrayList<>();
        out.add(first);
        for (Packet p; out.size() < max && (p = queue.poll()) != null; ) {
            out.add(p);
        }
        return out;
    }

    /**
     * Parks until claimed or the timeout; returns whether the thread was interrupted meanwhile (the flag
     * is cleared while it waits: a Win32 wait ignores it, and park would not sleep with it set).
     */
    private static boolean sleep(Waiter w, long nanos) {
        boolean interrupted = false;
        long until = System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 2);
        while (!w.get()) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                break;
            }
            LockSupport.parkNanos(w, left);
            interrupted |= Thread.interrupted();
        }
        return interrupted;
    }

    @Override
    void lastHandleClosed() {
        closed = true;
        queue.clear();
        for (Waiter w; (w = waiters.pollFirst()) != null; ) {
            if (w.claim()) {
                wake(w); // it sees the port closed: 735
            }
        }
    }
}

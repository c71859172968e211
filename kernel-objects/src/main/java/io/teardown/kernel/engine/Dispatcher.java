package io.teardown.kernel.engine;

import io.teardown.kernel.Kernel32;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The session's dispatcher: one lock over the signal state of every waitable object, and one condition
 * every state change signals, as Windows' dispatcher lock does. A wait for several objects with
 * {@code bWaitAll} takes them all at once under this lock. Waits really block their thread and wake
 * when the state changes, the timeout passes or (for objects that need it) a short re-check says so.
 */
final class Dispatcher {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Guarded by lock: the mutexes each thread owns, so a thread's end abandons them at once.
    private final Map<Thread, List<MutexObject>> owned = new HashMap<>();
    // Threads in awaitCompletion: a completion takes the lock to wake them only when there are some.
    private final java.util.concurrent.atomic.AtomicInteger completionWaiters = new java.util.concurrent.atomic.AtomicInteger();
    // Guarded by lock: each thread's user-mode APC queue (completion routines, QueueUserAPC; KO-16).
    private final Map<Thread, ArrayDeque<Runnable>> apcs = new HashMap<>();

    /** Runs a state change under the lock and wakes every waiter to re-check. */
    void change(Runnable mutation) {
        lock.lock();
        try {
            mutation.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter to re-check (a process ended, a port closed). */
    void wakeAll() {
        change(() -> { });
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    void signalAllLocked() {
        changed.signalAll();
    }

    /** Waits on the condition for up to {@code nanos}; returns what is left. Lock held. */
    long awaitLocked(long nanos) {
        // A Win32 wait is not interruptible: wait with the flag cleared and set it again on the way out.
        // Waiting with the flag set made awaitNanos throw at once without ever releasing the lock, so an
        // interrupted ConnectNamedPipe/mailslot read/GetQueuedCompletionStatus spun holding the session's
        // dispatcher lock and CancelSynchronousIo, CloseHandle and every wait of the session blocked
        // behind it (KO-10; found by the hardening interrupt run).
        boolean interrupted = Thread.interrupted();
        try {
            return changed.awaitNanos(nanos);
        } catch (InterruptedException e) {
            interrupted = true;
            return nanos - POLL_NANOS;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void owns(Thread t, MutexObject m) {
        owned.computeIfAbsent(t, k -> new ArrayList<>()).add(m);
    }

    void disowns(Thread t, MutexObject m) {
        List<MutexObject> l = owned.get(t);
        if (l != null) {
            l.remove(m);
            if (l.isEmpty()) {
                owned.remove(t);
            }
        }
    }

    /** A thread ended: each mutex it owns is abandoned (the next wait returns {@code WAIT_ABANDONED}). */
    void threadEnded(Thread t) {
        change(() -> {
            List<MutexObject> l = owned.remove(t);
            if (l != null) {
                for (MutexObject m : l) {
                    m.abandonLocked();
                }
            }
        });
    }

    /**
     * Queues a user-mode APC to {@code thread}; it runs only on that thread, inside an alertable wait
     * (KO-16). Returns false, dropping it, if the thread has ended: its APCs would never run.
     */
    boolean queueApc(Thread thread, Runnable apc) {
        return queueApc(thread, apc, null);
    }

    /**
     * As {@link #queueApc(Thread, Runnable)}, running {@code publish} (when not null) under the same lock
     * first: an overlapped operation's status written there and its completion routine become visible
     * together to a thread that waits under this lock (GetOverlappedResult, SleepEx, alertable waits). On
     * Windows the issuing thread itself writes the status and queues the routine, so it never sees one
     * without the other.
     */
    boolean queueApc(Thread thread, Runnable apc, Runnable publish) {
        lock.lock();
        try {
            if (publish != null) {
                publish.run();
            }
            for (Iterator<Thread> it = apcs.keySet().iterator(); it.hasNext(); ) {
                if (!it.next().isAlive()) {
                    it.remove(); // a thread that ended before waiting alertably never runs its APCs
                }
            }
            if (!thread.isAlive()) {
                return false;
            }
            apcs.computeIfAbsent(thread, k -> new ArrayDeque<>()).add(apc);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code t} has APCs queued. Lock held. */
    boolean apcPendingLocked(Thread t) {
        ArrayDeque<Runnable> q = apcs.get(t);
        return q != null && !q.isEmpty();
    }

    /**
     * Runs the calling thread's queued APCs, in order, outside the lock (each may wait, queue more APCs
     * or close handles), until none is left.
     */
    void runApcs() {
        Thread me = Thread.currentThread();
        for (;;) {
            Runnable next;
            lock.lock();
            try {
                ArrayDeque<Runnable> q = apcs.get(me);
                next = q == null ? null : q.poll();
                if (q != null && q.isEmpty()) {
                    apcs.remove(me);
                }
            } finally {
                lock.unlock();
            }
            if (next == null) {
                return;
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                System.getLogger(Dispatcher.class.getName()).log(System.Logger.Level.WARNING,
                        "an APC (completion routine) threw", e);
            }
        }
    }

    /**
     * Waits for one ({@code all} false) or all of {@code objects}. {@code timeoutMs} &lt; 0 is infinite.
     * Returns {@code WAIT_OBJECT_0 + i}, {@code WAIT_ABANDONED_0 + i} or {@code WAIT_TIMEOUT}.
     */
    int waitFor(KernelObject[] objects, boolean all, long timeoutMs) {
        return waitFor(objects, all, timeoutMs, false);
    }

    /**
     * As {@link #waitFor(KernelObject[], boolean, long)}; an {@code alertable} wait also ends when the
     * calling thread has APCs queued — checked first, as Windows delivers them on entry — runs them all
     * and returns {@code WAIT_IO_COMPLETION} (192; KO-16). With no objects it is an (alertable) sleep.
     */
    int waitFor(KernelObject[] objects, boolean all, long timeoutMs, boolean alertable) {
        int r = waitLocked(objects, all, timeoutMs, alertable);
        if (r == Kernel32.WAIT_IO_COMPLETION) {
            runApcs();
        }
        return r;
    }

    private int waitLocked(KernelObject[] objects, boolean all, long timeoutMs, boolean alertable) {
        Thread me = Thread.currentThread();
        boolean interrupted = Thread.interrupted();
        long deadline = timeoutMs < 0 ? 0 : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        lock.lock();
        try {
            for (;;) {
                if (alertable && apcPendingLocked(me)) {
                    return Kernel32.WAIT_IO_COMPLETION;
                }
                int r = objects.length == 0 ? -1 : all ? tryAll(objects, me) : tryAny(objects, me);
                if (r >= 0) {
                    return r;
                }
                long slice = Long.MAX_VALUE;
                for (KernelObject o : objects) {
                    if (o.polled()) {
                        slice = POLL_NANOS;
                        break;
                    }
                }
                if (timeoutMs >= 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return Kernel32.WAIT_TIMEOUT;
                    }
                    slice = Math.min(slice, left);
                }
                if (slice == Long.MAX_VALUE) {
                    changed.awaitUninterruptibly();
                } else {
                    awaitLocked(slice);
                    interrupted |= Thread.interrupted();
                }
            }
        } finally {
            lock.unlock();
            if (interrupted) {
                me.interrupt();
            }
        }
    }

    /**
     * An overlapped operation's status was written: wakes the {@link #awaitCompletion} waiters, if any.
     * (A waiter counts itself in before it reads the status, and a completion writes the status before
     * it reads the count, so one of the two always sees the other.)
     */
    void completed() {
        if (completionWaiters.get() > 0) {
            wakeAll();
        }
    }

    /**
     * Waits until {@code ov} is no longer pending (its completion writes the status, then wakes this
     * condition). Returns 0, {@code WAIT_TIMEOUT}, or {@code WAIT_IO_COMPLETION} after running the
     * calling thread's APCs in an {@code alertable} wait.
     */
    int awaitCompletion(io.teardown.kernel.Overlapped ov, long timeoutMs, boolean alertable) {
        Thread me = Thread.currentThread();
        long deadline = timeoutMs < 0 ? 0 : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        int r;
        lock.lock();
        completionWaiters.incrementAndGet();
        try {
            for (;;) {
                if (alertable && apcPendingLocked(me)) {
                    r = Kernel32.WAIT_IO_COMPLETION;
                    break;
                }
                if (ov.Internal != io.teardown.kernel.Overlapped.STATUS_PENDING) {
                    return 0;
                }
                long left = timeoutMs < 0 ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    return Kernel32.WAIT_TIMEOUT;
                }
                awaitLocked(left);
            }
        } finally {
            completionWaiters.decrementAndGet();
            lock.unlock();
        }
        runApcs();
        return r;
    }

    private static int tryAny(KernelObject[] objects, Thread me) {
        for (int i = 0; i < objects.length; i++) {
            if (objects[i].signaled(me)) {
                return objects[i].satisfy(me) ? Kernel32.WAIT_ABANDONED_0 + i : Kernel32.WAIT_OBJECT_0 + i;
            }
        }
        return -1;
    }

    private static int tryAll(KernelObject[] objects, Thread me) {
        for (KernelObject o : objects) {
            if (!o.signaled(me)) {
                return -1;
            }
        }
        int abandoned = -1;
        for (int i = 0; i < objects.length; i++) {
            if (objects[i].satisfy(me) && abandoned < 0) {
                abandoned = i;
            }
        }
        return abandoned >= 0 ? Kernel32.WAIT_ABANDONED_0 + abandoned : Kernel32.WAIT_OBJECT_0;
    }
}

package io.teardown.kernel.engine;

import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The session's dispatcher, as Windows' dispatcher lock and wait lists are: one lock over the signal
 * state of every waitable object and each thread's APC queue, and per object the list of threads waiting
 * on it, first come first served. A thread that must sleep leaves a {@link WaitBlock} under each object
 * it waits for (and, alertable, under its own thread for APCs; {@code GetOverlappedResult} under its
 * operation). A state change walks only the changed object's list, in order, and satisfies each wait it
 * can — a manual-reset event all of them, an auto-reset event or a released mutex the first, a
 * semaphore as many as its count — on the waiter's behalf, under the lock; then it unparks just those
 * threads. A wait for several objects with {@code bWaitAll} is satisfied, all objects at once, only when
 * every one of them is signalled for it (KO-05). Waits really block their thread and wake when their
 * own objects change, the timeout passes or (for objects whose state changes unnoticed: a Java thread
 * not started by {@code CreateThread}, a mutex's owner dying, a memory notification) a short re-check
 * says so. See docs/kernel-objects.md, "Dispatcher".
 */
final class Dispatcher {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock: the threads waiting on each object, oldest first (an object nobody waits on has no entry).
    private final Map<KernelObject, ArrayDeque<WaitBlock>> waiting = new HashMap<>();
    // Guarded by lock: the alertable wait each thread is in, which an APC queued to it ends (KO-16).
    private final Map<Thread, WaitBlock> alertable = new HashMap<>();
    // Guarded by lock: GetOverlappedResult's waits, by operation.
    private final Map<Overlapped, List<WaitBlock>> completions = new IdentityHashMap<>();
    // Threads in awaitCompletion: a completion takes the lock to wake them only when there are some.
    private final AtomicInteger completionWaiters = new AtomicInteger();
    // Guarded by lock: the mutexes each thread owns, so a thread's end abandons them at once.
    private final Map<Thread, List<MutexObject>> owned = new HashMap<>();
    // Guarded by lock: each thread's user-mode APC queue (completion routines, QueueUserAPC; KO-16).
    private final Map<Thread, ArrayDeque<Runnable>> apcs = new HashMap<>();
    // Guarded by lock: the threads whose waits were ended under it, unparked once it is let go.
    private final ArrayList<Thread> toWake = new ArrayList<>();

    void lock() {
        lock.lock();
    }

    /**
     * Lets the lock go, then unparks the threads whose waits were ended under it: woken while the lock
     * was still held, a waiter that goes on to take it (to run its APCs, to reset its event) would find it
     * taken and sleep once more.
     */
    void unlock() {
        if (toWake.isEmpty() || lock.getHoldCount() > 1) {
            lock.unlock();
            return;
        }
        if (toWake.size() == 1) {
            Thread t = toWake.get(0);
            toWake.clear();
            lock.unlock();
            LockSupport.unpark(t);
            return;
        }
        Thread[] woken = toWake.toArray(new Thread[0]);
        toWake.clear();
        lock.unlock();
        for (Thread t : woken) {
            LockSupport.unpark(t);
        }
    }

    /** Runs a change of state that satisfies no wait (a reset, a timer armed) under the lock. */
    void update(Runnable mutation) {
        lock.lock();
        try {
            mutation.run();
        } finally {
            unlock();
        }
    }

    /** Runs a change of {@code object}'s state under the lock, then satisfies the waits it can. */
    void signal(KernelObject object, Runnable mutation) {
        lock.lock();
        try {
            mutation.run();
            signalledLocked(object);
        } finally {
            unlock();
        }
    }

    /** {@code object} changed (a process ended): satisfies the waits it can. */
    void signal(KernelObject object) {
        lock.lock();
        try {
            signalledLocked(object);
        } finally {
            unlock();
        }
    }

    /**
     * {@code object} may now satisfy waits: walks its waiters in the order they came and ends each wait
     * that can be satisfied now, taking the objects for it as the waiter would (Windows' wait test). A
     * wait for all objects that still misses one stays. Lock held.
     */
    void signalledLocked(KernelObject object) {
        ArrayDeque<WaitBlock> q = waiting.get(object);
        if (q == null) {
            return;
        }
        // A copy: ending a wait takes it off every list, this one included.
        for (WaitBlock w : q.toArray(new WaitBlock[0])) {
            if (w.result != WaitBlock.PENDING || !object.signaled(w.thread)) {
                continue;
            }
            int r = w.take();
            if (r >= 0) {
                endLocked(w, r);
            } else if (!w.polled && w.anyPolled()) {
                // One of its other objects can now change unnoticed (a mutex taken by a thread that may
                // die): the waiter must start re-checking.
                w.polled = true;
                toWake.add(w.thread);
            }
        }
    }

    /** A condition of this lock, for a blocking call that waits on state the lock guards (a mailslot read). */
    Condition newCondition() {
        return lock.newCondition();
    }

    /** Waits on {@code condition} (lock held) for up to {@code nanos}; returns what is left. */
    long awaitLocked(Condition condition, long nanos) {
        // A Win32 wait is not interruptible: wait with the flag cleared and set it again on the way out.
        // Waiting with the flag set made awaitNanos throw at once without ever releasing the lock, so an
        // interrupted ConnectNamedPipe/mailslot read spun holding the session's dispatcher lock and
        // CancelSynchronousIo, CloseHandle and every wait of the session blocked behind it (KO-10; found
        // by the hardening interrupt run).
        boolean interrupted = Thread.interrupted();
        for (Thread t : toWake) {
            LockSupport.unpark(t); // the await lets the lock go without unlock()
        }
        toWake.clear();
        try {
            return condition.awaitNanos(nanos);
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
        lock.lock();
        try {
            List<MutexObject> l = owned.remove(t);
            if (l != null) {
                for (MutexObject m : l) {
                    m.abandonLocked();
                    signalledLocked(m);
                }
            }
        } finally {
            unlock();
        }
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
     * without the other. Ends the thread's alertable wait, if it is in one.
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
            WaitBlock w = alertable.get(thread);
            if (w != null && w.result == WaitBlock.PENDING) {
                endLocked(w, Kernel32.WAIT_IO_COMPLETION);
            }
            return true;
        } finally {
            unlock();
        }
    }

    /** Whether {@code t} has APCs queued. Lock held. */
    boolean apcPendingLocked(Thread t) {
        ArrayDeque<Runnable> q = apcs.get(t);
        return q != null && !q.isEmpty();
    }

    /** Whether {@code t} sleeps in an alertable wait now (the wait model test orders its waiters by it). */
    boolean inAlertableWait(Thread t) {
        lock.lock();
        try {
            WaitBlock w = alertable.get(t);
            return w != null && w.result == WaitBlock.PENDING;
        } finally {
            unlock();
        }
    }

    /** Whether the calling thread has APCs queued. */
    boolean apcPending() {
        lock.lock();
        try {
            return apcPendingLocked(Thread.currentThread());
        } finally {
            unlock();
        }
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
                unlock();
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
        int r = await(new WaitBlock(objects, all, alertable, null), timeoutMs);
        if (r == Kernel32.WAIT_IO_COMPLETION) {
            runApcs();
        }
        return r;
    }

    /**
     * An overlapped operation's status was written: ends the {@link #awaitCompletion} waits for it, if
     * any. (A waiter counts itself in before it reads the status, and a completion writes the status
     * before it reads the count, so one of the two always sees the other.)
     */
    void completed(Overlapped ov) {
        if (completionWaiters.get() == 0) {
            return;
        }
        lock.lock();
        try {
            List<WaitBlock> l = completions.get(ov);
            if (l != null) {
                for (WaitBlock w : l.toArray(new WaitBlock[0])) {
                    endLocked(w, 0);
                }
            }
        } finally {
            unlock();
        }
    }

    /**
     * Waits until {@code ov} is no longer pending (its completion writes the status, then ends this
     * wait). Returns 0, {@code WAIT_TIMEOUT}, or {@code WAIT_IO_COMPLETION} after running the calling
     * thread's APCs in an {@code alertable} wait.
     */
    int awaitCompletion(Overlapped ov, long timeoutMs, boolean alertable) {
        completionWaiters.incrementAndGet();
        int r;
        try {
            r = await(new WaitBlock(WaitBlock.NO_OBJECTS, false, alertable, ov), timeoutMs);
        } finally {
            completionWaiters.decrementAndGet();
        }
        if (r == Kernel32.WAIT_IO_COMPLETION) {
            runApcs();
        }
        return r;
    }

    /**
     * Parks the calling thread, alertable, until {@code woken} says so (a completion port's packet
     * claimed it and unparked it), an APC is queued to it, or {@code nanos} pass. Returns whether it was
     * interrupted meanwhile (the flag is cleared while it sleeps). The caller checks for APCs after.
     */
    boolean sleepAlertable(BooleanSupplier woken, long nanos) {
        WaitBlock w = new WaitBlock(WaitBlock.NO_OBJECTS, false, true, null);
        lock.lock();
        try {
            if (apcPendingLocked(w.thread)) {
                return false;
            }
            registerLocked(w);
        } finally {
            unlock();
        }
        boolean interrupted = false;
        try {
            long until = System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 2);
            while (!woken.getAsBoolean() && w.result == WaitBlock.PENDING) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, left);
                interrupted |= Thread.interrupted();
            }
        } finally {
            lock.lock();
            try {
                if (w.result == WaitBlock.PENDING) {
                    unregisterLocked(w);
                }
            } finally {
                unlock();
            }
        }
        return interrupted;
    }

    /**
     * The calling thread's wait: satisfied at once if it can be, else listed and parked until another
     * thread ends it, its re-check satisfies it, or the timeout passes. Like every Win32 wait it is not
     * interruptible: the interrupt flag is cleared while it sleeps and set again on the way out.
     */
    private int await(WaitBlock w, long timeoutMs) {
        long deadline = timeoutMs < 0 ? 0 : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        boolean interrupted = Thread.interrupted();
        try {
            lock.lock();
            try {
                int r = testLocked(w);
                if (r != WaitBlock.PENDING) {
                    return r;
                }
                if (timeoutMs == 0) {
                    return Kernel32.WAIT_TIMEOUT;
                }
                w.polled = w.anyPolled();
                registerLocked(w);
            } finally {
                unlock();
            }
            for (;;) {
                long slice = w.polled ? POLL_NANOS : Long.MAX_VALUE;
                if (timeoutMs >= 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return giveUp(w, Kernel32.WAIT_TIMEOUT);
                    }
                    slice = Math.min(slice, left);
                }
                if (slice == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, slice);
                }
                interrupted |= Thread.interrupted();
                int r = w.result;
                if (r != WaitBlock.PENDING) {
                    return r;
                }
                if (w.polled) {
                    r = recheck(w);
                    if (r != WaitBlock.PENDING) {
                        return r;
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A polled wait's own re-check: satisfies it if its objects now allow, else keeps it listed. */
    private int recheck(WaitBlock w) {
        lock.lock();
        try {
            int r = w.result;
            if (r == WaitBlock.PENDING) {
                r = testLocked(w);
                if (r != WaitBlock.PENDING) {
                    unregisterLocked(w);
                    w.result = r;
                } else {
                    w.polled = w.anyPolled();
                }
            }
            return r;
        } finally {
            unlock();
        }
    }

    /** The timeout passed: the wait ends with {@code r} unless another thread ended it first. */
    private int giveUp(WaitBlock w, int r) {
        lock.lock();
        try {
            int done = w.result;
            if (done != WaitBlock.PENDING) {
                return done; // satisfied on its behalf just now: the object is taken, so it must be reported
            }
            unregisterLocked(w);
            w.result = r;
            return r;
        } finally {
            unlock();
        }
    }

    /** What {@code w} would return now, or {@link WaitBlock#PENDING}; satisfies it if it can. Lock held. */
    private int testLocked(WaitBlock w) {
        if (w.alertable && apcPendingLocked(w.thread)) {
            return Kernel32.WAIT_IO_COMPLETION;
        }
        if (w.overlapped != null) {
            return w.overlapped.Internal != Overlapped.STATUS_PENDING ? 0 : WaitBlock.PENDING;
        }
        if (w.objects.length == 0) {
            return WaitBlock.PENDING;
        }
        int r = w.take();
        return r >= 0 ? r : WaitBlock.PENDING;
    }

    private void registerLocked(WaitBlock w) {
        for (KernelObject o : w.objects) {
            waiting.computeIfAbsent(o, k -> new ArrayDeque<>(2)).add(w); // twice for an object named twice
        }
        if (w.alertable) {
            alertable.put(w.thread, w);
        }
        if (w.overlapped != null) {
            completions.computeIfAbsent(w.overlapped, k -> new ArrayList<>(1)).add(w);
        }
    }

    private void unregisterLocked(WaitBlock w) {
        for (KernelObject o : w.objects) {
            ArrayDeque<WaitBlock> q = waiting.get(o);
            if (q != null && q.remove(w) && q.isEmpty()) {
                waiting.remove(o);
            }
        }
        if (w.alertable) {
            alertable.remove(w.thread, w);
        }
        if (w.overlapped != null) {
            List<WaitBlock> l = completions.get(w.overlapped);
            if (l != null && l.remove(w) && l.isEmpty()) {
                completions.remove(w.overlapped);
            }
        }
    }

    /** Ends another thread's wait with {@code r}; it is woken when the lock is let go. Lock held. */
    private void endLocked(WaitBlock w, int r) {
        unregisterLocked(w);
        w.result = r;
        toWake.add(w.thread);
    }
}

package io.teardown.wininet.engine;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Synchronous mode (no {@code INTERNET_FLAG_ASYNC}): the callbacks an application thread's WinINet
 * call causes, run by that thread inside the call (WI-11). One per application thread. Callbacks the
 * transport produces for a call in progress (a send's progress, a read's RECEIVING/RESPONSE_RECEIVED)
 * are queued here from the I/O thread, which only wakes the caller; the caller runs them while it
 * waits and before it returns. A library thread never runs a callback.
 *
 * <p>Only the owning thread runs the queue, in order, one callback at a time; a callback's own WinINet
 * calls queue more (a close from inside a callback, WI-06) and they run after it returns.
 */
final class CallerQueue {
    private static final ThreadLocal<CallerQueue> MINE = ThreadLocal.withInitial(CallerQueue::new);

    private final Thread thread = Thread.currentThread();
    private final ConcurrentLinkedQueue<StatusChannel.Queued> queue = new ConcurrentLinkedQueue<>();
    /** WinINet calls of this thread in progress (only this thread reads or writes it). */
    private int depth;
    /** A callback of this queue is running (only this thread reads or writes it). */
    private boolean running;

    private CallerQueue() {
    }

    /** The calling thread's queue. */
    static CallerQueue mine() {
        return MINE.get();
    }

    /** The calling thread's queue if it is inside a WinINet call (an application thread), else null. */
    static CallerQueue inCall() {
        CallerQueue q = MINE.get();
        return q.depth > 0 ? q : null;
    }

    /** Marks the calling thread as inside a WinINet call; pair with {@link #leave()}. */
    void enter() {
        depth++;
    }

    /** Ends what {@link #enter()} began. */
    void leave() {
        depth--;
    }

    /** Whether callbacks wait to be run (owner only, as a cheap check before {@link #runQueued()}). */
    boolean hasQueued() {
        return !queue.isEmpty();
    }

    /**
     * Queues a callback for this thread (from any thread, under the handle's lock {@code held}) and wakes
     * it, if it waits, once that lock is released.
     */
    void add(HandleLock.Held held, StatusChannel.Queued q) {
        queue.offer(q);
        if (Thread.currentThread() != thread) {
            held.wakeOnRelease(thread);
        }
    }

    /**
     * Runs what is queued, in order, unless this thread is already running one of its callbacks (then
     * the outer loop runs them after the current one returns). Returns whether any ran. Owner only.
     */
    boolean runQueued() {
        if (running) {
            return false;
        }
        boolean any = false;
        running = true;
        try {
            StatusChannel.Queued q;
            while ((q = queue.poll()) != null) {
                any = true;
                q.deliver();
            }
        } finally {
            running = false;
        }
        return any;
    }

    /**
     * Waits for {@code op} to finish, running the callbacks queued for this thread as they arrive (the
     * progress of the call, on the caller's thread), and those queued up to its end. Owner only; no
     * lock held. An interrupt does not end the wait (the transport's timeouts bound it); the flag is
     * kept for the caller. {@code lock} is the handle's: the section that finished the op may still be
     * handing on the reports it posted with the completion.
     */
    boolean await(PendingOp op, HandleLock lock) {
        lock.assertNotHeld(); // the callbacks run here, and a waiter under the lock would block its own completion
        boolean interrupted = false;
        while (!op.isDone()) {
            runQueued();
            if (!op.isDone() && (running || queue.isEmpty())) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        }
        lock.barrier();
        runQueued();
        if (interrupted) {
            thread.interrupt();
        }
        return op.ok();
    }
}

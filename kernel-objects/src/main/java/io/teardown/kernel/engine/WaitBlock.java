package io.teardown.kernel.engine;

import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;

/**
 * One thread's wait while it sleeps, as the {@link Dispatcher} keeps it (Windows' wait block): what the
 * thread waits for — objects (any or all of them), the calling thread's APCs when the wait is alertable,
 * an overlapped operation's completion — and the result that whoever ends the wait writes for it. The
 * dispatcher lists the block under each object it names, so a state change reaches only the threads
 * waiting on that object; the thread that ends a wait satisfies it on the waiter's behalf (an
 * auto-reset event resets, a mutex is taken for the waiter) and then unparks the waiter, which finds its
 * result written and needs no lock to return.
 */
final class WaitBlock {
    /** {@link #result} while the wait goes on. */
    static final int PENDING = Integer.MIN_VALUE;
    static final KernelObject[] NO_OBJECTS = new KernelObject[0];

    final Thread thread = Thread.currentThread();
    final KernelObject[] objects;
    final boolean all;
    final boolean alertable;
    /** The operation {@code GetOverlappedResult} waits for; null for an object wait. */
    final Overlapped overlapped;
    /** Written under the dispatcher lock by whoever ends the wait, read by the waiter without it. */
    volatile int result = PENDING;
    /** Whether an object of the wait changes state unnoticed, so the waiter re-checks it now and then. */
    volatile boolean polled;

    WaitBlock(KernelObject[] objects, boolean all, boolean alertable, Overlapped overlapped) {
        this.objects = objects;
        this.all = all;
        this.alertable = alertable;
        this.overlapped = overlapped;
    }

    /**
     * Satisfies this wait if its objects allow it now (Windows' wait test): the first signalled object of
     * a wait for any, every object at once of a wait for all, each taken for {@link #thread} (an
     * auto-reset event resets, a semaphore counts down, a mutex becomes the thread's). Returns
     * {@code WAIT_OBJECT_0 + i}, {@code WAIT_ABANDONED_0 + i} (an abandoned mutex; for a wait for all,
     * the first one), or -1 if it cannot be satisfied. Dispatcher lock held.
     */
    int take() {
        if (all) {
            for (KernelObject o : objects) {
                if (!o.signaled(thread)) {
                    return -1;
                }
            }
            int abandoned = -1;
            for (int i = 0; i < objects.length; i++) {
                if (objects[i].satisfy(thread) && abandoned < 0) {
                    abandoned = i;
                }
            }
            return abandoned >= 0 ? Kernel32.WAIT_ABANDONED_0 + abandoned : Kernel32.WAIT_OBJECT_0;
        }
        for (int i = 0; i < objects.length; i++) {
            if (objects[i].signaled(thread)) {
                return objects[i].satisfy(thread) ? Kernel32.WAIT_ABANDONED_0 + i : Kernel32.WAIT_OBJECT_0 + i;
            }
        }
        return -1;
    }

    /** Whether one of the objects can change state unnoticed now. Dispatcher lock held. */
    boolean anyPolled() {
        for (KernelObject o : objects) {
            if (o.polled()) {
                return true;
            }
        }
        return false;
    }
}

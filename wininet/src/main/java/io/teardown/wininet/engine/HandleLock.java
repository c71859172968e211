package io.teardown.wininet.engine;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A handle's lock, with the holding written into the types: {@link #hold()} returns the {@link Held}
 * token, and every method that must run under the lock takes that token as a parameter — it cannot be
 * called without one. Code that must not run under it (anything that runs application callbacks or
 * blocks) checks {@link #assertNotHeld()}. One token per lock, so holding costs no allocation.
 *
 * <p>Order: a request's lock may be taken before its connection handle's (returning a connection to
 * the idle pool), never the other way round.
 *
 * <p>A thread that a locked section finishes a wait for is woken when the lock is released
 * ({@link Held#wakeOnRelease}), not inside the section: woken earlier, it would run into the lock still
 * held (its wait ends with a {@link #barrier()}) and park a second time — two wake-ups instead of one.
 */
final class HandleLock {
    private final ReentrantLock lock = new ReentrantLock();
    private final Held held = new Held(lock);

    /** Takes the lock; close the token (try-with-resources) to release it. */
    Held hold() {
        lock.lock();
        return held;
    }

    /**
     * Waits until no other thread is inside a locked section: what a section posted before it released the
     * lock has been handed on (an operation may be finished in a section that posts more afterwards).
     */
    void barrier() {
        lock.lock();
        lock.unlock();
    }

    /** Fails when the calling thread holds this lock: callbacks and waits must run after it is released. */
    void assertNotHeld() {
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("a handle lock is held here; callbacks never run under it");
        }
    }

    /** Proof that the lock is held; releasing it ends the proof. */
    static final class Held implements AutoCloseable {
        private final ReentrantLock lock;
        /** Woken when the outermost hold ends; guarded by the lock. */
        private Thread toWake;

        private Held(ReentrantLock lock) {
            this.lock = lock;
        }

        /**
         * Wakes {@code waiter} (parked with {@link LockSupport#park}) once the lock is released. One thread
         * waits on a handle at a time; a second one named before the release is woken at once.
         */
        void wakeOnRelease(Thread waiter) {
            Thread before = toWake;
            toWake = waiter;
            if (before != null && before != waiter) {
                LockSupport.unpark(before);
            }
        }

        @Override
        public void close() {
            Thread wake = null;
            if (lock.getHoldCount() == 1) {
                wake = toWake;
                toWake = null;
            }
            lock.unlock();
            if (wake != null) {
                LockSupport.unpark(wake);
            }
        }
    }
}

package io.teardown.kernel.engine;

/**
 * A mutex ({@code CreateMutex}): owned by one thread, recursively. When its owner thread ends without
 * releasing it, the mutex is abandoned: the next wait that takes it returns {@code WAIT_ABANDONED}.
 * Threads started by {@code CreateThread} abandon at once when they end; other Java threads are
 * noticed by a short re-check of the owner's liveness.
 */
final class MutexObject extends KernelObject {
    private final Dispatcher dispatcher;
    // Guarded by the dispatcher lock.
    private Thread owner;
    private int recursion;
    private boolean abandoned;

    MutexObject(Dispatcher dispatcher, boolean initialOwner) {
        this.dispatcher = dispatcher;
        if (initialOwner) {
            dispatcher.update(() -> take(Thread.currentThread()));
        }
    }

    @Override
    String typeName() {
        return "Mutant";
    }

    private void take(Thread t) {
        if (owner == t) {
            recursion++;
            return;
        }
        owner = t;
        recursion = 1;
        dispatcher.owns(t, this);
    }

    /** {@code ReleaseMutex}: false if the caller does not own it. */
    boolean release() {
        Thread me = Thread.currentThread();
        dispatcher.lock();
        try {
            if (owner != me) {
                return false;
            }
            if (--recursion == 0) {
                owner = null;
                dispatcher.disowns(me, this);
                dispatcher.signalledLocked(this);
            }
            return true;
        } finally {
            dispatcher.unlock();
        }
    }

    void abandonLocked() {
        owner = null;
        recursion = 0;
        abandoned = true;
    }

    @Override
    boolean waitable() {
        return true;
    }

    @Override
    boolean signaled(Thread thread) {
        if (owner != null && owner != thread && !owner.isAlive()) {
            dispatcher.disowns(owner, this);
            abandonLocked();
        }
        return owner == null || owner == thread;
    }

    @Override
    boolean satisfy(Thread thread) {
        boolean wasAbandoned = abandoned;
        abandoned = false;
        take(thread);
        return wasAbandoned;
    }

    @Override
    boolean polled() {
        return owner != null;
    }

    @Override
    void destroy() {
        dispatcher.update(() -> {
            if (owner != null) {
                dispatcher.disowns(owner, this);
            }
        });
    }
}

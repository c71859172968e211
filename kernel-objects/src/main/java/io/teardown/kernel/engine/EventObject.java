package io.teardown.kernel.engine;

/** An event ({@code CreateEvent}): manual-reset stays signalled, auto-reset releases one waiter. */
final class EventObject extends KernelObject {
    private final Dispatcher dispatcher;
    private final boolean manualReset;
    private boolean signaled; // guarded by the dispatcher lock

    EventObject(Dispatcher dispatcher, boolean manualReset, boolean initialState) {
        this.dispatcher = dispatcher;
        this.manualReset = manualReset;
        this.signaled = initialState;
    }

    @Override
    String typeName() {
        return "Event";
    }

    /** {@code SetEvent}: wakes the threads waiting on this event only (all, or one if auto-reset). */
    void set() {
        dispatcher.lock();
        try {
            if (!signaled) { // already set: every wait it could satisfy has been
                signaled = true;
                dispatcher.signalledLocked(this);
            }
        } finally {
            dispatcher.unlock();
        }
    }

    /** {@code ResetEvent}: satisfies no wait, so wakes nobody. */
    void reset() {
        dispatcher.lock();
        try {
            signaled = false;
        } finally {
            dispatcher.unlock();
        }
    }

    @Override
    boolean waitable() {
        return true;
    }

    @Override
    boolean signaled(Thread thread) {
        return signaled;
    }

    @Override
    boolean satisfy(Thread thread) {
        if (!manualReset) {
            signaled = false;
        }
        return false;
    }
}

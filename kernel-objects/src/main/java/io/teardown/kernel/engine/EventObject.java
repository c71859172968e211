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

    void set() {
        dispatcher.change(() -> signaled = true);
    }

    void reset() {
        dispatcher.change(() -> signaled = false);
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

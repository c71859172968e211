package io.teardown.winsock.engine;

import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;

/**
 * A {@code WSACreateEvent} event object: a manual-reset event in the kernel handle table (type
 * "Event", closed with {@code WSACloseEvent} = {@code CloseHandle}). Its state is guarded by the
 * engine's {@link EventHub}, so {@code WSAWaitForMultipleEvents} can wait for any or all of several.
 */
final class WsaEvent implements HandleEntry {
    private final EventHub hub;
    private boolean signalled; // guarded by hub

    WsaEvent(EventHub hub) {
        this.hub = hub;
    }

    EventHub hub() {
        return hub;
    }

    void set() {
        synchronized (hub) {
            signalled = true;
            hub.notifyAll();
        }
    }

    void reset() {
        synchronized (hub) {
            signalled = false;
        }
    }

    /** Caller holds the hub's monitor. */
    boolean signalledLocked() {
        return signalled;
    }

    @Override
    public String typeName() {
        return "Event";
    }

    @Override
    public Closer closer() {
        return Closer.CLOSE_HANDLE;
    }

    @Override
    public void reclaim() {
        synchronized (hub) {
            hub.notifyAll(); // a waiter on a closed event keeps waiting on the object (KO-10), but re-checks
        }
    }
}

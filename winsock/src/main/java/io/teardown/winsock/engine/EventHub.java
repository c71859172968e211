package io.teardown.winsock.engine;

/**
 * The monitor every event object and overlapped completion of one engine signals, so a wait for
 * several events (or for an overlapped result without an event) needs one lock. Never held while
 * calling user code or taking a socket lock.
 */
final class EventHub {
    /** Wakes waiters after an overlapped operation completed. */
    void completed() {
        synchronized (this) {
            notifyAll();
        }
    }
}

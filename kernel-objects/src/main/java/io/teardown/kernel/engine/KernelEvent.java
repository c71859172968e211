package io.teardown.kernel.engine;

/**
 * A kernel event as another subsystem holds it — the event of a socket's {@code WSAEventSelect}
 * (KO-13): any event, made by {@code CreateEvent} or {@code WSACreateEvent}. Setting an event whose
 * handles are all closed changes nothing anyone can observe, so no pointer is held.
 */
public final class KernelEvent {
    private final EventObject event;

    KernelEvent(EventObject event) {
        this.event = event;
    }

    /** {@code SetEvent}. */
    public void set() {
        event.set();
    }

    /** {@code ResetEvent}. */
    public void reset() {
        event.reset();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KernelEvent k && k.event == event;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(event);
    }
}

package io.teardown.kernel;

/** An event ({@code CreateEvent}) of the object API. */
public final class Event extends KernelHandle {
    private final KernelObjects owner;

    Event(KernelObjects owner, long value) {
        super(owner, value, "Event");
        this.owner = owner;
    }

    /** {@code SetEvent}. */
    public void set() {
        ok(k.SetEvent(value()), "SetEvent");
    }

    /** {@code ResetEvent}. */
    public void reset() {
        ok(k.ResetEvent(value()), "ResetEvent");
    }

    /** A second handle to this event (KO-02): it keeps the event alive after this one closes. */
    public Event duplicate() {
        return owner.watched(new Event(owner, duplicateValue()));
    }
}

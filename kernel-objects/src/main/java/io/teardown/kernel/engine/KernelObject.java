package io.teardown.kernel.engine;

import io.teardown.api.handle.Closer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One kernel object, as Windows' object manager keeps it: a handle count and a pointer count (KO-02).
 * Handles and in-flight calls (a wait, a blocking read, a mapped view) each hold a pointer; the name
 * goes with the last handle (KO-07) and the object is destroyed with the last pointer, so a closed
 * handle never pulls an object from under a call that is using it (KO-10).
 *
 * <p>Waitable types override the signal methods; they are only called with the session's
 * {@link Dispatcher} lock held.
 */
abstract class KernelObject {
    private final AtomicInteger handles = new AtomicInteger();
    private final AtomicInteger pointers = new AtomicInteger();
    private volatile String name;
    private volatile Namespace namespace;

    /** The object-manager type name Windows reports ({@code "Event"}, {@code "File"} …). */
    abstract String typeName();

    /** Which function is meant to close handles to this object (KO-09). */
    Closer closer() {
        return Closer.CLOSE_HANDLE;
    }

    /** How many handles are open now. */
    final int handleCount() {
        return handles.get();
    }

    /** How many pointers (handles included) are held now. */
    final int pointerCount() {
        return pointers.get();
    }

    final String name() {
        return name;
    }

    final void named(String name, Namespace namespace) {
        this.name = name;
        this.namespace = namespace;
    }

    /** A new handle to this object. */
    final void addHandle() {
        pointers.incrementAndGet();
        handles.incrementAndGet();
    }

    /** One handle closed (its table entry reclaimed). */
    final void handleClosed() {
        Namespace ns = namespace;
        boolean last;
        if (ns != null) {
            // Under the namespace lock, so an open by name never revives an object whose count hit 0.
            synchronized (ns) {
                last = handles.decrementAndGet() == 0;
                if (last) {
                    ns.remove(name, this);
                }
            }
        } else {
            last = handles.decrementAndGet() == 0;
        }
        if (last) {
            lastHandleClosed();
        }
        dereference();
    }

    /** Takes the first pointer of an object that is not reached through a handle yet. */
    final void pin() {
        pointers.incrementAndGet();
    }

    /** Takes a pointer for a call; false if the object is already being destroyed. */
    final boolean reference() {
        for (;;) {
            int p = pointers.get();
            if (p == 0) {
                return false;
            }
            if (pointers.compareAndSet(p, p + 1)) {
                return true;
            }
        }
    }

    /** Gives a pointer back; the last one destroys the object. */
    final void dereference() {
        if (pointers.decrementAndGet() == 0) {
            destroy();
        }
    }

    /** The last handle closed (the object may live on through pointers). */
    void lastHandleClosed() {
    }

    /** The last pointer went: release what the object holds. */
    void destroy() {
    }

    /** Whether the wait functions accept this object. */
    boolean waitable() {
        return false;
    }

    /** Whether a wait by {@code thread} would be satisfied now. Dispatcher lock held. */
    boolean signaled(Thread thread) {
        return false;
    }

    /**
     * Satisfies a wait by {@code thread} (an auto-reset event resets, a semaphore counts down, a mutex
     * is taken). Returns {@code true} if the wait is satisfied through abandonment. Dispatcher lock held.
     */
    boolean satisfy(Thread thread) {
        return false;
    }

    /** Whether a waiter must re-check this object now and then (a mutex owned by a thread that may die). */
    boolean polled() {
        return false;
    }

    @Override
    public String toString() {
        return typeName() + (name == null ? "" : "[" + name + "]") + "@" + Integer.toHexString(hashCode());
    }
}

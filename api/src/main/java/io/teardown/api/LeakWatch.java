package io.teardown.api;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches one object-API handle for a leak: if the owner becomes unreachable before
 * {@link #closed()} is called, the session reports a {@link LeakReport.Reason#UNREACHABLE} leak.
 * Obtained from {@link Session#watch}.
 */
public final class LeakWatch {
    private final AtomicBoolean done;
    private final Cleaner.Cleanable cleanable;

    LeakWatch(AtomicBoolean done, Cleaner.Cleanable cleanable) {
        this.done = done;
        this.cleanable = cleanable;
    }

    /** The handle was closed properly: stop watching. Idempotent. */
    public void closed() {
        if (cleanable != null && done.compareAndSet(false, true)) {
            cleanable.clean();
        }
    }
}

package io.teardown.kernel;

import java.time.Duration;

/** A waitable timer ({@code CreateWaitableTimer}) of the object API. */
public final class WaitableTimer extends KernelHandle {
    WaitableTimer(KernelObjects owner, long value) {
        super(owner, value, "Timer");
    }

    /** {@code SetWaitableTimer} with a relative due time and a period ({@link Duration#ZERO}: once). */
    public void set(Duration due, Duration period) {
        long dueTime = -Math.max(1, due.toNanos() / 100);
        ok(k.SetWaitableTimer(value(), dueTime, (int) period.toMillis(), null, 0, false), "SetWaitableTimer");
    }

    /** {@code CancelWaitableTimer}. */
    public void cancel() {
        ok(k.CancelWaitableTimer(value()), "CancelWaitableTimer");
    }
}

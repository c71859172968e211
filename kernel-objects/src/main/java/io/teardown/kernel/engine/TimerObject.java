package io.teardown.kernel.engine;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A waitable timer ({@code CreateWaitableTimer}): signalled when its due time passes (then every
 * period); a synchronization timer releases one waiter per firing, a manual-reset timer all of them.
 * Firing runs on the session's timer thread.
 */
final class TimerObject extends KernelObject {
    private final Dispatcher dispatcher;
    private final ScheduledExecutorService scheduler;
    private final boolean manualReset;
    // Guarded by the dispatcher lock.
    private boolean signaled;
    private ScheduledFuture<?> pending;

    TimerObject(Dispatcher dispatcher, ScheduledExecutorService scheduler, boolean manualReset) {
        this.dispatcher = dispatcher;
        this.scheduler = scheduler;
        this.manualReset = manualReset;
    }

    @Override
    String typeName() {
        return "Timer";
    }

    /**
     * Arms the timer to fire after {@code delayNanos}, then every {@code periodMs} (0: once); each firing
     * also runs {@code onFire} (it queues the completion routine's APC), if given.
     */
    void arm(long delayNanos, int periodMs, Runnable onFire) {
        dispatcher.update(() -> {
            cancelLocked();
            signaled = false;
            Runnable fire = () -> {
                dispatcher.signal(this, () -> signaled = true);
                if (onFire != null) {
                    onFire.run();
                }
            };
            pending = periodMs > 0
                    ? scheduler.scheduleAtFixedRate(fire, Math.max(0, delayNanos),
                    TimeUnit.MILLISECONDS.toNanos(periodMs), TimeUnit.NANOSECONDS)
                    : scheduler.schedule(fire, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        });
    }

    void cancel() {
        dispatcher.update(this::cancelLocked);
    }

    private void cancelLocked() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
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

    @Override
    void destroy() {
        cancel();
    }
}

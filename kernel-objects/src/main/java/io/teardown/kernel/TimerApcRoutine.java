package io.teardown.kernel;

/**
 * {@code PTIMERAPCROUTINE} for {@link Kernel32#SetWaitableTimer}: queued at each firing as an APC to the
 * thread that set the timer, and run there only in an alertable wait (KO-16).
 */
@FunctionalInterface
public interface TimerApcRoutine {
    /** Called with the argument and the time the timer fired. */
    void apply(long lpArgToCompletionRoutine, int dwTimerLowValue, int dwTimerHighValue);
}

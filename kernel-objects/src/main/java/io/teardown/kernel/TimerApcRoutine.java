package io.teardown.kernel;

/**
 * {@code PTIMERAPCROUTINE} for {@link Kernel32#SetWaitableTimer}. Completion routines run as APCs in
 * alertable waits, which the portable engine does not emulate: a non-null routine fails with
 * {@code ERROR_NOT_SUPPORTED} there.
 */
@FunctionalInterface
public interface TimerApcRoutine {
    /** Called with the argument and the time the timer fired. */
    void apply(long lpArgToCompletionRoutine, int dwTimerLowValue, int dwTimerHighValue);
}

package io.teardown.kernel;

/**
 * {@code PAPCFUNC} for {@link Kernel32#QueueUserAPC}: runs on the thread it was queued to, only while
 * that thread is in an alertable wait (KO-16).
 */
@FunctionalInterface
public interface ApcRoutine {
    /** Called with the {@code dwData} given to {@code QueueUserAPC}. */
    void invoke(long dwParam);
}

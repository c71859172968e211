package io.teardown.kernel;

/**
 * {@code LPTHREAD_START_ROUTINE}: the body of a thread started by {@link Kernel32#CreateThread}. Its
 * return value is the thread's exit code ({@link Kernel32#GetExitCodeThread}).
 */
@FunctionalInterface
public interface ThreadProc {
    /** Runs the thread; returns its exit code. */
    int apply(long lpParameter);
}

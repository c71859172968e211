package io.teardown.kernel;

/**
 * {@code PROCESS_INFORMATION}: what {@link Kernel32#CreateProcess} writes. Both handles are the
 * caller's to close; closing them does not stop the process (KO-06). Not thread-safe.
 */
public final class ProcessInformation {
    /** A handle to the new process. */
    public long hProcess;
    /** A handle to the new process's primary thread. */
    public long hThread;
    /** The process id (the operating system's pid). */
    public int dwProcessId;
    /** The primary thread's id. */
    public int dwThreadId;

    /** An empty structure for the callee to fill. */
    public ProcessInformation() {
    }
}

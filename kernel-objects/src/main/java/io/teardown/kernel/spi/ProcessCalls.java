package io.teardown.kernel.spi;

import io.teardown.api.BoolRef;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.ProcessInformation;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.StartupInfo;
import io.teardown.kernel.ThreadProc;

/**
 * The thread, process, job, token, transaction and memory-notification functions of kernel32/ktmw32
 * (KO-05, KO-06, KO-08, KO-10), in C form. Part of {@link KernelCalls}: users call them through
 * {@link Kernel32}, a {@link KernelDriver} does the work ({@link KernelDriver#processes()}). See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>.
 */
public interface ProcessCalls {
    /** Whether two handles name the same object. */
    boolean CompareObjectHandles(long hFirstObjectHandle, long hSecondObjectHandle);

    /** The process id. */
    int GetCurrentProcessId();

    /** The calling thread's id. */
    int GetCurrentThreadId();

    /** Starts a thread running {@code lpStartAddress} (a real Java thread). */
    long CreateThread(SecurityAttributes lpThreadAttributes, long dwStackSize, ThreadProc lpStartAddress,
                      long lpParameter, int dwCreationFlags, IntRef lpThreadId);

    /** Starts a thread created with {@link Kernel32#CREATE_SUSPENDED}; returns the previous suspend count or −1. */
    int ResumeThread(long hThread);

    /** A thread's exit code, {@link Kernel32#STILL_ACTIVE} while it runs. */
    boolean GetExitCodeThread(long hThread, IntRef lpExitCode);

    /** Starts a real operating-system process from a command line. */
    boolean CreateProcess(String lpApplicationName, String lpCommandLine, SecurityAttributes lpProcessAttributes,
                          SecurityAttributes lpThreadAttributes, boolean bInheritHandles, int dwCreationFlags,
                          String[] lpEnvironment, String lpCurrentDirectory, StartupInfo lpStartupInfo,
                          ProcessInformation lpProcessInformation);

    /** Opens a process by id. */
    long OpenProcess(int dwDesiredAccess, boolean bInheritHandle, int dwProcessId);

    /** Ends a process. */
    boolean TerminateProcess(long hProcess, int uExitCode);

    /** A process's exit code, {@link Kernel32#STILL_ACTIVE} while it runs. */
    boolean GetExitCodeProcess(long hProcess, IntRef lpExitCode);

    /** The id of the process a handle names, 0 on failure. */
    int GetProcessId(long Process);

    /** Ends the synchronous I/O a thread is blocked in with {@code ERROR_OPERATION_ABORTED} (KO-10). */
    boolean CancelSynchronousIo(long hThread);

    /** Opens the access token of a process. */
    boolean OpenProcessToken(long ProcessHandle, int DesiredAccess, LongRef TokenHandle);

    /** A kernel transaction (emulated in the session). */
    long CreateTransaction(SecurityAttributes lpTransactionAttributes, Object UOW, int CreateOptions, int IsolationLevel,
                           int IsolationFlags, int Timeout, String Description);

    /** Commits: deferred deletes and file changes take effect (KO-08). */
    boolean CommitTransaction(long TransactionHandle);

    /** Rolls back: the files are left as they were (KO-08). */
    boolean RollbackTransaction(long TransactionHandle);

    /** A job object. */
    long CreateJobObject(SecurityAttributes lpJobAttributes, String lpName);

    /** Puts a process into a job. */
    boolean AssignProcessToJobObject(long hJob, long hProcess);

    /** Ends every process in a job. */
    boolean TerminateJobObject(long hJob, int uExitCode);

    /**
     * Sets a job's limits: {@link Kernel32#JobObjectExtendedLimitInformation} with a
     * {@link io.teardown.kernel.JobObjectExtendedLimits} ({@link Kernel32#JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE}: closing the
     * job's last handle ends its processes).
     */
    boolean SetInformationJobObject(long hJob, int JobObjectInformationClass, Object lpJobObjectInformation,
                                    int cbJobObjectInformationLength);

    /** A memory resource notification object. */
    long CreateMemoryResourceNotification(int NotificationType);

    /** Whether the memory condition holds now. */
    boolean QueryMemoryResourceNotification(long ResourceNotificationHandle, BoolRef ResourceState);
}

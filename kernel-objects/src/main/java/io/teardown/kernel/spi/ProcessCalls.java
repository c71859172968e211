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
 * The driver's work for the thread, process, job, token, transaction and memory-notification functions
 * of {@link Kernel32} (KO-05, KO-06, KO-08, KO-10): {@link KernelDriver#processes()}. Each method does
 * what its {@link Kernel32} namesake does, with the handles already resolved by the front
 * ({@link ResolvedHandle}; {@code GetCurrentProcess()} and {@code GetCurrentThread()} arrive as
 * pseudo-handles, for the driver to take as this process and the calling thread). See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is".
 */
public interface ProcessCalls {
    /** {@link Kernel32#CompareObjectHandles}. */
    boolean CompareObjectHandles(ResolvedHandle hFirstObjectHandle, ResolvedHandle hSecondObjectHandle);

    /** {@link Kernel32#GetCurrentProcessId}. */
    int GetCurrentProcessId();

    /** {@link Kernel32#GetCurrentThreadId}. */
    int GetCurrentThreadId();

    /** {@link Kernel32#CreateThread}. */
    long CreateThread(SecurityAttributes lpThreadAttributes, long dwStackSize, ThreadProc lpStartAddress,
                      long lpParameter, int dwCreationFlags, IntRef lpThreadId);

    /** {@link Kernel32#ResumeThread}. */
    int ResumeThread(ResolvedHandle hThread);

    /** {@link Kernel32#GetExitCodeThread}. */
    boolean GetExitCodeThread(ResolvedHandle hThread, IntRef lpExitCode);

    /**
     * {@link Kernel32#CreateProcess}. With {@link Kernel32#STARTF_USESTDHANDLES} in {@code lpStartupInfo},
     * {@code standardHandles} holds the child's standard input, output and error as the front resolved
     * them from its {@code hStdInput}, {@code hStdOutput} and {@code hStdError} (each leased for the call;
     * null where the value was NULL) — the driver reads those, never the raw fields; without the flag it is
     * null.
     */
    boolean CreateProcess(String lpApplicationName, String lpCommandLine, SecurityAttributes lpProcessAttributes,
                          SecurityAttributes lpThreadAttributes, boolean bInheritHandles, int dwCreationFlags,
                          String[] lpEnvironment, String lpCurrentDirectory, StartupInfo lpStartupInfo,
                          ResolvedHandle[] standardHandles, ProcessInformation lpProcessInformation);

    /**
     * Whether this driver's {@link #CreateProcess} can give the child the standard handles of
     * {@link Kernel32#STARTF_USESTDHANDLES}. One that cannot fails with {@code ERROR_NOT_SUPPORTED} (50) at
     * the front, before the handles are looked at, and never reaches the driver.
     */
    default boolean standardHandleRedirection() {
        return true;
    }

    /** {@link Kernel32#OpenProcess}. */
    long OpenProcess(int dwDesiredAccess, boolean bInheritHandle, int dwProcessId);

    /** {@link Kernel32#TerminateProcess}. */
    boolean TerminateProcess(ResolvedHandle hProcess, int uExitCode);

    /** {@link Kernel32#GetExitCodeProcess}. */
    boolean GetExitCodeProcess(ResolvedHandle hProcess, IntRef lpExitCode);

    /** {@link Kernel32#GetProcessId}. */
    int GetProcessId(ResolvedHandle Process);

    /** {@link Kernel32#CancelSynchronousIo}. */
    boolean CancelSynchronousIo(ResolvedHandle hThread);

    /** {@link Kernel32#OpenProcessToken}. */
    boolean OpenProcessToken(ResolvedHandle ProcessHandle, int DesiredAccess, LongRef TokenHandle);

    /** {@link Kernel32#CreateTransaction}. */
    long CreateTransaction(SecurityAttributes lpTransactionAttributes, Object UOW, int CreateOptions, int IsolationLevel,
                           int IsolationFlags, int Timeout, String Description);

    /** {@link Kernel32#CommitTransaction}. */
    boolean CommitTransaction(ResolvedHandle TransactionHandle);

    /** {@link Kernel32#RollbackTransaction}. */
    boolean RollbackTransaction(ResolvedHandle TransactionHandle);

    /** {@link Kernel32#CreateJobObject}. */
    long CreateJobObject(SecurityAttributes lpJobAttributes, String lpName);

    /** {@link Kernel32#AssignProcessToJobObject}. */
    boolean AssignProcessToJobObject(ResolvedHandle hJob, ResolvedHandle hProcess);

    /** {@link Kernel32#TerminateJobObject}. */
    boolean TerminateJobObject(ResolvedHandle hJob, int uExitCode);

    /** {@link Kernel32#SetInformationJobObject}. */
    boolean SetInformationJobObject(ResolvedHandle hJob, int JobObjectInformationClass, Object lpJobObjectInformation,
                                    int cbJobObjectInformationLength);

    /** {@link Kernel32#CreateMemoryResourceNotification}. */
    long CreateMemoryResourceNotification(int NotificationType);

    /** {@link Kernel32#QueryMemoryResourceNotification}. */
    boolean QueryMemoryResourceNotification(ResolvedHandle ResourceNotificationHandle, BoolRef ResourceState);
}

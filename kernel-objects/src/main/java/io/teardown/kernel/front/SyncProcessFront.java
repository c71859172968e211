package io.teardown.kernel.front;

import io.teardown.api.BoolRef;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.kernel.ApcRoutine;
import io.teardown.kernel.ProcessInformation;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.StartupInfo;
import io.teardown.kernel.ThreadProc;
import io.teardown.kernel.TimerApcRoutine;
import io.teardown.kernel.spi.KernelDriver;
import io.teardown.kernel.spi.ResolvedHandle;

/**
 * The part of {@link KernelFront} for the type-specific functions whose handles the front resolves
 * itself — the synchronisation functions (events, mutexes, semaphores, timers, waits, APCs) and the
 * thread, process, job, token, transaction and memory-notification functions: every handle argument is
 * resolved once ({@link HandleArgs}: pseudo and standard handles, the tag bits, invalid versus stale and
 * its misuse report, the last error 6) and the driver's {@code SyncCalls} or {@code ProcessCalls} gets
 * the leased entry, never a value that names no open kernel handle. The argument checks that come before
 * the handles are made here too ({@code WaitForMultipleObjects}' count: 87; a timer's completion routine
 * or {@code CreateProcess}'s standard handles where the backend cannot take them: 120, 50), and
 * {@code CreateProcess}'s standard handles ({@code STARTF_USESTDHANDLES}) are resolved as every other
 * handle argument, a NULL one passing as none. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is".
 */
abstract class SyncProcessFront extends FindRegistryFront {
    private static final int NOT_SUPPORTED = Win32Error.ERROR_NOT_SUPPORTED.code();

    SyncProcessFront(Session session, KernelDriver driver) {
        super(session, driver);
    }

    // ---- synchronisation: the handles resolved here, the work in the driver's SyncCalls ----

    @Override
    public long CreateEvent(SecurityAttributes lpEventAttributes, boolean bManualReset, boolean bInitialState,
                            String lpName) {
        return driver.sync().CreateEvent(lpEventAttributes, bManualReset, bInitialState, lpName);
    }

    @Override
    public long OpenEvent(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return driver.sync().OpenEvent(dwDesiredAccess, bInheritHandle, lpName);
    }

    @Override
    public boolean SetEvent(long hEvent) {
        return args.with("SetEvent", hEvent, false, h -> driver.sync().SetEvent(h));
    }

    @Override
    public boolean ResetEvent(long hEvent) {
        return args.with("ResetEvent", hEvent, false, h -> driver.sync().ResetEvent(h));
    }

    @Override
    public long CreateMutex(SecurityAttributes lpMutexAttributes, boolean bInitialOwner, String lpName) {
        return driver.sync().CreateMutex(lpMutexAttributes, bInitialOwner, lpName);
    }

    @Override
    public long OpenMutex(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return driver.sync().OpenMutex(dwDesiredAccess, bInheritHandle, lpName);
    }

    @Override
    public boolean ReleaseMutex(long hMutex) {
        return args.with("ReleaseMutex", hMutex, false, h -> driver.sync().ReleaseMutex(h));
    }

    @Override
    public long CreateSemaphore(SecurityAttributes lpSemaphoreAttributes, int lInitialCount, int lMaximumCount,
                                String lpName) {
        return driver.sync().CreateSemaphore(lpSemaphoreAttributes, lInitialCount, lMaximumCount, lpName);
    }

    @Override
    public long OpenSemaphore(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return driver.sync().OpenSemaphore(dwDesiredAccess, bInheritHandle, lpName);
    }

    @Override
    public boolean ReleaseSemaphore(long hSemaphore, int lReleaseCount, IntRef lpPreviousCount) {
        return args.with("ReleaseSemaphore", hSemaphore, false,
                h -> driver.sync().ReleaseSemaphore(h, lReleaseCount, lpPreviousCount));
    }

    @Override
    public long CreateWaitableTimer(SecurityAttributes lpTimerAttributes, boolean bManualReset, String lpTimerName) {
        return driver.sync().CreateWaitableTimer(lpTimerAttributes, bManualReset, lpTimerName);
    }

    @Override
    public long OpenWaitableTimer(int dwDesiredAccess, boolean bInheritHandle, String lpTimerName) {
        return driver.sync().OpenWaitableTimer(dwDesiredAccess, bInheritHandle, lpTimerName);
    }

    @Override
    public boolean SetWaitableTimer(long hTimer, long lpDueTime, int lPeriod, TimerApcRoutine pfnCompletionRoutine,
                                    long lpArgToCompletionRoutine, boolean fResume) {
        if (pfnCompletionRoutine != null && !driver.sync().timerCompletionRoutines()) {
            return fail(NOT_IMPLEMENTED); // a capability the backend lacks, before the handle
        }
        return args.with("SetWaitableTimer", hTimer, false, h -> driver.sync().SetWaitableTimer(h, lpDueTime, lPeriod,
                pfnCompletionRoutine, lpArgToCompletionRoutine, fResume));
    }

    @Override
    public boolean CancelWaitableTimer(long hTimer) {
        return args.with("CancelWaitableTimer", hTimer, false, h -> driver.sync().CancelWaitableTimer(h));
    }

    @Override
    public int WaitForSingleObject(long hHandle, int dwMilliseconds) {
        // The lease lasts the whole wait unless the driver holds the object by other means (KO-10).
        return args.with("WaitForSingleObject", hHandle, WAIT_FAILED,
                h -> driver.sync().WaitForSingleObject(h, dwMilliseconds));
    }

    @Override
    public int WaitForMultipleObjects(int nCount, long[] lpHandles, boolean bWaitAll, int dwMilliseconds) {
        if (!HandleArgs.waitCount(nCount, lpHandles)) {
            fail(BAD_PARAMETER);
            return WAIT_FAILED;
        }
        return args.withAll("WaitForMultipleObjects", lpHandles, nCount, WAIT_FAILED,
                h -> driver.sync().WaitForMultipleObjects(h, bWaitAll, dwMilliseconds));
    }

    @Override
    public int WaitForSingleObjectEx(long hHandle, int dwMilliseconds, boolean bAlertable) {
        return args.with("WaitForSingleObjectEx", hHandle, WAIT_FAILED,
                h -> driver.sync().WaitForSingleObjectEx(h, dwMilliseconds, bAlertable));
    }

    @Override
    public int WaitForMultipleObjectsEx(int nCount, long[] lpHandles, boolean bWaitAll, int dwMilliseconds,
                                        boolean bAlertable) {
        if (!HandleArgs.waitCount(nCount, lpHandles)) {
            fail(BAD_PARAMETER);
            return WAIT_FAILED;
        }
        return args.withAll("WaitForMultipleObjectsEx", lpHandles, nCount, WAIT_FAILED,
                h -> driver.sync().WaitForMultipleObjectsEx(h, bWaitAll, dwMilliseconds, bAlertable));
    }

    @Override
    public int SleepEx(int dwMilliseconds, boolean bAlertable) {
        return driver.sync().SleepEx(dwMilliseconds, bAlertable);
    }

    @Override
    public int SignalObjectAndWait(long hObjectToSignal, long hObjectToWaitOn, int dwMilliseconds, boolean bAlertable) {
        // Both leased for the whole call, the signalled object first (KO-10).
        return args.with("SignalObjectAndWait", hObjectToSignal, WAIT_FAILED,
                s -> args.with("SignalObjectAndWait", hObjectToWaitOn, WAIT_FAILED,
                        w -> driver.sync().SignalObjectAndWait(s, w, dwMilliseconds, bAlertable)));
    }

    @Override
    public int QueueUserAPC(ApcRoutine pfnAPC, long hThread, long dwData) {
        return args.with("QueueUserAPC", hThread, 0, h -> driver.sync().QueueUserAPC(pfnAPC, h, dwData));
    }

    // ---- threads, processes, jobs, tokens, transactions, memory notifications: the driver's ProcessCalls ----

    @Override
    public boolean CompareObjectHandles(long hFirstObjectHandle, long hSecondObjectHandle) {
        return args.with("CompareObjectHandles", hFirstObjectHandle, false, a -> args.with("CompareObjectHandles",
                hSecondObjectHandle, false, b -> driver.processes().CompareObjectHandles(a, b)));
    }

    @Override
    public int GetCurrentProcessId() {
        return driver.processes().GetCurrentProcessId();
    }

    @Override
    public int GetCurrentThreadId() {
        return driver.processes().GetCurrentThreadId();
    }

    @Override
    public long CreateThread(SecurityAttributes lpThreadAttributes, long dwStackSize, ThreadProc lpStartAddress,
                             long lpParameter, int dwCreationFlags, IntRef lpThreadId) {
        return driver.processes().CreateThread(lpThreadAttributes, dwStackSize, lpStartAddress, lpParameter,
                dwCreationFlags, lpThreadId);
    }

    @Override
    public int ResumeThread(long hThread) {
        return args.with("ResumeThread", hThread, -1, h -> driver.processes().ResumeThread(h));
    }

    @Override
    public boolean GetExitCodeThread(long hThread, IntRef lpExitCode) {
        return args.with("GetExitCodeThread", hThread, false, h -> driver.processes().GetExitCodeThread(h, lpExitCode));
    }

    @Override
    public boolean CreateProcess(String lpApplicationName, String lpCommandLine,
                                 SecurityAttributes lpProcessAttributes, SecurityAttributes lpThreadAttributes,
                                 boolean bInheritHandles, int dwCreationFlags, String[] lpEnvironment,
                                 String lpCurrentDirectory, StartupInfo lpStartupInfo,
                                 ProcessInformation lpProcessInformation) {
        if (lpStartupInfo == null || (lpStartupInfo.dwFlags & STARTF_USESTDHANDLES) == 0) {
            return driver.processes().CreateProcess(lpApplicationName, lpCommandLine, lpProcessAttributes,
                    lpThreadAttributes, bInheritHandles, dwCreationFlags, lpEnvironment, lpCurrentDirectory,
                    lpStartupInfo, null, lpProcessInformation);
        }
        if (!driver.processes().standardHandleRedirection()) {
            return fail(NOT_SUPPORTED); // a capability the backend lacks, before the handles
        }
        // The child's standard handles, each leased for the whole call; NULL passes as none.
        return args.withOptional("CreateProcess", lpStartupInfo.hStdInput, false, in -> args.withOptional(
                "CreateProcess", lpStartupInfo.hStdOutput, false, out -> args.withOptional("CreateProcess",
                        lpStartupInfo.hStdError, false, err -> driver.processes().CreateProcess(lpApplicationName,
                                lpCommandLine, lpProcessAttributes, lpThreadAttributes, bInheritHandles,
                                dwCreationFlags, lpEnvironment, lpCurrentDirectory, lpStartupInfo,
                                new ResolvedHandle[] {in, out, err}, lpProcessInformation))));
    }

    @Override
    public long OpenProcess(int dwDesiredAccess, boolean bInheritHandle, int dwProcessId) {
        return driver.processes().OpenProcess(dwDesiredAccess, bInheritHandle, dwProcessId);
    }

    @Override
    public boolean TerminateProcess(long hProcess, int uExitCode) {
        return args.with("TerminateProcess", hProcess, false, h -> driver.processes().TerminateProcess(h, uExitCode));
    }

    @Override
    public boolean GetExitCodeProcess(long hProcess, IntRef lpExitCode) {
        return args.with("GetExitCodeProcess", hProcess, false,
                h -> driver.processes().GetExitCodeProcess(h, lpExitCode));
    }

    @Override
    public int GetProcessId(long Process) {
        return args.with("GetProcessId", Process, 0, h -> driver.processes().GetProcessId(h));
    }

    @Override
    public boolean CancelSynchronousIo(long hThread) {
        return args.with("CancelSynchronousIo", hThread, false, h -> driver.processes().CancelSynchronousIo(h));
    }

    @Override
    public boolean OpenProcessToken(long ProcessHandle, int DesiredAccess, LongRef TokenHandle) {
        return args.with("OpenProcessToken", ProcessHandle, false,
                h -> driver.processes().OpenProcessToken(h, DesiredAccess, TokenHandle));
    }

    @Override
    public long CreateTransaction(SecurityAttributes lpTransactionAttributes, Object UOW, int CreateOptions,
                                  int IsolationLevel, int IsolationFlags, int Timeout, String Description) {
        return driver.processes().CreateTransaction(lpTransactionAttributes, UOW, CreateOptions, IsolationLevel,
                IsolationFlags, Timeout, Description);
    }

    @Override
    public boolean CommitTransaction(long TransactionHandle) {
        return args.with("CommitTransaction", TransactionHandle, false, h -> driver.processes().CommitTransaction(h));
    }

    @Override
    public boolean RollbackTransaction(long TransactionHandle) {
        return args.with("RollbackTransaction", TransactionHandle, false,
                h -> driver.processes().RollbackTransaction(h));
    }

    @Override
    public long CreateJobObject(SecurityAttributes lpJobAttributes, String lpName) {
        return driver.processes().CreateJobObject(lpJobAttributes, lpName);
    }

    @Override
    public boolean AssignProcessToJobObject(long hJob, long hProcess) {
        return args.with("AssignProcessToJobObject", hJob, false, j -> args.with("AssignProcessToJobObject", hProcess,
                false, p -> driver.processes().AssignProcessToJobObject(j, p)));
    }

    @Override
    public boolean TerminateJobObject(long hJob, int uExitCode) {
        return args.with("TerminateJobObject", hJob, false, h -> driver.processes().TerminateJobObject(h, uExitCode));
    }

    @Override
    public boolean SetInformationJobObject(long hJob, int JobObjectInformationClass, Object lpJobObjectInformation,
                                           int cbJobObjectInformationLength) {
        return args.with("SetInformationJobObject", hJob, false, h -> driver.processes().SetInformationJobObject(h,
                JobObjectInformationClass, lpJobObjectInformation, cbJobObjectInformationLength));
    }

    @Override
    public long CreateMemoryResourceNotification(int NotificationType) {
        return driver.processes().CreateMemoryResourceNotification(NotificationType);
    }

    @Override
    public boolean QueryMemoryResourceNotification(long ResourceNotificationHandle, BoolRef ResourceState) {
        return args.with("QueryMemoryResourceNotification", ResourceNotificationHandle, false,
                h -> driver.processes().QueryMemoryResourceNotification(h, ResourceState));
    }
}

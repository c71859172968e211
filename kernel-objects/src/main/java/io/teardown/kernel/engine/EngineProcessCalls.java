package io.teardown.kernel.engine;

import io.teardown.api.BoolRef;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.kernel.ProcessInformation;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.StartupInfo;
import io.teardown.kernel.ThreadProc;
import io.teardown.kernel.spi.ProcessCalls;
import io.teardown.kernel.spi.ResolvedHandle;

/** The engine driver's part for the thread, process, job, token, transaction and memory-notification functions ({@link ProcessCalls}), done by {@link ProcessApi} (transactions end in {@link FileApi}, which applies their file changes). See docs/kernel-objects.md. */
final class EngineProcessCalls implements ProcessCalls {
    private final ProcessApi processes;
    private final FileApi files;

    EngineProcessCalls(ProcessApi processes, FileApi files) {
        this.processes = processes;
        this.files = files;
    }

    @Override
    public boolean CompareObjectHandles(ResolvedHandle hFirstObjectHandle, ResolvedHandle hSecondObjectHandle) {
        KernelObject a = processes.use(hFirstObjectHandle, KernelObject.class, 0);
        if (a == null) {
            return false;
        }
        try {
            KernelObject b = processes.use(hSecondObjectHandle, KernelObject.class, 0);
            if (b == null) {
                return false;
            }
            b.dereference();
            return a == b;
        } finally {
            a.dereference();
        }
    }

    @Override
    @SuppressWarnings("deprecation") // Thread.getId(): the Java 17 way to a stable thread number
    public int GetCurrentThreadId() {
        return (int) Thread.currentThread().getId();
    }

    @Override
    public int GetCurrentProcessId() {
        return (int) ProcessHandle.current().pid();
    }

    @Override
    public long CreateThread(SecurityAttributes lpThreadAttributes, long dwStackSize, ThreadProc lpStartAddress,
                             long lpParameter, int dwCreationFlags, IntRef lpThreadId) {
        return processes.CreateThread(lpThreadAttributes, dwStackSize, lpStartAddress, lpParameter,
                dwCreationFlags, lpThreadId);
    }

    @Override
    public int ResumeThread(ResolvedHandle hThread) {
        return processes.ResumeThread(hThread);
    }

    @Override
    public boolean GetExitCodeThread(ResolvedHandle hThread, IntRef lpExitCode) {
        return processes.GetExitCodeThread(hThread, lpExitCode);
    }

    @Override
    public boolean CreateProcess(String lpApplicationName, String lpCommandLine, SecurityAttributes lpProcessAttributes,
                                 SecurityAttributes lpThreadAttributes, boolean bInheritHandles, int dwCreationFlags,
                                 String[] lpEnvironment, String lpCurrentDirectory, StartupInfo lpStartupInfo,
                                 ResolvedHandle[] standardHandles, ProcessInformation lpProcessInformation) {
        return processes.CreateProcess(lpApplicationName, lpCommandLine, lpProcessAttributes,
                lpThreadAttributes, bInheritHandles, dwCreationFlags, lpEnvironment, lpCurrentDirectory,
                lpStartupInfo, lpProcessInformation);
    }

    /** A child's standard handles cannot be the session's emulated handles: the front fails them with 50. */
    @Override
    public boolean standardHandleRedirection() {
        return false;
    }

    @Override
    public long OpenProcess(int dwDesiredAccess, boolean bInheritHandle, int dwProcessId) {
        return processes.OpenProcess(dwDesiredAccess, bInheritHandle, dwProcessId);
    }

    @Override
    public boolean TerminateProcess(ResolvedHandle hProcess, int uExitCode) {
        return processes.TerminateProcess(hProcess, uExitCode);
    }

    @Override
    public boolean GetExitCodeProcess(ResolvedHandle hProcess, IntRef lpExitCode) {
        return processes.GetExitCodeProcess(hProcess, lpExitCode);
    }

    @Override
    public int GetProcessId(ResolvedHandle Process) {
        return processes.GetProcessId(Process);
    }

    @Override
    public boolean CancelSynchronousIo(ResolvedHandle hThread) {
        return processes.CancelSynchronousIo(hThread);
    }

    @Override
    public boolean OpenProcessToken(ResolvedHandle ProcessHandle, int DesiredAccess, LongRef TokenHandle) {
        return processes.OpenProcessToken(ProcessHandle, DesiredAccess, TokenHandle);
    }

    @Override
    public long CreateTransaction(SecurityAttributes lpTransactionAttributes, Object UOW, int CreateOptions,
                                  int IsolationLevel, int IsolationFlags, int Timeout, String Description) {
        return processes.CreateTransaction(lpTransactionAttributes, UOW, CreateOptions, IsolationLevel,
                IsolationFlags, Timeout, Description);
    }

    @Override
    public boolean CommitTransaction(ResolvedHandle TransactionHandle) {
        return files.endTransaction(TransactionHandle, true);
    }

    @Override
    public boolean RollbackTransaction(ResolvedHandle TransactionHandle) {
        return files.endTransaction(TransactionHandle, false);
    }

    @Override
    public long CreateJobObject(SecurityAttributes lpJobAttributes, String lpName) {
        return processes.CreateJobObject(lpJobAttributes, lpName);
    }

    @Override
    public boolean AssignProcessToJobObject(ResolvedHandle hJob, ResolvedHandle hProcess) {
        return processes.AssignProcessToJobObject(hJob, hProcess);
    }

    @Override
    public boolean TerminateJobObject(ResolvedHandle hJob, int uExitCode) {
        return processes.TerminateJobObject(hJob, uExitCode);
    }

    @Override
    public boolean SetInformationJobObject(ResolvedHandle hJob, int JobObjectInformationClass, Object lpJobObjectInformation,
                                           int cbJobObjectInformationLength) {
        return processes.SetInformationJobObject(hJob, JobObjectInformationClass, lpJobObjectInformation,
                cbJobObjectInformationLength);
    }

    @Override
    public long CreateMemoryResourceNotification(int NotificationType) {
        return processes.CreateMemoryResourceNotification(NotificationType);
    }

    @Override
    public boolean QueryMemoryResourceNotification(ResolvedHandle ResourceNotificationHandle, BoolRef ResourceState) {
        return processes.QueryMemoryResourceNotification(ResourceNotificationHandle, ResourceState);
    }
}

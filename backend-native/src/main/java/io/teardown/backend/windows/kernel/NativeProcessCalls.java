package io.teardown.backend.windows.kernel;

import static io.teardown.kernel.Kernel32.CREATE_SUSPENDED;
import static io.teardown.kernel.Kernel32.INVALID_HANDLE_VALUE;
import static io.teardown.kernel.Kernel32.JobObjectExtendedLimitInformation;
import static io.teardown.kernel.Kernel32.STILL_ACTIVE;
import static io.teardown.kernel.Kernel32.THREAD_ALL_ACCESS;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.platform.win32.BaseTSD.SIZE_T;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.ptr.IntByReference;
import io.teardown.api.BoolRef;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.backend.windows.handles.OsHandle;
import io.teardown.backend.windows.jna.KernelBaseLibrary;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.NativeHandles;
import io.teardown.kernel.ProcessInformation;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.StartupInfo;
import io.teardown.kernel.ThreadProc;
import io.teardown.kernel.spi.ProcessCalls;
import io.teardown.kernel.spi.ResolvedHandle;
import java.nio.charset.StandardCharsets;

/** The JNA kernel driver's part for the thread, process, job, token, transaction and memory-notification functions ({@link ProcessCalls}; KO-06, KO-08, KO-10). See docs/native-backend.md. */
final class NativeProcessCalls extends NativeKernelPart implements ProcessCalls {
    NativeProcessCalls(NativeKernelPart shared) {
        super(shared);
    }

    @Override
    public boolean CompareObjectHandles(ResolvedHandle hFirstObjectHandle, ResolvedHandle hSecondObjectHandle) {
        HANDLE a = os(hFirstObjectHandle);
        HANDLE b = os(hSecondObjectHandle);
        if (a == null || b == null) {
            return fail(INVALID);
        }
        KernelBaseLibrary library;
        try {
            library = kernelBase.get();
        } catch (UnsatisfiedLinkError e) {
            return fail(KernelBaseLibrary.ERROR_MOD_NOT_FOUND); // the loader's answer for a missing DLL
        }
        NativeCalls.CapturedBool r;
        try {
            r = calls.callBool(() -> library.CompareObjectHandles(a, b));
        } catch (UnsatisfiedLinkError e) {
            return fail(KernelBaseLibrary.ERROR_PROC_NOT_FOUND); // GetProcAddress's answer: no such export
        }
        if (!r.ok() && r.lastError() != 0) {
            session.lastError().set(r.lastError()); // ERROR_NOT_SAME_OBJECT, or why it failed
        }
        return r.ok();
    }

    @Override
    public int GetCurrentProcessId() {
        return k32.GetCurrentProcessId();
    }

    @Override
    public int GetCurrentThreadId() {
        return k32.GetCurrentThreadId();
    }

    /** A thread started by {@link #CreateThread}: a Java thread, its OS thread opened by id. */
    private static final class JavaThread {
        final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch idKnown = new java.util.concurrent.CountDownLatch(1);
        volatile int osThreadId;
        volatile Integer exitCode;
    }

    /**
     * A real thread: a Java thread running {@code lpStartAddress}, and a real OS handle to it
     * ({@code OpenThread} by its id), so waits, {@code CloseHandle} (which does not stop it, KO-06) and
     * {@code CancelSynchronousIo} are Windows' own. The exit code is the procedure's result.
     */
    @Override
    public long CreateThread(SecurityAttributes a, long dwStackSize, ThreadProc lpStartAddress, long lpParameter,
                             int dwCreationFlags, IntRef lpThreadId) {
        if (lpStartAddress == null) {
            return failHandle(BAD_PARAMETER, 0);
        }
        JavaThread state = new JavaThread();
        Thread t = new Thread(null, () -> {
            state.osThreadId = k32.GetCurrentThreadId();
            state.idKnown.countDown();
            try {
                state.started.await();
                state.exitCode = lpStartAddress.apply(lpParameter);
            } catch (InterruptedException e) {
                state.exitCode = Win32Error.ERROR_OPERATION_ABORTED.code();
            } catch (RuntimeException | Error e) {
                state.exitCode = ERROR_PROCESS_ABORTED;
            }
        }, "teardown-native-thread-" + session.name(), Math.max(0, dwStackSize));
        t.setDaemon(true);
        t.start();
        try {
            state.idKnown.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        NativeCalls.Captured<HANDLE> r = calls.call(() -> k32.OpenThread(THREAD_ALL_ACCESS, a != null && a.bInheritHandle,
                state.osThreadId));
        long os = NativeHandles.value(r.value());
        if (os == 0) {
            state.started.countDown(); // let it finish; there is no handle to it
            return failHandle(r.lastError(), 0);
        }
        long v = register(new OsHandle(os, "Thread", Closer.CLOSE_HANDLE, true, this::closeHandleOs, state));
        if (lpThreadId != null) {
            lpThreadId.value = state.osThreadId;
        }
        if ((dwCreationFlags & CREATE_SUSPENDED) == 0) {
            state.started.countDown();
        }
        return v;
    }

    @Override
    public int ResumeThread(ResolvedHandle hThread) {
        if (hThread.entry() instanceof OsHandle e && e.state() instanceof JavaThread j) {
            int before = (int) j.started.getCount();
            j.started.countDown();
            return before;
        }
        HANDLE h = os(hThread);
        if (h == null) {
            fail(INVALID);
            return -1;
        }
        NativeCalls.CapturedInt r = calls.callInt(() -> k32.ResumeThread(h));
        if (r.value() == -1) {
            session.lastError().set(r.lastError());
        }
        return r.value();
    }

    @Override
    public boolean GetExitCodeThread(ResolvedHandle hThread, IntRef lpExitCode) {
        if (hThread.entry() instanceof OsHandle own && own.state() instanceof JavaThread j) {
            if (lpExitCode == null) {
                return fail(Win32Error.ERROR_NOACCESS.code());
            }
            Integer code = j.exitCode;
            lpExitCode.value = code == null ? STILL_ACTIVE : code;
            return true;
        }
        IntByReference code = new IntByReference();
        boolean ok = bool(hThread, h -> k32.GetExitCodeThread(h, code));
        if (ok && lpExitCode != null) {
            lpExitCode.value = code.getValue();
        }
        return ok;
    }

    @Override
    public boolean CreateProcess(String lpApplicationName, String lpCommandLine, SecurityAttributes lpProcessAttributes,
                                 SecurityAttributes lpThreadAttributes, boolean bInheritHandles, int dwCreationFlags,
                                 String[] lpEnvironment, String lpCurrentDirectory, StartupInfo lpStartupInfo,
                                 ResolvedHandle[] standardHandles, ProcessInformation lpProcessInformation) {
        if (lpProcessInformation == null || lpStartupInfo == null) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        com.sun.jna.platform.win32.WinBase.STARTUPINFO si = new com.sun.jna.platform.win32.WinBase.STARTUPINFO();
        si.dwFlags = lpStartupInfo.dwFlags;
        HANDLE[] std = new HANDLE[3];
        for (int i = 0; standardHandles != null && i < 3; i++) {
            // Resolved and leased by the front for the whole call; NULL stays NULL.
            std[i] = standardHandles[i] == null ? null : os(standardHandles[i]);
            if (standardHandles[i] != null && std[i] == null) {
                return fail(INVALID); // another subsystem's entry: no OS handle the child could inherit
            }
        }
        si.hStdInput = std[0];
        si.hStdOutput = std[1];
        si.hStdError = std[2];
        Memory env = null;
        int flags = dwCreationFlags;
        if (lpEnvironment != null) {
            StringBuilder b = new StringBuilder();
            for (String var : lpEnvironment) {
                b.append(var).append('\0');
            }
            b.append('\0');
            byte[] w = b.toString().getBytes(StandardCharsets.UTF_16LE);
            env = new Memory(w.length + 2L);
            env.clear();
            env.write(0, w, 0, w.length);
            flags |= 0x400; // CREATE_UNICODE_ENVIRONMENT
        }
        Memory environment = env;
        int creationFlags = flags;
        com.sun.jna.platform.win32.WinBase.PROCESS_INFORMATION pi = new com.sun.jna.platform.win32.WinBase.PROCESS_INFORMATION();
        NativeCalls.CapturedBool r = calls.callBool(() -> k32.CreateProcess(lpApplicationName, lpCommandLine,
                sa(lpProcessAttributes), sa(lpThreadAttributes), bInheritHandles,
                new com.sun.jna.platform.win32.WinDef.DWORD(creationFlags), environment, lpCurrentDirectory, si, pi));
        if (!r.ok()) {
            return fail(r.lastError());
        }
        // KO-06: real process and thread handles; closing them does not stop either.
        lpProcessInformation.hProcess = register(NativeHandles.value(pi.hProcess), "Process", Closer.CLOSE_HANDLE);
        lpProcessInformation.hThread = register(NativeHandles.value(pi.hThread), "Thread", Closer.CLOSE_HANDLE);
        lpProcessInformation.dwProcessId = pi.dwProcessId == null ? 0 : pi.dwProcessId.intValue();
        lpProcessInformation.dwThreadId = pi.dwThreadId == null ? 0 : pi.dwThreadId.intValue();
        return true;
    }

    @Override
    public long OpenProcess(int dwDesiredAccess, boolean bInheritHandle, int dwProcessId) {
        return created(calls.call(() -> k32.OpenProcess(dwDesiredAccess, bInheritHandle, dwProcessId)), "Process", 0);
    }

    @Override
    public boolean TerminateProcess(ResolvedHandle hProcess, int uExitCode) {
        return bool(hProcess, h -> k32.TerminateProcess(h, uExitCode));
    }

    @Override
    public boolean GetExitCodeProcess(ResolvedHandle hProcess, IntRef lpExitCode) {
        IntByReference code = new IntByReference();
        boolean ok = bool(hProcess, h -> k32.GetExitCodeProcess(h, code));
        if (ok && lpExitCode != null) {
            lpExitCode.value = code.getValue();
        }
        return ok;
    }

    @Override
    public int GetProcessId(ResolvedHandle process) {
        HANDLE h = os(process);
        if (h == null) {
            fail(INVALID);
            return 0;
        }
        NativeCalls.CapturedInt r = calls.callInt(() -> k32.GetProcessId(h));
        if (r.value() == 0) {
            session.lastError().set(r.lastError());
        }
        return r.value();
    }

    @Override
    public boolean CancelSynchronousIo(ResolvedHandle hThread) {
        return bool(hThread, k32::CancelSynchronousIo);
    }

    @Override
    public boolean OpenProcessToken(ResolvedHandle processHandle, int desiredAccess, LongRef tokenHandle) {
        if (tokenHandle == null) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        HANDLEByReference out = new HANDLEByReference();
        if (!bool(processHandle, h -> advapi.OpenProcessToken(h, desiredAccess, out))) {
            return false;
        }
        tokenHandle.value = register(NativeHandles.value(out.getValue()), "Token", Closer.CLOSE_HANDLE);
        return true;
    }

    @Override
    public long CreateTransaction(SecurityAttributes a, Object UOW, int CreateOptions, int IsolationLevel,
                                  int IsolationFlags, int Timeout, String Description) {
        return created(calls.call(() -> ktm.CreateTransaction(sa(a), null, CreateOptions, IsolationLevel, IsolationFlags,
                Timeout, Description)), "TmTx", INVALID_HANDLE_VALUE);
    }

    @Override
    public boolean CommitTransaction(ResolvedHandle TransactionHandle) {
        return bool(TransactionHandle, ktm::CommitTransaction);
    }

    @Override
    public boolean RollbackTransaction(ResolvedHandle TransactionHandle) {
        return bool(TransactionHandle, ktm::RollbackTransaction);
    }

    @Override
    public long CreateJobObject(SecurityAttributes a, String lpName) {
        return created(calls.call(() -> k32.CreateJobObject(sa(a), lpName)), "Job", 0);
    }

    @Override
    public boolean AssignProcessToJobObject(ResolvedHandle hJob, ResolvedHandle hProcess) {
        HANDLE job = os(hJob);
        return job == null ? fail(INVALID) : bool(hProcess, p -> k32.AssignProcessToJobObject(job, p));
    }

    @Override
    public boolean TerminateJobObject(ResolvedHandle hJob, int uExitCode) {
        return bool(hJob, h -> k32.TerminateJobObject(h, uExitCode));
    }

    @Override
    public boolean SetInformationJobObject(ResolvedHandle hJob, int JobObjectInformationClass, Object lpJobObjectInformation,
                                           int cbJobObjectInformationLength) {
        if (JobObjectInformationClass != JobObjectExtendedLimitInformation
                || !(lpJobObjectInformation instanceof io.teardown.kernel.JobObjectExtendedLimits limits)) {
            return fail(BAD_PARAMETER); // only the extended limits (KILL_ON_JOB_CLOSE) are wired
        }
        if (cbJobObjectInformationLength != io.teardown.kernel.JobObjectExtendedLimits.SIZE) {
            return fail(ERROR_BAD_LENGTH);
        }
        // JOBOBJECT_EXTENDED_LIMIT_INFORMATION: LimitFlags at 16 on both; the rest depends on SIZE_T.
        boolean w64 = Native.POINTER_SIZE == 8;
        Memory info = new Memory(w64 ? 144 : 112);
        info.clear();
        info.setInt(16, limits.BasicLimitInformation.LimitFlags);
        info.setInt(w64 ? 40 : 28, limits.BasicLimitInformation.ActiveProcessLimit);
        if (w64) {
            info.setLong(112, limits.ProcessMemoryLimit);
            info.setLong(120, limits.JobMemoryLimit);
        } else {
            info.setInt(96, (int) limits.ProcessMemoryLimit);
            info.setInt(100, (int) limits.JobMemoryLimit);
        }
        return bool(hJob, h -> k32.SetInformationJobObject(h, JobObjectExtendedLimitInformation, info,
                (int) info.size()));
    }

    @Override
    public long CreateMemoryResourceNotification(int NotificationType) {
        return created(calls.call(() -> k32.CreateMemoryResourceNotification(NotificationType)), "Event", 0);
    }

    @Override
    public boolean QueryMemoryResourceNotification(ResolvedHandle ResourceNotificationHandle, BoolRef ResourceState) {
        IntByReference state = new IntByReference();
        boolean ok = bool(ResourceNotificationHandle, h -> k32.QueryMemoryResourceNotification(h, state));
        if (ok && ResourceState != null) {
            ResourceState.value = state.getValue() != 0;
        }
        return ok;
    }
}

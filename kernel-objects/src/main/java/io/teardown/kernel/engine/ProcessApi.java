package io.teardown.kernel.engine;

import static io.teardown.kernel.Kernel32.*;

import io.teardown.api.BoolRef;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Win32Error;
import io.teardown.kernel.JobObjectExtendedLimits;
import io.teardown.kernel.ProcessInformation;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.StartupInfo;
import io.teardown.kernel.ThreadProc;
import io.teardown.kernel.spi.ResolvedHandle;
import java.io.File;
import java.io.IOException;

/**
 * Threads, processes and the objects around them: {@code CreateThread} (a real Java thread),
 * {@code CreateProcess}/{@code OpenProcess} (real OS processes), {@code CancelSynchronousIo},
 * access tokens, jobs, memory resource notifications and transactions (KO-05, KO-06, KO-08, KO-10).
 */
final class ProcessApi extends EngineCalls {
    private static final System.Logger LOG = System.getLogger(ProcessApi.class.getName());
    /** The exception code Windows reports for a thread ended by an unhandled (CLR) exception. */
    static final int UNHANDLED_EXCEPTION_EXIT_CODE = 0xE0434352;

    ProcessApi(Engine engine) {
        super(engine);
    }

    /** The largest stack a thread may ask for; bigger requests fail with ERROR_NOT_ENOUGH_MEMORY. */
    static final long MAX_STACK = 256L << 20;

    long CreateThread(SecurityAttributes lpThreadAttributes, long dwStackSize, ThreadProc lpStartAddress,
                             long lpParameter, int dwCreationFlags, IntRef lpThreadId) {
        if (lpStartAddress == null) {
            error(Win32Error.ERROR_INVALID_PARAMETER);
            return 0;
        }
        if (Long.compareUnsigned(dwStackSize, MAX_STACK) > 0) {
            // Windows cannot reserve such a stack: NULL with ERROR_NOT_ENOUGH_MEMORY. The JVM would throw
            // OutOfMemoryError from Thread.start instead (found by the flat fuzzer).
            error(Win32Error.ERROR_NOT_ENOUGH_MEMORY);
            return 0;
        }
        ThreadObject obj = new ThreadObject(engine.dispatcher, null, true, engine::unregisterThread);
        obj.pin(); // the running thread's own pointer: the object lives while it runs (KO-06)
        Thread t = new Thread(null, () -> runThread(obj, lpStartAddress, lpParameter),
                "teardown-thread-" + engine.session.name(), Math.max(0, dwStackSize));
        t.setDaemon(true);
        obj.bind(t);
        engine.registerThread(t, obj);
        long v = engine.open(obj, THREAD_ALL_ACCESS, inherit(lpThreadAttributes));
        if (lpThreadId != null) {
            lpThreadId.value = obj.threadId();
        }
        if ((dwCreationFlags & CREATE_SUSPENDED) != 0) {
            obj.suspend();
        } else {
            t.start();
        }
        return v;
    }

    int ResumeThread(ResolvedHandle hThread) {
        ThreadObject t = use(hThread, ThreadObject.class, 0);
        if (t == null) {
            return -1;
        }
        try {
            return t.resume();
        } finally {
            t.dereference();
        }
    }

    boolean GetExitCodeThread(ResolvedHandle hThread, IntRef lpExitCode) {
        KernelObject o = use(hThread, KernelObject.class, 0);
        if (o == null) {
            return false;
        }
        try {
            int code;
            if (o instanceof ThreadObject t) {
                code = t.exitCode();
            } else if (o instanceof ProcessThreadObject p) {
                code = p.process().exitCode();
            } else {
                error(Win32Error.ERROR_INVALID_HANDLE);
                return false;
            }
            if (lpExitCode != null) {
                lpExitCode.value = code;
            }
            return true;
        } finally {
            o.dereference();
        }
    }

    boolean CreateProcess(String lpApplicationName, String lpCommandLine, SecurityAttributes lpProcessAttributes,
                                 SecurityAttributes lpThreadAttributes, boolean bInheritHandles, int dwCreationFlags,
                                 String[] lpEnvironment, String lpCurrentDirectory, StartupInfo lpStartupInfo,
                                 ProcessInformation lpProcessInformation) {
        if (lpProcessInformation == null || (lpApplicationName == null && lpCommandLine == null)) {
            error(Win32Error.ERROR_INVALID_PARAMETER);
            return false;
        }
        if ((dwCreationFlags & CREATE_SUSPENDED) != 0) {
            // Suspension, like the child's standard handles (the front refuses STARTF_USESTDHANDLES for this
            // driver), is out of the portable engine's reach.
            error(Win32Error.ERROR_NOT_SUPPORTED);
            return false;
        }
        java.util.List<String> args = CommandLine.split(lpCommandLine == null ? "" : lpCommandLine);
        if (lpApplicationName != null) {
            if (args.isEmpty()) {
                args.add(lpApplicationName);
            } else {
                args.set(0, lpApplicationName);
            }
        }
        if (args.isEmpty()) {
            error(Win32Error.ERROR_INVALID_PARAMETER);
            return false;
        }
        ProcessBuilder pb = new ProcessBuilder(args)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        if (lpCurrentDirectory != null) {
            pb.directory(new File(lpCurrentDirectory));
        }
        if (lpEnvironment != null) {
            pb.environment().clear();
            for (String kv : lpEnvironment) {
                if (kv == null) {
                    break; // the block's terminating empty string, as a C caller would write it
                }
                int eq = kv.indexOf('=', 1);
                if (eq > 0) {
                    try {
                        pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
                    } catch (IllegalArgumentException e) {
                        // a name the host cannot carry (Windows' "=C:" entries, NULs): not passed on
                    }
                }
            }
        }
        Process p;
        try {
            p = pb.start();
            p.getOutputStream().close(); // the child's stdin: nothing to read
        } catch (IOException e) {
            error(Win32Error.ERROR_FILE_NOT_FOUND);
            return false;
        }
        ProcessObject po = new ProcessObject(engine.dispatcher, p.toHandle(), p);
        lpProcessInformation.hProcess = engine.open(po, PROCESS_ALL_ACCESS, inherit(lpProcessAttributes));
        lpProcessInformation.hThread = engine.open(new ProcessThreadObject(po), THREAD_ALL_ACCESS, inherit(lpThreadAttributes));
        lpProcessInformation.dwProcessId = po.pid();
        lpProcessInformation.dwThreadId = po.pid();
        return true;
    }

    long OpenProcess(int dwDesiredAccess, boolean bInheritHandle, int dwProcessId) {
        if (dwProcessId == (int) ProcessHandle.current().pid()) {
            return engine.open(engine.self, dwDesiredAccess, bInheritHandle);
        }
        java.util.Optional<ProcessHandle> ph = ProcessHandle.of(Integer.toUnsignedLong(dwProcessId));
        if (ph.isEmpty()) {
            error(Win32Error.ERROR_INVALID_PARAMETER); // as Windows reports for a process id that names no process
            return 0;
        }
        return engine.open(new ProcessObject(engine.dispatcher, ph.get(), null), dwDesiredAccess, bInheritHandle);
    }

    boolean TerminateProcess(ResolvedHandle hProcess, int uExitCode) {
        ProcessObject p = use(hProcess, ProcessObject.class, PROCESS_TERMINATE);
        if (p == null) {
            return false;
        }
        try {
            if (!p.terminate(uExitCode)) {
                error(Win32Error.ERROR_ACCESS_DENIED); // the emulated process is this JVM: it is not ended from inside a session
                return false;
            }
            return true;
        } finally {
            p.dereference();
        }
    }

    boolean GetExitCodeProcess(ResolvedHandle hProcess, IntRef lpExitCode) {
        ProcessObject p = use(hProcess, ProcessObject.class, 0);
        if (p == null) {
            return false;
        }
        try {
            if (lpExitCode != null) {
                lpExitCode.value = p.exitCode();
            }
            return true;
        } finally {
            p.dereference();
        }
    }

    int GetProcessId(ResolvedHandle Process) {
        ProcessObject p = use(Process, ProcessObject.class, 0);
        if (p == null) {
            return 0;
        }
        try {
            return p.pid();
        } finally {
            p.dereference();
        }
    }

    boolean CancelSynchronousIo(ResolvedHandle hThread) {
        ThreadObject t = use(hThread, ThreadObject.class, 0);
        if (t == null) {
            return false;
        }
        try {
            Thread thread = t.thread();
            CancellableIo pending = thread == null ? null : engine.io.get(thread);
            if (pending == null || !pending.cancel()) {
                error(Win32Error.ERROR_NOT_FOUND); // no synchronous I/O to cancel
                return false;
            }
            return true;
        } finally {
            t.dereference();
        }
    }

    boolean OpenProcessToken(ResolvedHandle ProcessHandle, int DesiredAccess, LongRef TokenHandle) {
        ProcessObject p = use(ProcessHandle, ProcessObject.class, 0);
        if (p == null) {
            return false;
        }
        try {
            if (TokenHandle == null) {
                error(Win32Error.ERROR_NOACCESS);
                return false;
            }
            TokenHandle.value = engine.open(new SimpleObject("Token", p.handle()), DesiredAccess, false);
            return true;
        } finally {
            p.dereference();
        }
    }

    long CreateTransaction(SecurityAttributes lpTransactionAttributes, Object UOW, int CreateOptions,
                                  int IsolationLevel, int IsolationFlags, int Timeout, String Description) {
        return engine.open(new TransactionObject(), 0x12003F, inherit(lpTransactionAttributes));
    }

    long CreateJobObject(SecurityAttributes lpJobAttributes, String lpName) {
        return create(lpName, inherit(lpJobAttributes), 0x1F003F, JobObject.class, JobObject::new);
    }

    boolean AssignProcessToJobObject(ResolvedHandle hJob, ResolvedHandle hProcess) {
        JobObject j = use(hJob, JobObject.class, 0);
        if (j == null) {
            return false;
        }
        try {
            ProcessObject p = use(hProcess, ProcessObject.class, 0);
            if (p == null) {
                return false;
            }
            try {
                if (p.isSelf()) {
                    error(Win32Error.ERROR_ACCESS_DENIED); // this JVM is not put under the job's control
                    return false;
                }
                j.assign(p.handle());
                return true;
            } finally {
                p.dereference();
            }
        } finally {
            j.dereference();
        }
    }

    boolean TerminateJobObject(ResolvedHandle hJob, int uExitCode) {
        JobObject j = use(hJob, JobObject.class, 0);
        if (j == null) {
            return false;
        }
        try {
            j.terminate();
            return true;
        } finally {
            j.dereference();
        }
    }

    boolean SetInformationJobObject(ResolvedHandle hJob, int JobObjectInformationClass, Object lpJobObjectInformation,
                                           int cbJobObjectInformationLength) {
        JobObject j = use(hJob, JobObject.class, 0);
        if (j == null) {
            return false;
        }
        try {
            if (JobObjectInformationClass != JobObjectExtendedLimitInformation
                    || !(lpJobObjectInformation instanceof JobObjectExtendedLimits info)) {
                error(Win32Error.ERROR_INVALID_PARAMETER);
                return false;
            }
            if (cbJobObjectInformationLength < JobObjectExtendedLimits.SIZE) {
                error(Win32Error.ERROR_BAD_LENGTH);
                return false;
            }
            j.killOnClose((info.BasicLimitInformation.LimitFlags & JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE) != 0);
            return true;
        } finally {
            j.dereference();
        }
    }

    long CreateMemoryResourceNotification(int NotificationType) {
        if (NotificationType != LowMemoryResourceNotification && NotificationType != HighMemoryResourceNotification) {
            error(Win32Error.ERROR_INVALID_PARAMETER);
            return 0;
        }
        return engine.open(new MemoryNotificationObject(NotificationType == HighMemoryResourceNotification),
                SYNCHRONIZE | 0x0001, false);
    }

    boolean QueryMemoryResourceNotification(ResolvedHandle ResourceNotificationHandle, BoolRef ResourceState) {
        MemoryNotificationObject m = use(ResourceNotificationHandle, MemoryNotificationObject.class, 0);
        if (m == null) {
            return false;
        }
        try {
            if (ResourceState == null) {
                error(Win32Error.ERROR_NOACCESS);
                return false;
            }
            ResourceState.value = m.state();
            return true;
        } finally {
            m.dereference();
        }
    }

    private void runThread(ThreadObject obj, ThreadProc proc, long parameter) {
        Thread me = Thread.currentThread();
        int code = UNHANDLED_EXCEPTION_EXIT_CODE;
        try {
            code = proc.apply(parameter);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "thread function threw; the thread ends with exit code 0xE0434352", e);
        } finally {
            engine.io.remove(me);
            // Its mutexes are abandoned before the thread is signalled, as Windows runs a thread down:
            // whoever waited for the thread's end finds them abandoned, never still owned.
            engine.dispatcher.threadEnded(me);
            obj.ended(code);
            obj.dereference();
        }
    }
}

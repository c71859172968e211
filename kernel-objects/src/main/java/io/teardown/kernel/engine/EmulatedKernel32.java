package io.teardown.kernel.engine;

import io.teardown.api.BoolRef;
import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Misuse;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.ShortRef;
import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import io.teardown.kernel.JobObjectExtendedLimits;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.ProcessInformation;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.StartupInfo;
import io.teardown.kernel.ThreadProc;
import io.teardown.kernel.TimerApcRoutine;
import io.teardown.kernel.Win32FindData;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The portable kernel engine behind {@link Kernel32}: Windows' object manager and dispatcher rules
 * (KO-01 … KO-12) as plain Java over real resources — real threads, real OS processes, real files and
 * memory-mapped files, real OS pipes. Needs no Netty; the Netty backend's {@code NettyKernelProvider}
 * returns it as is. Files, pipes, mappings, the registry and the other I/O types live in {@link IoApi};
 * this class holds the handle rules, the synchronisation objects, waits, threads and processes.
 *
 * <p>Thread-safe. One instance per {@link Session}; closing it stops the session's timer thread.
 */
public final class EmulatedKernel32 implements Kernel32, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmulatedKernel32.class.getName());
    /** The exception code Windows reports for a thread ended by an unhandled (CLR) exception. */
    static final int UNHANDLED_EXCEPTION_EXIT_CODE = 0xE0434352;

    private final Engine engine;
    private final IoApi io;
    // Flags set on handles owned by other subsystems (sockets): their entries are not ours to change.
    private final Map<HandleEntry, Integer> foreignFlags = Collections.synchronizedMap(new WeakHashMap<>());

    /** The engine for one session. */
    public EmulatedKernel32(Session session) {
        this.engine = new Engine(session);
        this.io = new IoApi(engine);
    }

    private void error(int code) {
        engine.error(code);
    }

    private static boolean granted(int access, int needed) {
        return needed == 0 || (access & GENERIC_ALL) != 0 || (access & needed) == needed;
    }

    /**
     * The object {@code h} names, if it is a {@code type} and the handle grants {@code access}, with a
     * pointer taken (the caller gives it back); otherwise null with the last error set (6, or 5 for
     * missing access). {@code GetCurrentProcess()}/{@code GetCurrentThread()} name this process and
     * the calling thread.
     */
    <T extends KernelObject> T use(long h, Class<T> type, int access) {
        return use(engine, h, type, access);
    }

    static <T extends KernelObject> T use(Engine engine, long h, Class<T> type, int access) {
        if (h == -1L && type.isAssignableFrom(ProcessObject.class)) {
            engine.self.reference();
            return type.cast(engine.self);
        }
        if (h == -2L && type.isAssignableFrom(ThreadObject.class)) {
            return type.cast(engine.threadObject(Thread.currentThread()));
        }
        HandleRecord r = engine.reference(engine.translate(h));
        if (r == null) {
            engine.error(6);
            return null;
        }
        if (!type.isInstance(r.object)) {
            r.object.dereference();
            engine.error(6);
            return null;
        }
        if (!granted(r.access(), access)) {
            r.object.dereference();
            engine.error(5);
            return null;
        }
        return type.cast(r.object);
    }

    static boolean pseudo(long h) {
        return h <= -1L && h >= -6L;
    }

    // ================= handles =================

    @Override
    public boolean CloseHandle(long hObject) {
        long start = System.nanoTime();
        String type = "(invalid)";
        int err = 0;
        String outcome = "closed";
        try {
            if (pseudo(hObject)) {
                type = "(pseudo)";
                outcome = "pseudo-handle";
                return true; // KO-04: closes nothing, never raises
            }
            long h = engine.translate(hObject);
            HandleTable<HandleEntry> table = engine.table;
            HandleEntry e = table.get(h);
            if (e == null) {
                err = 6;
                outcome = "invalid";
                error(6);
                if (h != 0) {
                    HandleTable.Validity v = table.check(h);
                    engine.misuse(v == HandleTable.Validity.STALE ? Misuse.Kind.STALE_HANDLE : Misuse.Kind.INVALID_HANDLE,
                            "CloseHandle", hObject, Misuse.STATUS_INVALID_HANDLE,
                            v == HandleTable.Validity.STALE ? "the handle's slot now holds a newer handle (KO-11)"
                                    : "not an open handle (KO-03)");
                }
                return false;
            }
            type = e.typeName();
            if ((flags(e) & HANDLE_FLAG_PROTECT_FROM_CLOSE) != 0) {
                err = 6;
                outcome = "protected";
                error(6); // KO-12
                return false;
            }
            switch (e.closer()) {
                case CLOSE_HANDLE:
                    if (table.close(h) == null) {
                        err = 6;
                        outcome = "invalid";
                        error(6);
                        return false;
                    }
                    engine.forgetStd(h);
                    return true;
                case CLOSESOCKET:
                    // WS-15: works like Windows (the socket is gone), but it is misuse.
                    if (table.close(h) == null) {
                        err = 6; // closed by another thread in the meantime
                        outcome = "invalid";
                        error(6);
                        return false;
                    }
                    outcome = "socket-closed";
                    engine.misuse(Misuse.Kind.WRONG_CLOSER, "CloseHandle", hObject, 0,
                            "a socket must be closed with closesocket (WS-15)");
                    return true;
                case REG_CLOSE_KEY:
                    // KO-09: the reference page's behaviour: nothing closed, no error.
                    outcome = "not-closed";
                    engine.misuse(Misuse.Kind.WRONG_CLOSER, "CloseHandle", hObject, 0,
                            "a registry key must be closed with RegCloseKey; CloseHandle left it open (KO-09)");
                    return true;
                case FIND_CLOSE:
                default:
                    err = 6;
                    outcome = "wrong-closer";
                    error(6);
                    engine.misuse(Misuse.Kind.WRONG_CLOSER, "CloseHandle", hObject, Misuse.STATUS_INVALID_HANDLE,
                            "a find handle must be closed with FindClose (KO-09)");
                    return false;
            }
        } finally {
            if (engine.session.closeEvents().enabled()) {
                engine.session.closeEvents().emit(HandleSpace.KERNEL, "CloseHandle", hObject, type, err, outcome, start);
            }
        }
    }

    private int flags(HandleEntry e) {
        if (e instanceof HandleRecord r) {
            return r.flags();
        }
        return foreignFlags.getOrDefault(e, 0);
    }

    private boolean isSelf(long process) {
        if (process == -1L) {
            return true;
        }
        ProcessObject p = use(process, ProcessObject.class, 0);
        if (p == null) {
            return false;
        }
        try {
            if (!p.isSelf()) {
                error(50); // another real process's handle table is out of reach
                return false;
            }
            return true;
        } finally {
            p.dereference();
        }
    }

    @Override
    public boolean DuplicateHandle(long hSourceProcessHandle, long hSourceHandle, long hTargetProcessHandle,
                                   LongRef lpTargetHandle, int dwDesiredAccess, boolean bInheritHandle, int dwOptions) {
        if (!isSelf(hSourceProcessHandle) || !isSelf(hTargetProcessHandle)) {
            return false;
        }
        boolean closeSource = (dwOptions & DUPLICATE_CLOSE_SOURCE) != 0;
        int inherit = bInheritHandle ? HANDLE_FLAG_INHERIT : 0;
        if (hSourceHandle == -1L || hSourceHandle == -2L) {
            // A pseudo-handle duplicates into a real handle to this process / the calling thread.
            KernelObject o = hSourceHandle == -1L ? use(-1L, ProcessObject.class, 0) : use(-2L, ThreadObject.class, 0);
            try {
                long v = engine.open(o, (dwOptions & DUPLICATE_SAME_ACCESS) != 0 ? PROCESS_ALL_ACCESS : dwDesiredAccess,
                        bInheritHandle);
                if (lpTargetHandle != null) {
                    lpTargetHandle.value = v;
                }
                return true;
            } finally {
                o.dereference();
            }
        }
        long h = engine.translate(hSourceHandle);
        HandleEntry e = engine.table.acquire(h);
        if (e == null) {
            error(6);
            return false;
        }
        try {
            if (!(e instanceof HandleRecord r)) {
                return duplicateForeign(h, e, lpTargetHandle, dwDesiredAccess, bInheritHandle, closeSource);
            }
            if (r.object.closer() == Closer.FIND_CLOSE) {
                error(6); // a find handle is not a kernel handle
                return false;
            }
            int access = (dwOptions & DUPLICATE_SAME_ACCESS) != 0 ? r.access() : dwDesiredAccess;
            boolean protectedSource = (r.flags() & HANDLE_FLAG_PROTECT_FROM_CLOSE) != 0;
            if (closeSource && !protectedSource) {
                // KO-02: within one process the source handle itself becomes the copy.
                r.reopen(access, inherit);
                if (lpTargetHandle != null) {
                    lpTargetHandle.value = h & ~3L;
                }
                return true;
            }
            if (lpTargetHandle == null && closeSource) {
                return true; // KO-12: a protected source stays open
            }
            long v = engine.open(r.object, access, bInheritHandle);
            if (lpTargetHandle != null) {
                lpTargetHandle.value = v;
            }
            return true;
        } finally {
            engine.table.release(h);
        }
    }

    /**
     * A copy of a socket (or any other handle of another subsystem) is a kernel handle to the same
     * "Socket" object but not a socket to Winsock (WS-02): it is closed by CloseHandle and keeps nothing
     * of the socket alive.
     */
    private boolean duplicateForeign(long h, HandleEntry e, LongRef target, int access, boolean inherit, boolean closeSource) {
        if (e.closer() != Closer.CLOSESOCKET) {
            error(6);
            return false;
        }
        long v = engine.open(new SimpleObject(e.typeName(), null), access, inherit);
        if (closeSource && (foreignFlags.getOrDefault(e, 0) & HANDLE_FLAG_PROTECT_FROM_CLOSE) == 0) {
            engine.table.close(h);
        }
        if (target != null) {
            target.value = v;
        } else {
            engine.table.close(v);
        }
        return true;
    }

    @Override
    public boolean GetHandleInformation(long hObject, IntRef lpdwFlags) {
        HandleEntry e = pseudo(hObject) ? null : engine.table.get(engine.translate(hObject));
        if (e == null) {
            error(6);
            return false;
        }
        if (lpdwFlags == null) {
            error(998);
            return false;
        }
        lpdwFlags.value = flags(e);
        return true;
    }

    @Override
    public boolean SetHandleInformation(long hObject, int dwMask, int dwFlags) {
        HandleEntry e = pseudo(hObject) ? null : engine.table.get(engine.translate(hObject));
        if (e == null) {
            error(6);
            return false;
        }
        int mask = dwMask & (HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE);
        if (e instanceof HandleRecord r) {
            r.flags(mask, dwFlags);
        } else {
            foreignFlags.merge(e, dwFlags & mask, (old, x) -> (old & ~mask) | x);
        }
        return true;
    }

    @Override
    public boolean CompareObjectHandles(long hFirstObjectHandle, long hSecondObjectHandle) {
        KernelObject a = use(hFirstObjectHandle, KernelObject.class, 0);
        if (a == null) {
            return false;
        }
        try {
            KernelObject b = use(hSecondObjectHandle, KernelObject.class, 0);
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
    public int GetLastError() {
        return engine.session.lastError().get();
    }

    @Override
    public void SetLastError(int dwErrCode) {
        engine.session.lastError().set(dwErrCode);
    }

    @Override
    public long GetCurrentProcess() {
        return -1L;
    }

    @Override
    public long GetCurrentThread() {
        return -2L;
    }

    @Override
    public long GetCurrentProcessToken() {
        return -4L;
    }

    @Override
    public long GetCurrentThreadToken() {
        return -5L;
    }

    @Override
    public long GetCurrentThreadEffectiveToken() {
        return -6L;
    }

    @Override
    public int GetCurrentProcessId() {
        return (int) ProcessHandle.current().pid();
    }

    @Override
    @SuppressWarnings("deprecation") // Thread.getId(): the Java 17 way to a stable thread number
    public int GetCurrentThreadId() {
        return (int) Thread.currentThread().getId();
    }

    @Override
    public long GetStdHandle(int nStdHandle) {
        if (nStdHandle < STD_ERROR_HANDLE || nStdHandle > STD_INPUT_HANDLE) {
            error(6);
            return INVALID_HANDLE_VALUE;
        }
        return engine.stdHandle(nStdHandle);
    }

    @Override
    public boolean SetStdHandle(int nStdHandle, long hHandle) {
        if (nStdHandle < STD_ERROR_HANDLE || nStdHandle > STD_INPUT_HANDLE) {
            error(6);
            return false;
        }
        engine.stdHandle(nStdHandle, hHandle);
        return true;
    }

    // ================= synchronisation objects =================

    private long create(String name, boolean inherit, int access, Class<? extends KernelObject> type,
                        java.util.function.Supplier<KernelObject> factory) {
        if (name == null || name.isEmpty()) {
            long v = engine.open(factory.get(), access, inherit);
            error(0);
            return v;
        }
        String filed = Namespace.normalize(name);
        if (filed == null) {
            error(3); // ERROR_PATH_NOT_FOUND: a backslash outside the namespace prefix
            return 0;
        }
        Namespace.Created c = engine.namespace.createOrOpen(filed, type, factory);
        if (c == null) {
            error(6); // the name belongs to an object of another type
            return 0;
        }
        long v = engine.insert(c.object(), access, inherit);
        error(c.existed() ? 183 : 0);
        return v;
    }

    long openNamed(String name, boolean inherit, int access, Class<? extends KernelObject> type) {
        if (name == null) {
            error(87);
            return 0;
        }
        String filed = Namespace.normalize(name);
        if (filed == null) {
            error(name.isEmpty() ? 2 : 3);
            return 0;
        }
        int[] err = new int[1];
        KernelObject o = engine.namespace.open(filed, type, err);
        if (o == null) {
            error(err[0]);
            return 0;
        }
        return engine.insert(o, access, inherit);
    }

    private static boolean inherit(SecurityAttributes sa) {
        return sa != null && sa.bInheritHandle;
    }

    @Override
    public long CreateEvent(SecurityAttributes lpEventAttributes, boolean bManualReset, boolean bInitialState, String lpName) {
        return create(lpName, inherit(lpEventAttributes), EVENT_ALL_ACCESS, EventObject.class,
                () -> new EventObject(engine.dispatcher, bManualReset, bInitialState));
    }

    @Override
    public long OpenEvent(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return openNamed(lpName, bInheritHandle, dwDesiredAccess, EventObject.class);
    }

    @Override
    public boolean SetEvent(long hEvent) {
        EventObject e = use(hEvent, EventObject.class, EVENT_MODIFY_STATE);
        if (e == null) {
            return false;
        }
        try {
            e.set();
            return true;
        } finally {
            e.dereference();
        }
    }

    @Override
    public boolean ResetEvent(long hEvent) {
        EventObject e = use(hEvent, EventObject.class, EVENT_MODIFY_STATE);
        if (e == null) {
            return false;
        }
        try {
            e.reset();
            return true;
        } finally {
            e.dereference();
        }
    }

    @Override
    public long CreateMutex(SecurityAttributes lpMutexAttributes, boolean bInitialOwner, String lpName) {
        return create(lpName, inherit(lpMutexAttributes), MUTEX_ALL_ACCESS, MutexObject.class,
                () -> new MutexObject(engine.dispatcher, bInitialOwner));
    }

    @Override
    public long OpenMutex(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return openNamed(lpName, bInheritHandle, dwDesiredAccess, MutexObject.class);
    }

    @Override
    public boolean ReleaseMutex(long hMutex) {
        MutexObject m = use(hMutex, MutexObject.class, 0);
        if (m == null) {
            return false;
        }
        try {
            if (!m.release()) {
                error(288); // ERROR_NOT_OWNER
                return false;
            }
            return true;
        } finally {
            m.dereference();
        }
    }

    @Override
    public long CreateSemaphore(SecurityAttributes lpSemaphoreAttributes, int lInitialCount, int lMaximumCount, String lpName) {
        if (lMaximumCount <= 0 || lInitialCount < 0 || lInitialCount > lMaximumCount) {
            error(87);
            return 0;
        }
        return create(lpName, inherit(lpSemaphoreAttributes), SEMAPHORE_ALL_ACCESS, SemaphoreObject.class,
                () -> new SemaphoreObject(engine.dispatcher, lInitialCount, lMaximumCount));
    }

    @Override
    public long OpenSemaphore(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return openNamed(lpName, bInheritHandle, dwDesiredAccess, SemaphoreObject.class);
    }

    @Override
    public boolean ReleaseSemaphore(long hSemaphore, int lReleaseCount, IntRef lpPreviousCount) {
        SemaphoreObject s = use(hSemaphore, SemaphoreObject.class, SEMAPHORE_MODIFY_STATE);
        if (s == null) {
            return false;
        }
        try {
            if (lReleaseCount <= 0) {
                error(87);
                return false;
            }
            int before = s.release(lReleaseCount);
            if (before < 0) {
                error(298); // ERROR_TOO_MANY_POSTS
                return false;
            }
            if (lpPreviousCount != null) {
                lpPreviousCount.value = before;
            }
            return true;
        } finally {
            s.dereference();
        }
    }

    @Override
    public long CreateWaitableTimer(SecurityAttributes lpTimerAttributes, boolean bManualReset, String lpTimerName) {
        return create(lpTimerName, inherit(lpTimerAttributes), TIMER_ALL_ACCESS, TimerObject.class,
                () -> new TimerObject(engine.dispatcher, engine.scheduler(), bManualReset));
    }

    @Override
    public long OpenWaitableTimer(int dwDesiredAccess, boolean bInheritHandle, String lpTimerName) {
        return openNamed(lpTimerName, bInheritHandle, dwDesiredAccess, TimerObject.class);
    }

    /** 100 ns intervals between 1601-01-01 and 1970-01-01. */
    private static final long FILETIME_EPOCH_OFFSET = 116444736000000000L;

    @Override
    public boolean SetWaitableTimer(long hTimer, long lpDueTime, int lPeriod, TimerApcRoutine pfnCompletionRoutine,
                                    long lpArgToCompletionRoutine, boolean fResume) {
        TimerObject t = use(hTimer, TimerObject.class, TIMER_MODIFY_STATE);
        if (t == null) {
            return false;
        }
        try {
            if (lPeriod < 0) {
                error(87);
                return false;
            }
            if (pfnCompletionRoutine != null) {
                error(50); // APCs need alertable waits, which are not emulated
                return false;
            }
            long delayNanos = lpDueTime < 0 ? -lpDueTime * 100
                    : (lpDueTime - FILETIME_EPOCH_OFFSET) * 100 - System.currentTimeMillis() * 1_000_000L;
            t.arm(delayNanos, lPeriod);
            error(0);
            return true;
        } finally {
            t.dereference();
        }
    }

    @Override
    public boolean CancelWaitableTimer(long hTimer) {
        TimerObject t = use(hTimer, TimerObject.class, TIMER_MODIFY_STATE);
        if (t == null) {
            return false;
        }
        try {
            t.cancel();
            return true;
        } finally {
            t.dereference();
        }
    }

    // ================= waits =================

    private KernelObject waitTarget(long h) {
        KernelObject o = use(h, KernelObject.class, 0);
        if (o == null) {
            return null;
        }
        if (!o.waitable()) {
            o.dereference();
            error(6);
            return null;
        }
        return o;
    }

    @Override
    public int WaitForSingleObject(long hHandle, int dwMilliseconds) {
        KernelObject o = waitTarget(hHandle);
        if (o == null) {
            return WAIT_FAILED;
        }
        try {
            // KO-10: the pointer taken above keeps the object alive even if the handle is closed now.
            return engine.dispatcher.waitFor(new KernelObject[] {o}, false, timeout(dwMilliseconds));
        } finally {
            o.dereference();
        }
    }

    private static long timeout(int ms) {
        return ms == INFINITE ? -1 : Integer.toUnsignedLong(ms);
    }

    @Override
    public int WaitForMultipleObjects(int nCount, long[] lpHandles, boolean bWaitAll, int dwMilliseconds) {
        if (nCount <= 0 || nCount > MAXIMUM_WAIT_OBJECTS || lpHandles == null || lpHandles.length < nCount) {
            error(87);
            return WAIT_FAILED;
        }
        KernelObject[] objects = new KernelObject[nCount];
        int taken = 0;
        try {
            for (int i = 0; i < nCount; i++) {
                if (lpHandles[i] == -1L || lpHandles[i] == -2L) {
                    error(6); // KO-04: only WaitForSingleObject takes the pseudo-handles
                    return WAIT_FAILED;
                }
                KernelObject o = waitTarget(lpHandles[i]);
                if (o == null) {
                    return WAIT_FAILED;
                }
                objects[taken++] = o;
                if (bWaitAll) {
                    for (int j = 0; j < i; j++) {
                        if (objects[j] == o) {
                            error(87); // the same object twice in a wait-all
                            return WAIT_FAILED;
                        }
                    }
                }
            }
            return engine.dispatcher.waitFor(objects, bWaitAll, timeout(dwMilliseconds));
        } finally {
            for (int i = 0; i < taken; i++) {
                objects[i].dereference();
            }
        }
    }

    // ================= threads and processes =================

    @Override
    public long CreateThread(SecurityAttributes lpThreadAttributes, long dwStackSize, ThreadProc lpStartAddress,
                             long lpParameter, int dwCreationFlags, IntRef lpThreadId) {
        if (lpStartAddress == null) {
            error(87);
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

    private void runThread(ThreadObject obj, ThreadProc proc, long parameter) {
        Thread me = Thread.currentThread();
        int code = UNHANDLED_EXCEPTION_EXIT_CODE;
        try {
            code = proc.apply(parameter);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "thread function threw; the thread ends with exit code 0xE0434352", e);
        } finally {
            engine.io.remove(me);
            obj.ended(code);
            engine.dispatcher.threadEnded(me);
            obj.dereference();
        }
    }

    @Override
    public int ResumeThread(long hThread) {
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

    @Override
    public boolean GetExitCodeThread(long hThread, IntRef lpExitCode) {
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
                error(6);
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

    @Override
    public boolean CreateProcess(String lpApplicationName, String lpCommandLine, SecurityAttributes lpProcessAttributes,
                                 SecurityAttributes lpThreadAttributes, boolean bInheritHandles, int dwCreationFlags,
                                 String[] lpEnvironment, String lpCurrentDirectory, StartupInfo lpStartupInfo,
                                 ProcessInformation lpProcessInformation) {
        if (lpProcessInformation == null || (lpApplicationName == null && lpCommandLine == null)) {
            error(87);
            return false;
        }
        if ((lpStartupInfo != null && (lpStartupInfo.dwFlags & STARTF_USESTDHANDLES) != 0)
                || (dwCreationFlags & CREATE_SUSPENDED) != 0) {
            error(50); // a child's handles and suspension are out of the portable engine's reach
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
            error(87);
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
                int eq = kv.indexOf('=', 1);
                if (eq > 0) {
                    pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
        }
        Process p;
        try {
            p = pb.start();
            p.getOutputStream().close(); // the child's stdin: nothing to read
        } catch (IOException e) {
            error(2);
            return false;
        }
        ProcessObject po = new ProcessObject(engine.dispatcher, p.toHandle(), p);
        lpProcessInformation.hProcess = engine.open(po, PROCESS_ALL_ACCESS, inherit(lpProcessAttributes));
        lpProcessInformation.hThread = engine.open(new ProcessThreadObject(po), THREAD_ALL_ACCESS, inherit(lpThreadAttributes));
        lpProcessInformation.dwProcessId = po.pid();
        lpProcessInformation.dwThreadId = po.pid();
        return true;
    }

    @Override
    public long OpenProcess(int dwDesiredAccess, boolean bInheritHandle, int dwProcessId) {
        if (dwProcessId == GetCurrentProcessId()) {
            return engine.open(engine.self, dwDesiredAccess, bInheritHandle);
        }
        java.util.Optional<ProcessHandle> ph = ProcessHandle.of(Integer.toUnsignedLong(dwProcessId));
        if (ph.isEmpty()) {
            error(87); // as Windows reports for a process id that names no process
            return 0;
        }
        return engine.open(new ProcessObject(engine.dispatcher, ph.get(), null), dwDesiredAccess, bInheritHandle);
    }

    @Override
    public boolean TerminateProcess(long hProcess, int uExitCode) {
        ProcessObject p = use(hProcess, ProcessObject.class, PROCESS_TERMINATE);
        if (p == null) {
            return false;
        }
        try {
            if (!p.terminate(uExitCode)) {
                error(5); // the emulated process is this JVM: it is not ended from inside a session
                return false;
            }
            return true;
        } finally {
            p.dereference();
        }
    }

    @Override
    public boolean GetExitCodeProcess(long hProcess, IntRef lpExitCode) {
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

    @Override
    public int GetProcessId(long Process) {
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

    @Override
    public boolean CancelSynchronousIo(long hThread) {
        ThreadObject t = use(hThread, ThreadObject.class, 0);
        if (t == null) {
            return false;
        }
        try {
            Thread thread = t.thread();
            CancellableIo pending = thread == null ? null : engine.io.get(thread);
            if (pending == null || !pending.cancel()) {
                error(1168); // ERROR_NOT_FOUND: no synchronous I/O to cancel
                return false;
            }
            return true;
        } finally {
            t.dereference();
        }
    }

    @Override
    public boolean OpenProcessToken(long ProcessHandle, int DesiredAccess, LongRef TokenHandle) {
        ProcessObject p = use(ProcessHandle, ProcessObject.class, 0);
        if (p == null) {
            return false;
        }
        try {
            if (TokenHandle == null) {
                error(998);
                return false;
            }
            TokenHandle.value = engine.open(new SimpleObject("Token", p.handle()), DesiredAccess, false);
            return true;
        } finally {
            p.dereference();
        }
    }

    // ================= files, pipes, mappings … (IoApi) =================

    @Override
    public long CreateFile(String lpFileName, int dwDesiredAccess, int dwShareMode, SecurityAttributes lpSecurityAttributes,
                           int dwCreationDisposition, int dwFlagsAndAttributes, long hTemplateFile) {
        return io.createFile(lpFileName, dwDesiredAccess, dwShareMode, lpSecurityAttributes, dwCreationDisposition,
                dwFlagsAndAttributes, 0);
    }

    @Override
    public boolean ReadFile(long hFile, byte[] lpBuffer, int nNumberOfBytesToRead, IntRef lpNumberOfBytesRead,
                            Overlapped lpOverlapped) {
        return io.readFile(hFile, lpBuffer, nNumberOfBytesToRead, lpNumberOfBytesRead, lpOverlapped);
    }

    @Override
    public boolean WriteFile(long hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, IntRef lpNumberOfBytesWritten,
                             Overlapped lpOverlapped) {
        return io.writeFile(hFile, lpBuffer, nNumberOfBytesToWrite, lpNumberOfBytesWritten, lpOverlapped);
    }

    @Override
    public boolean SetFilePointerEx(long hFile, long liDistanceToMove, LongRef lpNewFilePointer, int dwMoveMethod) {
        return io.setFilePointerEx(hFile, liDistanceToMove, lpNewFilePointer, dwMoveMethod);
    }

    @Override
    public boolean GetFileSizeEx(long hFile, LongRef lpFileSize) {
        return io.getFileSizeEx(hFile, lpFileSize);
    }

    @Override
    public boolean FlushFileBuffers(long hFile) {
        return io.flushFileBuffers(hFile);
    }

    @Override
    public long FindFirstFile(String lpFileName, Win32FindData lpFindFileData) {
        return io.findFirstFile(lpFileName, lpFindFileData);
    }

    @Override
    public boolean FindNextFile(long hFindFile, Win32FindData lpFindFileData) {
        return io.findNextFile(hFindFile, lpFindFileData);
    }

    @Override
    public boolean FindClose(long hFindFile) {
        return io.findClose(hFindFile);
    }

    @Override
    public long CreateFileMapping(long hFile, SecurityAttributes lpFileMappingAttributes, int flProtect,
                                  int dwMaximumSizeHigh, int dwMaximumSizeLow, String lpName) {
        return io.createFileMapping(hFile, lpFileMappingAttributes, flProtect, dwMaximumSizeHigh, dwMaximumSizeLow, lpName);
    }

    @Override
    public long OpenFileMapping(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return openNamed(lpName, bInheritHandle, dwDesiredAccess, MappingObject.class);
    }

    @Override
    public ByteBuffer MapViewOfFile(long hFileMappingObject, int dwDesiredAccess, int dwFileOffsetHigh,
                                    int dwFileOffsetLow, long dwNumberOfBytesToMap) {
        return io.mapViewOfFile(hFileMappingObject, dwDesiredAccess, dwFileOffsetHigh, dwFileOffsetLow, dwNumberOfBytesToMap);
    }

    @Override
    public boolean UnmapViewOfFile(ByteBuffer lpBaseAddress) {
        return io.unmapViewOfFile(lpBaseAddress);
    }

    @Override
    public boolean CreatePipe(LongRef hReadPipe, LongRef hWritePipe, SecurityAttributes lpPipeAttributes, int nSize) {
        return io.createPipe(hReadPipe, hWritePipe, inherit(lpPipeAttributes));
    }

    @Override
    public long CreateNamedPipe(String lpName, int dwOpenMode, int dwPipeMode, int nMaxInstances, int nOutBufferSize,
                                int nInBufferSize, int nDefaultTimeOut, SecurityAttributes lpSecurityAttributes) {
        return io.createNamedPipe(lpName, dwOpenMode, nMaxInstances, inherit(lpSecurityAttributes));
    }

    @Override
    public boolean ConnectNamedPipe(long hNamedPipe, Overlapped lpOverlapped) {
        return io.connectNamedPipe(hNamedPipe, lpOverlapped);
    }

    @Override
    public boolean DisconnectNamedPipe(long hNamedPipe) {
        return io.disconnectNamedPipe(hNamedPipe);
    }

    @Override
    public long CreateMailslot(String lpName, int nMaxMessageSize, int lReadTimeout, SecurityAttributes lpSecurityAttributes) {
        return io.createMailslot(lpName, nMaxMessageSize, lReadTimeout, inherit(lpSecurityAttributes));
    }

    @Override
    public boolean GetMailslotInfo(long hMailslot, IntRef lpMaxMessageSize, IntRef lpNextSize, IntRef lpMessageCount,
                                   IntRef lpReadTimeout) {
        return io.getMailslotInfo(hMailslot, lpMaxMessageSize, lpNextSize, lpMessageCount, lpReadTimeout);
    }

    @Override
    public long CreateIoCompletionPort(long FileHandle, long ExistingCompletionPort, long CompletionKey,
                                       int NumberOfConcurrentThreads) {
        return io.createIoCompletionPort(FileHandle, ExistingCompletionPort);
    }

    @Override
    public boolean PostQueuedCompletionStatus(long CompletionPort, int dwNumberOfBytesTransferred, long dwCompletionKey,
                                              Overlapped lpOverlapped) {
        return io.postQueuedCompletionStatus(CompletionPort, dwNumberOfBytesTransferred, dwCompletionKey, lpOverlapped);
    }

    @Override
    public boolean GetQueuedCompletionStatus(long CompletionPort, IntRef lpNumberOfBytesTransferred,
                                             LongRef lpCompletionKey, Ref<Overlapped> lpOverlapped, int dwMilliseconds) {
        return io.getQueuedCompletionStatus(CompletionPort, lpNumberOfBytesTransferred, lpCompletionKey, lpOverlapped,
                timeout(dwMilliseconds));
    }

    @Override
    public long CreateTransaction(SecurityAttributes lpTransactionAttributes, Object UOW, int CreateOptions,
                                  int IsolationLevel, int IsolationFlags, int Timeout, String Description) {
        return engine.open(new TransactionObject(), 0x12003F, inherit(lpTransactionAttributes));
    }

    @Override
    public boolean CommitTransaction(long TransactionHandle) {
        return io.endTransaction(TransactionHandle, true);
    }

    @Override
    public boolean RollbackTransaction(long TransactionHandle) {
        return io.endTransaction(TransactionHandle, false);
    }

    @Override
    public long CreateFileTransacted(String lpFileName, int dwDesiredAccess, int dwShareMode,
                                     SecurityAttributes lpSecurityAttributes, int dwCreationDisposition,
                                     int dwFlagsAndAttributes, long hTemplateFile, long hTransaction,
                                     ShortRef pusMiniVersion, Object lpExtendedParameter) {
        if (pusMiniVersion != null || lpExtendedParameter != null) {
            error(87);
            return INVALID_HANDLE_VALUE;
        }
        return io.createFile(lpFileName, dwDesiredAccess, dwShareMode, lpSecurityAttributes, dwCreationDisposition,
                dwFlagsAndAttributes, hTransaction == 0 ? -1 : hTransaction);
    }

    @Override
    public long CreateJobObject(SecurityAttributes lpJobAttributes, String lpName) {
        return create(lpName, inherit(lpJobAttributes), 0x1F003F, JobObject.class, JobObject::new);
    }

    @Override
    public boolean AssignProcessToJobObject(long hJob, long hProcess) {
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
                    error(5); // this JVM is not put under the job's control
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

    @Override
    public boolean TerminateJobObject(long hJob, int uExitCode) {
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

    @Override
    public boolean SetInformationJobObject(long hJob, int JobObjectInformationClass, Object lpJobObjectInformation,
                                           int cbJobObjectInformationLength) {
        JobObject j = use(hJob, JobObject.class, 0);
        if (j == null) {
            return false;
        }
        try {
            if (JobObjectInformationClass != JobObjectExtendedLimitInformation
                    || !(lpJobObjectInformation instanceof JobObjectExtendedLimits info)) {
                error(87);
                return false;
            }
            if (cbJobObjectInformationLength < JobObjectExtendedLimits.SIZE) {
                error(24); // ERROR_BAD_LENGTH
                return false;
            }
            j.killOnClose((info.BasicLimitInformation.LimitFlags & JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE) != 0);
            return true;
        } finally {
            j.dereference();
        }
    }

    @Override
    public long CreateMemoryResourceNotification(int NotificationType) {
        if (NotificationType != LowMemoryResourceNotification && NotificationType != HighMemoryResourceNotification) {
            error(87);
            return 0;
        }
        return engine.open(new MemoryNotificationObject(NotificationType == HighMemoryResourceNotification),
                SYNCHRONIZE | 0x0001, false);
    }

    @Override
    public boolean QueryMemoryResourceNotification(long ResourceNotificationHandle, BoolRef ResourceState) {
        MemoryNotificationObject m = use(ResourceNotificationHandle, MemoryNotificationObject.class, 0);
        if (m == null) {
            return false;
        }
        try {
            if (ResourceState == null) {
                error(998);
                return false;
            }
            ResourceState.value = m.state();
            return true;
        } finally {
            m.dereference();
        }
    }

    @Override
    public int RegOpenKeyEx(long hKey, String lpSubKey, int ulOptions, int samDesired, LongRef phkResult) {
        return io.regOpenKeyEx(hKey, lpSubKey, samDesired, phkResult, false, null);
    }

    @Override
    public int RegCreateKeyEx(long hKey, String lpSubKey, int Reserved, String lpClass, int dwOptions, int samDesired,
                              SecurityAttributes lpSecurityAttributes, LongRef phkResult, IntRef lpdwDisposition) {
        return io.regOpenKeyEx(hKey, lpSubKey, samDesired, phkResult, true, lpdwDisposition);
    }

    @Override
    public int RegSetValueEx(long hKey, String lpValueName, int Reserved, int dwType, byte[] lpData, int cbData) {
        return io.regSetValueEx(hKey, lpValueName, dwType, lpData, cbData);
    }

    @Override
    public int RegQueryValueEx(long hKey, String lpValueName, IntRef lpReserved, IntRef lpType, byte[] lpData,
                               IntRef lpcbData) {
        return io.regQueryValueEx(hKey, lpValueName, lpType, lpData, lpcbData);
    }

    @Override
    public int RegCloseKey(long hKey) {
        return io.regCloseKey(hKey);
    }

    /** Stops the session's timer thread; the handles were closed by the session already. */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "EmulatedKernel32[" + engine.session.name() + "]";
    }
}

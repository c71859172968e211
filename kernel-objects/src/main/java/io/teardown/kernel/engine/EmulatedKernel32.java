package io.teardown.kernel.engine;

import io.teardown.api.BoolRef;
import io.teardown.api.CloseEvent;
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
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.ApcRoutine;
import io.teardown.kernel.FileIoCompletionRoutine;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.OverlappedEntry;
import io.teardown.kernel.ProcessInformation;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.StartupInfo;
import io.teardown.kernel.ThreadProc;
import io.teardown.kernel.TimerApcRoutine;
import io.teardown.kernel.Win32FindData;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The portable kernel engine behind {@link Kernel32}: Windows' object manager and dispatcher rules
 * (KO-01 … KO-12) as plain Java over real resources — real threads, real OS processes, real files and
 * memory-mapped files, real OS pipes. Needs no Netty; the Netty backend's {@code NettyKernelProvider}
 * returns it as is. This class holds the handle rules ({@code CloseHandle}, {@code DuplicateHandle},
 * handle flags, pseudo- and standard handles) and delegates the object types: {@link SyncApi}
 * (synchronisation objects, waits), {@link ProcessApi} (threads, processes, jobs, tokens, transactions)
 * and {@link IoApi} (files, find handles, mappings, pipes, mailslots, completion ports, registry).
 *
 * <p>Thread-safe. One instance per {@link Session}; closing it stops the session's timer thread.
 */
public final class EmulatedKernel32 implements Kernel32, AutoCloseable {

    private final Engine engine;
    private final IoApi io;
    private final SyncApi sync;
    private final ProcessApi processes;
    private final PortApi ports;
    // Flags set on handles owned by other subsystems (sockets): their entries are not ours to change.
    private final Map<HandleEntry, Integer> foreignFlags = Collections.synchronizedMap(new WeakHashMap<>());

    /** The engine for one session. */
    public EmulatedKernel32(Session session) {
        this.engine = Engine.of(session);
        this.io = new IoApi(engine);
        this.sync = new SyncApi(engine);
        this.processes = new ProcessApi(engine);
        this.ports = new PortApi(engine, ObjectManager.of(session));
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
    <T extends KernelObject> T use(String function, long h, Class<T> type, int access) {
        return use(engine, function, h, type, access);
    }

    static <T extends KernelObject> T use(Engine engine, String function, long h, Class<T> type, int access) {
        if (h == -1L && type.isAssignableFrom(ProcessObject.class)) {
            engine.self.reference();
            return type.cast(engine.self);
        }
        if (h == -2L && type.isAssignableFrom(ThreadObject.class)) {
            return type.cast(engine.threadObject(Thread.currentThread()));
        }
        long v = engine.translate(h);
        HandleRecord r = engine.reference(v);
        if (r == null) {
            engine.error(6);
            if (engine.session.strict() && engine.table.check(v) == HandleTable.Validity.STALE) {
                // KO-11: generation tagging caught a value whose slot now holds a newer handle.
                engine.misuse(Misuse.Kind.STALE_HANDLE, function, h, 0,
                        "the handle's slot now holds a newer handle (KO-11)");
            }
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
        CloseEvent.Outcome outcome = CloseEvent.Outcome.CLOSED;
        try {
            if (pseudo(hObject)) {
                type = "(pseudo)";
                outcome = CloseEvent.Outcome.PSEUDO_HANDLE;
                return true; // KO-04: closes nothing, never raises
            }
            long h = engine.translate(hObject);
            HandleTable<HandleEntry> table = engine.table;
            HandleEntry e = table.get(h);
            if (e == null) {
                err = 6;
                outcome = CloseEvent.Outcome.INVALID;
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
                outcome = CloseEvent.Outcome.PROTECTED;
                error(6); // KO-12
                return false;
            }
            switch (e.closer()) {
                case CLOSE_HANDLE:
                    if (table.close(h) == null) {
                        err = 6;
                        outcome = CloseEvent.Outcome.INVALID;
                        error(6);
                        return false;
                    }
                    if (hObject >= STD_ERROR_HANDLE && hObject <= STD_INPUT_HANDLE) {
                        engine.stdHandle((int) hObject, 0); // KO-04: GetStdHandle returns NULL from now on
                    }
                    return true;
                case CLOSESOCKET:
                    // WS-15: works like Windows (the socket is gone), but it is misuse.
                    if (table.close(h) == null) {
                        err = 6; // closed by another thread in the meantime
                        outcome = CloseEvent.Outcome.INVALID;
                        error(6);
                        return false;
                    }
                    outcome = CloseEvent.Outcome.SOCKET_CLOSED;
                    engine.misuse(Misuse.Kind.WRONG_CLOSER, "CloseHandle", hObject, 0,
                            "a socket must be closed with closesocket (WS-15)");
                    return true;
                case REG_CLOSE_KEY:
                    // KO-09: the reference page's behaviour: nothing closed, no error.
                    outcome = CloseEvent.Outcome.NOT_CLOSED;
                    engine.misuse(Misuse.Kind.WRONG_CLOSER, "CloseHandle", hObject, 0,
                            "a registry key must be closed with RegCloseKey; CloseHandle left it open (KO-09)");
                    return true;
                case FIND_CLOSE:
                default:
                    err = 6;
                    outcome = CloseEvent.Outcome.WRONG_CLOSER;
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
        ProcessObject p = use("DuplicateHandle", process, ProcessObject.class, 0);
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
            KernelObject o = hSourceHandle == -1L ? use("DuplicateHandle", -1L, ProcessObject.class, 0) : use("DuplicateHandle", -2L, ThreadObject.class, 0);
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
     * of the socket alive. It names the socket's overlapped I/O, though, as the same file object does on
     * Windows: it can be associated with a completion port and its operations cancelled (KO-13).
     */
    private boolean duplicateForeign(long h, HandleEntry e, LongRef target, int access, boolean inherit, boolean closeSource) {
        if (e.closer() != Closer.CLOSESOCKET) {
            error(6);
            return false;
        }
        long v = engine.open(new SimpleObject(e.typeName(), e instanceof AsyncIoOwner o ? o.asyncIo() : null),
                access, inherit);
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
        KernelObject a = use("CompareObjectHandles", hFirstObjectHandle, KernelObject.class, 0);
        if (a == null) {
            return false;
        }
        try {
            KernelObject b = use("CompareObjectHandles", hSecondObjectHandle, KernelObject.class, 0);
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

    @Override
    public long CreateEvent(SecurityAttributes lpEventAttributes, boolean bManualReset, boolean bInitialState, String lpName) {
        return sync.CreateEvent(lpEventAttributes, bManualReset, bInitialState, lpName);
    }

    @Override
    public long OpenEvent(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return sync.OpenEvent(dwDesiredAccess, bInheritHandle, lpName);
    }

    @Override
    public boolean SetEvent(long hEvent) {
        return sync.SetEvent(hEvent);
    }

    @Override
    public boolean ResetEvent(long hEvent) {
        return sync.ResetEvent(hEvent);
    }

    @Override
    public long CreateMutex(SecurityAttributes lpMutexAttributes, boolean bInitialOwner, String lpName) {
        return sync.CreateMutex(lpMutexAttributes, bInitialOwner, lpName);
    }

    @Override
    public long OpenMutex(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return sync.OpenMutex(dwDesiredAccess, bInheritHandle, lpName);
    }

    @Override
    public boolean ReleaseMutex(long hMutex) {
        return sync.ReleaseMutex(hMutex);
    }

    @Override
    public long CreateSemaphore(SecurityAttributes lpSemaphoreAttributes, int lInitialCount, int lMaximumCount, String lpName) {
        return sync.CreateSemaphore(lpSemaphoreAttributes, lInitialCount, lMaximumCount, lpName);
    }

    @Override
    public long OpenSemaphore(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return sync.OpenSemaphore(dwDesiredAccess, bInheritHandle, lpName);
    }

    @Override
    public boolean ReleaseSemaphore(long hSemaphore, int lReleaseCount, IntRef lpPreviousCount) {
        return sync.ReleaseSemaphore(hSemaphore, lReleaseCount, lpPreviousCount);
    }

    @Override
    public long CreateWaitableTimer(SecurityAttributes lpTimerAttributes, boolean bManualReset, String lpTimerName) {
        return sync.CreateWaitableTimer(lpTimerAttributes, bManualReset, lpTimerName);
    }

    @Override
    public long OpenWaitableTimer(int dwDesiredAccess, boolean bInheritHandle, String lpTimerName) {
        return sync.OpenWaitableTimer(dwDesiredAccess, bInheritHandle, lpTimerName);
    }

    @Override
    public boolean SetWaitableTimer(long hTimer, long lpDueTime, int lPeriod, TimerApcRoutine pfnCompletionRoutine,
                                    long lpArgToCompletionRoutine, boolean fResume) {
        return sync.SetWaitableTimer(hTimer, lpDueTime, lPeriod, pfnCompletionRoutine,
                lpArgToCompletionRoutine, fResume);
    }

    @Override
    public boolean CancelWaitableTimer(long hTimer) {
        return sync.CancelWaitableTimer(hTimer);
    }

    // ================= waits =================

    @Override
    public int WaitForSingleObject(long hHandle, int dwMilliseconds) {
        return sync.WaitForSingleObjectEx("WaitForSingleObject", hHandle, dwMilliseconds, false);
    }

    @Override
    public int WaitForMultipleObjects(int nCount, long[] lpHandles, boolean bWaitAll, int dwMilliseconds) {
        return sync.WaitForMultipleObjects(nCount, lpHandles, bWaitAll, dwMilliseconds);
    }

    // ================= alertable waits and APCs (KO-16) =================

    @Override
    public int WaitForSingleObjectEx(long hHandle, int dwMilliseconds, boolean bAlertable) {
        return sync.WaitForSingleObjectEx("WaitForSingleObjectEx", hHandle, dwMilliseconds, bAlertable);
    }

    @Override
    public int WaitForMultipleObjectsEx(int nCount, long[] lpHandles, boolean bWaitAll, int dwMilliseconds,
                                        boolean bAlertable) {
        return sync.WaitForMultipleObjectsEx("WaitForMultipleObjectsEx", nCount, lpHandles, bWaitAll, dwMilliseconds, bAlertable);
    }

    @Override
    public int SleepEx(int dwMilliseconds, boolean bAlertable) {
        return sync.SleepEx(dwMilliseconds, bAlertable);
    }

    @Override
    public int SignalObjectAndWait(long hObjectToSignal, long hObjectToWaitOn, int dwMilliseconds, boolean bAlertable) {
        return sync.SignalObjectAndWait(hObjectToSignal, hObjectToWaitOn, dwMilliseconds, bAlertable);
    }

    @Override
    public int QueueUserAPC(ApcRoutine pfnAPC, long hThread, long dwData) {
        return sync.QueueUserAPC(pfnAPC, hThread, dwData);
    }

    // ================= threads and processes =================

    @Override
    public long CreateThread(SecurityAttributes lpThreadAttributes, long dwStackSize, ThreadProc lpStartAddress,
                             long lpParameter, int dwCreationFlags, IntRef lpThreadId) {
        return processes.CreateThread(lpThreadAttributes, dwStackSize, lpStartAddress, lpParameter,
                dwCreationFlags, lpThreadId);
    }

    @Override
    public int ResumeThread(long hThread) {
        return processes.ResumeThread(hThread);
    }

    @Override
    public boolean GetExitCodeThread(long hThread, IntRef lpExitCode) {
        return processes.GetExitCodeThread(hThread, lpExitCode);
    }

    @Override
    public boolean CreateProcess(String lpApplicationName, String lpCommandLine, SecurityAttributes lpProcessAttributes,
                                 SecurityAttributes lpThreadAttributes, boolean bInheritHandles, int dwCreationFlags,
                                 String[] lpEnvironment, String lpCurrentDirectory, StartupInfo lpStartupInfo,
                                 ProcessInformation lpProcessInformation) {
        return processes.CreateProcess(lpApplicationName, lpCommandLine, lpProcessAttributes,
                lpThreadAttributes, bInheritHandles, dwCreationFlags, lpEnvironment, lpCurrentDirectory,
                lpStartupInfo, lpProcessInformation);
    }

    @Override
    public long OpenProcess(int dwDesiredAccess, boolean bInheritHandle, int dwProcessId) {
        return processes.OpenProcess(dwDesiredAccess, bInheritHandle, dwProcessId);
    }

    @Override
    public boolean TerminateProcess(long hProcess, int uExitCode) {
        return processes.TerminateProcess(hProcess, uExitCode);
    }

    @Override
    public boolean GetExitCodeProcess(long hProcess, IntRef lpExitCode) {
        return processes.GetExitCodeProcess(hProcess, lpExitCode);
    }

    @Override
    public int GetProcessId(long Process) {
        return processes.GetProcessId(Process);
    }

    @Override
    public boolean CancelSynchronousIo(long hThread) {
        return processes.CancelSynchronousIo(hThread);
    }

    @Override
    public boolean OpenProcessToken(long ProcessHandle, int DesiredAccess, LongRef TokenHandle) {
        return processes.OpenProcessToken(ProcessHandle, DesiredAccess, TokenHandle);
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
        return sync.openNamed(lpName, bInheritHandle, dwDesiredAccess, MappingObject.class);
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
        return io.createPipe(hReadPipe, hWritePipe, EngineCalls.inherit(lpPipeAttributes));
    }

    @Override
    public long CreateNamedPipe(String lpName, int dwOpenMode, int dwPipeMode, int nMaxInstances, int nOutBufferSize,
                                int nInBufferSize, int nDefaultTimeOut, SecurityAttributes lpSecurityAttributes) {
        return io.createNamedPipe(lpName, dwOpenMode, nMaxInstances, EngineCalls.inherit(lpSecurityAttributes));
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
        return io.createMailslot(lpName, nMaxMessageSize, lReadTimeout, EngineCalls.inherit(lpSecurityAttributes));
    }

    @Override
    public boolean GetMailslotInfo(long hMailslot, IntRef lpMaxMessageSize, IntRef lpNextSize, IntRef lpMessageCount,
                                   IntRef lpReadTimeout) {
        return io.getMailslotInfo(hMailslot, lpMaxMessageSize, lpNextSize, lpMessageCount, lpReadTimeout);
    }

    @Override
    public long CreateIoCompletionPort(long FileHandle, long ExistingCompletionPort, long CompletionKey,
                                       int NumberOfConcurrentThreads) {
        return ports.createIoCompletionPort(FileHandle, ExistingCompletionPort, CompletionKey);
    }

    @Override
    public boolean PostQueuedCompletionStatus(long CompletionPort, int dwNumberOfBytesTransferred, long dwCompletionKey,
                                              Overlapped lpOverlapped) {
        return ports.postQueuedCompletionStatus(CompletionPort, dwNumberOfBytesTransferred, dwCompletionKey, lpOverlapped);
    }

    @Override
    public boolean GetQueuedCompletionStatus(long CompletionPort, IntRef lpNumberOfBytesTransferred,
                                             LongRef lpCompletionKey, Ref<Overlapped> lpOverlapped, int dwMilliseconds) {
        return ports.getQueuedCompletionStatus(CompletionPort, lpNumberOfBytesTransferred, lpCompletionKey, lpOverlapped,
                EngineCalls.timeout(dwMilliseconds));
    }

    @Override
    public boolean GetQueuedCompletionStatusEx(long CompletionPort, OverlappedEntry[] lpCompletionPortEntries, int ulCount,
                                               IntRef ulNumEntriesRemoved, int dwMilliseconds, boolean fAlertable) {
        return ports.getQueuedCompletionStatusEx(CompletionPort, lpCompletionPortEntries, ulCount, ulNumEntriesRemoved,
                EngineCalls.timeout(dwMilliseconds), fAlertable);
    }

    @Override
    public boolean SetFileCompletionNotificationModes(long FileHandle, int Flags) {
        return ports.setFileCompletionNotificationModes(FileHandle, Flags);
    }

    // ================= overlapped I/O (KO-15) =================

    @Override
    public boolean GetOverlappedResult(long hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred,
                                       boolean bWait) {
        return ports.getOverlappedResult(hFile, lpOverlapped, lpNumberOfBytesTransferred, bWait ? INFINITE : 0, false);
    }

    @Override
    public boolean GetOverlappedResultEx(long hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred,
                                         int dwMilliseconds, boolean bAlertable) {
        return ports.getOverlappedResult(hFile, lpOverlapped, lpNumberOfBytesTransferred, dwMilliseconds, bAlertable);
    }

    @Override
    public boolean ReadFileEx(long hFile, byte[] lpBuffer, int nNumberOfBytesToRead, Overlapped lpOverlapped,
                              FileIoCompletionRoutine lpCompletionRoutine) {
        return io.transfer(hFile, lpBuffer, nNumberOfBytesToRead, null, lpOverlapped, false,
                routine(lpCompletionRoutine), true);
    }

    @Override
    public boolean WriteFileEx(long hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, Overlapped lpOverlapped,
                               FileIoCompletionRoutine lpCompletionRoutine) {
        return io.transfer(hFile, lpBuffer, nNumberOfBytesToWrite, null, lpOverlapped, true,
                routine(lpCompletionRoutine), true);
    }

    private static CompletionRoutine routine(FileIoCompletionRoutine r) {
        return r == null ? null : r::invoke;
    }

    @Override
    public boolean CancelIo(long hFile) {
        return ports.cancelIo(hFile, Thread.currentThread(), null);
    }

    @Override
    public boolean CancelIoEx(long hFile, Overlapped lpOverlapped) {
        return ports.cancelIo(hFile, null, lpOverlapped);
    }

    @Override
    public long CreateTransaction(SecurityAttributes lpTransactionAttributes, Object UOW, int CreateOptions,
                                  int IsolationLevel, int IsolationFlags, int Timeout, String Description) {
        return processes.CreateTransaction(lpTransactionAttributes, UOW, CreateOptions, IsolationLevel,
                IsolationFlags, Timeout, Description);
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
        return processes.CreateJobObject(lpJobAttributes, lpName);
    }

    @Override
    public boolean AssignProcessToJobObject(long hJob, long hProcess) {
        return processes.AssignProcessToJobObject(hJob, hProcess);
    }

    @Override
    public boolean TerminateJobObject(long hJob, int uExitCode) {
        return processes.TerminateJobObject(hJob, uExitCode);
    }

    @Override
    public boolean SetInformationJobObject(long hJob, int JobObjectInformationClass, Object lpJobObjectInformation,
                                           int cbJobObjectInformationLength) {
        return processes.SetInformationJobObject(hJob, JobObjectInformationClass, lpJobObjectInformation,
                cbJobObjectInformationLength);
    }

    @Override
    public long CreateMemoryResourceNotification(int NotificationType) {
        return processes.CreateMemoryResourceNotification(NotificationType);
    }

    @Override
    public boolean QueryMemoryResourceNotification(long ResourceNotificationHandle, BoolRef ResourceState) {
        return processes.QueryMemoryResourceNotification(ResourceNotificationHandle, ResourceState);
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

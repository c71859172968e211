package io.teardown.backend.windows.kernel;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD.SIZE_T;
import com.sun.jna.platform.win32.BaseTSD.ULONG_PTRByReference;
import com.sun.jna.platform.win32.WinBase.SECURITY_ATTRIBUTES;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.platform.win32.WinNT.MEMORY_BASIC_INFORMATION;
import com.sun.jna.platform.win32.WinReg.HKEY;
import com.sun.jna.platform.win32.WinReg.HKEYByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.ptr.ShortByReference;
import io.teardown.api.BoolRef;
import io.teardown.api.CloseEvent;
import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Misuse;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.ShortRef;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleTable;
import io.teardown.backend.windows.handles.OsHandle;
import io.teardown.backend.windows.handles.OsHandles;
import io.teardown.backend.windows.jna.Advapi32Library;
import io.teardown.backend.windows.jna.Kernel32Library;
import io.teardown.backend.windows.jna.KernelBaseLibrary;
import io.teardown.backend.windows.jna.Ktmw32Library;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.NativeHandles;
import io.teardown.backend.windows.jna.NtdllLibrary;
import io.teardown.kernel.ApcRoutine;
import io.teardown.kernel.FileIoCompletionRoutine;
import io.teardown.kernel.OverlappedEntry;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.ProcessInformation;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.StartupInfo;
import io.teardown.kernel.ThreadProc;
import io.teardown.kernel.TimerApcRoutine;
import io.teardown.kernel.Win32FindData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link io.teardown.kernel.Kernel32} on the real kernel32/advapi32/ktmw32. Windows applies KO-01 …
 * KO-12 itself; this class adds the session's handle table in front of it:
 * <ul>
 *   <li>Every handle returned to Java is a value of the session's {@link HandleSpace#KERNEL} table; its
 *       entry holds the OS handle. A call leases the entry and passes the OS value, so a closed, stale or
 *       foreign value fails with 6 without reaching Windows, and a recycled value never reaches the old
 *       OS handle (KO-03, KO-11). The pseudo-handles −1 … −6 pass through unchanged (KO-04).</li>
 *   <li>{@code CloseHandle} makes the value invalid at once; the OS handle is closed when the last call
 *       that leased it has returned (a wait on it holds the object, KO-10), so Windows never recycles an
 *       OS value under a call in flight.</li>
 *   <li>The closer rules Windows cannot see through the table (KO-09): {@code CloseHandle} on a find
 *       handle fails with 6 and on a registry key succeeds without closing it; {@code FindClose} and
 *       {@code RegCloseKey} accept only their own handles (Windows would corrupt memory otherwise).</li>
 *   <li>The standard handles are the session's own duplicates of the process's, so closing one
 *       (KO-04) never closes the JVM's real stdout.</li>
 * </ul>
 * The last error Windows set is copied into the session's after every failed call and after the
 * creating calls ({@code ERROR_ALREADY_EXISTS}); successful BOOL calls leave it alone. Functions this
 * class does not wire fail with {@code ERROR_CALL_NOT_IMPLEMENTED} (120) (see docs/native-backend.md).
 *
 * <p>Overlapped I/O, completion ports and APCs (KO-13 … KO-16): each {@link Overlapped} in flight has a
 * native {@code OVERLAPPED} held by {@link NativeOverlapped} until its completion is consumed, and every
 * completion ({@code GetQueuedCompletionStatus(Ex)}, {@code GetOverlappedResult(Ex)}, the
 * {@code ReadFileEx}/{@code WriteFileEx} routine) hands back the caller's own object; Java APC routines
 * are held by {@link NativeApcs} until Windows has run them.
 */
public final class NativeKernel32 implements io.teardown.kernel.Kernel32, AutoCloseable {
    private static final int INVALID = Win32Error.ERROR_INVALID_HANDLE.code();
    private static final int NOT_IMPLEMENTED = Win32Error.ERROR_CALL_NOT_IMPLEMENTED.code();
    private static final int BAD_PARAMETER = Win32Error.ERROR_INVALID_PARAMETER.code();
    private static final int WIN32_FIND_DATAW_SIZE = 592;
    /** {@code ERROR_INVALID_ADDRESS}: what UnmapViewOfFile reports for an address that is not a view. */
    private static final int ERROR_INVALID_ADDRESS = 487;
    /** {@code ERROR_PROCESS_ABORTED}: the exit code of a thread whose procedure threw. */
    private static final int ERROR_PROCESS_ABORTED = 1067;
    /** {@code ERROR_BAD_LENGTH}: a job information block of the wrong size. */
    private static final int ERROR_BAD_LENGTH = 24;

    private final Session session;
    private final Win32Kernel win;
    private final Kernel32Library extras;
    /** kernelbase, loaded on first use: a missing DLL or export fails that call only. */
    private final Supplier<KernelBaseLibrary> kernelBase;
    private final Ktmw32Library ktm;
    /** ntdll, loaded on first use (RtlNtStatusToDosError for GetQueuedCompletionStatusEx). */
    private final Supplier<NtdllLibrary> ntdll;
    private final NativeOverlapped inFlight = new NativeOverlapped();
    private final NativeApcs apcs = new NativeApcs();
    /** Session values of handles associated with a completion port: their completions queue a packet. */
    private final java.util.Set<Long> portBound = ConcurrentHashMap.newKeySet();
    /** Handles with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS: a synchronous success queues no packet. */
    private final java.util.Set<Long> skipOnSuccess = ConcurrentHashMap.newKeySet();
    private final NativeCalls calls;
    private final OsHandles handles;
    private final long[] std = new long[3];
    private final boolean[] stdTaken = new boolean[3];
    /** Mapped views by base address: only these reach UnmapViewOfFile (KO-07). */
    private final Map<Long, Pointer> views = new ConcurrentHashMap<>();

    /** The facade for {@code session} over the given libraries, last errors read through {@code calls}. */
    public NativeKernel32(Session session, Win32Kernel win, Kernel32Library extras,
                          Supplier<KernelBaseLibrary> kernelBase, Ktmw32Library ktm, Supplier<NtdllLibrary> ntdll,
                          NativeCalls calls) {
        this.session = Objects.requireNonNull(session, "session");
        this.win = Objects.requireNonNull(win, "win");
        this.extras = Objects.requireNonNull(extras, "extras");
        this.kernelBase = Objects.requireNonNull(kernelBase, "kernelBase");
        this.ktm = Objects.requireNonNull(ktm, "ktm");
        this.ntdll = Objects.requireNonNull(ntdll, "ntdll");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.handles = new OsHandles(session, HandleSpace.KERNEL);
    }

    // ================================================================ plumbing

    static boolean pseudo(long h) {
        return h <= -1L && h >= -6L;
    }

    private static boolean stdConstant(long h) {
        return h >= STD_ERROR_HANDLE && h <= STD_INPUT_HANDLE;
    }

    private boolean fail(int code) {
        session.lastError().set(code);
        return false;
    }

    private long failHandle(int code, long failure) {
        session.lastError().set(code);
        return failure;
    }

    private static HANDLE handle(long os) {
        return NativeHandles.handle(os);
    }

    private static SECURITY_ATTRIBUTES sa(SecurityAttributes a) {
        if (a == null) {
            return null;
        }
        SECURITY_ATTRIBUTES s = new SECURITY_ATTRIBUTES();
        s.bInheritHandle = a.bInheritHandle;
        return s;
    }

    private int closeHandleOs(long os) {
        NativeCalls.CapturedBool r = calls.callBool(() -> win.CloseHandle(handle(os)));
        return r.ok() ? 0 : r.lastError();
    }

    private int findCloseOs(long os) {
        NativeCalls.CapturedBool r = calls.callBool(() -> win.FindClose(handle(os)));
        return r.ok() ? 0 : r.lastError();
    }

    private int regCloseOs(long os) {
        return calls.returningError(() -> win.RegCloseKey(new HKEY(new Pointer(os))));
    }

    private long register(long os, String type, Closer closer) {
        OsHandle.OsCloser c = switch (closer) {
            case FIND_CLOSE -> this::findCloseOs;
            case REG_CLOSE_KEY -> this::regCloseOs;
            default -> this::closeHandleOs;
        };
        return handles.register(new OsHandle(os, type, closer, true, c, null));
    }

    /**
     * A created handle: 0/{@code failure} with the captured error, or the new session value; the captured
     * error is the session's last error either way ({@code ERROR_ALREADY_EXISTS} on success).
     */
    private long created(NativeCalls.Captured<HANDLE> r, String type, long failure) {
        long os = NativeHandles.value(r.value());
        if (os == 0 || os == INVALID_HANDLE_VALUE) {
            return failHandle(r.lastError() == 0 ? INVALID : r.lastError(), failure);
        }
        try {
            long v = register(os, type, Closer.CLOSE_HANDLE);
            session.lastError().set(r.lastError());
            return v;
        } catch (RuntimeException full) {
            return failHandle(Win32Error.ERROR_NO_SYSTEM_RESOURCES.code(), failure);
        }
    }

    /** The table value a standard-handle constant stands for now (0 if none). */
    private long translate(long h) {
        return stdConstant(h) ? stdValue((int) h) : h;
    }

    /**
     * Runs {@code call} with the OS value {@code value} names, leased; pseudo-handles pass through.
     * Find handles are refused: their value is not a kernel handle (KO-09).
     */
    private <R> R kernel(long value, Function<HANDLE, R> call, Supplier<R> invalid) {
        if (pseudo(value)) {
            return call.apply(handle(value));
        }
        long v = translate(value);
        return handles.call(v, e -> e.closer() == Closer.FIND_CLOSE ? invalid.get() : call.apply(handle(e.os())),
                invalid);
    }

    private boolean kernelBool(long value, Function<HANDLE, Boolean> call) {
        return kernel(value, h -> {
            NativeCalls.CapturedBool r = calls.callBool(() -> call.apply(h));
            return r.ok() || fail(r.lastError());
        }, () -> fail(INVALID));
    }

    // ================================================================ handles

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
                NativeCalls.CapturedBool r = calls.callBool(() -> win.CloseHandle(handle(hObject)));
                return r.ok() || fail(r.lastError()); // KO-04: Windows closes nothing and says TRUE
            }
            long h = translate(hObject);
            OsHandle e = handles.peek(h);
            if (e == null) {
                err = INVALID;
                outcome = CloseEvent.Outcome.INVALID;
                fail(INVALID);
                if (h != 0) {
                    HandleTable.Validity v = handles.table().check(h);
                    boolean stale = v == HandleTable.Validity.STALE;
                    session.misuse(new Misuse(stale ? Misuse.Kind.STALE_HANDLE : Misuse.Kind.INVALID_HANDLE,
                            "CloseHandle", hObject, Misuse.STATUS_INVALID_HANDLE,
                            stale ? "the handle's slot now holds a newer handle (KO-11)" : "not an open handle (KO-03)"));
                }
                return false;
            }
            type = e.typeName();
            switch (e.closer()) {
                case REG_CLOSE_KEY -> {
                    outcome = CloseEvent.Outcome.NOT_CLOSED; // KO-09: the reference page's behaviour
                    session.misuse(new Misuse(Misuse.Kind.WRONG_CLOSER, "CloseHandle", hObject, 0,
                            "a registry key must be closed with RegCloseKey; CloseHandle left it open (KO-09)"));
                    return true;
                }
                case FIND_CLOSE -> {
                    err = INVALID;
                    outcome = CloseEvent.Outcome.WRONG_CLOSER;
                    fail(INVALID);
                    session.misuse(new Misuse(Misuse.Kind.WRONG_CLOSER, "CloseHandle", hObject,
                            Misuse.STATUS_INVALID_HANDLE, "a find handle must be closed with FindClose (KO-09)"));
                    return false;
                }
                default -> {
                }
            }
            if (protectedFromClose(h)) {
                err = INVALID;
                outcome = CloseEvent.Outcome.PROTECTED;
                return fail(INVALID); // KO-12: Windows refuses too; the value stays valid
            }
            if (e.closer() == Closer.CLOSESOCKET) {
                e.closeWith(this::closeHandleOs); // WS-15: Windows' CloseHandle on a socket (FD_CLOSE posted)
            }
            OsHandle closed = handles.close(h);
            if (closed == null) {
                err = INVALID;
                outcome = CloseEvent.Outcome.INVALID;
                return fail(INVALID);
            }
            portBound.remove(h); // the value is dead: forget its port association and modes
            skipOnSuccess.remove(h);
            if (stdConstant(hObject)) {
                setStd((int) hObject, 0); // KO-04: GetStdHandle returns NULL from now on
            }
            if (closed.closer() == Closer.CLOSESOCKET) {
                outcome = CloseEvent.Outcome.SOCKET_CLOSED;
                session.misuse(new Misuse(Misuse.Kind.WRONG_CLOSER, "CloseHandle", hObject, 0,
                        "a socket must be closed with closesocket (WS-15)"));
                return true;
            }
            int rc = closed.closeResult();
            if (rc == OsHandle.DEFERRED) {
                outcome = CloseEvent.Outcome.DEFERRED_BEHIND_CALL;
                return true;
            }
            if (rc != 0) {
                err = rc;
                outcome = CloseEvent.Outcome.OS_ERROR;
                return fail(rc);
            }
            return true;
        } finally {
            if (session.closeEvents().enabled()) {
                session.closeEvents().emit(HandleSpace.KERNEL, "CloseHandle", hObject, type, err, outcome, start);
            }
        }
    }

    private boolean protectedFromClose(long value) {
        return handles.call(value, e -> {
            IntByReference flags = new IntByReference();
            NativeCalls.CapturedBool r = calls.callBool(() -> extras.GetHandleInformation(handle(e.os()), flags));
            return r.ok() && (flags.getValue() & HANDLE_FLAG_PROTECT_FROM_CLOSE) != 0;
        }, () -> false);
    }

    @Override
    public boolean DuplicateHandle(long hSourceProcessHandle, long hSourceHandle, long hTargetProcessHandle,
                                   LongRef lpTargetHandle, int dwDesiredAccess, boolean bInheritHandle, int dwOptions) {
        if (hSourceProcessHandle != GetCurrentProcess() || hTargetProcessHandle != GetCurrentProcess()) {
            return fail(INVALID); // only this process's table can hold the result
        }
        if (lpTargetHandle == null) {
            return fail(BAD_PARAMETER);
        }
        boolean closeSource = (dwOptions & DUPLICATE_CLOSE_SOURCE) != 0;
        if (pseudo(hSourceHandle)) {
            HANDLEByReference out = new HANDLEByReference();
            NativeCalls.CapturedBool r = calls.callBool(() -> win.DuplicateHandle(handle(-1), handle(hSourceHandle),
                    handle(-1), out, dwDesiredAccess, bInheritHandle, dwOptions & ~DUPLICATE_CLOSE_SOURCE));
            if (!r.ok()) {
                return fail(r.lastError());
            }
            String type = hSourceHandle == -1 ? "Process" : hSourceHandle == -2 ? "Thread" : "Token";
            long v = register(NativeHandles.value(out.getValue()), type, Closer.CLOSE_HANDLE);
            lpTargetHandle.value = v;
            return true;
        }
        long src = translate(hSourceHandle);
        OsHandle e = handles.acquire(src);
        if (e == null || e.closer() == Closer.FIND_CLOSE) {
            if (e != null) {
                handles.release(src);
            }
            return fail(INVALID);
        }
        boolean sourceClosed;
        long os;
        try {
            boolean protectedSource = closeSource && protectedFromCloseLeased(e);
            HANDLEByReference out = new HANDLEByReference();
            NativeCalls.CapturedBool r = calls.callBool(() -> win.DuplicateHandle(handle(-1), handle(e.os()), handle(-1),
                    out, dwDesiredAccess, bInheritHandle, dwOptions));
            if (!r.ok()) {
                return fail(r.lastError());
            }
            os = NativeHandles.value(out.getValue());
            sourceClosed = closeSource && !protectedSource;
            if (sourceClosed) {
                e.disown(); // Windows closed the source's OS handle
            }
        } finally {
            handles.release(src);
        }
        if (sourceClosed) {
            // KO-02: with DUPLICATE_CLOSE_SOURCE the copy gets the source's own value back (LIFO slot reuse).
            handles.close(src);
        }
        long v = register(os, e.typeName(), e.closer());
        lpTargetHandle.value = v;
        return true;
    }

    private boolean protectedFromCloseLeased(OsHandle e) {
        IntByReference flags = new IntByReference();
        NativeCalls.CapturedBool r = calls.callBool(() -> extras.GetHandleInformation(handle(e.os()), flags));
        return r.ok() && (flags.getValue() & HANDLE_FLAG_PROTECT_FROM_CLOSE) != 0;
    }

    @Override
    public boolean GetHandleInformation(long hObject, IntRef lpdwFlags) {
        if (lpdwFlags == null) {
            return fail(BAD_PARAMETER);
        }
        IntByReference flags = new IntByReference();
        boolean ok = kernelBool(hObject, h -> extras.GetHandleInformation(h, flags));
        if (ok) {
            lpdwFlags.value = flags.getValue();
        }
        return ok;
    }

    @Override
    public boolean SetHandleInformation(long hObject, int dwMask, int dwFlags) {
        return kernelBool(hObject, h -> win.SetHandleInformation(h, dwMask, dwFlags));
    }

    @Override
    public boolean CompareObjectHandles(long hFirstObjectHandle, long hSecondObjectHandle) {
        return kernel(hFirstObjectHandle, a -> kernel(hSecondObjectHandle, b -> {
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
        }, () -> fail(INVALID)), () -> fail(INVALID));
    }

    @Override
    public int GetLastError() {
        return session.lastError().get();
    }

    @Override
    public void SetLastError(int dwErrCode) {
        session.lastError().set(dwErrCode);
    }

    @Override
    public long GetCurrentProcess() {
        return -1;
    }

    @Override
    public long GetCurrentThread() {
        return -2;
    }

    @Override
    public long GetCurrentProcessToken() {
        return -4;
    }

    @Override
    public long GetCurrentThreadToken() {
        return -5;
    }

    @Override
    public long GetCurrentThreadEffectiveToken() {
        return -6;
    }

    @Override
    public int GetCurrentProcessId() {
        return win.GetCurrentProcessId();
    }

    @Override
    public int GetCurrentThreadId() {
        return win.GetCurrentThreadId();
    }

    private synchronized long stdValue(int which) {
        int i = -10 - which;
        if (!stdTaken[i]) {
            stdTaken[i] = true;
            NativeCalls.Captured<HANDLE> real = calls.call(() -> win.GetStdHandle(which));
            long os = NativeHandles.value(real.value());
            if (os == 0 || os == INVALID_HANDLE_VALUE) {
                std[i] = 0;
            } else {
                // The session's own copy: closing it (KO-04) must not close the JVM's real stream.
                HANDLEByReference copy = new HANDLEByReference();
                NativeCalls.CapturedBool r = calls.callBool(() -> win.DuplicateHandle(handle(-1), handle(os), handle(-1),
                        copy, 0, false, DUPLICATE_SAME_ACCESS));
                std[i] = r.ok() ? handles.register(new OsHandle(NativeHandles.value(copy.getValue()), "File",
                        Closer.CLOSE_HANDLE, false, this::closeHandleOs, null)) : 0;
            }
        }
        return std[i];
    }

    private synchronized void setStd(int which, long value) {
        int i = -10 - which;
        stdTaken[i] = true;
        std[i] = value;
    }

    @Override
    public long GetStdHandle(int nStdHandle) {
        if (!stdConstant(nStdHandle)) {
            return failHandle(INVALID, INVALID_HANDLE_VALUE);
        }
        return stdValue(nStdHandle);
    }

    @Override
    public boolean SetStdHandle(int nStdHandle, long hHandle) {
        if (!stdConstant(nStdHandle)) {
            return fail(INVALID);
        }
        setStd(nStdHandle, hHandle);
        return true;
    }

    // ================================================================ synchronisation

    @Override
    public long CreateEvent(SecurityAttributes a, boolean bManualReset, boolean bInitialState, String lpName) {
        return created(calls.call(() -> win.CreateEvent(sa(a), bManualReset, bInitialState, lpName)), "Event", 0);
    }

    @Override
    public long OpenEvent(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return created(calls.call(() -> win.OpenEvent(dwDesiredAccess, bInheritHandle, lpName)), "Event", 0);
    }

    @Override
    public boolean SetEvent(long hEvent) {
        return kernelBool(hEvent, win::SetEvent);
    }

    @Override
    public boolean ResetEvent(long hEvent) {
        return kernelBool(hEvent, win::ResetEvent);
    }

    @Override
    public long CreateMutex(SecurityAttributes a, boolean bInitialOwner, String lpName) {
        return created(calls.call(() -> win.CreateMutex(sa(a), bInitialOwner, lpName)), "Mutant", 0);
    }

    @Override
    public long OpenMutex(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return created(calls.call(() -> win.OpenMutex(dwDesiredAccess, bInheritHandle, lpName)), "Mutant", 0);
    }

    @Override
    public boolean ReleaseMutex(long hMutex) {
        return kernelBool(hMutex, win::ReleaseMutex);
    }

    @Override
    public long CreateSemaphore(SecurityAttributes a, int lInitialCount, int lMaximumCount, String lpName) {
        return created(calls.call(() -> extras.CreateSemaphore(sa(a), lInitialCount, lMaximumCount, lpName)), "Semaphore", 0);
    }

    @Override
    public long OpenSemaphore(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return created(calls.call(() -> extras.OpenSemaphore(dwDesiredAccess, bInheritHandle, lpName)), "Semaphore", 0);
    }

    @Override
    public boolean ReleaseSemaphore(long hSemaphore, int lReleaseCount, IntRef lpPreviousCount) {
        IntByReference previous = new IntByReference();
        boolean ok = kernelBool(hSemaphore, h -> extras.ReleaseSemaphore(h, lReleaseCount, previous));
        if (ok && lpPreviousCount != null) {
            lpPreviousCount.value = previous.getValue();
        }
        return ok;
    }

    @Override
    public long CreateWaitableTimer(SecurityAttributes a, boolean bManualReset, String lpTimerName) {
        return created(calls.call(() -> extras.CreateWaitableTimer(sa(a), bManualReset, lpTimerName)), "Timer", 0);
    }

    @Override
    public long OpenWaitableTimer(int dwDesiredAccess, boolean bInheritHandle, String lpTimerName) {
        return created(calls.call(() -> extras.OpenWaitableTimer(dwDesiredAccess, bInheritHandle, lpTimerName)), "Timer", 0);
    }

    @Override
    public boolean SetWaitableTimer(long hTimer, long lpDueTime, int lPeriod, TimerApcRoutine pfnCompletionRoutine,
                                    long lpArgToCompletionRoutine, boolean fResume) {
        if (pfnCompletionRoutine != null) {
            return fail(NOT_IMPLEMENTED); // APC completion routines are not wired
        }
        LongByReference due = new LongByReference(lpDueTime);
        return kernelBool(hTimer, h -> extras.SetWaitableTimer(h, due, lPeriod, null, null, fResume));
    }

    @Override
    public boolean CancelWaitableTimer(long hTimer) {
        return kernelBool(hTimer, extras::CancelWaitableTimer);
    }

    @Override
    public int WaitForSingleObject(long hHandle, int dwMilliseconds) {
        return waitOne(hHandle, h -> win.WaitForSingleObject(h, dwMilliseconds));
    }

    private int waitOne(long hHandle, Function<HANDLE, Integer> wait) {
        // The lease lasts the whole wait: a CloseHandle meanwhile returns at once and the object stays
        // alive for this wait, which ends as it would have (KO-10).
        return kernel(hHandle, h -> {
            NativeCalls.CapturedInt r = calls.callInt(() -> wait.apply(h));
            if (r.value() == WAIT_FAILED) {
                session.lastError().set(r.lastError());
            }
            return r.value();
        }, () -> {
            session.lastError().set(INVALID);
            return WAIT_FAILED;
        });
    }

    @Override
    public int WaitForMultipleObjects(int nCount, long[] lpHandles, boolean bWaitAll, int dwMilliseconds) {
        return waitMany(nCount, lpHandles, os -> win.WaitForMultipleObjects(nCount, os, bWaitAll, dwMilliseconds));
    }

    /** Leases every handle for the whole wait (KO-10); an invalid one fails with 6 before Windows. */
    private int waitMany(int nCount, long[] lpHandles, Function<HANDLE[], Integer> wait) {
        if (lpHandles == null || nCount <= 0 || nCount > MAXIMUM_WAIT_OBJECTS || nCount > lpHandles.length) {
            session.lastError().set(BAD_PARAMETER);
            return WAIT_FAILED;
        }
        long[] leased = new long[nCount];
        HANDLE[] os = new HANDLE[nCount];
        int n = 0;
        try {
            for (int i = 0; i < nCount; i++) {
                long value = lpHandles[i];
                if (pseudo(value)) {
                    os[i] = handle(value); // Windows rejects them itself (KO-04)
                    continue;
                }
                long v = translate(value);
                OsHandle e = handles.acquire(v);
                if (e == null) {
                    session.lastError().set(INVALID);
                    return WAIT_FAILED;
                }
                leased[n++] = v;
                if (e.closer() == Closer.FIND_CLOSE) {
                    session.lastError().set(INVALID);
                    return WAIT_FAILED;
                }
                os[i] = handle(e.os());
            }
            NativeCalls.CapturedInt r = calls.callInt(() -> wait.apply(os));
            if (r.value() == WAIT_FAILED) {
                session.lastError().set(r.lastError());
            }
            return r.value();
        } finally {
            for (int i = 0; i < n; i++) {
                handles.release(leased[i]);
            }
        }
    }

    // ================================================================ threads and processes

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
            state.osThreadId = win.GetCurrentThreadId();
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
        NativeCalls.Captured<HANDLE> r = calls.call(() -> win.OpenThread(THREAD_ALL_ACCESS, a != null && a.bInheritHandle,
                state.osThreadId));
        long os = NativeHandles.value(r.value());
        if (os == 0) {
            state.started.countDown(); // let it finish; there is no handle to it
            return failHandle(r.lastError(), 0);
        }
        long v = handles.register(new OsHandle(os, "Thread", Closer.CLOSE_HANDLE, true, this::closeHandleOs, state));
        if (lpThreadId != null) {
            lpThreadId.value = state.osThreadId;
        }
        if ((dwCreationFlags & CREATE_SUSPENDED) == 0) {
            state.started.countDown();
        }
        return v;
    }

    @Override
    public int ResumeThread(long hThread) {
        return kernel(hThread, h -> {
            OsHandle e = handles.peek(translate(hThread));
            if (e != null && e.state() instanceof JavaThread j) {
                int before = (int) j.started.getCount();
                j.started.countDown();
                return before;
            }
            NativeCalls.CapturedInt r = calls.callInt(() -> extras.ResumeThread(h));
            if (r.value() == -1) {
                session.lastError().set(r.lastError());
            }
            return r.value();
        }, () -> {
            session.lastError().set(INVALID);
            return -1;
        });
    }

    @Override
    public boolean GetExitCodeThread(long hThread, IntRef lpExitCode) {
        OsHandle own = pseudo(hThread) ? null : handles.peek(translate(hThread));
        if (own != null && own.state() instanceof JavaThread j) {
            if (lpExitCode == null) {
                return fail(Win32Error.ERROR_NOACCESS.code());
            }
            Integer code = j.exitCode;
            lpExitCode.value = code == null ? STILL_ACTIVE : code;
            return true;
        }
        IntByReference code = new IntByReference();
        boolean ok = kernelBool(hThread, h -> win.GetExitCodeThread(h, code));
        if (ok && lpExitCode != null) {
            lpExitCode.value = code.getValue();
        }
        return ok;
    }

    @Override
    public boolean CreateProcess(String lpApplicationName, String lpCommandLine, SecurityAttributes lpProcessAttributes,
                                 SecurityAttributes lpThreadAttributes, boolean bInheritHandles, int dwCreationFlags,
                                 String[] lpEnvironment, String lpCurrentDirectory, StartupInfo lpStartupInfo,
                                 ProcessInformation lpProcessInformation) {
        if (lpProcessInformation == null || lpStartupInfo == null) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        com.sun.jna.platform.win32.WinBase.STARTUPINFO si = new com.sun.jna.platform.win32.WinBase.STARTUPINFO();
        si.dwFlags = lpStartupInfo.dwFlags;
        long[] std = {lpStartupInfo.hStdInput, lpStartupInfo.hStdOutput, lpStartupInfo.hStdError};
        boolean useStd = (lpStartupInfo.dwFlags & STARTF_USESTDHANDLES) != 0;
        long[] leased = new long[3];
        int n = 0;
        try {
            HANDLE[] os = new HANDLE[3];
            for (int i = 0; useStd && i < 3; i++) {
                if (std[i] == 0 || pseudo(std[i])) {
                    os[i] = handle(std[i]);
                    continue;
                }
                long v = translate(std[i]);
                OsHandle e = handles.acquire(v);
                if (e == null) {
                    return fail(INVALID); // a standard handle the child would inherit is not ours
                }
                leased[n++] = v;
                os[i] = handle(e.os());
            }
            si.hStdInput = os[0];
            si.hStdOutput = os[1];
            si.hStdError = os[2];
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
            NativeCalls.CapturedBool r = calls.callBool(() -> win.CreateProcess(lpApplicationName, lpCommandLine,
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
        } finally {
            for (int i = 0; i < n; i++) {
                handles.release(leased[i]);
            }
        }
    }

    @Override
    public long OpenProcess(int dwDesiredAccess, boolean bInheritHandle, int dwProcessId) {
        return created(calls.call(() -> win.OpenProcess(dwDesiredAccess, bInheritHandle, dwProcessId)), "Process", 0);
    }

    @Override
    public boolean TerminateProcess(long hProcess, int uExitCode) {
        return kernelBool(hProcess, h -> win.TerminateProcess(h, uExitCode));
    }

    @Override
    public boolean GetExitCodeProcess(long hProcess, IntRef lpExitCode) {
        IntByReference code = new IntByReference();
        boolean ok = kernelBool(hProcess, h -> win.GetExitCodeProcess(h, code));
        if (ok && lpExitCode != null) {
            lpExitCode.value = code.getValue();
        }
        return ok;
    }

    @Override
    public int GetProcessId(long process) {
        return kernel(process, h -> {
            NativeCalls.CapturedInt r = calls.callInt(() -> win.GetProcessId(h));
            if (r.value() == 0) {
                session.lastError().set(r.lastError());
            }
            return r.value();
        }, () -> {
            session.lastError().set(INVALID);
            return 0;
        });
    }

    @Override
    public boolean CancelSynchronousIo(long hThread) {
        return kernelBool(hThread, extras::CancelSynchronousIo);
    }

    @Override
    public boolean OpenProcessToken(long processHandle, int desiredAccess, LongRef tokenHandle) {
        if (tokenHandle == null) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        HANDLEByReference out = new HANDLEByReference();
        if (!kernelBool(processHandle, h -> win.OpenProcessToken(h, desiredAccess, out))) {
            return false;
        }
        tokenHandle.value = register(NativeHandles.value(out.getValue()), "Token", Closer.CLOSE_HANDLE);
        return true;
    }

    // ================================================================ files, find handles, mappings

    @Override
    public long CreateFile(String lpFileName, int dwDesiredAccess, int dwShareMode, SecurityAttributes a,
                           int dwCreationDisposition, int dwFlagsAndAttributes, long hTemplateFile) {
        if (hTemplateFile != 0) {
            return kernel(hTemplateFile, t -> created(calls.call(() -> win.CreateFile(lpFileName, dwDesiredAccess,
                    dwShareMode, sa(a), dwCreationDisposition, dwFlagsAndAttributes, t)), "File", INVALID_HANDLE_VALUE),
                    () -> failHandle(INVALID, INVALID_HANDLE_VALUE));
        }
        return created(calls.call(() -> win.CreateFile(lpFileName, dwDesiredAccess, dwShareMode, sa(a),
                dwCreationDisposition, dwFlagsAndAttributes, null)), "File", INVALID_HANDLE_VALUE);
    }

    @Override
    public boolean ReadFile(long hFile, byte[] lpBuffer, int nNumberOfBytesToRead, IntRef lpNumberOfBytesRead,
                            Overlapped lpOverlapped) {
        if (lpOverlapped != null) {
            return overlappedIo(hFile, lpBuffer, nNumberOfBytesToRead, true, lpOverlapped, lpNumberOfBytesRead, null);
        }
        if (nNumberOfBytesToRead < 0 || (nNumberOfBytesToRead > 0 && (lpBuffer == null || lpBuffer.length < nNumberOfBytesToRead))) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        // The lease lasts the whole read: a CloseHandle meanwhile never deadlocks and takes effect when it returns.
        return kernel(hFile, h -> {
            Memory m = new Memory(Math.max(1, nNumberOfBytesToRead));
            IntByReference read = new IntByReference();
            NativeCalls.CapturedBool r = calls.callBool(() -> extras.ReadFile(h, m, nNumberOfBytesToRead, read, null));
            int n = Math.max(0, Math.min(read.getValue(), nNumberOfBytesToRead));
            if (n > 0) {
                m.read(0, lpBuffer, 0, n);
            }
            if (lpNumberOfBytesRead != null) {
                lpNumberOfBytesRead.value = n;
            }
            return r.ok() || fail(r.lastError());
        }, () -> fail(INVALID));
    }

    @Override
    public boolean WriteFile(long hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, IntRef lpNumberOfBytesWritten,
                             Overlapped lpOverlapped) {
        if (lpOverlapped != null) {
            return overlappedIo(hFile, lpBuffer, nNumberOfBytesToWrite, false, lpOverlapped, lpNumberOfBytesWritten,
                    null);
        }
        if (nNumberOfBytesToWrite < 0 || (nNumberOfBytesToWrite > 0 && (lpBuffer == null || lpBuffer.length < nNumberOfBytesToWrite))) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        return kernel(hFile, h -> {
            Memory m = new Memory(Math.max(1, nNumberOfBytesToWrite));
            if (nNumberOfBytesToWrite > 0) {
                m.write(0, lpBuffer, 0, nNumberOfBytesToWrite);
            }
            IntByReference written = new IntByReference();
            NativeCalls.CapturedBool r = calls.callBool(() -> extras.WriteFile(h, m, nNumberOfBytesToWrite, written, null));
            if (lpNumberOfBytesWritten != null) {
                lpNumberOfBytesWritten.value = written.getValue();
            }
            return r.ok() || fail(r.lastError());
        }, () -> fail(INVALID));
    }

    @Override
    public boolean SetFilePointerEx(long hFile, long liDistanceToMove, LongRef lpNewFilePointer, int dwMoveMethod) {
        LongByReference position = new LongByReference();
        boolean ok = kernelBool(hFile, h -> extras.SetFilePointerEx(h, liDistanceToMove, position, dwMoveMethod));
        if (ok && lpNewFilePointer != null) {
            lpNewFilePointer.value = position.getValue();
        }
        return ok;
    }

    @Override
    public boolean GetFileSizeEx(long hFile, LongRef lpFileSize) {
        if (lpFileSize == null) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        LongByReference size = new LongByReference();
        boolean ok = kernelBool(hFile, h -> extras.GetFileSizeEx(h, size));
        if (ok) {
            lpFileSize.value = size.getValue();
        }
        return ok;
    }

    @Override
    public boolean FlushFileBuffers(long hFile) {
        return kernelBool(hFile, win::FlushFileBuffers);
    }

    @Override
    public long FindFirstFile(String lpFileName, Win32FindData lpFindFileData) {
        if (lpFindFileData == null) {
            return failHandle(Win32Error.ERROR_NOACCESS.code(), INVALID_HANDLE_VALUE);
        }
        Memory data = new Memory(WIN32_FIND_DATAW_SIZE);
        data.clear();
        NativeCalls.Captured<HANDLE> r = calls.call(() -> win.FindFirstFile(lpFileName, data));
        long os = NativeHandles.value(r.value());
        if (os == 0 || os == INVALID_HANDLE_VALUE) {
            return failHandle(r.lastError(), INVALID_HANDLE_VALUE);
        }
        fill(lpFindFileData, data);
        return register(os, "Find", Closer.FIND_CLOSE);
    }

    /** WIN32_FIND_DATAW: attributes at 0, size high/low at 28/32, cFileName (WCHAR[260]) at 44. */
    static void fill(Win32FindData out, Pointer data) {
        out.dwFileAttributes = data.getInt(0);
        out.nFileSizeHigh = data.getInt(28);
        out.nFileSizeLow = data.getInt(32);
        byte[] name = data.getByteArray(44, 520);
        int end = 0;
        while (end + 1 < name.length && (name[end] != 0 || name[end + 1] != 0)) {
            end += 2;
        }
        out.cFileName = new String(name, 0, end, StandardCharsets.UTF_16LE);
    }

    @Override
    public boolean FindNextFile(long hFindFile, Win32FindData lpFindFileData) {
        if (lpFindFileData == null) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        return handles.call(hFindFile, e -> {
            if (e.closer() != Closer.FIND_CLOSE) {
                return fail(INVALID);
            }
            Memory data = new Memory(WIN32_FIND_DATAW_SIZE);
            data.clear();
            NativeCalls.CapturedBool r = calls.callBool(() -> win.FindNextFile(handle(e.os()), data));
            if (!r.ok()) {
                return fail(r.lastError());
            }
            fill(lpFindFileData, data);
            return true;
        }, () -> fail(INVALID));
    }

    @Override
    public boolean FindClose(long hFindFile) {
        long start = System.nanoTime();
        OsHandle e = handles.peek(hFindFile);
        if (e == null || e.closer() != Closer.FIND_CLOSE) {
            // Windows' FindClose would treat any other value as its own structure: never pass it on.
            emitClose("FindClose", hFindFile, e == null ? "(invalid)" : e.typeName(), INVALID, CloseEvent.Outcome.INVALID, start);
            return fail(INVALID);
        }
        OsHandle closed = handles.close(hFindFile);
        int rc = closed == null ? INVALID : closed.closeResult();
        emitClose("FindClose", hFindFile, e.typeName(), rc == OsHandle.DEFERRED ? 0 : rc,
                rc == OsHandle.DEFERRED ? CloseEvent.Outcome.DEFERRED_BEHIND_CALL : rc == 0 ? CloseEvent.Outcome.CLOSED : CloseEvent.Outcome.OS_ERROR, start);
        return rc == 0 || rc == OsHandle.DEFERRED || fail(rc);
    }

    private void emitClose(String function, long h, String type, int error, CloseEvent.Outcome outcome, long start) {
        if (session.closeEvents().enabled()) {
            session.closeEvents().emit(HandleSpace.KERNEL, function, h, type, error, outcome, start);
        }
    }

    @Override
    public long CreateFileMapping(long hFile, SecurityAttributes a, int flProtect, int dwMaximumSizeHigh,
                                  int dwMaximumSizeLow, String lpName) {
        return kernel(hFile, f -> created(calls.call(() -> win.CreateFileMapping(f, sa(a), flProtect, dwMaximumSizeHigh,
                dwMaximumSizeLow, lpName)), "Section", 0), () -> failHandle(INVALID, 0));
    }

    @Override
    public long OpenFileMapping(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return created(calls.call(() -> win.OpenFileMapping(dwDesiredAccess, bInheritHandle, lpName)), "Section", 0);
    }

    @Override
    public ByteBuffer MapViewOfFile(long hFileMappingObject, int dwDesiredAccess, int dwFileOffsetHigh,
                                    int dwFileOffsetLow, long dwNumberOfBytesToMap) {
        return kernel(hFileMappingObject, h -> {
            NativeCalls.Captured<Pointer> r = calls.call(() -> extras.MapViewOfFile(h, dwDesiredAccess, dwFileOffsetHigh,
                    dwFileOffsetLow, new SIZE_T(dwNumberOfBytesToMap)));
            if (r.value() == null) {
                session.lastError().set(r.lastError());
                return null;
            }
            long size = dwNumberOfBytesToMap;
            if (size == 0) {
                MEMORY_BASIC_INFORMATION info = new MEMORY_BASIC_INFORMATION();
                win.VirtualQueryEx(handle(-1), r.value(), info, new SIZE_T(info.size()));
                size = info.regionSize == null ? 0 : info.regionSize.longValue();
            }
            views.put(Pointer.nativeValue(r.value()), r.value());
            // The view outlives the mapping handle (KO-07): only UnmapViewOfFile ends it.
            return r.value().getByteBuffer(0, size);
        }, () -> {
            session.lastError().set(INVALID);
            return null;
        });
    }

    @Override
    public boolean UnmapViewOfFile(ByteBuffer lpBaseAddress) {
        if (lpBaseAddress == null || !lpBaseAddress.isDirect()) {
            return fail(ERROR_INVALID_ADDRESS);
        }
        Pointer base = views.remove(Pointer.nativeValue(Native.getDirectBufferPointer(lpBaseAddress)));
        if (base == null) {
            return fail(ERROR_INVALID_ADDRESS); // not a view of ours: never reaches Windows
        }
        NativeCalls.CapturedBool r = calls.callBool(() -> win.UnmapViewOfFile(base));
        return r.ok() || fail(r.lastError());
    }

    // ================================================================ pipes, mailslots, ports

    @Override
    public boolean CreatePipe(LongRef hReadPipe, LongRef hWritePipe, SecurityAttributes a, int nSize) {
        if (hReadPipe == null || hWritePipe == null) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        HANDLEByReference r = new HANDLEByReference();
        HANDLEByReference w = new HANDLEByReference();
        NativeCalls.CapturedBool c = calls.callBool(() -> win.CreatePipe(r, w, sa(a), nSize));
        if (!c.ok()) {
            return fail(c.lastError());
        }
        hReadPipe.value = register(NativeHandles.value(r.getValue()), "File", Closer.CLOSE_HANDLE);
        hWritePipe.value = register(NativeHandles.value(w.getValue()), "File", Closer.CLOSE_HANDLE);
        return true;
    }

    @Override
    public long CreateNamedPipe(String lpName, int dwOpenMode, int dwPipeMode, int nMaxInstances, int nOutBufferSize,
                                int nInBufferSize, int nDefaultTimeOut, SecurityAttributes a) {
        return created(calls.call(() -> win.CreateNamedPipe(lpName, dwOpenMode, dwPipeMode, nMaxInstances, nOutBufferSize,
                nInBufferSize, nDefaultTimeOut, sa(a))), "File", INVALID_HANDLE_VALUE);
    }

    @Override
    public boolean ConnectNamedPipe(long hNamedPipe, Overlapped lpOverlapped) {
        if (lpOverlapped != null) {
            return fail(NOT_IMPLEMENTED);
        }
        return kernelBool(hNamedPipe, h -> win.ConnectNamedPipe(h, null));
    }

    @Override
    public boolean DisconnectNamedPipe(long hNamedPipe) {
        return kernelBool(hNamedPipe, win::DisconnectNamedPipe);
    }

    @Override
    public long CreateMailslot(String lpName, int nMaxMessageSize, int lReadTimeout, SecurityAttributes a) {
        return created(calls.call(() -> extras.CreateMailslot(lpName, nMaxMessageSize, lReadTimeout, sa(a))), "File",
                INVALID_HANDLE_VALUE);
    }

    @Override
    public boolean GetMailslotInfo(long hMailslot, IntRef lpMaxMessageSize, IntRef lpNextSize, IntRef lpMessageCount,
                                   IntRef lpReadTimeout) {
        IntByReference max = new IntByReference();
        IntByReference next = new IntByReference();
        IntByReference count = new IntByReference();
        IntByReference timeout = new IntByReference();
        boolean ok = kernelBool(hMailslot, h -> extras.GetMailslotInfo(h, max, next, count, timeout));
        if (ok) {
            set(lpMaxMessageSize, max);
            set(lpNextSize, next);
            set(lpMessageCount, count);
            set(lpReadTimeout, timeout);
        }
        return ok;
    }

    private static void set(IntRef out, IntByReference value) {
        if (out != null) {
            out.value = value.getValue();
        }
    }

    @Override
    public long CreateIoCompletionPort(long FileHandle, long ExistingCompletionPort, long CompletionKey,
                                       int NumberOfConcurrentThreads) {
        if (ExistingCompletionPort == 0) {
            long port = kernel(FileHandle, f -> created(calls.call(() -> win.CreateIoCompletionPort(f, null,
                    new Pointer(CompletionKey), NumberOfConcurrentThreads)), "IoCompletion", 0), () -> failHandle(INVALID, 0));
            if (port != 0 && FileHandle != INVALID_HANDLE_VALUE) {
                portBound.add(translate(FileHandle));
            }
            return port;
        }
        // Associating a file with an existing port returns that port: the caller's own value, nothing new.
        return kernel(ExistingCompletionPort, port -> kernel(FileHandle, f -> {
            NativeCalls.Captured<HANDLE> r = calls.call(() -> win.CreateIoCompletionPort(f, port,
                    new Pointer(CompletionKey), NumberOfConcurrentThreads));
            if (r.value() == null) {
                return failHandle(r.lastError(), 0);
            }
            portBound.add(translate(FileHandle)); // KO-14: its completions queue packets from now on
            return ExistingCompletionPort;
        }, () -> failHandle(INVALID, 0)), () -> failHandle(INVALID, 0));
    }

    /**
     * Posted packets carry a Java {@code Overlapped}: Windows never dereferences a posted
     * {@code lpOverlapped}, so a unique native token stands for it and {@code GetQueuedCompletionStatus}
     * hands the same Java object back.
     */
    private final Map<Long, Overlapped> posted = new ConcurrentHashMap<>();
    private final Map<Long, Memory> tokens = new ConcurrentHashMap<>();

    @Override
    public boolean PostQueuedCompletionStatus(long CompletionPort, int dwNumberOfBytesTransferred, long dwCompletionKey,
                                              Overlapped lpOverlapped) {
        Memory token = lpOverlapped == null ? null : new Memory(1);
        if (token != null) {
            posted.put(Pointer.nativeValue(token), lpOverlapped);
            tokens.put(Pointer.nativeValue(token), token);
        }
        com.sun.jna.platform.win32.WinBase.OVERLAPPED none = null;
        boolean ok = kernelBool(CompletionPort, h -> token == null
                ? win.PostQueuedCompletionStatus(h, dwNumberOfBytesTransferred, new Pointer(dwCompletionKey), none)
                : postToken(h, dwNumberOfBytesTransferred, dwCompletionKey, token));
        if (!ok && token != null) {
            posted.remove(Pointer.nativeValue(token));
            tokens.remove(Pointer.nativeValue(token));
        }
        return ok;
    }

    private boolean postToken(HANDLE port, int bytes, long key, Memory token) {
        return extras.PostQueuedCompletionStatus(port, bytes, new Pointer(key), token);
    }

    @Override
    public boolean GetQueuedCompletionStatus(long CompletionPort, IntRef lpNumberOfBytesTransferred,
                                             LongRef lpCompletionKey, Ref<Overlapped> lpOverlapped, int dwMilliseconds) {
        if (lpNumberOfBytesTransferred == null || lpCompletionKey == null || lpOverlapped == null) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        IntByReference bytes = new IntByReference();
        ULONG_PTRByReference key = new ULONG_PTRByReference();
        PointerByReference overlapped = new PointerByReference();
        boolean ok = kernelBool(CompletionPort, h -> win.GetQueuedCompletionStatus(h, bytes, key, overlapped, dwMilliseconds));
        lpNumberOfBytesTransferred.value = bytes.getValue();
        lpCompletionKey.value = key.getValue() == null ? 0 : key.getValue().longValue();
        long address = Pointer.nativeValue(overlapped.getValue());
        lpOverlapped.value = address == 0 ? null : fromPacket(address, ok ? 0 : session.lastError().get());
        return ok;
    }

    /** The caller's Java object for a dequeued packet's LPOVERLAPPED: a posted token or an operation's. */
    private Overlapped fromPacket(long address, int win32Error) {
        Overlapped posted = this.posted.remove(address);
        if (posted != null) {
            tokens.remove(address);
            return posted;
        }
        return inFlight.packet(address, win32Error);
    }

    // ================================================================ transactions, jobs, memory notification

    @Override
    public long CreateTransaction(SecurityAttributes a, Object UOW, int CreateOptions, int IsolationLevel,
                                  int IsolationFlags, int Timeout, String Description) {
        return created(calls.call(() -> ktm.CreateTransaction(sa(a), null, CreateOptions, IsolationLevel, IsolationFlags,
                Timeout, Description)), "TmTx", INVALID_HANDLE_VALUE);
    }

    @Override
    public boolean CommitTransaction(long TransactionHandle) {
        return kernelBool(TransactionHandle, ktm::CommitTransaction);
    }

    @Override
    public boolean RollbackTransaction(long TransactionHandle) {
        return kernelBool(TransactionHandle, ktm::RollbackTransaction);
    }

    @Override
    public long CreateFileTransacted(String lpFileName, int dwDesiredAccess, int dwShareMode, SecurityAttributes a,
                                     int dwCreationDisposition, int dwFlagsAndAttributes, long hTemplateFile,
                                     long hTransaction, ShortRef pusMiniVersion, Object lpExtendedParameter) {
        if (hTemplateFile != 0 || pusMiniVersion != null || lpExtendedParameter != null) {
            return failHandle(NOT_IMPLEMENTED, INVALID_HANDLE_VALUE);
        }
        return kernel(hTransaction, t -> created(calls.call(() -> extras.CreateFileTransacted(lpFileName, dwDesiredAccess,
                dwShareMode, sa(a), dwCreationDisposition, dwFlagsAndAttributes, null, t, (ShortByReference) null, null)),
                "File", INVALID_HANDLE_VALUE), () -> failHandle(INVALID, INVALID_HANDLE_VALUE));
    }

    @Override
    public long CreateJobObject(SecurityAttributes a, String lpName) {
        return created(calls.call(() -> extras.CreateJobObject(sa(a), lpName)), "Job", 0);
    }

    @Override
    public boolean AssignProcessToJobObject(long hJob, long hProcess) {
        return kernel(hJob, j -> kernelBool(hProcess, p -> extras.AssignProcessToJobObject(j, p)), () -> fail(INVALID));
    }

    @Override
    public boolean TerminateJobObject(long hJob, int uExitCode) {
        return kernelBool(hJob, h -> extras.TerminateJobObject(h, uExitCode));
    }

    @Override
    public boolean SetInformationJobObject(long hJob, int JobObjectInformationClass, Object lpJobObjectInformation,
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
        return kernelBool(hJob, h -> extras.SetInformationJobObject(h, JobObjectExtendedLimitInformation, info,
                (int) info.size()));
    }

    @Override
    public long CreateMemoryResourceNotification(int NotificationType) {
        return created(calls.call(() -> extras.CreateMemoryResourceNotification(NotificationType)), "Event", 0);
    }

    @Override
    public boolean QueryMemoryResourceNotification(long ResourceNotificationHandle, BoolRef ResourceState) {
        IntByReference state = new IntByReference();
        boolean ok = kernelBool(ResourceNotificationHandle, h -> extras.QueryMemoryResourceNotification(h, state));
        if (ok && ResourceState != null) {
            ResourceState.value = state.getValue() != 0;
        }
        return ok;
    }

    // ================================================================ registry (returns its error, KO-09)

    private static boolean predefined(long hKey) {
        return Advapi32Library.isPredefinedKey(hKey);
    }

    /** Runs {@code call} with the HKEY {@code hKey} names: a predefined key as is, else a leased key entry. */
    private int withKey(long hKey, Function<HKEY, Integer> call) {
        if (predefined(hKey)) {
            return call.apply(new HKEY((int) hKey));
        }
        return handles.call(hKey, e -> e.closer() == Closer.REG_CLOSE_KEY ? call.apply(new HKEY(new Pointer(e.os())))
                : INVALID, () -> INVALID);
    }

    @Override
    public int RegOpenKeyEx(long hKey, String lpSubKey, int ulOptions, int samDesired, LongRef phkResult) {
        if (phkResult == null) {
            return BAD_PARAMETER;
        }
        return withKey(hKey, k -> {
            HKEYByReference out = new HKEYByReference();
            int rc = calls.returningError(() -> win.RegOpenKeyEx(k, lpSubKey, ulOptions, samDesired, out));
            if (rc == 0) {
                phkResult.value = register(Pointer.nativeValue(out.getValue().getPointer()), "Key", Closer.REG_CLOSE_KEY);
            }
            return rc;
        });
    }

    @Override
    public int RegCreateKeyEx(long hKey, String lpSubKey, int Reserved, String lpClass, int dwOptions, int samDesired,
                              SecurityAttributes a, LongRef phkResult, IntRef lpdwDisposition) {
        if (phkResult == null) {
            return BAD_PARAMETER;
        }
        return withKey(hKey, k -> {
            HKEYByReference out = new HKEYByReference();
            IntByReference disposition = new IntByReference();
            int rc = calls.returningError(() -> win.RegCreateKeyEx(k, lpSubKey, Reserved, lpClass, dwOptions, samDesired,
                    sa(a), out, disposition));
            if (rc == 0) {
                phkResult.value = register(Pointer.nativeValue(out.getValue().getPointer()), "Key", Closer.REG_CLOSE_KEY);
                if (lpdwDisposition != null) {
                    lpdwDisposition.value = disposition.getValue();
                }
            }
            return rc;
        });
    }

    @Override
    public int RegSetValueEx(long hKey, String lpValueName, int Reserved, int dwType, byte[] lpData, int cbData) {
        if (cbData < 0 || (cbData > 0 && (lpData == null || lpData.length < cbData))) {
            return Win32Error.ERROR_NOACCESS.code();
        }
        byte[] data = lpData == null ? new byte[0] : java.util.Arrays.copyOf(lpData, cbData);
        return withKey(hKey, k -> calls.returningError(() -> win.RegSetValueEx(k, lpValueName, Reserved, dwType, data, cbData)));
    }

    @Override
    public int RegQueryValueEx(long hKey, String lpValueName, IntRef lpReserved, IntRef lpType, byte[] lpData,
                               IntRef lpcbData) {
        if (lpReserved != null || (lpData != null && lpcbData == null)) {
            return BAD_PARAMETER;
        }
        int capacity = lpData == null || lpcbData == null ? 0 : Math.max(0, Math.min(lpcbData.value, lpData.length));
        return withKey(hKey, k -> {
            IntByReference type = new IntByReference();
            IntByReference size = new IntByReference(capacity);
            Memory buffer = lpData == null || capacity == 0 ? null : new Memory(capacity);
            int rc = calls.returningError(() -> win.RegQueryValueEx(k, lpValueName, null, type, buffer,
                    lpcbData == null ? null : size));
            if (rc == 0 || rc == Win32Error.ERROR_MORE_DATA.code()) {
                if (lpType != null) {
                    lpType.value = type.getValue();
                }
                if (lpcbData != null) {
                    lpcbData.value = size.getValue();
                }
                if (rc == 0 && buffer != null) {
                    buffer.read(0, lpData, 0, Math.min(size.getValue(), capacity));
                }
            }
            return rc;
        });
    }

    @Override
    public int RegCloseKey(long hKey) {
        long start = System.nanoTime();
        if (predefined(hKey)) {
            emitClose("RegCloseKey", hKey, "Key", 0, CloseEvent.Outcome.PREDEFINED, start);
            return 0; // KO-09
        }
        OsHandle e = handles.peek(hKey);
        if (e == null || e.closer() != Closer.REG_CLOSE_KEY) {
            emitClose("RegCloseKey", hKey, e == null ? "(invalid)" : e.typeName(), INVALID, CloseEvent.Outcome.INVALID, start);
            return INVALID; // never hand Windows something that is not a key of ours
        }
        OsHandle closed = handles.close(hKey);
        int rc = closed == null ? INVALID : closed.closeResult() == OsHandle.DEFERRED ? 0 : closed.closeResult();
        emitClose("RegCloseKey", hKey, "Key", rc, rc == 0 ? CloseEvent.Outcome.CLOSED : CloseEvent.Outcome.OS_ERROR, start);
        return rc;
    }

    /** Unmaps the views the program left mapped when the session closes. */
    @Override
    public void close() {
        for (Long base : views.keySet()) {
            Pointer p = views.remove(base);
            if (p != null) {
                win.UnmapViewOfFile(p);
            }
        }
    }

    // ================================================================ overlapped I/O, ports, APCs (KO-13 … KO-16)

    private static final int ERROR_IO_PENDING = Win32Error.ERROR_IO_PENDING.code();
    private static final int ERROR_IO_INCOMPLETE = Win32Error.ERROR_IO_INCOMPLETE.code();

    /**
     * {@code ReadFile}/{@code WriteFile} with an {@code OVERLAPPED} ({@code ex} false) or
     * {@code ReadFileEx}/{@code WriteFileEx} (with {@code routine}): native buffer and {@code OVERLAPPED}
     * held by {@link NativeOverlapped} until the completion is consumed (KO-15, KO-16).
     */
    private boolean overlappedIo(long hFile, byte[] data, int n, boolean read, Overlapped ov, IntRef transferred,
                                 FileIoCompletionRoutine routine) {
        if (n < 0 || (n > 0 && (data == null || data.length < n))) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        long osEvent = 0;
        if (ov.hEvent != 0) {
            OsHandle event = handles.peek(ov.hEvent & ~1L);
            if (event == null) {
                return fail(INVALID); // a dead event never reaches Windows
            }
            osEvent = event.os() | (ov.hEvent & 1L); // the low bit: no port packet
        }
        long eventOs = osEvent;
        boolean ex = routine != null;
        return kernel(hFile, h -> {
            Memory buffer = new Memory(Math.max(1, n));
            if (!read && n > 0) {
                buffer.write(0, data, 0, n);
            }
            NativeOverlapped.Operation op = inFlight.begin(ov, eventOs, buffer, read ? data : null, routine);
            if (op == null) {
                return fail(BAD_PARAMETER); // this Overlapped is already in flight
            }
            long file = translate(hFile);
            op.packetExpected = !ex && portBound.contains(file) && (eventOs & 1L) == 0;
            IntByReference done = new IntByReference();
            NativeCalls.CapturedBool r = calls.callBool(() -> ex
                    ? read ? extras.ReadFileEx(h, buffer, n, op.overlapped, inFlight.routine())
                            : extras.WriteFileEx(h, buffer, n, op.overlapped, inFlight.routine())
                    : read ? extras.ReadFile(h, buffer, n, done, op.overlapped)
                            : extras.WriteFile(h, buffer, n, done, op.overlapped));
            if (!r.ok() && (ex || r.lastError() != ERROR_IO_PENDING)) {
                inFlight.abandon(op, r.lastError()); // failed at once: no completion will come
                return fail(r.lastError());
            }
            if (ex) {
                return true; // the routine runs in the thread's next alertable wait
            }
            if (transferred != null) {
                transferred.value = r.ok() ? done.getValue() : 0;
            }
            if (!r.ok()) {
                return fail(ERROR_IO_PENDING);
            }
            if (skipOnSuccess.contains(file)) {
                op.packetExpected = false;
            }
            inFlight.observed(op, 0, false); // completed at once; kept only if a port packet is still to come
            return true;
        }, () -> fail(INVALID));
    }

    @Override
    public boolean ReadFileEx(long hFile, byte[] lpBuffer, int nNumberOfBytesToRead, Overlapped lpOverlapped,
                              FileIoCompletionRoutine lpCompletionRoutine) {
        if (lpOverlapped == null || lpCompletionRoutine == null) {
            return fail(BAD_PARAMETER);
        }
        return overlappedIo(hFile, lpBuffer, nNumberOfBytesToRead, true, lpOverlapped, null, lpCompletionRoutine);
    }

    @Override
    public boolean WriteFileEx(long hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, Overlapped lpOverlapped,
                               FileIoCompletionRoutine lpCompletionRoutine) {
        if (lpOverlapped == null || lpCompletionRoutine == null) {
            return fail(BAD_PARAMETER);
        }
        return overlappedIo(hFile, lpBuffer, nNumberOfBytesToWrite, false, lpOverlapped, null, lpCompletionRoutine);
    }

    @Override
    public boolean GetOverlappedResult(long hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred,
                                       boolean bWait) {
        return overlappedResult(hFile, lpOverlapped, lpNumberOfBytesTransferred,
                (h, ov, n) -> extras.GetOverlappedResult(h, ov, n, bWait));
    }

    @Override
    public boolean GetOverlappedResultEx(long hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred,
                                         int dwMilliseconds, boolean bAlertable) {
        return overlappedResult(hFile, lpOverlapped, lpNumberOfBytesTransferred,
                (h, ov, n) -> extras.GetOverlappedResultEx(h, ov, n, dwMilliseconds, bAlertable));
    }

    /** A {@code GetOverlappedResult(Ex)} call on the native {@code OVERLAPPED}. */
    @FunctionalInterface
    private interface ResultCall {
        boolean call(HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred);
    }

    private boolean overlappedResult(long hFile, Overlapped ov, IntRef transferred, ResultCall call) {
        if (ov == null || transferred == null) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        NativeOverlapped.Operation op = inFlight.find(ov);
        return kernel(hFile, h -> {
            if (op == null) {
                // Consumed already (or never issued here): the result is in the caller's structure.
                if (ov.Internal == Overlapped.STATUS_PENDING) {
                    return fail(ERROR_IO_INCOMPLETE);
                }
                transferred.value = (int) ov.InternalHigh;
                return ov.Internal == 0 || fail((int) ov.Internal);
            }
            IntByReference n = new IntByReference();
            NativeCalls.CapturedBool r = calls.callBool(() -> call.call(h, op.overlapped, n));
            int error = r.ok() ? 0 : r.lastError();
            if (error == ERROR_IO_INCOMPLETE || error == WAIT_TIMEOUT || error == WAIT_IO_COMPLETION) {
                return fail(error); // still in flight: the memory stays
            }
            inFlight.observed(op, error, false);
            transferred.value = n.getValue();
            return r.ok() || fail(error);
        }, () -> fail(INVALID));
    }

    @Override
    public boolean CancelIo(long hFile) {
        return kernelBool(hFile, extras::CancelIo);
    }

    @Override
    public boolean CancelIoEx(long hFile, Overlapped lpOverlapped) {
        if (lpOverlapped == null) {
            return kernelBool(hFile, h -> extras.CancelIoEx(h, null));
        }
        NativeOverlapped.Operation op = inFlight.find(lpOverlapped);
        if (op == null) {
            // Not in flight: Windows would find nothing to cancel (the handle is still checked first).
            return kernel(hFile, h -> fail(Win32Error.ERROR_NOT_FOUND.code()), () -> fail(INVALID));
        }
        return kernelBool(hFile, h -> extras.CancelIoEx(h, op.overlapped));
    }

    @Override
    public boolean SetFileCompletionNotificationModes(long FileHandle, int Flags) {
        if ((Flags & ~0xFF) != 0) {
            return fail(BAD_PARAMETER); // UCHAR: never truncate a wrong value into a valid one
        }
        boolean ok = kernelBool(FileHandle, h -> extras.SetFileCompletionNotificationModes(h, (byte) Flags));
        if (ok && (Flags & FILE_SKIP_COMPLETION_PORT_ON_SUCCESS) != 0) {
            skipOnSuccess.add(translate(FileHandle));
        }
        return ok;
    }

    @Override
    public boolean GetQueuedCompletionStatusEx(long CompletionPort, OverlappedEntry[] entries, int ulCount,
                                               IntRef ulNumEntriesRemoved, int dwMilliseconds, boolean fAlertable) {
        if (entries == null || ulNumEntriesRemoved == null || ulCount <= 0 || ulCount > entries.length) {
            return fail(BAD_PARAMETER);
        }
        Memory native_ = new Memory((long) ulCount * NativeOverlapped.ENTRY_SIZE);
        native_.clear();
        IntByReference removed = new IntByReference();
        boolean ok = kernelBool(CompletionPort, h -> extras.GetQueuedCompletionStatusEx(h, native_, ulCount, removed,
                dwMilliseconds, fAlertable));
        if (!ok) {
            ulNumEntriesRemoved.value = 0;
            return false;
        }
        int n = Math.min(removed.getValue(), ulCount);
        for (int i = 0; i < n; i++) {
            long at = (long) i * NativeOverlapped.ENTRY_SIZE;
            OverlappedEntry e = entries[i] == null ? entries[i] = new OverlappedEntry() : entries[i];
            e.lpCompletionKey = Pointer.nativeValue(native_.getPointer(at + NativeOverlapped.ENTRY_KEY));
            long address = Pointer.nativeValue(native_.getPointer(at + NativeOverlapped.ENTRY_OVERLAPPED));
            int status = (int) Pointer.nativeValue(native_.getPointer(at + NativeOverlapped.ENTRY_INTERNAL));
            // OVERLAPPED_ENTRY.Internal is the NTSTATUS; the Java entry holds the Win32 error (KO-14).
            e.Internal = status == 0 ? 0 : ntdll.get().RtlNtStatusToDosError(status);
            e.dwNumberOfBytesTransferred = native_.getInt(at + NativeOverlapped.ENTRY_BYTES);
            e.lpOverlapped = address == 0 ? null : fromPacket(address, (int) e.Internal);
        }
        ulNumEntriesRemoved.value = n;
        return true;
    }

    @Override
    public int WaitForSingleObjectEx(long hHandle, int dwMilliseconds, boolean bAlertable) {
        return waitOne(hHandle, h -> extras.WaitForSingleObjectEx(h, dwMilliseconds, bAlertable));
    }

    @Override
    public int WaitForMultipleObjectsEx(int nCount, long[] lpHandles, boolean bWaitAll, int dwMilliseconds,
                                        boolean bAlertable) {
        return waitMany(nCount, lpHandles,
                os -> extras.WaitForMultipleObjectsEx(nCount, os, bWaitAll, dwMilliseconds, bAlertable));
    }

    @Override
    public int SleepEx(int dwMilliseconds, boolean bAlertable) {
        return extras.SleepEx(dwMilliseconds, bAlertable); // 0 or WAIT_IO_COMPLETION; never fails
    }

    @Override
    public int SignalObjectAndWait(long hObjectToSignal, long hObjectToWaitOn, int dwMilliseconds, boolean bAlertable) {
        // Both leased for the whole wait (KO-10).
        return kernel(hObjectToSignal, s -> waitOne(hObjectToWaitOn,
                w -> extras.SignalObjectAndWait(s, w, dwMilliseconds, bAlertable)), () -> {
                    session.lastError().set(INVALID);
                    return WAIT_FAILED;
                });
    }

    @Override
    public int QueueUserAPC(ApcRoutine pfnAPC, long hThread, long dwData) {
        if (pfnAPC == null) {
            fail(BAD_PARAMETER);
            return 0;
        }
        long ticket = apcs.hold(pfnAPC, dwData);
        int queued = kernel(hThread, h -> {
            NativeCalls.CapturedInt r = calls.callInt(() -> extras.QueueUserAPC(apcs.trampoline(), h, new Pointer(ticket)));
            if (r.value() == 0) {
                session.lastError().set(r.lastError());
            }
            return r.value();
        }, () -> {
            session.lastError().set(INVALID);
            return 0;
        });
        if (queued == 0) {
            apcs.drop(ticket); // Windows will never run it
        }
        return queued;
    }

    /** Operations whose native {@code OVERLAPPED} is still held (for tests and diagnostics). */
    int pendingOverlapped() {
        return inFlight.pendingCount();
    }

    /** Whether the native {@code OVERLAPPED} at {@code address} is still held. */
    boolean holdsOverlapped(long address) {
        return inFlight.holds(address);
    }

    /** APCs queued and not run yet. */
    int pendingApcs() {
        return apcs.pendingCount();
    }
}

package io.teardown.backend.windows.kernel;

import static io.teardown.kernel.Kernel32.DUPLICATE_SAME_ACCESS;
import static io.teardown.kernel.Kernel32.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS;
import static io.teardown.kernel.Kernel32.INVALID_HANDLE_VALUE;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase.SECURITY_ATTRIBUTES;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.platform.win32.WinReg.HKEY;
import com.sun.jna.ptr.IntByReference;
import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import io.teardown.backend.windows.handles.OsHandle;
import io.teardown.backend.windows.jna.Advapi32Library;
import io.teardown.backend.windows.jna.Kernel32Library;
import io.teardown.backend.windows.jna.KernelBaseLibrary;
import io.teardown.backend.windows.jna.Ktmw32Library;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.NativeHandles;
import io.teardown.backend.windows.jna.NtdllLibrary;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.spi.ResolvedHandle;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the parts of the JNA kernel driver share: the libraries, the session's kernel table (each entry an
 * {@link OsHandle} holding the real OS value; the front resolves and leases every argument, so the driver
 * only registers new handles and reads the OS value of a resolved one, {@link #os}), the native memory
 * held for overlapped I/O and APCs, the standard-handle slots, and the plumbing every call uses —
 * registering a created handle ({@link #created}), a BOOL call on a resolved handle ({@link #bool}),
 * copying Windows' last error into the session's. {@link NativeKernelDriver} and its families ({@link NativeSyncCalls},
 * {@link NativeProcessCalls}, {@link NativeFileCalls}, {@link NativePortCalls}) extend it and share one
 * instance's state. See docs/native-backend.md.
 */
abstract class NativeKernelPart {
    static final int INVALID = Win32Error.ERROR_INVALID_HANDLE.code();
    static final int NOT_IMPLEMENTED = Win32Error.ERROR_CALL_NOT_IMPLEMENTED.code();
    static final int BAD_PARAMETER = Win32Error.ERROR_INVALID_PARAMETER.code();
    static final int WIN32_FIND_DATAW_SIZE = 592;
    /** {@code ERROR_INVALID_ADDRESS}: what UnmapViewOfFile reports for an address that is not a view. */
    static final int ERROR_INVALID_ADDRESS = 487;
    /** {@code ERROR_PROCESS_ABORTED}: the exit code of a thread whose procedure threw. */
    static final int ERROR_PROCESS_ABORTED = 1067;
    /** {@code ERROR_BAD_LENGTH}: a job information block of the wrong size. */
    static final int ERROR_BAD_LENGTH = 24;
    static final int ERROR_IO_PENDING = Win32Error.ERROR_IO_PENDING.code();
    static final int ERROR_IO_INCOMPLETE = Win32Error.ERROR_IO_INCOMPLETE.code();

    final Session session;
    final Kernel32Library k32;
    final Advapi32Library advapi;
    /** kernelbase, loaded on first use: a missing DLL or export fails that call only. */
    final Supplier<KernelBaseLibrary> kernelBase;
    final Ktmw32Library ktm;
    /** ntdll, loaded on first use (RtlNtStatusToDosError for GetQueuedCompletionStatusEx). */
    final Supplier<NtdllLibrary> ntdll;
    final NativeOverlapped inFlight;
    final NativeApcs apcs;
    /** Session values of handles associated with a completion port: their completions queue a packet. */
    final java.util.Set<Long> portBound;
    /** Handles with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS: a synchronous success queues no packet. */
    final java.util.Set<Long> skipOnSuccess;
    final NativeCalls calls;
    /** The session's kernel table, where the driver registers the handles it creates. */
    final HandleTable<HandleEntry> table;
    final long[] std;
    final boolean[] stdTaken;
    /** Mapped views by base address: only these reach UnmapViewOfFile (KO-07). */
    final Map<Long, Pointer> views;
    /**
     * Posted packets carry a Java {@code Overlapped}: Windows never dereferences a posted
     * {@code lpOverlapped}, so a unique native token stands for it and {@code GetQueuedCompletionStatus}
     * hands the same Java object back.
     */
    final Map<Long, Overlapped> posted;
    final Map<Long, Memory> tokens;

    /** The shared state of one session's driver, over the given libraries. */
    NativeKernelPart(Session session, Kernel32Library k32, Advapi32Library advapi, Supplier<KernelBaseLibrary> kernelBase,
                     Ktmw32Library ktm, Supplier<NtdllLibrary> ntdll, NativeCalls calls) {
        this.session = Objects.requireNonNull(session, "session");
        this.k32 = Objects.requireNonNull(k32, "k32");
        this.advapi = Objects.requireNonNull(advapi, "advapi");
        this.kernelBase = Objects.requireNonNull(kernelBase, "kernelBase");
        this.ktm = Objects.requireNonNull(ktm, "ktm");
        this.ntdll = Objects.requireNonNull(ntdll, "ntdll");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.table = session.handles(HandleSpace.KERNEL);
        this.inFlight = new NativeOverlapped();
        this.apcs = new NativeApcs();
        this.portBound = ConcurrentHashMap.newKeySet();
        this.skipOnSuccess = ConcurrentHashMap.newKeySet();
        this.std = new long[3];
        this.stdTaken = new boolean[3];
        this.views = new ConcurrentHashMap<>();
        this.posted = new ConcurrentHashMap<>();
        this.tokens = new ConcurrentHashMap<>();
    }

    /** Another part of the same driver: the same state, shared. */
    NativeKernelPart(NativeKernelPart shared) {
        this.session = shared.session;
        this.k32 = shared.k32;
        this.advapi = shared.advapi;
        this.kernelBase = shared.kernelBase;
        this.ktm = shared.ktm;
        this.ntdll = shared.ntdll;
        this.inFlight = shared.inFlight;
        this.apcs = shared.apcs;
        this.portBound = shared.portBound;
        this.skipOnSuccess = shared.skipOnSuccess;
        this.calls = shared.calls;
        this.table = shared.table;
        this.std = shared.std;
        this.stdTaken = shared.stdTaken;
        this.views = shared.views;
        this.posted = shared.posted;
        this.tokens = shared.tokens;
    }

    boolean fail(int code) {
        session.lastError().set(code);
        return false;
    }

    long failHandle(int code, long failure) {
        session.lastError().set(code);
        return failure;
    }

    static HANDLE handle(long os) {
        return NativeHandles.handle(os);
    }

    static SECURITY_ATTRIBUTES sa(SecurityAttributes a) {
        if (a == null) {
            return null;
        }
        SECURITY_ATTRIBUTES s = new SECURITY_ATTRIBUTES();
        s.bInheritHandle = a.bInheritHandle;
        return s;
    }

    int closeHandleOs(long os) {
        NativeCalls.CapturedBool r = calls.callBool(() -> k32.CloseHandle(handle(os)));
        return r.ok() ? 0 : r.lastError();
    }

    int findCloseOs(long os) {
        NativeCalls.CapturedBool r = calls.callBool(() -> k32.FindClose(handle(os)));
        return r.ok() ? 0 : r.lastError();
    }

    int regCloseOs(long os) {
        return calls.returningError(() -> advapi.RegCloseKey(new HKEY(new Pointer(os))));
    }

    long register(long os, String type, Closer closer) {
        OsHandle.OsCloser c = switch (closer) {
            case FIND_CLOSE -> this::findCloseOs;
            case REG_CLOSE_KEY -> this::regCloseOs;
            default -> this::closeHandleOs;
        };
        return register(new OsHandle(os, type, closer, true, c, null));
    }

    /**
     * Registers {@code entry} in the session's table and returns its value. If the table is full the OS
     * handle is closed again and the exception propagates (the caller turns it into the Windows error).
     */
    long register(OsHandle entry) {
        try {
            return table.insert(entry);
        } catch (RuntimeException full) {
            entry.reclaim();
            throw full;
        }
    }

    /**
     * A created handle: 0/{@code failure} with the captured error, or the new session value; the captured
     * error is the session's last error either way ({@code ERROR_ALREADY_EXISTS} on success).
     */
    long created(NativeCalls.Captured<HANDLE> r, String type, long failure) {
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

    /**
     * The OS value of a handle the front has resolved and leased for the call: a pseudo-handle as itself
     * (Windows answers for it), an entry's OS handle; null for an entry that holds none (not this
     * backend's).
     */
    static HANDLE os(ResolvedHandle h) {
        if (h.pseudo()) {
            return handle(h.value());
        }
        return h.entry() instanceof OsHandle e ? handle(e.os()) : null;
    }

    /** A BOOL call on a resolved handle: its result, or false with Windows' last error (6 for no OS handle). */
    boolean bool(ResolvedHandle h, Function<HANDLE, Boolean> call) {
        HANDLE os = os(h);
        if (os == null) {
            return fail(INVALID);
        }
        NativeCalls.CapturedBool r = calls.callBool(() -> call.apply(os));
        return r.ok() || fail(r.lastError());
    }

    long stdValue(int which) {
        synchronized (std) {
            int i = -10 - which;
            if (!stdTaken[i]) {
                stdTaken[i] = true;
                NativeCalls.Captured<HANDLE> real = calls.call(() -> k32.GetStdHandle(which));
                long os = NativeHandles.value(real.value());
                if (os == 0 || os == INVALID_HANDLE_VALUE) {
                    std[i] = 0;
                } else {
                    // The session's own copy: closing it (KO-04) must not close the JVM's real stream.
                    HANDLEByReference copy = new HANDLEByReference();
                    NativeCalls.CapturedBool r = calls.callBool(() -> k32.DuplicateHandle(handle(-1), handle(os), handle(-1),
                            copy, 0, false, DUPLICATE_SAME_ACCESS));
                    std[i] = r.ok() ? register(new OsHandle(NativeHandles.value(copy.getValue()), "File",
                            Closer.CLOSE_HANDLE, false, this::closeHandleOs, null)) : 0;
                }
            }
            return std[i];
        }
    }

    void setStd(int which, long value) {
        synchronized (std) {
            int i = -10 - which;
            stdTaken[i] = true;
            std[i] = value;
        }
    }

    static void set(IntRef out, IntByReference value) {
        if (out != null) {
            out.value = value.getValue();
        }
    }
}

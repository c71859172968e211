package io.teardown.backend.windows.kernel;

import static io.teardown.kernel.Kernel32.DUPLICATE_CLOSE_SOURCE;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.ptr.IntByReference;
import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import io.teardown.backend.windows.handles.OsHandle;
import io.teardown.backend.windows.jna.Advapi32Library;
import io.teardown.backend.windows.jna.Kernel32Library;
import io.teardown.backend.windows.jna.KernelBaseLibrary;
import io.teardown.backend.windows.jna.Ktmw32Library;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.NativeHandles;
import io.teardown.backend.windows.jna.NtdllLibrary;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.spi.FileCalls;
import io.teardown.kernel.spi.KernelDriver;
import io.teardown.kernel.spi.PortCalls;
import io.teardown.kernel.spi.ProcessCalls;
import io.teardown.kernel.spi.SyncCalls;
import java.util.function.Supplier;

/**
 * The kernel driver on the real kernel32/advapi32/ktmw32, behind the kernel front (which decides the
 * handle rules — KO-03, KO-04, KO-09, KO-11, KO-12, WS-15 — for both backends). Windows applies the rest
 * itself; this driver keeps the session's table in front of it:
 * <ul>
 *   <li>Every handle returned to Java is a value of the session's {@link HandleSpace#KERNEL} table; its
 *       entry ({@link io.teardown.backend.windows.handles.OsHandle}) holds the OS handle. The front
 *       resolves every handle argument and leases the entry for the call ({@code ResolvedHandle}); the
 *       driver passes the entry's OS value, so a closed, stale or foreign value fails with 6 without
 *       reaching Windows, and a recycled value never reaches the old OS handle (KO-03, KO-11).</li>
 *   <li>The front's {@code CloseHandle} makes the value invalid at once; the OS handle is closed when the
 *       last call that leased it has returned (a wait on it holds the object, KO-10), and
 *       {@link #doClose} reports that close's result.</li>
 *   <li>The standard handles are the session's own duplicates of the process's, so closing one
 *       (KO-04) never closes the JVM's real stdout.</li>
 * </ul>
 * The type-specific functions are done by four families over the same state ({@link NativeKernelPart}):
 * {@link NativeSyncCalls}, {@link NativeProcessCalls}, {@link NativeFileCalls} and
 * {@link NativePortCalls}. The last error Windows set is copied into the session's after every failed
 * call and after the creating calls ({@code ERROR_ALREADY_EXISTS}); successful BOOL calls leave it alone.
 * Functions not wired fail with {@code ERROR_CALL_NOT_IMPLEMENTED} (120). Overlapped I/O, completion
 * ports and APCs (KO-13 … KO-16): each {@link io.teardown.kernel.Overlapped} in flight has a native
 * {@code OVERLAPPED} held by {@link NativeOverlapped} until its completion is consumed; Java APC routines
 * are held by {@link NativeApcs} until Windows has run them. See docs/native-backend.md.
 */
public final class NativeKernelDriver extends NativeKernelPart implements KernelDriver {
    private final SyncCalls sync;
    private final ProcessCalls processes;
    private final FileCalls files;
    private final PortCalls ports;

    /** The driver for {@code session} over the given libraries, last errors read through {@code calls}. */
    public NativeKernelDriver(Session session, Kernel32Library k32, Advapi32Library advapi,
                              Supplier<KernelBaseLibrary> kernelBase, Ktmw32Library ktm, Supplier<NtdllLibrary> ntdll,
                              NativeCalls calls) {
        super(session, k32, advapi, kernelBase, ktm, ntdll, calls);
        this.sync = new NativeSyncCalls(this);
        this.processes = new NativeProcessCalls(this);
        this.files = new NativeFileCalls(this);
        this.ports = new NativePortCalls(this);
    }

    @Override
    public SyncCalls sync() {
        return sync;
    }

    @Override
    public ProcessCalls processes() {
        return processes;
    }

    @Override
    public FileCalls files() {
        return files;
    }

    @Override
    public PortCalls ports() {
        return ports;
    }

    @Override
    public int handleFlags(HandleEntry entry, IntRef flags) {
        if (!(entry instanceof OsHandle e)) {
            return INVALID;
        }
        IntByReference out = new IntByReference();
        NativeCalls.CapturedBool r = calls.callBool(() -> k32.GetHandleInformation(handle(e.os()), out));
        if (!r.ok()) {
            return r.lastError();
        }
        flags.value = out.getValue();
        return 0;
    }

    @Override
    public int setHandleFlags(HandleEntry entry, int mask, int flags) {
        if (!(entry instanceof OsHandle e)) {
            return INVALID;
        }
        NativeCalls.CapturedBool r = calls.callBool(() -> k32.SetHandleInformation(handle(e.os()), mask, flags));
        return r.ok() ? 0 : r.lastError();
    }

    /** Windows closes nothing and says TRUE (KO-04). */
    @Override
    public int closePseudo(long pseudo) {
        NativeCalls.CapturedBool r = calls.callBool(() -> k32.CloseHandle(handle(pseudo)));
        return r.ok() ? 0 : r.lastError();
    }

    /** A socket closed with {@code CloseHandle} is closed the way Windows does that (FD_CLOSE posted; WS-15). */
    @Override
    public void prepareToClose(HandleEntry entry) {
        if (entry instanceof OsHandle e && e.closer() == Closer.CLOSESOCKET) {
            e.closeWith(this::closeHandleOs);
        }
    }

    /** The value is dead: its port association and modes go; the OS close ran, or runs after the last call. */
    @Override
    public int doClose(long value, HandleEntry entry) {
        portBound.remove(value);
        skipOnSuccess.remove(value);
        if (!(entry instanceof OsHandle e)) {
            return 0;
        }
        int rc = e.closeResult();
        return rc == OsHandle.DEFERRED ? CLOSE_DEFERRED : rc;
    }

    /** Only this process's table can hold the result: {@code GetCurrentProcess()} itself. */
    @Override
    public int checkProcess(long hProcess) {
        return hProcess == -1L ? 0 : INVALID;
    }

    @Override
    public int duplicatePseudo(long pseudo, LongRef target, int access, boolean inherit, int options) {
        if (target == null) {
            return BAD_PARAMETER;
        }
        HANDLEByReference out = new HANDLEByReference();
        NativeCalls.CapturedBool r = calls.callBool(() -> k32.DuplicateHandle(handle(-1), handle(pseudo),
                handle(-1), out, access, inherit, options & ~DUPLICATE_CLOSE_SOURCE));
        if (!r.ok()) {
            return r.lastError();
        }
        String type = pseudo == -1 ? "Process" : pseudo == -2 ? "Thread" : "Token";
        target.value = register(NativeHandles.value(out.getValue()), type, Closer.CLOSE_HANDLE);
        return 0;
    }

    @Override
    public int duplicate(long value, HandleEntry source, LongRef target, int access, boolean inherit, int options,
                         boolean sourceProtected) {
        if (target == null) {
            return BAD_PARAMETER;
        }
        HandleEntry leased = table.acquire(value);
        if (!(leased instanceof OsHandle e)) {
            if (leased != null) {
                table.release(value);
            }
            return INVALID; // closed since the front looked, or not this backend's
        }
        boolean sourceClosed;
        long os;
        try {
            HANDLEByReference out = new HANDLEByReference();
            NativeCalls.CapturedBool r = calls.callBool(() -> k32.DuplicateHandle(handle(-1), handle(e.os()), handle(-1),
                    out, access, inherit, options));
            if (!r.ok()) {
                return r.lastError();
            }
            os = NativeHandles.value(out.getValue());
            sourceClosed = (options & DUPLICATE_CLOSE_SOURCE) != 0 && !sourceProtected;
            if (sourceClosed) {
                e.disown(); // Windows closed the source's OS handle
            }
        } finally {
            table.release(value);
        }
        if (sourceClosed) {
            // KO-02: the copy gets the source's own value back (LIFO slot reuse), once the lease above has ended.
            table.close(value);
        }
        target.value = register(os, e.typeName(), e.closer());
        return 0;
    }

    @Override
    public long standardHandle(int which) {
        return stdValue(which);
    }

    @Override
    public void standardHandle(int which, long value) {
        setStd(which, value);
    }

    /** Unmaps the views the program left mapped when the session closes. */
    @Override
    public void close() {
        for (Long base : views.keySet()) {
            Pointer p = views.remove(base);
            if (p != null) {
                k32.UnmapViewOfFile(p);
            }
        }
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

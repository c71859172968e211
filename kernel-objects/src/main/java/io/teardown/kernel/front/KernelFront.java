package io.teardown.kernel.front;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.spi.KernelDriver;
import java.util.Objects;

/**
 * {@link Kernel32}, implemented once for every backend: the front every call goes through before a
 * {@link KernelDriver} (the portable engine, or the JNA bindings) does the work. It owns the handle
 * rules ({@link HandleRules}: {@code CloseHandle}, {@code DuplicateHandle}, the handle flags, the
 * pseudo-handles and the standard handles — KO-01 … KO-04, KO-09, KO-11, KO-12, WS-15), the last error
 * ({@code GetLastError}/{@code SetLastError} read and write the session's, per thread) and the argument
 * checks that precede the handle lookup. For every other function it resolves each handle argument once,
 * with the resolver of its family — kernel handles ({@link HandleArgs}), find handles ({@link FindArgs}),
 * registry keys ({@link KeyArgs}) — and hands the driver the leased entry, never a value that names no
 * open handle of that family. One part per family of functions: {@link SyncProcessFront},
 * {@link FindRegistryFront}, {@link FileFront}, {@link PortFront} ({@link FrontBase} holds what they
 * share); each documents its order of checks. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is".
 *
 * <p>Thread-safe. One instance per {@link Session}; closing it closes the driver.
 */
public final class KernelFront extends SyncProcessFront implements AutoCloseable {
    /** The front of {@code session} over {@code driver}, which must be the session's own. */
    public KernelFront(Session session, KernelDriver driver) {
        super(Objects.requireNonNull(session, "session"), Objects.requireNonNull(driver, "driver"));
    }

    // ================= the front's own: handles, pseudo-handles, standard handles, last error =================

    @Override
    public boolean CloseHandle(long hObject) {
        return handles.closeHandle(hObject);
    }

    @Override
    public boolean DuplicateHandle(long hSourceProcessHandle, long hSourceHandle, long hTargetProcessHandle,
                                   LongRef lpTargetHandle, int dwDesiredAccess, boolean bInheritHandle, int dwOptions) {
        return handles.duplicateHandle(hSourceProcessHandle, hSourceHandle, hTargetProcessHandle, lpTargetHandle,
                dwDesiredAccess, bInheritHandle, dwOptions);
    }

    @Override
    public boolean GetHandleInformation(long hObject, IntRef lpdwFlags) {
        return handles.getHandleInformation(hObject, lpdwFlags);
    }

    @Override
    public boolean SetHandleInformation(long hObject, int dwMask, int dwFlags) {
        return handles.setHandleInformation(hObject, dwMask, dwFlags);
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
    public long GetStdHandle(int nStdHandle) {
        return handles.getStdHandle(nStdHandle);
    }

    @Override
    public boolean SetStdHandle(int nStdHandle, long hHandle) {
        return handles.setStdHandle(nStdHandle, hHandle);
    }

    /** Closes the driver (its threads and native memory); the handles are closed by the session. */
    @Override
    public void close() {
        driver.close();
    }

    @Override
    public String toString() {
        return "Kernel32[" + session.name() + ", " + driver + "]";
    }
}

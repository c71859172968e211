package io.teardown.kernel.front;

import static io.teardown.kernel.Kernel32.DUPLICATE_CLOSE_SOURCE;
import static io.teardown.kernel.Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE;
import static io.teardown.kernel.Kernel32.STD_ERROR_HANDLE;
import static io.teardown.kernel.Kernel32.STD_INPUT_HANDLE;

import io.teardown.api.CloseEvent;
import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Misuse;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import io.teardown.kernel.spi.KernelDriver;
import java.util.function.ToIntFunction;

/**
 * The handle rules of kernel32, written once for every backend: {@code CloseHandle},
 * {@code DuplicateHandle}, {@code Get/SetHandleInformation} and the standard handles. Each function
 * resolves its value in the session's kernel table first — pseudo-handles (KO-04), the standard-handle
 * constants (KO-04), the tag bits (KO-11, ignored by the table's lookup), invalid versus stale (KO-03,
 * KO-11) — and hands the driver only an open entry. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>.
 */
final class HandleRules {
    private static final int INVALID = Win32Error.ERROR_INVALID_HANDLE.code();
    private static final int NO_ACCESS = Win32Error.ERROR_NOACCESS.code();

    private final Session session;
    private final HandleTable<HandleEntry> table;
    private final KernelDriver driver;

    HandleRules(Session session, KernelDriver driver) {
        this.session = session;
        this.table = session.handles(HandleSpace.KERNEL);
        this.driver = driver;
    }

    /** The pseudo-handles −1 … −6, sign-extended only (KO-04). */
    static boolean pseudo(long h) {
        return h <= -1L && h >= -6L;
    }

    /** The standard-handle constants −10 … −12 (KO-04). */
    static boolean standardConstant(long h) {
        return h >= STD_ERROR_HANDLE && h <= STD_INPUT_HANDLE;
    }

    /** The table value {@code h} stands for: a standard-handle constant is the current standard handle. */
    long translate(long h) {
        return standardConstant(h) ? driver.standardHandle((int) h) : h;
    }

    private boolean fail(int code) {
        session.lastError().set(code);
        return false;
    }

    /**
     * {@code CloseHandle}, in Windows' order: a pseudo-handle closes nothing (KO-04; the driver only
     * answers for it); a value that names
     * no open handle fails with 6 and is reported as invalid or stale (KO-03, KO-11); a find handle is no
     * kernel handle at all (6, KO-09); then the protect flag, which {@code NtClose} checks for every
     * kernel handle whatever its type (6, the handle stays, KO-12); then the closer choice: a registry
     * key stays open without an error (KO-09), a socket is closed but reported (WS-15), anything else is
     * closed (KO-01). Success leaves the last error alone.
     */
    boolean closeHandle(long hObject) {
        long start = System.nanoTime();
        String type = "(invalid)";
        int err = 0;
        CloseEvent.Outcome outcome = CloseEvent.Outcome.CLOSED;
        try {
            if (pseudo(hObject)) {
                type = "(pseudo)";
                outcome = CloseEvent.Outcome.PSEUDO_HANDLE;
                int rc = driver.closePseudo(hObject);
                if (rc != 0) {
                    err = rc;
                    return fail(rc);
                }
                return true;
            }
            long h = translate(hObject);
            HandleEntry e = h == 0 ? null : table.get(h);
            if (e == null) {
                err = INVALID;
                outcome = CloseEvent.Outcome.INVALID;
                fail(INVALID);
                if (h != 0) {
                    reportInvalid("CloseHandle", hObject, h);
                }
                return false;
            }
            type = e.typeName();
            h &= ~3L; // the tag bits name the same handle (KO-11): the driver sees the value itself
            if (e.closer() == Closer.FIND_CLOSE) {
                err = INVALID;
                outcome = CloseEvent.Outcome.WRONG_CLOSER;
                fail(INVALID);
                session.misuse(new Misuse(Misuse.Kind.WRONG_CLOSER, "CloseHandle", hObject,
                        Misuse.STATUS_INVALID_HANDLE, "a find handle must be closed with FindClose (KO-09)"));
                return false;
            }
            if (protectedFromClose(h)) {
                err = INVALID;
                outcome = CloseEvent.Outcome.PROTECTED;
                return fail(INVALID);
            }
            if (e.closer() == Closer.REG_CLOSE_KEY) {
                outcome = CloseEvent.Outcome.NOT_CLOSED; // the reference page's behaviour
                session.misuse(new Misuse(Misuse.Kind.WRONG_CLOSER, "CloseHandle", hObject, 0,
                        "a registry key must be closed with RegCloseKey; CloseHandle left it open (KO-09)"));
                return true;
            }
            boolean socket = e.closer() == Closer.CLOSESOCKET;
            if (socket) {
                driver.prepareToClose(e);
            }
            HandleEntry closed = table.close(h);
            if (closed == null) {
                err = INVALID; // closed by another thread in the meantime
                outcome = CloseEvent.Outcome.INVALID;
                return fail(INVALID);
            }
            int rc = driver.doClose(h, closed);
            if (standardConstant(hObject)) {
                driver.standardHandle((int) hObject, 0); // GetStdHandle returns NULL from now on
            }
            if (socket) {
                outcome = CloseEvent.Outcome.SOCKET_CLOSED;
                session.misuse(new Misuse(Misuse.Kind.WRONG_CLOSER, "CloseHandle", hObject, 0,
                        "a socket must be closed with closesocket (WS-15)"));
                return true;
            }
            if (rc == KernelDriver.CLOSE_DEFERRED) {
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

    /**
     * {@code FindClose}: only a find handle closes (KO-09) — anything else fails with 6 and never reaches
     * the driver, as Windows' {@code FindClose} refuses a value that is not its own search structure; the
     * entry leaves the table and the driver's {@link KernelDriver#doClose} ends the search. Success leaves
     * the last error alone.
     */
    boolean findClose(long hFindFile) {
        long start = System.nanoTime();
        HandleEntry e = hFindFile == 0 || pseudo(hFindFile) ? null : table.get(hFindFile);
        if (e == null || e.closer() != Closer.FIND_CLOSE) {
            emit("FindClose", hFindFile, e == null ? "(invalid)" : e.typeName(), INVALID, CloseEvent.Outcome.INVALID, start);
            return fail(INVALID);
        }
        int rc = closeEntry(hFindFile & ~3L, null);
        emit("FindClose", hFindFile, e.typeName(), rc == KernelDriver.CLOSE_DEFERRED ? 0 : rc, outcome(rc), start);
        return rc == 0 || rc == KernelDriver.CLOSE_DEFERRED || fail(rc);
    }

    /**
     * {@code RegCloseKey}, which returns its error and leaves the last error alone: a predefined key closes
     * nothing and returns 0 (KO-09); an open key — or any other kernel handle, as {@code RegCloseKey} ends
     * in {@code NtClose} — leaves the table and the driver closes it, unless it is protected (6, KO-12); a
     * find handle or a value that names no open handle is 6 and never reaches the driver.
     */
    int regCloseKey(long hKey) {
        long start = System.nanoTime();
        if (KeyArgs.predefined(hKey)) {
            emit("RegCloseKey", hKey, "Key", 0, CloseEvent.Outcome.PREDEFINED, start);
            return 0;
        }
        HandleEntry e = hKey == 0 || pseudo(hKey) ? null : table.get(hKey);
        if (e == null || e.closer() == Closer.FIND_CLOSE) {
            emit("RegCloseKey", hKey, e == null ? "(invalid)" : e.typeName(), INVALID, CloseEvent.Outcome.INVALID, start);
            return INVALID;
        }
        long h = hKey & ~3L;
        if (protectedFromClose(h)) {
            emit("RegCloseKey", hKey, e.typeName(), INVALID, CloseEvent.Outcome.PROTECTED, start);
            return INVALID;
        }
        int rc = closeEntry(h, e.closer() == Closer.CLOSESOCKET ? e : null);
        emit("RegCloseKey", hKey, e.typeName(), rc == KernelDriver.CLOSE_DEFERRED ? 0 : rc, outcome(rc), start);
        return rc == KernelDriver.CLOSE_DEFERRED ? 0 : rc;
    }

    /**
     * Takes {@code value} out of the table and lets the driver close it ({@code prepare}, if not null, is
     * the socket entry the driver prepares first): 0, the close's error, {@link KernelDriver#CLOSE_DEFERRED},
     * or 6 if another thread closed it in the meantime.
     */
    private int closeEntry(long value, HandleEntry prepare) {
        if (prepare != null) {
            driver.prepareToClose(prepare);
        }
        HandleEntry closed = table.close(value);
        return closed == null ? INVALID : driver.doClose(value, closed);
    }

    private static CloseEvent.Outcome outcome(int rc) {
        return rc == KernelDriver.CLOSE_DEFERRED ? CloseEvent.Outcome.DEFERRED_BEHIND_CALL
                : rc == INVALID ? CloseEvent.Outcome.INVALID
                : rc == 0 ? CloseEvent.Outcome.CLOSED : CloseEvent.Outcome.OS_ERROR;
    }

    private void emit(String function, long given, String type, int error, CloseEvent.Outcome outcome, long start) {
        if (session.closeEvents().enabled()) {
            session.closeEvents().emit(HandleSpace.KERNEL, function, given, type, error, outcome, start);
        }
    }

    /** Reports a non-zero value that names no open handle: stale if generation tagging says so (KO-11). */
    private void reportInvalid(String function, long given, long value) {
        boolean stale = table.check(value) == HandleTable.Validity.STALE;
        session.misuse(new Misuse(stale ? Misuse.Kind.STALE_HANDLE : Misuse.Kind.INVALID_HANDLE, function, given,
                Misuse.STATUS_INVALID_HANDLE,
                stale ? "the handle's slot now holds a newer handle (KO-11)" : "not an open handle (KO-03)"));
    }

    private boolean protectedFromClose(long value) {
        HandleEntry e = table.acquire(value);
        if (e == null) {
            return false;
        }
        try {
            IntRef flags = new IntRef();
            return driver.handleFlags(e, flags) == 0 && (flags.value & HANDLE_FLAG_PROTECT_FROM_CLOSE) != 0;
        } finally {
            table.release(value);
        }
    }

    /**
     * {@code DuplicateHandle}: the process handles first, then the source — a pseudo-handle becomes a
     * real handle, a value naming no open kernel handle (a find handle included) fails with 6 — and the
     * protect flag that keeps a {@code DUPLICATE_CLOSE_SOURCE} source open (KO-12). The copy itself is
     * the driver's work (KO-02).
     */
    boolean duplicateHandle(long sourceProcess, long source, long targetProcess, LongRef target, int access,
                            boolean inherit, int options) {
        int rc = driver.checkProcess(sourceProcess);
        if (rc == 0) {
            rc = driver.checkProcess(targetProcess);
        }
        if (rc != 0) {
            return fail(rc);
        }
        if (pseudo(source)) {
            rc = driver.duplicatePseudo(source, target, access, inherit, options);
            return rc == 0 || fail(rc);
        }
        long h = translate(source);
        HandleEntry e = h == 0 ? null : table.get(h);
        if (e == null || e.closer() == Closer.FIND_CLOSE) {
            return fail(INVALID);
        }
        h &= ~3L;
        boolean sourceProtected = (options & DUPLICATE_CLOSE_SOURCE) != 0 && protectedFromClose(h);
        rc = driver.duplicate(h, e, target, access, inherit, options, sourceProtected);
        return rc == 0 || fail(rc);
    }

    /** {@code GetHandleInformation} (KO-12): 6 for anything but an open kernel handle, then 998 for no out-parameter. */
    boolean getHandleInformation(long hObject, IntRef flags) {
        return onKernelHandle(hObject, e -> flags == null ? NO_ACCESS : driver.handleFlags(e, flags));
    }

    /** {@code SetHandleInformation} (KO-12): 6 for anything but an open kernel handle. */
    boolean setHandleInformation(long hObject, int mask, int flags) {
        return onKernelHandle(hObject, e -> driver.setHandleFlags(e, mask, flags));
    }

    /**
     * Runs {@code work} on the open kernel handle {@code hObject} names (a standard-handle constant
     * translated), leased for the call; fails with 6, without running it, for a pseudo-handle, a value
     * that names no open handle, or a find handle (no kernel handle). {@code work} returns 0 or the error.
     */
    private boolean onKernelHandle(long hObject, ToIntFunction<HandleEntry> work) {
        long h = pseudo(hObject) ? 0 : translate(hObject);
        HandleEntry e = h == 0 ? null : table.acquire(h);
        if (e == null) {
            return fail(INVALID);
        }
        try {
            int rc = e.closer() == Closer.FIND_CLOSE ? INVALID : work.applyAsInt(e);
            return rc == 0 || fail(rc);
        } finally {
            table.release(h);
        }
    }

    /** {@code GetStdHandle}: {@code INVALID_HANDLE_VALUE} with 6 for anything but the three constants. */
    long getStdHandle(int which) {
        if (!standardConstant(which)) {
            fail(INVALID);
            return io.teardown.kernel.Kernel32.INVALID_HANDLE_VALUE;
        }
        return driver.standardHandle(which);
    }

    /** {@code SetStdHandle}: 6 for anything but the three constants. */
    boolean setStdHandle(int which, long value) {
        if (!standardConstant(which)) {
            return fail(INVALID);
        }
        driver.standardHandle(which, value);
        return true;
    }
}

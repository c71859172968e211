package io.teardown.kernel.front;

import io.teardown.api.HandleSpace;
import io.teardown.api.Misuse;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.spi.KernelDriver;
import io.teardown.kernel.spi.ResolvedHandle;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntToLongFunction;

/**
 * The handle arguments of the type-specific functions, resolved once for every backend before the
 * driver sees them: a pseudo-handle passes as itself (KO-04; the driver says what it names), a
 * standard-handle constant becomes the current standard handle (KO-04), the tag bits are ignored (KO-11),
 * and a value that names no open kernel handle — zero, closed, never issued, stale, or a find handle,
 * which is no kernel handle (KO-09) — fails with {@code ERROR_INVALID_HANDLE} without reaching the
 * driver; a stale one is reported as misuse (KO-11). The entry is leased for the call
 * ({@link ResolvedHandle}). The kernel front resolves its calls' handles with it, and the Winsock front
 * the handles of its event functions, which are kernel32's under Winsock's names (KO-13). See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>.
 */
public final class HandleArgs {
    private static final int INVALID = Win32Error.ERROR_INVALID_HANDLE.code();

    private final Session session;
    private final HandleTable<HandleEntry> table;
    private final IntToLongFunction standardHandle;

    /**
     * The resolver of {@code session}'s kernel table; {@code standardHandle} gives the table value a
     * standard-handle constant stands for now (the driver's {@link KernelDriver#standardHandle(int)}).
     */
    public HandleArgs(Session session, IntToLongFunction standardHandle) {
        this.session = Objects.requireNonNull(session, "session");
        this.table = session.handles(HandleSpace.KERNEL);
        this.standardHandle = Objects.requireNonNull(standardHandle, "standardHandle");
    }

    /**
     * The check {@code WaitForMultipleObjects} makes before it looks at a handle: a count of 1 …
     * {@code MAXIMUM_WAIT_OBJECTS} that the array holds (else 87).
     */
    public static boolean waitCount(int nCount, long[] lpHandles) {
        return nCount > 0 && nCount <= Kernel32.MAXIMUM_WAIT_OBJECTS && lpHandles != null && lpHandles.length >= nCount;
    }

    /**
     * Runs {@code call} with {@code given} resolved, then ends the lease; if it names no open kernel
     * handle, returns {@code failed} without calling (the last error is 6).
     */
    public <R> R with(String function, long given, R failed, Function<ResolvedHandle, R> call) {
        ResolvedHandle h = resolve(function, given);
        if (h == null) {
            return failed;
        }
        try {
            return call.apply(h);
        } finally {
            h.release();
        }
    }

    /**
     * Runs {@code call} with the first {@code count} values of {@code given} resolved (all leased for the
     * whole call, in order), then ends the leases; 6 and {@code failed} at the first that names no open
     * kernel handle. The caller has checked {@code count} against the array.
     */
    public <R> R withAll(String function, long[] given, int count, R failed, Function<ResolvedHandle[], R> call) {
        ResolvedHandle[] resolved = new ResolvedHandle[count];
        try {
            for (int i = 0; i < count; i++) {
                resolved[i] = resolve(function, given[i]);
                if (resolved[i] == null) {
                    return failed;
                }
            }
            return call.apply(resolved);
        } finally {
            for (ResolvedHandle h : resolved) {
                if (h != null) {
                    h.release();
                }
            }
        }
    }

    /**
     * Runs {@code call} with {@code given} resolved, or with null when {@code given} is 0 — an optional
     * handle the caller left out ({@code CreateFile}'s template) — then ends the lease; {@code failed}
     * (the last error 6) if a non-zero value names no open kernel handle.
     */
    public <R> R withOptional(String function, long given, R failed, Function<ResolvedHandle, R> call) {
        return given == 0 ? call.apply(null) : with(function, given, failed, call);
    }

    /**
     * {@code given} resolved and leased, or null (nothing leased, the last error 6) if it names no open
     * kernel handle.
     */
    private ResolvedHandle resolve(String function, long given) {
        if (HandleRules.pseudo(given)) {
            return ResolvedHandle.pseudo(given);
        }
        long value = HandleRules.standardConstant(given) ? standardHandle.applyAsLong((int) given) : given;
        HandleEntry e = lease(session, table, function, given, value, true);
        if (e == null) {
            return null;
        }
        value &= ~3L;
        if (e.closer() == Closer.FIND_CLOSE) {
            table.release(value);
            session.lastError().set(INVALID);
            return null; // a find handle is no kernel handle (KO-09)
        }
        return ResolvedHandle.leased(value, e, table);
    }

    /**
     * The entry {@code value} names in {@code table}, leased (the caller gives it back with
     * {@link HandleTable#release}), or null: 0, closed, never issued, or stale — a stale value is reported
     * as misuse in a strict session (KO-11), after the last error is set to 6 when {@code setsLastError}
     * (the registry functions return their error instead). The resolvers of every handle family share it
     * ({@link FindArgs}, {@link KeyArgs}).
     */
    static HandleEntry lease(Session session, HandleTable<HandleEntry> table, String function, long given, long value,
                             boolean setsLastError) {
        HandleEntry e = value == 0 ? null : table.acquire(value);
        if (e == null && setsLastError) {
            session.lastError().set(INVALID);
        }
        if (e == null && value != 0 && session.strict() && table.check(value) == HandleTable.Validity.STALE) {
            session.misuse(new Misuse(Misuse.Kind.STALE_HANDLE, function, given, 0,
                    "the handle's slot now holds a newer handle (KO-11)"));
        }
        return e;
    }
}

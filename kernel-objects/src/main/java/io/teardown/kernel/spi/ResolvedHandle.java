package io.teardown.kernel.spi;

import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A handle argument the kernel front has resolved for a driver's call: a pseudo-handle
 * ({@code GetCurrentProcess()} … {@code GetCurrentThreadEffectiveToken()}, −1 … −6, which names no table
 * entry: the driver decides what it stands for), a predefined registry key ({@code HKEY_CLASSES_ROOT} …,
 * for the registry functions only, no entry either), or an open entry of the session's kernel table of
 * the family the function takes — a kernel handle, a find handle for {@code FindNextFile}, a key for the
 * registry functions — leased for the call. Never an invalid, closed or stale value, nor one of another
 * family: the front has failed those with {@code ERROR_INVALID_HANDLE} and reported the stale ones (KO-03,
 * KO-09, KO-11) before the driver is called. A standard-handle constant arrives as the standard handle it
 * stands for, without its tag bits (KO-04, KO-11).
 *
 * <p>The lease keeps the entry from being reclaimed while the driver works: a {@code CloseHandle}
 * meanwhile makes the value invalid for every new call at once, and the entry's reclaim (the OS close,
 * the object's handle count) runs when the lease ends. The front ends it when the call returns; a driver
 * that keeps the object alive by other means (the engine's pointer reference, KO-10) gives it back early
 * with {@link #release()}, so that a close takes effect as soon as the object is referenced. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is".
 */
public final class ResolvedHandle {
    private final long value;
    private final HandleEntry entry;
    private final HandleTable<?> table;
    private final AtomicBoolean leased;

    private ResolvedHandle(long value, HandleEntry entry, HandleTable<?> table) {
        this.value = value;
        this.entry = entry;
        this.table = table;
        this.leased = new AtomicBoolean(entry != null);
    }

    /** A pseudo-handle (−1 … −6), which leases nothing. */
    public static ResolvedHandle pseudo(long value) {
        if (!isPseudo(value)) {
            throw new IllegalArgumentException("not a pseudo-handle: " + value);
        }
        return new ResolvedHandle(value, null, null);
    }

    /** A predefined registry key ({@code HKEY_CLASSES_ROOT} …, sign-extended), which leases nothing. */
    public static ResolvedHandle predefinedKey(long value) {
        if (isPseudo(value) || value >= 0) {
            throw new IllegalArgumentException("not a predefined key: " + value);
        }
        return new ResolvedHandle(value, null, null);
    }

    private static boolean isPseudo(long value) {
        return value <= -1L && value >= -6L;
    }

    /**
     * The open entry {@code value} names in {@code table}, which the caller has leased with
     * {@link HandleTable#acquire}: this object gives the lease back ({@link #release()}).
     */
    public static ResolvedHandle leased(long value, HandleEntry entry, HandleTable<?> table) {
        return new ResolvedHandle(value, Objects.requireNonNull(entry, "entry"), Objects.requireNonNull(table, "table"));
    }

    /** Whether this is a pseudo-handle (no entry). */
    public boolean pseudo() {
        return entry == null && isPseudo(value);
    }

    /** Whether this is a predefined registry key (no entry). */
    public boolean predefinedKey() {
        return entry == null && !isPseudo(value);
    }

    /** The table value without its tag bits, the pseudo-handle, or the predefined key. */
    public long value() {
        return value;
    }

    /** The table entry; null for a pseudo-handle or a predefined key. Use it only while the call runs. */
    public HandleEntry entry() {
        return entry;
    }

    /** Gives the lease back now (the front does when the call returns); later calls do nothing. */
    public void release() {
        if (leased.compareAndSet(true, false)) {
            table.release(value);
        }
    }

    @Override
    public String toString() {
        if (entry == null) {
            return (pseudo() ? "pseudo-handle " : "predefined key 0x") + (pseudo() ? value : Long.toHexString(value));
        }
        return "0x" + Long.toHexString(value) + " " + entry;
    }
}

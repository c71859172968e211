package io.teardown.backend.windows.handles;

import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One session handle of the native backend: the real operating-system value behind a value of the
 * session's table. Java code only ever sees the table value; the OS value reaches Windows only through
 * a lease on this entry, so a stale, closed or foreign table value never
 * reaches Windows, and a recycled table value never reaches the old OS handle (KO-03, KO-11, WS-14,
 * WI-07, WL-03, WL-08).
 *
 * <p>The OS handle is closed exactly once, by {@link #reclaim()}: when the table frees the entry (the
 * handle was closed and the last call that leased it has returned), or when the session closes with
 * the handle still open. {@link #disown()} makes the reclaim close nothing, for handles Windows closed
 * itself (a WinINet child closed with its parent, WI-02) or that the process owns (standard handles).
 */
public final class OsHandle implements HandleEntry {
    /** Closes an OS value; returns 0 or the Windows error of the close. */
    @FunctionalInterface
    public interface OsCloser {
        /** Closes {@code os}; 0 on success, else the error Windows reported. */
        int close(long os);
    }

    /** The close result before the reclaim ran (the close is deferred behind a call in flight). */
    public static final int DEFERRED = Integer.MIN_VALUE;

    private final long os;
    private final String typeName;
    private final Closer closer;
    private final boolean leakChecked;
    private volatile OsCloser osCloser;
    private final Object state;
    private final AtomicBoolean owned = new AtomicBoolean(true);
    private volatile int closeResult = DEFERRED;

    /**
     * An entry for {@code os}.
     *
     * @param os          the real value Windows returned
     * @param typeName    the object type (for diagnostics and leak reports)
     * @param closer      the function meant to close it
     * @param leakChecked whether leaving it open at session close is a leak
     * @param osCloser    how the OS handle is closed
     * @param state       subsystem data kept with the handle (may be null)
     */
    public OsHandle(long os, String typeName, Closer closer, boolean leakChecked, OsCloser osCloser, Object state) {
        this.os = os;
        this.typeName = Objects.requireNonNull(typeName, "typeName");
        this.closer = Objects.requireNonNull(closer, "closer");
        this.leakChecked = leakChecked;
        this.osCloser = Objects.requireNonNull(osCloser, "osCloser");
        this.state = state;
    }

    /** The real OS value. Use it only while the entry is leased. */
    public long os() {
        return os;
    }

    /** The subsystem data given at creation. */
    public Object state() {
        return state;
    }

    /** Whether the OS handle is still this entry's to close. */
    public boolean owned() {
        return owned.get();
    }

    /** From now on the reclaim closes nothing: Windows closed the OS handle already, or the process owns it. */
    public void disown() {
        owned.set(false);
    }

    /**
     * From now on the OS handle is closed with {@code closer} instead (a socket closed with
     * {@code CloseHandle}, WS-15, is closed the way Windows does that, not with {@code closesocket}).
     */
    public void closeWith(OsCloser closer) {
        this.osCloser = Objects.requireNonNull(closer, "closer");
    }

    /** The result of the OS close: 0, an error, or {@link #DEFERRED} if the reclaim has not run yet. */
    public int closeResult() {
        return closeResult;
    }

    @Override
    public String typeName() {
        return typeName;
    }

    @Override
    public Closer closer() {
        return closer;
    }

    @Override
    public boolean leakChecked() {
        return leakChecked;
    }

    @Override
    public void reclaim() {
        if (owned.compareAndSet(true, false)) {
            closeResult = osCloser.close(os);
        } else {
            closeResult = 0;
        }
    }

    @Override
    public String toString() {
        return typeName + "[os 0x" + Long.toHexString(os) + "]";
    }
}

package io.teardown.backend.windows.handles;

import io.teardown.api.HandleSpace;
import io.teardown.api.Session;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The native backend's view of one session handle table: registers OS handles, runs calls with the
 * entry leased, and closes.
 *
 * <p>Close racing a call (WS-14, WI-07, KO-10): {@link #close} makes the value invalid for every new
 * call at once; the OS handle is closed by the entry's reclaim, which the table runs when the last call
 * that leased the entry has returned. So an OS value is never closed while a call is about to pass it
 * to Windows, and Windows can never recycle it under such a call.
 */
public final class OsHandles {
    private final Session session;
    private final HandleTable<HandleEntry> table;

    /** The {@code space} table of {@code session}. */
    public OsHandles(Session session, HandleSpace space) {
        this.session = Objects.requireNonNull(session, "session");
        this.table = session.handles(space);
    }

    /** The session. */
    public Session session() {
        return session;
    }

    /** The underlying table. */
    public HandleTable<HandleEntry> table() {
        return table;
    }

    /**
     * Registers {@code entry} and returns its table value. If the table is full the OS handle is closed
     * again and the exception propagates (the caller turns it into the Windows error).
     */
    public long register(OsHandle entry) {
        try {
            return table.insert(entry);
        } catch (RuntimeException e) {
            entry.reclaim();
            throw e;
        }
    }

    /** The open entry {@code value} names now, or null (no lease; for checks only). */
    public OsHandle peek(long value) {
        return table.get(value) instanceof OsHandle h ? h : null;
    }

    /**
     * Runs {@code call} with the entry {@code value} names leased, or returns {@code invalid.get()}
     * (without reaching Windows) if the value is not an open handle of this backend.
     */
    public <R> R call(long value, Function<OsHandle, R> call, Supplier<R> invalid) {
        HandleEntry e = value == 0 ? null : table.acquire(value);
        if (e == null) {
            return invalid.get();
        }
        try {
            return e instanceof OsHandle h ? call.apply(h) : invalid.get();
        } finally {
            table.release(value);
        }
    }

    /**
     * Leases {@code value} for a call that spans more than one lambda; null if it is not an open handle of
     * this backend. Every non-null result must be given back with {@link #release}.
     */
    public OsHandle acquire(long value) {
        HandleEntry e = value == 0 ? null : table.acquire(value);
        if (e == null) {
            return null;
        }
        if (e instanceof OsHandle h) {
            return h;
        }
        table.release(value);
        return null;
    }

    /** Gives back a lease taken by {@link #acquire}. */
    public void release(long value) {
        table.release(value);
    }

    /**
     * Closes {@code value}: the entry that was closed, or null if the value was not an open handle. The
     * entry's {@link OsHandle#closeResult()} is the OS close's result if it ran now, or
     * {@link OsHandle#DEFERRED} if a call in flight still holds the entry (the OS close then runs when
     * that call returns).
     */
    public OsHandle close(long value) {
        if (value == 0 || !(table.get(value) instanceof OsHandle)) {
            return null;
        }
        return table.close(value) instanceof OsHandle h ? h : null;
    }
}

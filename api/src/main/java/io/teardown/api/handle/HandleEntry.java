package io.teardown.api.handle;

/**
 * What a {@link HandleTable} slot holds: one handle (not one object: two handles to one kernel
 * object are two entries that share it, KO-02).
 *
 * <p>Thread-safety: {@link #reclaim()} is called exactly once, by whichever thread ends the last
 * lease after the handle was closed (or by the session's close), never while a table lock is held.
 */
public interface HandleEntry {
    /** The object-manager type name Windows reports: {@code "Event"}, {@code "File"}, {@code "Socket"}. */
    String typeName();

    /** The function that is meant to close this handle. */
    default Closer closer() {
        return Closer.CLOSE_HANDLE;
    }

    /**
     * Whether a handle still open when the session closes is a leak. {@code false} only for handles the
     * process owns by design, such as its standard handles ({@code GetStdHandle}, KO-04).
     */
    default boolean leakChecked() {
        return true;
    }

    /**
     * Releases what this handle holds. Runs once the handle has been closed and no call that leased
     * it is still in flight (WS-14, WI-07), or when the session closes with the handle still open.
     */
    void reclaim();
}

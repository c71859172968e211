package io.teardown.api;

/**
 * The per-thread last-error value of one session: what {@code GetLastError()} and
 * {@code WSAGetLastError()} read and {@code SetLastError()} / {@code WSASetLastError()} write.
 *
 * <p>Each session has its own, so two sessions on one thread do not see each other's errors. Reading
 * or writing allocates nothing after a thread's first access.
 */
public final class LastError {
    private final ThreadLocal<int[]> slot = ThreadLocal.withInitial(() -> new int[1]);

    LastError() {
    }

    /** The calling thread's last error. */
    public int get() {
        return slot.get()[0];
    }

    /** Sets the calling thread's last error. */
    public void set(int code) {
        slot.get()[0] = code;
    }

    /** Sets the calling thread's last error. */
    public void set(Win32Error error) {
        slot.get()[0] = error.code();
    }
}

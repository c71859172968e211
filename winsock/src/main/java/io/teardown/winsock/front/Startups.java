package io.teardown.winsock.front;

/**
 * The session's {@code WSAStartup} count (WS-01): reference counted, so after two startups one cleanup
 * leaves every socket working and only the final one ends Winsock for the session. Thread-safe.
 */
final class Startups {
    private int count; // guarded by this
    private volatile boolean started;

    /** Whether a startup is in effect: every socket call needs one (WS-01). */
    boolean started() {
        return started;
    }

    /** Counts a successful {@code WSAStartup}. */
    synchronized void up() {
        count++;
        started = true;
    }

    /** What a {@code WSACleanup} found. */
    enum Down {
        /** No startup in effect: {@code WSANOTINITIALISED}. */
        NOT_STARTED,
        /** Others remain: the sockets keep working. */
        COUNTED,
        /** The final cleanup: the session's sockets are to be destroyed. */
        LAST
    }

    /** Counts a {@code WSACleanup}. */
    synchronized Down down() {
        if (count == 0) {
            return Down.NOT_STARTED;
        }
        if (--count > 0) {
            return Down.COUNTED;
        }
        started = false;
        return Down.LAST;
    }
}

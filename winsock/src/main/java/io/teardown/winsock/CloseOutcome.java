package io.teardown.winsock;

import java.time.Duration;

/**
 * What a {@code closesocket} did, as the object API reports it. The flat facade returns 0 for every
 * outcome but {@link WouldBlock} (WS-06: "the result does not say whether all data was sent"); the
 * object API tells them apart.
 */
public sealed interface CloseOutcome {
    /** Whether the handle is gone (everything but {@link WouldBlock}). */
    default boolean closed() {
        return true;
    }

    /** WS-04: returned at once; queued data goes out in the background, then FIN. */
    record Graceful() implements CloseOutcome {
    }

    /** WS-05: hard close; unsent data discarded, RST. */
    record Abortive() implements CloseOutcome {
    }

    /**
     * WS-06: a blocking lingering close.
     *
     * @param blocked      how long {@code closesocket} blocked
     * @param acknowledged true if everything was acknowledged in time (then FIN); false if the
     *                     deadline passed (then RST) or the peer reset the connection meanwhile
     */
    record Lingered(Duration blocked, boolean acknowledged) implements CloseOutcome {
    }

    /** WS-07: non-blocking socket with a linger timeout and data still pending: nothing happened, call again. */
    record WouldBlock() implements CloseOutcome {
        @Override
        public boolean closed() {
            return false;
        }
    }

    /** The backend closed the socket but does not say how (the native backend: Windows does not report it). */
    record Closed() implements CloseOutcome {
    }
}

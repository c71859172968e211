package io.teardown.api;

import java.time.Duration;

/**
 * One close call as it happened: emitted by every subsystem's close path to the session's listeners
 * and, when enabled, as a JDK Flight Recorder event ({@code io.teardown.Close}, whose outcome field is
 * {@link Outcome#text()}).
 *
 * @param space    the handle table
 * @param function the Windows function called ({@code "closesocket"}, {@code "CloseHandle"} …)
 * @param handle   the value passed in
 * @param type     the type of what it named, or {@code "(invalid)"}
 * @param error    0 on success, otherwise the Windows error number the call reported
 * @param outcome  what happened ({@link Outcome#GRACEFUL}, {@link Outcome#RESET}, {@link Outcome#INVALID} …)
 * @param duration how long the call took
 */
public record CloseEvent(HandleSpace space, String function, long handle, String type, int error,
                         Outcome outcome, Duration duration) {

    /** Whether the close call succeeded. */
    public boolean succeeded() {
        return error == 0;
    }

    /**
     * What a close call did, one vocabulary for every subsystem and backend. {@link #text()} (also
     * {@link #toString()}) is the short word printed in logs and recorded by Flight Recorder.
     */
    public enum Outcome {
        /** The handle was closed (the default success). */
        CLOSED("closed"),
        /** The value names no open handle of the right kind (KO-03, WI-08, WL-03, WL-08). */
        INVALID("invalid"),
        /** An argument checked before the handle lookup was wrong; nothing was closed (WL-02). */
        REJECTED("rejected"),
        /** A pseudo-handle: success, nothing closed (KO-04). */
        PSEUDO_HANDLE("pseudo-handle"),
        /** The handle is protected from close and stays open (KO-12). */
        PROTECTED("protected"),
        /** {@code CloseHandle} closed a socket (WS-15). */
        SOCKET_CLOSED("socket-closed"),
        /** {@code CloseHandle} on a registry key: success reported, the key stays open (KO-09). */
        NOT_CLOSED("not-closed"),
        /** The handle needs its own closer ({@code FindClose} …) and was not closed (KO-09). */
        WRONG_CLOSER("wrong-closer"),
        /** A predefined registry key: {@code RegCloseKey} succeeds and closes nothing (KO-09). */
        PREDEFINED("predefined"),
        /** The value is invalid at once; the release waits for a call still in flight (WS-14, WI-07, WL-08). */
        DEFERRED_BEHIND_CALL("deferred-behind-call"),
        /** The operating system's close reported an error. */
        OS_ERROR("os-error"),
        /** Refused inside the session's own notification callback, where Windows deadlocks (WL-07). */
        REFUSED_IN_CALLBACK("refused-in-callback"),
        /** Closed after waiting for a running notification callback (WL-06). */
        WAITED_FOR_CALLBACK("waited-for-callback"),
        /** Closed from inside its own callback; finished when the callback returns (WL-07, defer mode). */
        DEFERRED("deferred"),
        /** Closed with asynchronous operations outstanding, which were cancelled (WI-04, WI-05). */
        CANCELLED("cancelled"),
        /** The close failed (WSANOTINITIALISED, WSAENOTSOCK … in {@link CloseEvent#error()}). */
        FAILED("failed"),
        /** Winsock is not started (WS-01). */
        NOT_INITIALISED("not-initialised"),
        /** The value is not a socket (WS-02). */
        NOT_A_SOCKET("not-a-socket"),
        /** The operating system refused the close; the socket stays open. */
        REFUSED("refused"),
        /** One of several descriptors of a socket was closed; the socket lives on (WS-19). */
        DESCRIPTOR("descriptor"),
        /** A non-blocking lingering close could not complete; the socket stays open (WS-07). */
        WOULD_BLOCK("wouldblock"),
        /** A blocking lingering close was interrupted (WS-12). */
        INTERRUPTED("interrupted"),
        /** Graceful close: queued data, then FIN (WS-04). */
        GRACEFUL("graceful"),
        /** Hard close: RST (WS-05). */
        RESET("reset"),
        /** Lingering close that ended with all data acknowledged (WS-06). */
        LINGERED("lingered"),
        /** Lingering close that timed out and reset the connection (WS-06). */
        LINGER_RESET("linger-reset");

        private final String text;

        Outcome(String text) {
            this.text = text;
        }

        /** The short word printed and recorded for this outcome ({@code "graceful"}, {@code "invalid"} …). */
        public String text() {
            return text;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}

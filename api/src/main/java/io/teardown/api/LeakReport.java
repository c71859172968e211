package io.teardown.api;

import java.util.Optional;

/**
 * A handle that was never closed (WS-16 and its siblings): reported when its session closes with it
 * still open, or when the object-API handle that owned it became unreachable.
 *
 * @param space   the handle table it lives in
 * @param handle  the handle value
 * @param type    the object-manager type name ({@code "Socket"}, {@code "Event"} …)
 * @param reason  how the leak was found
 * @param origin  the stack that opened it, when strict or paranoid leak tracking is on
 */
public record LeakReport(HandleSpace space, long handle, String type, Reason reason,
                         Optional<Throwable> origin) {

    /** How a leak was found. */
    public enum Reason {
        /** The session closed with the handle still open; the session released it. */
        SESSION_CLOSED,
        /** The object-API handle was garbage collected without being closed. */
        UNREACHABLE
    }

    /** A one-line description starting with the {@code LEAK:} marker CI greps for. */
    public String describe() {
        return "LEAK: " + type + " handle 0x" + Long.toHexString(handle) + " in the " + space
                + " table was never closed (" + reason + ")"
                + (origin.isPresent() ? "; opened at:" : "; run with -Dteardown.leakTracking=PARANOID (or Session.builder().leakTracking(LeakTracking.PARANOID)) to see where it was opened");
    }
}

package io.teardown.api;

/**
 * Misuse that Windows reports only under a debugger, or not at all: an invalid or stale handle passed
 * to a close function, a handle closed with the wrong function (KO-03, KO-09, KO-11, WS-15). Strict
 * mode hands each one to the session's {@link MisuseHandler}.
 *
 * @param kind     what went wrong
 * @param function the Windows function that was called
 * @param handle   the value passed in
 * @param ntStatus the NTSTATUS Windows raises for it ({@code 0xC0000008}, STATUS_INVALID_HANDLE), or 0
 *                 where Windows raises nothing and only Teardown's strict mode flags it
 * @param detail   a sentence for people
 */
public record Misuse(Kind kind, String function, long handle, int ntStatus, String detail) {
    /** {@code STATUS_INVALID_HANDLE}, the exception Windows raises under a debugger (KO-03). */
    public static final int STATUS_INVALID_HANDLE = 0xC0000008;

    /** The kinds of misuse. */
    public enum Kind {
        /** A value that is not an open handle (never issued, closed, garbage). */
        INVALID_HANDLE,
        /** A value whose slot now belongs to a newer handle (generation tagging; KO-11). */
        STALE_HANDLE,
        /** A handle closed with a function not meant for it (KO-09, WS-15). */
        WRONG_CLOSER
    }

    /** A message naming the function, the value and the kind. */
    public String describe() {
        return function + "(0x" + Long.toHexString(handle) + "): " + kind
                + (ntStatus != 0 ? String.format(" [NTSTATUS 0x%08X]", ntStatus) : "") + ": " + detail;
    }
}

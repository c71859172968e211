package io.teardown.api;

/**
 * What strict mode throws by default for a {@link Misuse}: the Java form of the invalid-handle
 * exception Windows raises under a debugger (KO-03). Catch it, and the flat call has still failed as
 * Windows says (for a close of an invalid handle: {@code FALSE} with {@code ERROR_INVALID_HANDLE}).
 */
public final class MisuseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Misuse misuse;

    /** An exception for one misuse. */
    public MisuseException(Misuse misuse) {
        super(misuse.describe());
        this.misuse = misuse;
    }

    /** What was misused. */
    public Misuse misuse() {
        return misuse;
    }
}

package io.teardown.api;

import java.util.Optional;

/**
 * A failed Windows call, as the object API reports it: the same error number the flat facade would
 * leave in {@code GetLastError()} / {@code WSAGetLastError()} or return directly.
 *
 * <p>Unchecked, like JNA's {@code Win32Exception}. {@link #code()} is always the Windows number;
 * {@link #error()} names it when Teardown knows it.
 */
public class Win32Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;

    /** A failure with a known code and the code's own message. */
    public Win32Exception(Win32Error error) {
        this(error.code(), error.toString());
    }

    /** A failure with a known code and a message saying what was attempted. */
    public Win32Exception(Win32Error error, String context) {
        this(error.code(), context + ": " + error);
    }

    /** A failure with any Windows number. */
    public Win32Exception(int code, String message) {
        super(message);
        this.code = code;
    }

    /** A failure with any Windows number and a cause (an I/O error of the transport, say). */
    public Win32Exception(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The Windows error number. */
    public int code() {
        return code;
    }

    /** The error, if the number is one Teardown names. */
    public Optional<Win32Error> error() {
        return Win32Error.of(code);
    }

    /** Whether this failure carries {@code error}. */
    public boolean is(Win32Error error) {
        return code == error.code();
    }
}

package io.teardown.kernel;

/**
 * How a wait of the object API ended: the value form of {@code WaitForSingleObject} /
 * {@code WaitForMultipleObjects}' result ({@code WAIT_OBJECT_0 + i}, {@code WAIT_ABANDONED_0 + i},
 * {@code WAIT_TIMEOUT}). A failed wait ({@code WAIT_FAILED}) is a {@link io.teardown.api.Win32Exception}.
 */
public sealed interface WaitResult permits WaitResult.Signaled, WaitResult.Abandoned, WaitResult.TimedOut {
    /** The object at {@code index} was signalled. */
    record Signaled(int index) implements WaitResult {
    }

    /** The mutex at {@code index} was abandoned by its owner thread; the caller owns it now. */
    record Abandoned(int index) implements WaitResult {
    }

    /** The timeout passed. */
    record TimedOut() implements WaitResult {
    }

    /** Whether the wait was satisfied (signalled or abandoned). */
    default boolean satisfied() {
        return !(this instanceof TimedOut);
    }

    /** The value of a flat wait's return code. */
    static WaitResult of(int code) {
        if (code == Kernel32.WAIT_TIMEOUT) {
            return new TimedOut();
        }
        if (code >= Kernel32.WAIT_ABANDONED_0 && code < Kernel32.WAIT_ABANDONED_0 + Kernel32.MAXIMUM_WAIT_OBJECTS) {
            return new Abandoned(code - Kernel32.WAIT_ABANDONED_0);
        }
        return new Signaled(code - Kernel32.WAIT_OBJECT_0);
    }
}

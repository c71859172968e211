package io.teardown.kernel;

/**
 * One packet taken from an {@link IoCompletionPort}: the key its handle was associated with, the bytes
 * transferred and the caller's own {@link Overlapped} — the operation succeeded, or failed with a Win32
 * error (an operation aborted by a close or a cancellation: 995, or 1236 for a connected socket; KO-14,
 * KO-15, WS-09).
 */
public sealed interface Completion permits Completion.Succeeded, Completion.Failed {
    /** The completion key. */
    long key();

    /** Bytes transferred (0 for a failed operation). */
    int bytes();

    /** The structure the operation was issued with (the very object), or the one posted. */
    Overlapped overlapped();

    /** The operation succeeded. */
    record Succeeded(long key, int bytes, Overlapped overlapped) implements Completion {
    }

    /** The operation failed with {@code error} (a Win32 error number). */
    record Failed(long key, int bytes, Overlapped overlapped, int error) implements Completion {
    }
}

package io.teardown.kernel;

/**
 * {@code OVERLAPPED}: identifies one completion packet on an I/O completion port
 * ({@link Kernel32#PostQueuedCompletionStatus}, {@link Kernel32#GetQueuedCompletionStatus}). Overlapped
 * file I/O is not emulated: {@code ReadFile}/{@code WriteFile} with a non-null {@code Overlapped} fail
 * with {@code ERROR_NOT_SUPPORTED}. Not thread-safe.
 */
public final class Overlapped {
    /** Status, as the system writes it. */
    public long Internal;
    /** Bytes transferred, as the system writes it. */
    public long InternalHigh;
    /** Low 32 bits of a file offset. */
    public int Offset;
    /** High 32 bits of a file offset. */
    public int OffsetHigh;
    /** An event to signal. */
    public long hEvent;

    /** A zeroed structure. */
    public Overlapped() {
    }
}

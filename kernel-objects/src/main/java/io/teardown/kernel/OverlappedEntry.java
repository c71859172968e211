package io.teardown.kernel;

/**
 * {@code OVERLAPPED_ENTRY}: one packet taken by {@link Kernel32#GetQueuedCompletionStatusEx} — the key,
 * the caller's own {@link Overlapped}, the status and the bytes (KO-14). {@code Internal} holds the
 * operation's status as a Win32 error number (Windows: an NTSTATUS; see {@link Overlapped}). Not
 * thread-safe.
 */
public final class OverlappedEntry {
    /** The completion key the handle was associated with (or the posted one). */
    public long lpCompletionKey;
    /** The operation's structure, the very object it was issued with. */
    public Overlapped lpOverlapped;
    /** The status: 0 for success, else the Win32 error. */
    public long Internal;
    /** The bytes transferred. */
    public int dwNumberOfBytesTransferred;

    /** An empty entry. */
    public OverlappedEntry() {
    }
}

package io.teardown.kernel;

/**
 * {@code OVERLAPPED} (Winsock's {@code WSAOVERLAPPED} is the same structure): identifies one overlapped
 * operation — {@code ReadFile}/{@code WriteFile} on a file or pipe opened with
 * {@code FILE_FLAG_OVERLAPPED}, {@code WSASend}/{@code WSARecv} on a socket — and its completion packet on
 * an I/O completion port. Every completion hands the caller back this very object: the port packet,
 * the completion routine and {@code GetOverlappedResult} all name it (KO-13, KO-14).
 *
 * <p>While the operation is pending {@link #Internal} is {@link #STATUS_PENDING}; when it completes,
 * {@link #InternalHigh} holds the bytes transferred and {@link #Internal} the completion status as a
 * Win32 error number (0 = success). Windows keeps an NTSTATUS in {@code Internal}; the portable engine
 * keeps the number {@code GetOverlappedResult} reports (see docs/kernel-objects.md). The status fields
 * are volatile because completion happens on another thread.
 *
 * <p>Extended only by Winsock's {@code WSAOVERLAPPED}, which adds nothing but its name.
 */
public class Overlapped {
    /** The value of {@link #Internal} while the operation is in flight ({@code STATUS_PENDING}). */
    public static final long STATUS_PENDING = 0x103;

    /** The completion status (see the class comment). */
    public volatile long Internal;
    /** The number of bytes transferred. */
    public volatile long InternalHigh;
    /** Low 32 bits of the file offset a file operation starts at (unused for pipes and sockets). */
    public int Offset;
    /** High 32 bits of the file offset. */
    public int OffsetHigh;
    /**
     * An event (any kernel event: {@code CreateEvent} or {@code WSACreateEvent}) set when the operation
     * completes; 0 for none. With its low bit set the completion posts no completion-port packet, as on
     * Windows.
     */
    public long hEvent;

    /** A zeroed structure. */
    public Overlapped() {
    }

    /** A structure whose completion sets {@code hEvent}. */
    public Overlapped(long hEvent) {
        this.hEvent = hEvent;
    }
}

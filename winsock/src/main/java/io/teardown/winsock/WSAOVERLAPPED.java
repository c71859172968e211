package io.teardown.winsock;

/**
 * {@code WSAOVERLAPPED}: identifies one overlapped {@link Ws2_32#WSASend}/{@link Ws2_32#WSARecv}, with the
 * C member names. While the operation is pending {@link #Internal} is {@link #STATUS_PENDING}; when it
 * completes, {@link #InternalHigh} holds the bytes transferred and {@link #Internal} the completion
 * status as a Win32 error number (0 = success; Windows keeps an NTSTATUS there, this emulation keeps
 * the number {@code WSAGetOverlappedResult} reports). The fields are volatile because completion
 * happens on another thread (WS-09).
 */
public final class WSAOVERLAPPED {
    /** The value of {@link #Internal} while the operation is in flight. */
    public static final long STATUS_PENDING = 0x103;

    /** The completion status (see the class comment). */
    public volatile long Internal;
    /** The number of bytes transferred. */
    public volatile long InternalHigh;
    /** Unused for sockets. */
    public int Offset;
    /** Unused for sockets. */
    public int OffsetHigh;
    /**
     * A {@link Ws2_32#WSACreateEvent} handle signalled at completion, when no completion routine is
     * given (the event style); 0 for none.
     */
    public long hEvent;

    /** An empty structure. */
    public WSAOVERLAPPED() {
    }

    /** A structure whose completion signals {@code hEvent}. */
    public WSAOVERLAPPED(long hEvent) {
        this.hEvent = hEvent;
    }
}

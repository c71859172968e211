package io.teardown.winsock;

import io.teardown.kernel.Overlapped;

/**
 * {@code WSAOVERLAPPED}: Winsock's name for kernel32's {@link Overlapped} — one structure, as on Windows
 * (KO-13). Every Winsock function takes an {@code Overlapped}, so a structure made under either name
 * works with {@code WSARecv}, {@code ReadFile}, {@code GetOverlappedResult} and the completion ports, and
 * every completion hands back the caller's own object.
 */
public final class WSAOVERLAPPED extends Overlapped {
    /** An empty structure. */
    public WSAOVERLAPPED() {
    }

    /** A structure whose completion sets {@code hEvent} (a {@code WSACreateEvent} or {@code CreateEvent} event). */
    public WSAOVERLAPPED(long hEvent) {
        super(hEvent);
    }
}

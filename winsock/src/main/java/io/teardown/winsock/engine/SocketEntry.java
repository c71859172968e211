package io.teardown.winsock.engine;

import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;

/**
 * A socket's slot in the session's kernel handle table (type "Socket", closer {@code closesocket}).
 *
 * <p>{@link #reclaim()} runs when the handle is gone and the last call leasing it has returned
 * (WS-14). After {@code closesocket} or {@code WSACleanup} the socket is already closed and reclaim has
 * nothing left to do; otherwise the handle was closed behind Winsock's back — {@code CloseHandle}
 * (WS-15) or the session ending — and reclaim performs an ordinary non-blocking close and posts
 * {@code FD_CLOSE} to the socket's own event selection, as Windows does for {@code CloseHandle}.
 */
final class SocketEntry implements HandleEntry {
    final EmulatedWs2_32 owner;
    final EmulatedSocket socket;
    private volatile boolean closedByWinsock;

    SocketEntry(EmulatedWs2_32 owner, EmulatedSocket socket) {
        this.owner = owner;
        this.socket = socket;
    }

    /** Marks the close as Winsock's own, so {@link #reclaim()} posts no FD_CLOSE (WS-10). */
    void closedByWinsock() {
        closedByWinsock = true;
    }

    @Override
    public String typeName() {
        return "Socket";
    }

    @Override
    public Closer closer() {
        return Closer.CLOSESOCKET;
    }

    @Override
    public void reclaim() {
        if (!closedByWinsock && !socket.detachDescriptor()) {
            socket.release(true); // the last descriptor (WS-19)
        }
    }
}

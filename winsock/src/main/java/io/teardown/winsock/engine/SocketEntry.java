package io.teardown.winsock.engine;

import io.teardown.api.handle.Closer;
import io.teardown.kernel.engine.AsyncIo;
import io.teardown.kernel.engine.AsyncIoOwner;
import io.teardown.winsock.spi.WinsockDriver;

/**
 * A socket's slot in the session's kernel handle table (type "Socket", closer {@code closesocket}).
 *
 * <p>{@link #reclaim()} runs when the handle is gone and the last call leasing it has returned
 * (WS-14). After {@code closesocket} or {@code WSACleanup} the socket is already closed and reclaim has
 * nothing left to do; otherwise the handle was closed behind Winsock's back — {@code CloseHandle}
 * (WS-15) or the session ending — and reclaim performs an ordinary non-blocking close and posts
 * {@code FD_CLOSE} to the socket's own event selection, as Windows does for {@code CloseHandle}.
 * Either way the socket then lets go of its completion port (KO-14).
 *
 * <p>As an {@link AsyncIoOwner} the entry is an overlapped handle to kernel32: {@code CreateIoCompletionPort},
 * {@code SetFileCompletionNotificationModes}, {@code CancelIo(Ex)} and {@code GetOverlappedResult} work on it
 * (KO-13 … KO-15).
 */
final class SocketEntry implements AsyncIoOwner, WinsockDriver.Socket {
    final EmulatedWinsockDriver owner;
    final EmulatedSocket socket;
    private volatile boolean closedByWinsock;
    private volatile boolean descriptorOnly;

    SocketEntry(EmulatedWinsockDriver owner, EmulatedSocket socket) {
        this.owner = owner;
        this.socket = socket;
    }

    /** Marks the close as Winsock's own, so {@link #reclaim()} posts no FD_CLOSE (WS-10). */
    void closedByWinsock() {
        closedByWinsock = true;
    }

    /**
     * Marks a {@code closesocket} that freed only this descriptor while others remain (WS-19): the socket
     * keeps its connection and its overlapped state (port association, pending operations) for them.
     */
    void descriptorDetached() {
        descriptorOnly = true;
        closedByWinsock = true;
    }

    @Override
    public SocketEntry entry() {
        return this;
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
    public AsyncIo asyncIo() {
        return socket.asyncIo;
    }

    @Override
    public void reclaim() {
        if (descriptorOnly) {
            return; // WS-19: the other descriptors still use the socket and its completion port
        }
        if (!closedByWinsock) {
            if (socket.detachDescriptor()) {
                return; // CloseHandle on one of several descriptors (WS-19)
            }
            socket.release(true); // the last descriptor
        }
        socket.asyncIo.close();
    }
}

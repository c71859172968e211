package io.teardown.backend.windows.winsock;

import io.teardown.api.handle.Closer;
import io.teardown.backend.windows.handles.OsHandle;
import io.teardown.backend.windows.jna.NativeHandles;
import io.teardown.backend.windows.jna.SOCKET;
import io.teardown.winsock.spi.WinsockDriver;

/**
 * A socket of the native driver: the Windows {@code SOCKET} behind a value of the session's kernel table.
 * Its {@link OsHandle} entry closes the OS socket exactly once, when the value is gone and no call leases
 * it any more (WS-14); a {@code DuplicateHandle} copy is an {@code OsHandle} of its own without this
 * state, so it is no socket to Winsock (WS-02).
 */
final class NativeSocket implements WinsockDriver.Socket {
    final NativeWinsockDriver owner;
    private final OsHandle entry;
    /** FIONBIO or WSAEventSelect made it non-blocking (Windows cannot be asked). */
    volatile boolean nonBlocking;

    NativeSocket(NativeWinsockDriver owner, long os, OsHandle.OsCloser closer) {
        this.owner = owner;
        this.entry = new OsHandle(os, "Socket", Closer.CLOSESOCKET, true, closer, this);
    }

    /** The OS handle entry: the OS value, its close result, disowning. */
    @Override
    public OsHandle entry() {
        return entry;
    }

    /** The Windows SOCKET; use it only while the front's lease holds. */
    SOCKET os() {
        return NativeHandles.socket(entry.os());
    }
}

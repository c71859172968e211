package io.teardown.testkit.winsock;

import static io.teardown.kernel.Kernel32.INVALID_HANDLE_VALUE;
import static io.teardown.kernel.Kernel32.WAIT_TIMEOUT;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.Ws2_32;

/**
 * Small steps the overlapped socket contracts share: receive buffers, a pending receive, completion packets
 * taken from a port or proved absent, ports with sockets associated, and whether a thread is parked in a
 * wait.
 */
final class OverlappedCalls {
    static final int ABORTED = Win32Error.ERROR_OPERATION_ABORTED.code();
    static final int CONNECTION_ABORTED = Win32Error.ERROR_CONNECTION_ABORTED.code();

    private OverlappedCalls() {
    }

    static WSABUF[] buffer(int size) {
        return new WSABUF[] {new WSABUF(new byte[size])};
    }

    /** An overlapped receive that must pend (nothing has arrived). */
    static void pendingRecv(Ws2_32 ws, long s, WSABUF[] bufs, Overlapped ov) {
        fails(ws, ws.WSARecv(s, bufs, 1, new IntRef(), new IntRef(), ov, null), Win32Error.ERROR_IO_PENDING,
                "overlapped WSARecv");
    }

    /** One packet from the port, which must come. */
    record Packet(boolean ok, int error, int bytes, long key, Overlapped overlapped) {
    }

    static Packet take(Kernel32 k, long port, int timeoutMs) {
        IntRef n = new IntRef(-1);
        LongRef key = new LongRef(-1);
        Ref<Overlapped> ov = new Ref<>();
        boolean ok = k.GetQueuedCompletionStatus(port, n, key, ov, timeoutMs);
        return new Packet(ok, ok ? 0 : k.GetLastError(), n.value, key.value, ov.value);
    }

    static void noPacket(Kernel32 k, long port) {
        Packet p = take(k, port, 100);
        assertFalse(p.ok(), "no further packet");
        assertEquals(WAIT_TIMEOUT, p.error());
        assertNull(p.overlapped());
    }

    static boolean parked(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }

    /** A new port with {@code s} associated under {@code key} (KO-14). */
    static long portFor(Kernel32 k, long s, long key) {
        long port = port(k);
        assertEquals(port, k.CreateIoCompletionPort(s, port, key, 0), () -> "associate: " + k.GetLastError());
        return port;
    }

    static long port(Kernel32 k) {
        long port = k.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
        assertNotEquals(0L, port, () -> "CreateIoCompletionPort: " + k.GetLastError());
        return port;
    }
}

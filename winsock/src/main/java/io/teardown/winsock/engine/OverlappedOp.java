package io.teardown.winsock.engine;

import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAOVERLAPPED;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One overlapped {@code WSASend}/{@code WSARecv} in flight. {@link #complete} delivers its result exactly
 * once — completion, failure or cancellation by {@code closesocket}, whichever comes first (WS-09).
 */
final class OverlappedOp {
    private final EmulatedWs2_32 ws;
    private final WSAOVERLAPPED overlapped;
    private final OverlappedCompletionRoutine routine;
    private final AtomicBoolean done = new AtomicBoolean();
    final WSABUF[] buffers;
    final int count;
    final byte[] payload; // for sends: the bytes to write

    OverlappedOp(EmulatedWs2_32 ws, WSAOVERLAPPED overlapped, OverlappedCompletionRoutine routine, WSABUF[] buffers,
                 int count, byte[] payload) {
        this.ws = ws;
        this.overlapped = overlapped;
        this.routine = routine;
        this.buffers = buffers;
        this.count = count;
        this.payload = payload;
        overlapped.InternalHigh = 0;
        overlapped.Internal = WSAOVERLAPPED.STATUS_PENDING;
    }

    /** Delivers the result unless one was delivered already. Safe under a socket lock: user code runs elsewhere. */
    boolean complete(int status, int bytes) {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        overlapped.InternalHigh = bytes;
        overlapped.Internal = status;
        if (routine != null) {
            ws.callbacks().execute(() -> routine.invoke(status, bytes, overlapped, 0));
        } else if (overlapped.hEvent != 0) {
            ws.signal(overlapped.hEvent);
        }
        ws.hub().completed();
        return true;
    }

    /** Copies received bytes into the buffers; returns how many fit. */
    int fill(byte[] data, int off, int len) {
        int n = 0;
        for (int i = 0; i < count && n < len; i++) {
            WSABUF b = buffers[i];
            int k = Math.min(b.len, len - n);
            System.arraycopy(data, off + n, b.buf, 0, k);
            n += k;
        }
        return n;
    }

    int capacity() {
        int n = 0;
        for (int i = 0; i < count; i++) {
            n += buffers[i].len;
        }
        return n;
    }
}

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
    /** Fills the buffers from their start with {@code data} (consumed); returns how many bytes. */
    int fill(ReceivedBytes data) {
        return fill(data, 0);
    }

    /**
     * Fills the buffers with {@code data} (consumed) from byte {@code at} of their concatenation on (the
     * bytes before it were filled from earlier pieces); returns how many bytes this piece gave.
     */
    int fill(ReceivedBytes data, int at) {
        int pos = at;
        int start = 0; // where buffer i begins in the concatenation
        for (int i = 0; i < count && data.readable() > 0; i++) {
            WSABUF b = buffers[i];
            int from = pos - start;
            if (from < b.len) {
                pos += data.read(b.buf, from, b.len - from);
            }
            start += b.len;
        }
        return pos - at;
    }
}

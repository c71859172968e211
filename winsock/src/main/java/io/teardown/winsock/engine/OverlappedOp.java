package io.teardown.winsock.engine;

import io.teardown.kernel.Overlapped;
import io.teardown.kernel.engine.IoRequest;
import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.WSABUF;

/**
 * One overlapped socket operation in flight ({@code WSASend}, {@code WSARecv}): its buffers and the
 * kernel {@link IoRequest} that delivers its result. {@link #complete} (and {@link #completeAtOnce} for
 * an operation that finishes inside its call) is the one completion path: exactly once — completion,
 * failure, {@code closesocket} (WS-09) or {@code CancelIoEx} (KO-15), whichever comes first — it fills
 * the caller's {@code OVERLAPPED}, sets its {@code hEvent}, posts the socket's completion-port packet
 * (KO-14) or queues the completion routine to the issuing thread (KO-16).
 */
final class OverlappedOp {
    private final IoRequest request;
    final WSABUF[] buffers;
    final int count;
    final byte[] payload; // for sends: the bytes to write

    /**
     * Starts an operation of {@code socket}; a {@code CancelIoEx} takes it back through
     * {@link EmulatedSocket#withdraw}.
     */
    OverlappedOp(EmulatedSocket socket, Overlapped overlapped, OverlappedCompletionRoutine routine, WSABUF[] buffers,
                 int count, byte[] payload) {
        this.request = socket.asyncIo.begin(overlapped,
                routine == null ? null : (status, bytes, ov) -> routine.invoke(status, bytes, ov, 0));
        this.buffers = buffers;
        this.count = count;
        this.payload = payload;
        request.cancellable(() -> socket.withdraw(this));
    }

    /** Delivers the result of a pending operation unless one was delivered already. Safe under a socket lock. */
    boolean complete(int status, int bytes) {
        return request.complete(status, bytes);
    }

    /**
     * Delivers the result of an operation that completed inside its call (which returns 0): with
     * {@code FILE_SKIP_COMPLETION_PORT_ON_SUCCESS} no port packet is posted (KO-14).
     */
    boolean completeAtOnce(int bytes) {
        return request.completeAtOnce(0, bytes);
    }

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

package io.teardown.winsock.engine;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.WSABUF;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Lock;

/**
 * A stream socket's pending overlapped operations (WS-09): receives waiting for data, sends waiting for
 * room in the transport, and sends handed to the transport whose write has not completed. Created with
 * the socket's first pending operation (most sockets never have one). Guarded by the owning socket's lock.
 * Its static methods are {@code WSASend} and {@code WSARecv} on a stream socket; without an
 * {@code OVERLAPPED} they are plain blocking {@code send}/{@code recv}.
 */
final class OverlappedQueue {
    private ArrayDeque<OverlappedOp> receives;
    private ArrayDeque<OverlappedOp> sends;
    private ArrayDeque<OverlappedOp> sendsInFlight;

    boolean hasReceives() {
        return receives != null && !receives.isEmpty();
    }

    boolean hasSends() {
        return sends != null && !sends.isEmpty();
    }

    /** The oldest pending receive, taken off the queue; null if none. */
    OverlappedOp nextReceive() {
        return receives == null ? null : receives.poll();
    }

    void addReceive(OverlappedOp op) {
        receives = add(receives, op);
    }

    void addSend(OverlappedOp op) {
        sends = add(sends, op);
    }

    private static ArrayDeque<OverlappedOp> add(ArrayDeque<OverlappedOp> q, OverlappedOp op) {
        ArrayDeque<OverlappedOp> d = q == null ? new ArrayDeque<>(2) : q;
        d.add(op);
        return d;
    }

    /** Completes every pending receive with {@code status} and 0 bytes (0: the end of the stream). */
    void completeReceives(int status) {
        while (hasReceives()) {
            receives.poll().complete(status, 0);
        }
    }

    /** Completes every queued receive and send with {@code status} (the connection failed). */
    void completeQueued(int status) {
        completeReceives(status);
        while (hasSends()) {
            sends.poll().complete(status, 0);
        }
    }

    /**
     * closesocket: completes every operation, the sends in flight too, with ERROR_CONNECTION_ABORTED (WS-09);
     * a transport write that completes later finds its operation delivered.
     */
    void abortAll() {
        int aborted = Win32Error.ERROR_CONNECTION_ABORTED.code();
        completeQueued(aborted);
        if (sendsInFlight != null) {
            for (OverlappedOp op : sendsInFlight) {
                op.complete(aborted, 0);
            }
            sendsInFlight = null;
        }
    }

    /**
     * Takes a queued operation back (CancelIo/CancelIoEx, KO-15). A send already handed to the transport
     * cannot be taken back.
     */
    boolean withdraw(OverlappedOp op) {
        return (receives != null && receives.remove(op)) || (sends != null && sends.remove(op));
    }

    /**
     * Hands queued sends to {@code conn} while it has room; each completes when its write does.
     * {@code lock} is the socket's, taken by the write completion.
     */
    void pumpSends(Connection conn, Lock lock) {
        while (hasSends() && conn.writable()) {
            OverlappedOp op = sends.poll();
            sendsInFlight = add(sendsInFlight, op);
            int n = op.payload.length;
            conn.write(op.payload, 0, n, failure -> {
                lock.lock();
                try {
                    if (sendsInFlight != null) {
                        sendsInFlight.remove(op);
                    }
                } finally {
                    lock.unlock();
                }
                op.complete(failure == null ? 0 : Win32Error.ERROR_NETNAME_DELETED.code(), failure == null ? n : 0);
            });
        }
    }

    /** {@code WSASend} on stream socket {@code s}: at once when the transport has room, else queued (ERROR_IO_PENDING). */
    static int send(StreamSocket s, WSABUF[] bufs, int count, IntRef sent, Overlapped ov,
                    OverlappedCompletionRoutine routine) {
        int total = 0;
        for (int i = 0; i < count; i++) {
            total += bufs[i].len;
        }
        byte[] data = new byte[total];
        int off = 0;
        for (int i = 0; i < count; i++) {
            System.arraycopy(bufs[i].buf, 0, data, off, bufs[i].len);
            off += bufs[i].len;
        }
        if (ov == null) {
            int n = s.send(data, total, 0);
            if (sent != null) {
                sent.value = n;
            }
            return 0;
        }
        OverlappedOp op;
        s.lock.lock();
        try {
            s.checkSendable();
            op = new OverlappedOp(s, ov, routine, bufs, count, data);
            if (s.sendsQueued() || !s.conn.writable()) {
                s.overlapped().addSend(op);
                s.sendBlocked = true;
                throw WsaException.of(Win32Error.ERROR_IO_PENDING);
            }
            // On the calling thread when the kernel takes it all (a worker's WSASend then wakes no event
            // loop); otherwise the rest through the transport, after it.
            if (total > 0) {
                s.writeOut(data, 0, total);
            }
        } finally {
            s.lock.unlock();
        }
        if (sent != null) {
            sent.value = total;
        }
        // Completed at once; the completion is still delivered — after the lock is let go: posting the
        // packet can wake a worker, and the event loop delivering the next receive must not find the lock
        // still held for it. The operation is in no queue, so no close or cancellation can reach it.
        op.completeAtOnce(total);
        return 0;
    }

    /** {@code WSARecv} on stream socket {@code s}: at once from buffered data or the end of the stream, else queued. */
    static int receive(StreamSocket s, WSABUF[] bufs, int count, IntRef received, Overlapped ov,
                       OverlappedCompletionRoutine routine) {
        if (ov == null) {
            int cap = 0;
            for (int i = 0; i < count; i++) {
                cap += bufs[i].len;
            }
            byte[] tmp = new byte[cap];
            int n = s.recv(tmp, cap, 0);
            scatter(bufs, count, tmp, n);
            if (received != null) {
                received.value = n;
            }
            return 0;
        }
        s.lock.lock();
        try {
            s.checkConnected();
            if (s.recvShut) {
                throw WsaException.of(Win32Error.WSAESHUTDOWN);
            }
            OverlappedOp op = new OverlappedOp(s, ov, routine, bufs, count, null);
            if ((s.overlapped == null || !s.overlapped.hasReceives()) && s.inbound.bytes() > 0) {
                int n = s.inbound.copyInto(op);
                s.taken(n);
                if (received != null) {
                    received.value = n;
                }
                op.completeAtOnce(n);
                return 0;
            }
            if (s.failed || s.resetAfterEof()) {
                op.complete(Win32Error.ERROR_NETNAME_DELETED.code(), 0);
                throw WsaException.of(Win32Error.WSAECONNRESET);
            }
            if (s.eof) {
                if (received != null) {
                    received.value = 0;
                }
                op.completeAtOnce(0);
                return 0;
            }
            StreamReceive.readByTransport(s); // the transport reads into pending receives, not callers
            s.overlapped().addReceive(op);
            throw WsaException.of(Win32Error.ERROR_IO_PENDING);
        } finally {
            s.lock.unlock();
        }
    }

    private static void scatter(WSABUF[] bufs, int count, byte[] data, int n) {
        int off = 0;
        for (int i = 0; i < count && off < n; i++) {
            int k = Math.min(bufs[i].len, n - off);
            System.arraycopy(data, off, bufs[i].buf, 0, k);
            off += k;
        }
    }
}

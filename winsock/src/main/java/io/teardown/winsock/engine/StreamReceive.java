package io.teardown.winsock.engine;

import io.teardown.api.Win32Error;
import io.teardown.winsock.Ws2_32;
import java.util.Arrays;

/**
 * A stream socket's receive on the calling thread (issue 20; docs/winsock.md, "Where a call runs"). While
 * nothing event-driven watches the socket — no {@code WSAEventSelect}, no overlapped receive pending, no
 * {@code AcceptEx} waiting for its first data, no {@code SD_RECEIVE} — the transport hands reading to the
 * application's threads ({@link Connection#readHere}): {@code recv} takes what the receive buffer holds
 * first, then makes the read system call itself, and only when the kernel has nothing waits for the
 * socket's readiness on its own thread, as {@code java.net.Socket} does: one thread wake-up per reply
 * where the hand-off to an event loop and back costs two. {@code MSG_PEEK}, {@code MSG_WAITALL} and
 * {@code FIONREAD} pull what the kernel holds into the receive buffer and answer from there. Reading goes
 * back to the transport, in order, as soon as an event-driven feature attaches. Works on the socket's
 * state under its lock.
 */
final class StreamReceive {
    /** The largest piece one pull into the receive buffer reads. */
    private static final int PULL_CHUNK = 16 * 1024;

    private StreamReceive() {
    }

    /** {@code recv} on {@code s} (WS-05, WS-11, WS-14): the buffer first, then the kernel on this thread where it reads here. */
    static int recv(StreamSocket s, byte[] buf, int len, int flags) {
        if ((flags & ~(Ws2_32.MSG_PEEK | Ws2_32.MSG_WAITALL)) != 0) {
            throw WsaException.of(Win32Error.WSAEOPNOTSUPP);
        }
        boolean peek = (flags & Ws2_32.MSG_PEEK) != 0;
        boolean waitAll = (flags & Ws2_32.MSG_WAITALL) != 0;
        s.lock.lock();
        try {
            if (waitAll && (peek || s.nonBlocking)) {
                // Windows: MSG_WAITALL cannot be combined with MSG_PEEK, nor used on a non-blocking socket
                throw WsaException.of(Win32Error.WSAEOPNOTSUPP);
            }
            if (s.listening) {
                throw WsaException.of(Win32Error.WSAENOTCONN);
            }
            s.checkConnected();
            if (s.recvShut) {
                throw WsaException.of(Win32Error.WSAESHUTDOWN);
            }
            if (len == 0) {
                return 0;
            }
            return s.untilReady(() -> {
                // Read on this thread when the buffer cannot answer and nothing event-driven watches the socket
                // (StreamReceive, issue 20): straight into buf, or into the buffer for a peek or MSG_WAITALL.
                boolean here = s.inbound.bytes() < (waitAll ? len : 1) && readsHere(s);
                if (here && !peek && !waitAll) {
                    int n = readNow(s, buf, 0, len);
                    if (n > 0) {
                        return n;
                    }
                } else if (here) {
                    pull(s, len);
                }
                long buffered = s.inbound.bytes();
                if (buffered > 0 && (!waitAll || buffered >= len || s.eof || s.failed)) {
                    return s.take(buf, 0, len, peek);
                }
                if (s.failed || s.resetAfterEof()) {
                    throw WsaException.of(Win32Error.WSAECONNRESET);
                }
                s.awaitReadable = here && !s.eof;
                return s.eof ? 0 : null;
            });
        } finally {
            s.awaitReadable = false;
            s.lock.unlock();
        }
    }

    /**
     * A recv that reads on this thread waits for the kernel's readiness, not on the condition: the kernel
     * wakes it, as it wakes a {@code java.net.Socket} reader, and so does every transport event, a
     * {@code closesocket} or {@code CloseHandle} (WS-14) and an event-driven feature attaching
     * ({@link StreamSocket#wakeReader}). One caller at a time waits so; another waits on the condition
     * (false: the caller does) and is signalled when the first returns. Caller holds lock.
     */
    static boolean awaitReadable(StreamSocket s, long nanos) throws InterruptedException {
        Connection c = s.conn;
        if (!s.awaitReadable || c == null || s.readingFrom != null) {
            s.readWaitShared |= s.awaitReadable;
            s.awaitReadable = false;
            return false;
        }
        s.awaitReadable = false;
        s.readingFrom = c;
        try {
            c.awaitReadable(s.lock, nanos);
        } finally {
            s.readingFrom = null;
            if (s.readWaitShared) {
                s.readWaitShared = false;
                s.changed.signalAll();
            }
        }
        return true;
    }

    /**
     * Whether {@code s}'s receives read on the calling thread now: nothing event-driven watches it, and the
     * transport has handed reading over (asked to here, if it was not yet: until its thread has delivered
     * what it read, the receive waits for that as before). Caller holds lock.
     */
    static boolean readsHere(StreamSocket s) {
        Connection c = s.conn;
        if (c == null || s.closed || s.failed || s.eof || s.recvShut || s.eventSelected()
                || s.overlapped != null && s.overlapped.hasReceives()
                || s.ext != null && s.ext.acceptingInto != null) {
            return false;
        }
        return c.readHere(true);
    }

    /**
     * Gives reading back to the transport's thread: {@code WSAEventSelect}, an overlapped receive or
     * {@code SD_RECEIVE} needs it to read and report on its own. A receive waiting for readiness on its
     * thread is woken, finds the socket no longer read here and waits for the transport's deliveries.
     * Bytes read here came first, the transport reads those after them. Caller holds lock.
     */
    static void readByTransport(StreamSocket s) {
        if (s.conn != null) {
            s.conn.readHere(false);
            s.wakeReader();
        }
    }

    /**
     * Reads at most {@code len} bytes from the kernel straight into {@code buf}; notes the end of the stream
     * or a reset that the read met (the kernel reports each once) and returns 0 then, as when it has nothing.
     * Caller holds lock and found {@link #readsHere}.
     */
    static int readNow(StreamSocket s, byte[] buf, int off, int len) {
        int n = s.conn.readNow(buf, off, len);
        if (n == Connection.END_OF_STREAM) {
            s.endOfStreamHere();
        } else if (n == Connection.READ_FAILED) {
            s.markFailed();
        }
        return Math.max(n, 0);
    }

    /**
     * Reads what the kernel holds into the receive buffer until it holds {@code limit} bytes, the kernel has
     * no more, or the stream ended or failed: so {@code MSG_PEEK}, {@code MSG_WAITALL}, {@code FIONREAD} and
     * {@code SD_RECEIVE}'s check for unread data see the kernel's bytes after the buffered ones. Reads
     * nothing unless the transport has handed reading over. Caller holds lock.
     */
    static void pull(StreamSocket s, long limit) {
        while (s.conn != null && !s.eof && !s.failed && s.inbound.bytes() < limit) {
            byte[] chunk = new byte[(int) Math.min(PULL_CHUNK, limit - s.inbound.bytes())];
            int n = readNow(s, chunk, 0, chunk.length);
            if (n == 0) {
                return;
            }
            // No read pause here (null connection): the transport is not reading while callers do.
            s.inbound.add(ReceivedBytes.of(n == chunk.length ? chunk : Arrays.copyOf(chunk, n)), n, null,
                    s.receiveBuffer);
        }
    }
}

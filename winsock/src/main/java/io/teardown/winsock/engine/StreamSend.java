package io.teardown.winsock.engine;

import io.teardown.api.Win32Error;

/**
 * A stream socket's sending part: {@code send} (blocking: in chunks as the transport's queue drains; non-
 * blocking: {@code WSAEWOULDBLOCK} when it is full) and the hand-over of a send's bytes to the connection
 * that plain and overlapped sends share — written from the calling thread when the kernel takes them at
 * once, queued for the transport otherwise (issue 20; docs/winsock.md, "Where a call runs"). Works on the
 * socket's state under its lock.
 */
final class StreamSend {
    private static final int CHUNK = 64 * 1024;

    private StreamSend() {
    }

    /** {@code send(s, buf, len, flags)} on a stream socket. */
    static int send(StreamSocket s, byte[] buf, int len, int flags) {
        if ((flags & ~0x4) != 0) { // MSG_DONTROUTE is accepted and ignored; MSG_OOB is not emulated
            throw WsaException.of(Win32Error.WSAEOPNOTSUPP);
        }
        s.lock.lock();
        try {
            s.checkSendable();
            if (len == 0) {
                return 0;
            }
            if (s.nonBlocking) {
                if (s.sendsQueued() || !s.conn.writable()) {
                    s.sendBlocked = true;
                    throw WsaException.of(Win32Error.WSAEWOULDBLOCK);
                }
                writeOut(s, buf, 0, len);
                return len;
            }
            int[] sent = {0};
            return s.untilReady(true, () -> {
                while (sent[0] < len) {
                    s.checkSendable();
                    if (s.sendsQueued() || !s.conn.writable()) {
                        return null;
                    }
                    int n = Math.min(CHUNK, len - sent[0]);
                    writeOut(s, buf, sent[0], n);
                    sent[0] += n;
                }
                return len;
            }, () -> { });
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * Hands {@code len} bytes of a send to the connection: what the kernel takes at once straight
     * from this thread ({@link Connection#writeNow}: no hand-off to the transport's thread, no wake-up of
     * it), the rest queued behind it. A direct write that met a reset fails the socket here and now, as
     * the queued write's completion would have: the send itself still counts as handed over, and the next
     * call fails (WSAECONNRESET; the write took the kernel's pending error, so no read reports it later).
     * Caller holds lock, checked {@link StreamSocket#checkSendable} and that no overlapped send waits to be handed
     * over (those go first, WS-09).
     */
    static void writeOut(StreamSocket s, byte[] buf, int off, int len) {
        int now = s.conn.writeNow(buf, off, len);
        if (now < 0) {
            s.markFailed();
        } else if (now < len) {
            s.conn.write(buf, off + now, len - now, s.writeDone);
        }
    }
}

package io.teardown.winsock.engine;

import java.util.ArrayDeque;

/**
 * A stream socket's receive buffer: the pieces the transport delivered and nobody has read yet, with
 * back-pressure at {@code SO_RCVBUF} (reading from the connection pauses while the buffer holds that
 * much, and resumes below half of it). Each piece is owned here until it is read to the end or
 * discarded, and released exactly once then ({@link ReceivedBytes}). Guarded by the owning socket's lock.
 */
final class InboundBuffer {
    // Created on first use: most sockets hold received data only briefly (docs/PERFORMANCE.md). null reads as empty.
    private ArrayDeque<ReceivedBytes> pieces;
    private long bytes;
    private boolean readPaused;

    /** How many bytes are buffered. */
    long bytes() {
        return bytes;
    }

    /**
     * Keeps the unread rest of {@code data} ({@code readable} bytes); pauses reading from {@code conn} once
     * the buffer holds {@code receiveBuffer} bytes (at least one).
     */
    void add(ReceivedBytes data, int readable, Connection conn, int receiveBuffer) {
        if (pieces == null) {
            pieces = new ArrayDeque<>(2);
        }
        pieces.add(data);
        bytes += readable;
        if (!readPaused && conn != null && bytes >= Math.max(receiveBuffer, 1)) {
            readPaused = true;
            conn.pauseReading(true);
        }
    }

    /**
     * Copies up to {@code len} buffered bytes into {@code buf}, releasing each piece once it is read to the
     * end ({@code peek}: copies and keeps them). The caller reports the consumed count to {@link #consumed}.
     */
    int copy(byte[] buf, int off, int len, boolean peek) {
        int n = 0;
        if (pieces == null) {
            return 0;
        }
        var it = pieces.iterator();
        while (n < len && it.hasNext()) {
            ReceivedBytes chunk = it.next();
            if (peek) {
                n += chunk.peek(buf, off + n, len - n);
                continue;
            }
            n += chunk.read(buf, off + n, len - n);
            if (chunk.readable() == 0) {
                it.remove();
                chunk.release();
            }
        }
        return n;
    }

    /** Fills an overlapped receive straight from the buffered pieces (as {@link #copy} does for recv). */
    int copyInto(OverlappedOp op) {
        int n = 0;
        while (pieces != null && !pieces.isEmpty()) {
            ReceivedBytes chunk = pieces.peek();
            int k = op.fill(chunk, n);
            n += k;
            if (chunk.readable() > 0) {
                break; // the operation's buffers are full
            }
            pieces.poll();
            chunk.release();
        }
        return n;
    }

    /** After {@code n} bytes were read: resumes reading from {@code conn} below half the receive buffer. */
    void consumed(int n, Connection conn, int receiveBuffer) {
        bytes -= n;
        if (n > 0 && readPaused && bytes < Math.max(receiveBuffer, 1) / 2 + 1) {
            readPaused = false;
            conn.pauseReading(false);
        }
    }

    /** Releases every piece not read yet. */
    void discard() {
        ArrayDeque<ReceivedBytes> q = pieces;
        pieces = null;
        bytes = 0;
        if (q != null) {
            for (ReceivedBytes b : q) {
                b.release();
            }
        }
    }

    /** Discards and forgets the read pause: the connection this buffer served is gone ({@code DisconnectEx}). */
    void reset() {
        discard();
        readPaused = false;
    }

    /**
     * Takes over {@code from}'s pieces and read pause (AcceptEx moving a backlog connection into its accept
     * socket, WS-18); {@code from} is left empty.
     */
    void moveFrom(InboundBuffer from) {
        pieces = from.pieces;
        bytes = from.bytes;
        readPaused = from.readPaused;
        from.pieces = null;
        from.bytes = 0;
    }
}

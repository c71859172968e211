package io.teardown.wininet.engine;

import java.util.ArrayDeque;

/**
 * Response body bytes received and not read yet, in the pieces ({@link HttpConnection.Chunk}) the
 * transport handed over, in order. {@code InternetReadFile} copies out of them once, straight into the
 * application's buffer, and every piece is released exactly once: when it is read to its end or when the
 * rest of the body is discarded (WI-01: a closed request's unread bytes are dropped).
 *
 * <p>The exchange's buffer is guarded by the request's lock. A reader that copies on its own thread
 * {@linkplain #detach detaches} the bytes it is entitled to under the lock — whole pieces, and the front of
 * a piece split off where the read ends inside it — and copies them after releasing it, so an I/O thread
 * adding the next pieces never waits for a copy. A detached buffer belongs to the thread that detached it.
 * See docs/wininet.md.
 */
final class BodyBuffer {
    private final ArrayDeque<HttpConnection.Chunk> pieces = new ArrayDeque<>(4);
    private long size;

    /** Bytes buffered. */
    long size() {
        return size;
    }

    /** Takes over {@code piece} (an empty one is released at once). */
    void add(HttpConnection.Chunk piece) {
        int n = piece.readable();
        if (n > 0) {
            pieces.add(piece);
            size += n;
        } else {
            piece.release();
        }
    }

    /**
     * Copies up to {@code max} buffered bytes into {@code into} from index 0 (the only copy), releasing the
     * pieces read to their end; returns how many.
     */
    int take(byte[] into, int max) {
        int n = 0;
        while (n < max && !pieces.isEmpty()) {
            HttpConnection.Chunk first = pieces.peekFirst();
            n += first.read(into, n, max - n);
            if (first.readable() == 0) {
                pieces.pollFirst();
                first.release();
            }
        }
        size -= n;
        return n;
    }

    /**
     * Moves the first {@code max} buffered bytes (or all, if fewer) into a new buffer, without copying
     * them: whole pieces move, and a piece the bytes end inside is {@linkplain HttpConnection.Chunk#split
     * split}. The caller copies them with {@link #take} and {@linkplain #discard discards} what is left.
     */
    BodyBuffer detach(int max) {
        BodyBuffer out = new BodyBuffer();
        long want = Math.min(max, size);
        while (out.size < want) {
            HttpConnection.Chunk first = pieces.peekFirst();
            int n = first.readable();
            if (n <= want - out.size) {
                pieces.pollFirst();
                out.pieces.add(first);
                out.size += n;
            } else {
                int part = (int) (want - out.size);
                out.pieces.add(first.split(part));
                out.size += part;
            }
        }
        size -= out.size;
        return out;
    }

    /** Releases every piece still buffered (the body is discarded, or a detached part was copied). */
    void discard() {
        HttpConnection.Chunk c;
        while ((c = pieces.pollFirst()) != null) {
            c.release();
        }
        size = 0;
    }
}

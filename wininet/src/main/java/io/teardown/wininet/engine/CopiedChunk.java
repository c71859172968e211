package io.teardown.wininet.engine;

/**
 * A piece of response body held as a copy: what {@link HttpConnection.Chunk#split}'s default makes for a
 * transport whose pieces are not shared buffers. Nothing to give back on release.
 */
final class CopiedChunk implements HttpConnection.Chunk {
    private final byte[] bytes;
    private final int end;
    private int at;

    CopiedChunk(byte[] bytes, int end) {
        this.bytes = bytes;
        this.end = end;
    }

    @Override
    public int readable() {
        return end - at;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        int n = Math.min(length, end - at);
        System.arraycopy(bytes, at, into, offset, n);
        at += n;
        return n;
    }

    @Override
    public void release() {
        at = end;
    }
}

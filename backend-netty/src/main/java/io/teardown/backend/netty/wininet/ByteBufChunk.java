package io.teardown.backend.netty.wininet;

import io.netty.buffer.ByteBuf;
import io.teardown.wininet.engine.HttpConnection;

/**
 * A response body piece handed to the WinINet engine as the (retained) buffer Netty's HTTP decoder
 * produced, so {@code InternetReadFile} copies it once, straight into the application's buffer, instead
 * of a copy into a fresh {@code byte[]} on the event loop first (that copy was most of the event loop's
 * time on 1 MiB responses). The engine uses it from one thread at a time, under its request lock, and
 * releases it when read to the end, or when the exchange is discarded.
 */
final class ByteBufChunk implements HttpConnection.Chunk {
    private ByteBuf buf; // null once released

    /** Takes over one reference to {@code buf}. */
    ByteBufChunk(ByteBuf buf) {
        this.buf = buf;
    }

    @Override
    public int readable() {
        ByteBuf b = buf;
        return b == null ? 0 : b.readableBytes();
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        ByteBuf b = buf;
        if (b == null) {
            return 0;
        }
        int n = Math.min(length, b.readableBytes());
        b.readBytes(into, offset, n);
        return n;
    }

    @Override
    public void release() {
        ByteBuf b = buf;
        if (b != null) {
            buf = null;
            b.release();
        }
    }

    @Override
    public String toString() {
        return "ByteBufChunk[" + readable() + " bytes]";
    }
}

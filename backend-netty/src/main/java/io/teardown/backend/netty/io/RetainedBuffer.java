package io.teardown.backend.netty.io;

import io.netty.buffer.ByteBuf;
import io.teardown.winsock.engine.ReceivedBytes;
import io.teardown.wininet.engine.HttpConnection;

/**
 * Bytes Netty read, handed to an engine as the (retained) buffer itself — a winsock read burst
 * ({@link ReceivedBytes}) or a WinINet response body piece ({@link HttpConnection.Chunk}) — so
 * {@code recv} or {@code InternetReadFile} copies them once, straight into the application's buffer,
 * instead of a copy into a fresh {@code byte[]} on the event loop first (that copy was most of the event
 * loop's time in a 16 KiB echo and on 1 MiB responses, docs/PERFORMANCE.md). The engine uses it from one
 * thread at a time, under its own lock, and releases it when read to the end or discarded.
 */
public final class RetainedBuffer implements ReceivedBytes, HttpConnection.Chunk {
    private ByteBuf buf; // null once released

    /** Takes over one reference to {@code buf}. */
    public RetainedBuffer(ByteBuf buf) {
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
    public int peek(byte[] into, int offset, int length) {
        ByteBuf b = buf;
        if (b == null) {
            return 0;
        }
        int n = Math.min(length, b.readableBytes());
        b.getBytes(b.readerIndex(), into, offset, n);
        return n;
    }

    /** A WinINet read ending inside this piece takes its part as a retained slice: no copy, released on its own. */
    @Override
    public HttpConnection.Chunk split(int length) {
        return new RetainedBuffer(buf.readRetainedSlice(length));
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
        return "RetainedBuffer[" + readable() + " bytes]";
    }
}

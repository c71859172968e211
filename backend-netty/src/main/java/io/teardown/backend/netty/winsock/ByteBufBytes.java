package io.teardown.backend.netty.winsock;

import io.netty.buffer.ByteBuf;
import io.teardown.winsock.engine.ReceivedBytes;

/**
 * A read burst handed to the winsock engine as the (retained) buffer Netty read into, so {@code recv}
 * copies it once, straight into the application's buffer, instead of a copy into a fresh {@code byte[]}
 * on the event loop first (that copy was most of the event loop's time in a 16 KiB echo,
 * docs/PERFORMANCE.md). The engine uses it from one thread at a time, under the socket's lock, and
 * releases it when read to the end or discarded.
 */
final class ByteBufBytes implements ReceivedBytes {
    private ByteBuf buf; // null once released

    /** Takes over one reference to {@code buf}. */
    ByteBufBytes(ByteBuf buf) {
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
        return "ByteBufBytes[" + readable() + " bytes]";
    }
}

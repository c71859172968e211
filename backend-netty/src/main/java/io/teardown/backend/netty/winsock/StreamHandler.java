package io.teardown.backend.netty.winsock;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.teardown.winsock.engine.ConnectionEvents;
import io.teardown.winsock.engine.ReceivedBytes;
import java.io.IOException;

/**
 * Turns a TCP channel's events into {@link ConnectionEvents}: bytes (a read burst at a time), the peer's FIN
 * (half-closure is on, so EOF arrives as {@link ChannelInputShutdownEvent}), resets (any
 * {@link IOException}: epoll reports ECONNRESET as {@code NativeIoException}, NIO as
 * {@code SocketException}; the type, not the text, decides) and the channel's end. After the engine
 * released the connection, input is read and dropped until the peer's FIN, then the channel closes.
 */
final class StreamHandler extends ChannelInboundHandlerAdapter {
    /**
     * Bursts of at least this many bytes reach the engine as the buffers Netty read into (copied once,
     * by recv, into the application's buffer); smaller ones are copied into an array here.
     */
    static final int HAND_OVER_FROM = 2048;

    private final NettyConnection c;
    private ByteBuf burst; // event-loop confined

    StreamHandler(NettyConnection c) {
        this.c = c;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf b = (ByteBuf) msg;
        if (c.released || c.failed) {
            b.release();
            if (c.released) {
                c.lateInput(); // data after a graceful closesocket draws RST, as on Windows
            }
            return;
        }
        // One read burst (up to maxMessagesPerRead buffers) reaches the engine as one array at
        // channelReadComplete: one copy, one lock, one wake-up of a thread blocked in recv instead of one
        // per buffer (docs/PERFORMANCE.md, echo).
        if (burst == null) {
            burst = b;
        } else {
            if (!(burst instanceof CompositeByteBuf)) {
                burst = ctx.alloc().compositeBuffer(Integer.MAX_VALUE).addComponent(true, burst);
            }
            ((CompositeByteBuf) burst).addComponent(true, b);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        deliver();
        ctx.fireChannelReadComplete();
    }

    /** Hands the bytes read so far to the engine, in order, before any later event. */
    private void deliver() {
        ByteBuf b = burst;
        if (b == null) {
            return;
        }
        burst = null;
        if (c.released || c.failed) {
            b.release();
            return;
        }
        if (b.readableBytes() < HAND_OVER_FROM) {
            // Small: an array of its own costs little and gives the pooled buffer back at once.
            try {
                c.events().received(ReceivedBytes.of(ByteBufUtil.getBytes(b)));
            } finally {
                b.release();
            }
            return;
        }
        c.events().received(new io.teardown.backend.netty.io.RetainedBuffer(b)); // the engine owns the reference from here on
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            deliver(); // data before the FIN
            c.inputShutdown = true;
            if (c.released) {
                c.closeAfterQueuedWrites(); // not ctx.close(): sends queued just before closesocket would be lost (WS-04)
            } else if (!c.failed) {
                c.events().endOfStream();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        deliver(); // what arrived before the reset is still readable, as on Windows until the RST is seen
        if (!c.failed) {
            c.failed = true;
            if (!c.released) {
                c.events().failed(cause instanceof IOException);
            }
        }
        ctx.close(); // with half-closure on, NIO would not close on a reset by itself
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ByteBuf b = burst;
        if (b != null) {
            burst = null;
            b.release();
        }
        c.detached();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        deliver();
        if (!c.released) {
            c.events().closed();
        }
        ctx.fireChannelInactive();
    }
}

package io.teardown.backend.netty.winsock;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A NIO TCP channel whose JDK {@link SocketChannel} the winsock connection also uses from the application's
 * threads (docs/winsock.md, "Where a call runs"): a blocking {@code send} writes where it is called
 * ({@link NettyConnection#writeNow}), and a {@code recv} reads there while the engine has handed reading to
 * callers ({@link NettyConnection#readNow}). That is safe on NIO because the JDK channel serialises readers
 * and writers with its own locks and defers closing the descriptor until a read or write in progress has
 * returned (and until every selector it is registered with let it go), so a close on the event loop can
 * never leave the number to another socket under a caller. (Netty's epoll channel has no such guard; there
 * writes rely on the socket lock and reads stay on the loop, docs/winsock.md.)
 */
final class DirectNioSocketChannel extends NioSocketChannel {
    /** Callers read the socket now: the loop's own reads find nothing. Event-loop confined. */
    private boolean callersRead;

    /** An outbound connection's channel (the bootstrap's factory). */
    DirectNioSocketChannel() {
        super();
    }

    /** An accepted connection's channel ({@link DirectNioServerSocketChannel}). */
    DirectNioSocketChannel(Channel parent, SocketChannel socket) {
        super(parent, socket);
    }

    /** The JDK channel, in the non-blocking mode Netty set. */
    SocketChannel jdkChannel() {
        return javaChannel();
    }

    /**
     * On the event loop: whether callers read the socket. Auto-read is off while they do, so the loop does
     * not select for reading; this also turns away a read the loop starts for another reason (a selection
     * with no ready operations, a {@code read()} of the pipeline), which would otherwise take bytes that a
     * caller's later read overtakes.
     */
    void callersRead(boolean on) {
        callersRead = on;
    }

    @Override
    protected int doReadBytes(ByteBuf byteBuf) throws Exception {
        return callersRead ? 0 : super.doReadBytes(byteBuf);
    }
}

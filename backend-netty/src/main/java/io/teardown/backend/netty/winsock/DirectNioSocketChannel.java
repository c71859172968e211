package io.teardown.backend.netty.winsock;

import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A NIO TCP channel whose JDK {@link SocketChannel} the winsock connection also writes to from the
 * application's thread ({@link NettyConnection#writeNow}: a blocking {@code send} makes its system call
 * where it is called, docs/winsock.md, "Where a call runs"). That is safe on NIO because the JDK channel
 * serialises writers with its own lock and defers closing the descriptor until a write in progress has
 * returned, so a close on the event loop can never leave the number to another socket under a writer.
 * (Netty's epoll channel has no such guard; there the write relies on the socket lock, docs/winsock.md.)
 */
final class DirectNioSocketChannel extends NioSocketChannel {
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
}

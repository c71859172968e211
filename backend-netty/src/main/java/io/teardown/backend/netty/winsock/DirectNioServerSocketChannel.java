package io.teardown.backend.netty.winsock;

import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * A NIO listener whose accepted connections are {@link DirectNioSocketChannel}s, so an accepted socket's
 * blocking {@code send} writes from the calling thread as a connected one's does (docs/winsock.md).
 */
final class DirectNioServerSocketChannel extends NioServerSocketChannel {
    DirectNioServerSocketChannel() {
        super();
    }

    @Override
    protected int doReadMessages(List<Object> accepted) throws Exception {
        SocketChannel socket = javaChannel().accept();
        if (socket == null) {
            return 0; // nothing pending any more
        }
        try {
            accepted.add(new DirectNioSocketChannel(this, socket));
            return 1;
        } catch (RuntimeException e) {
            socket.close(); // the channel could not be set up (non-blocking mode refused): nothing owns it
            throw e;
        }
    }
}

package io.teardown.benchmarks.netty;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The raw-Netty baselines' event loop: the same transport Teardown's Netty backend picks (epoll where
 * it is available, NIO otherwise, NIO when {@code -Dteardown.netty.transport=nio}), one I/O thread.
 */
public final class RawNetty implements AutoCloseable {
    private final EventLoopGroup group;
    private final Class<? extends Channel> channelClass;

    /** A group with one event loop on the preferred transport. */
    public RawNetty() {
        boolean epoll = !"nio".equals(System.getProperty("teardown.netty.transport")) && Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(1, factory);
        channelClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The event-loop group. */
    public EventLoopGroup group() {
        return group;
    }

    /** The client socket channel class of the transport. */
    public Class<? extends Channel> channelClass() {
        return channelClass;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

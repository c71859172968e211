package io.teardown.benchmarks.netty;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The raw-Netty baselines' event loop: the same transport Teardown's Netty backend picks (epoll where
 * it is available, NIO otherwise, NIO when {@code -Dteardown.netty.transport=nio}), one I/O thread
 * unless told otherwise.
 */
public final class RawNetty implements AutoCloseable {
    private final EventLoopGroup group;
    private final Class<? extends Channel> channelClass;
    private final Class<? extends ServerChannel> serverChannelClass;

    /** A group with one event loop on the preferred transport. */
    public RawNetty() {
        this(1);
    }

    /** A group with {@code loops} event loops on the preferred transport. */
    public RawNetty(int loops) {
        boolean epoll = !"nio".equals(System.getProperty("teardown.netty.transport")) && Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(loops, factory);
        channelClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        serverChannelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /**
     * As many event loops as Teardown's Netty backend starts by default (the processors, 1 to 4), so a
     * raw-Netty server and Teardown's have the same number of I/O threads.
     */
    public static int backendLoops() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** The event-loop group. */
    public EventLoopGroup group() {
        return group;
    }

    /** The client socket channel class of the transport. */
    public Class<? extends Channel> channelClass() {
        return channelClass;
    }

    /** The listening (server) socket channel class of the transport. */
    public Class<? extends ServerChannel> serverChannelClass() {
        return serverChannelClass;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

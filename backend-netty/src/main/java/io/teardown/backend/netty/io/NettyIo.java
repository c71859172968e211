package io.teardown.backend.netty.io;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.teardown.api.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One session's Netty I/O: the transport (epoll where available, NIO otherwise, or as
 * {@code -Dteardown.netty.transport=epoll|nio} says) and its event-loop group, created on first use and
 * shut down with the session. Shared by every subsystem of the session.
 */
public final class NettyIo implements AutoCloseable {
    /** The property that forces a transport: {@code epoll}, {@code nio} or {@code auto} (the default). */
    public static final String TRANSPORT_PROPERTY = "teardown.netty.transport";

    /** The Netty transports this backend uses. */
    public enum Transport {
        /** Linux native epoll: exact TCP_INFO, real RST/FIN control. */
        EPOLL,
        /** The JDK's NIO: portable. */
        NIO
    }

    private final Transport transport;
    private final int threads;
    private volatile EventLoopGroup group;
    /** The group's loops, for {@link #inEventLoop()}: iterating the group allocates an iterator each time. */
    private volatile EventExecutor[] loops = new EventExecutor[0];
    private volatile boolean closed;

    private NettyIo(Session session) {
        this.transport = choose(session.property(TRANSPORT_PROPERTY).orElse("auto"));
        this.threads = Integer.parseInt(session.property("teardown.netty.threads")
                .orElse(String.valueOf(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())))));
    }

    /** The session's instance. */
    public static NettyIo of(Session session) {
        return session.component(NettyIo.class, NettyIo::new);
    }

    /** The transport that {@code auto} picks on this machine. */
    public static Transport defaultTransport() {
        return Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO;
    }

    /** Why epoll is not used, if it is not available; empty otherwise. */
    public static String epollUnavailability() {
        return Epoll.isAvailable() ? "" : String.valueOf(Epoll.unavailabilityCause());
    }

    static Transport choose(String requested) {
        switch (requested.trim().toLowerCase(Locale.ROOT)) {
            case "epoll":
                Epoll.ensureAvailability();
                return Transport.EPOLL;
            case "nio":
                return Transport.NIO;
            case "auto":
            case "":
                return defaultTransport();
            default:
                throw new IllegalArgumentException("-D" + TRANSPORT_PROPERTY + "=" + requested
                        + ": expected epoll, nio or auto");
        }
    }

    /** The transport in use. */
    public Transport transport() {
        return transport;
    }

    /** The event-loop group, created on first use. */
    public EventLoopGroup group() {
        EventLoopGroup g = group;
        if (g == null) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("the session's Netty I/O is shut down");
                }
                g = group;
                if (g == null) {
                    IoHandlerFactory handlers = transport == Transport.EPOLL
                            ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
                    g = new MultiThreadIoEventLoopGroup(threads,
                            new DefaultThreadFactory("teardown-" + transport.name().toLowerCase(Locale.ROOT), true),
                            handlers);
                    List<EventExecutor> all = new ArrayList<>();
                    g.forEach(all::add);
                    loops = all.toArray(new EventExecutor[0]);
                    group = g;
                }
            }
        }
        return g;
    }

    /** The TCP client channel class of the transport. */
    public Class<? extends SocketChannel> socketChannel() {
        return transport == Transport.EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The TCP server channel class of the transport. */
    public Class<? extends ServerChannel> serverSocketChannel() {
        return transport == Transport.EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The UDP channel class of the transport. */
    public Class<? extends DatagramChannel> datagramChannel() {
        return transport == Transport.EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /**
     * Whether the calling thread is one of this session's event loops (blocking there is refused).
     * Allocates nothing: a lingering close asks at its deadline (issue 22).
     */
    public boolean inEventLoop() {
        for (EventExecutor e : loops) {
            if (e.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code channel} uses this session's transport. */
    public boolean owns(Channel channel) {
        return channel.eventLoop().parent() == group;
    }

    /** Shuts the event loops down (no quiet period: the session's handles are already released). */
    @Override
    public void close() {
        EventLoopGroup g;
        synchronized (this) {
            closed = true;
            g = group;
            group = null;
            loops = new EventExecutor[0];
        }
        if (g != null) {
            g.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "NettyIo[" + transport + "]";
    }
}

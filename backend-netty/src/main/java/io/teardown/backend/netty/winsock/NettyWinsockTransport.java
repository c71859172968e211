package io.teardown.backend.netty.winsock;

import dagger.Lazy;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.teardown.api.Session;
import io.teardown.backend.netty.io.NettyIo;
import io.teardown.winsock.engine.Connection;
import io.teardown.winsock.engine.ConnectionEvents;
import io.teardown.winsock.engine.DatagramEvents;
import io.teardown.winsock.engine.DatagramPort;
import io.teardown.winsock.engine.Listener;
import io.teardown.winsock.engine.ListenerEvents;
import io.teardown.winsock.engine.StreamOptions;
import io.teardown.winsock.engine.Transport;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The winsock {@link Transport} on Netty: epoll where available (TCP_INFO tells when queued data is
 * acknowledged), NIO otherwise (only the bytes not yet handed to the kernel are known). The event
 * loops come from the session's shared {@link NettyIo}, created on first use — never while the session
 * is still building this transport. Nothing here blocks an event loop.
 */
public final class NettyWinsockTransport implements Transport {
    /** How long a graceful close keeps draining input while waiting for the peer's FIN. */
    public static final String DRAIN_TIMEOUT_PROPERTY = "teardown.winsock.drainTimeoutMillis";
    private static final long BIND_TIMEOUT_SECONDS = 10;

    private final Lazy<NettyIo> lazyIo;
    private final Duration drainTimeout;
    private final AtomicInteger openChannels = new AtomicInteger();
    /** Each event loop's batch of resets (one pass per batch, not one task per reset: issue 22). */
    private final ConcurrentHashMap<EventLoop, LoopResets> resets = new ConcurrentHashMap<>();
    private volatile NettyIo io;
    /** The ports this transport's listeners are bound to (a connect to one of them keeps the loop's path). */
    private final java.util.Set<Integer> listenerPorts = ConcurrentHashMap.newKeySet();

    @Inject
    NettyWinsockTransport(Session session, Lazy<NettyIo> io) {
        this.lazyIo = io;
        this.drainTimeout = Duration.ofMillis(Long.parseLong(session.property(DRAIN_TIMEOUT_PROPERTY).orElse("30000")));
    }

    NettyIo io() {
        NettyIo i = io;
        if (i == null) {
            i = lazyIo.get();
            io = i;
        }
        return i;
    }

    boolean epoll() {
        return io().transport() == NettyIo.Transport.EPOLL;
    }

    Duration drainTimeout() {
        return drainTimeout;
    }

    LoopResets resets(EventLoop loop) {
        LoopResets r = resets.get(loop);
        return r != null ? r : resets.computeIfAbsent(loop, LoopResets::new);
    }

    @Override
    public String name() {
        return "netty-" + io().transport().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public boolean knowsAcknowledgement() {
        return epoll();
    }

    @Override
    public boolean inTransportThread() {
        NettyIo i = io;
        return i != null && i.inEventLoop();
    }

    @Override
    public int openChannels() {
        return openChannels.get();
    }

    void track(Channel ch) {
        openChannels.incrementAndGet();
        ch.closeFuture().addListener(f -> openChannels.decrementAndGet());
    }

    /** A TCP connection's channel was created; {@link #connectionGone} follows when it is deregistered. */
    void connectionOpened() {
        openChannels.incrementAndGet();
    }

    void connectionGone() {
        openChannels.decrementAndGet();
    }

    @Override
    public CompletableFuture<Connection> connect(InetSocketAddress remote, InetSocketAddress local,
                                                 StreamOptions options, ConnectionEvents events) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        NettyConnection[] holder = new NettyConnection[1];
        Bootstrap b = new Bootstrap().group(io().group())
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, options.noDelay())
                .option(ChannelOption.SO_SNDBUF, Math.max(options.sendBuffer(), 1024))
                .option(ChannelOption.SO_RCVBUF, Math.max(options.receiveBuffer(), 1024))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connectionOpened();
                        NettyConnection c = new NettyConnection(NettyWinsockTransport.this, ch, options);
                        c.attach(events);
                        holder[0] = c;
                    }
                });
        if (epoll()) {
            b.channel(io().socketChannel());
        } else {
            b.channelFactory((ChannelFactory<SocketChannel>) DirectNioSocketChannel::new); // send writes from the calling thread (docs/winsock.md)
        }
        ChannelFuture f = local == null ? b.connect(remote) : b.connect(remote, local);
        f.addListener(done -> {
            if (done.isSuccess()) {
                result.complete(holder[0]);
            } else {
                result.completeExceptionally(done.cause());
            }
        });
        result.whenComplete((c, err) -> {
            if (result.isCancelled()) {
                f.channel().close();
            }
        });
        return result;
    }

    /**
     * The connect made on the calling thread ({@link DirectConnect}); a connection still in progress goes to a
     * loop. Not to a port this transport listens on: the engine decides on its own backlog (a connection
     * beyond it is reset, docs/winsock.md "Found on the wire") when the listener's loop takes the connection,
     * and a connect that returned before that could be counted against a backlog an accept has emptied
     * meanwhile (found by WinsockModelTest); through the loop, as before, the accept side comes first.
     */
    @Override
    public CompletableFuture<Connection> connectNow(InetSocketAddress remote, InetSocketAddress local,
                                                    StreamOptions options, ConnectionEvents events) {
        if (listenerPorts.contains(remote.getPort())) {
            return connect(remote, local, options, events);
        }
        return DirectConnect.connect(this, remote, local, options, events);
    }

    @Override
    public Listener listen(InetSocketAddress local, int backlog, StreamOptions options, ListenerEvents events)
            throws IOException {
        ServerBootstrap b = new ServerBootstrap().group(io().group())
                .option(ChannelOption.SO_BACKLOG, backlog)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, options.noDelay())
                .childOption(ChannelOption.SO_SNDBUF, Math.max(options.sendBuffer(), 1024))
                .childOption(ChannelOption.SO_RCVBUF, Math.max(options.receiveBuffer(), 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connectionOpened();
                        NettyConnection c = new NettyConnection(NettyWinsockTransport.this, ch, options);
                        c.attach(events.accepted(c));
                    }
                });
        if (epoll()) {
            b.channel(io().serverSocketChannel());
        } else {
            b.channelFactory((ChannelFactory<ServerChannel>) DirectNioServerSocketChannel::new); // accepted sockets write as connected ones do
        }
        Channel server = bind(b.bind(local));
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        listenerPorts.add(port);
        server.closeFuture().addListener(f -> listenerPorts.remove(port));
        return new Listener() {
            @Override
            public InetSocketAddress localAddress() {
                return (InetSocketAddress) server.localAddress();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    private Channel bind(ChannelFuture f) throws IOException {
        if (!f.awaitUninterruptibly(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            f.channel().close();
            throw new SocketException("bind timed out");
        }
        if (!f.isSuccess()) {
            Throwable t = f.cause();
            if (t instanceof IOException e) {
                throw e;
            }
            throw new SocketException(String.valueOf(t));
        }
        track(f.channel());
        return f.channel();
    }

    @Override
    public DatagramPort bindDatagram(InetSocketAddress local, DatagramEvents events) throws IOException {
        Bootstrap b = new Bootstrap().group(io().group()).channel(io().datagramChannel())
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramHandler(events));
                    }
                });
        Channel ch = bind(b.bind(local));
        return new NettyDatagramPort(ch);
    }

    @Override
    public String toString() {
        return "NettyWinsockTransport[" + (io == null ? "not started" : io.transport()) + "]";
    }
}

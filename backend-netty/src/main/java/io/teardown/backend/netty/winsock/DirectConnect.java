package io.teardown.backend.netty.winsock;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.Socket;
import io.teardown.winsock.engine.Connection;
import io.teardown.winsock.engine.ConnectionEvents;
import io.teardown.winsock.engine.StreamOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.concurrent.CompletableFuture;

/**
 * A {@code connect} made on the calling thread ({@link NettyWinsockTransport#connectNow}), as
 * {@code java.net.Socket} makes it: the socket is created, given its options, bound and connected by the
 * caller — on epoll through Netty's {@link Socket}, on NIO through the JDK's {@link java.nio.channels.SocketChannel}
 * — and on loopback the kernel runs the handshake inside that call, so the connection (or the refusal) is
 * known when it returns. The connected socket then becomes a Netty channel of one of the transport's event
 * loops ({@link #adopt}): its registration is a task for that loop, which nobody waits for. The engine
 * gets a future already complete, and the calling thread does not park. A connection the kernel has not
 * finished by then (a remote peer) is handed to the loop, which waits for it ({@link PendingConnect}) and
 * completes the future, as the bootstrap's connect did. docs/winsock.md, "Where a call runs".
 */
final class DirectConnect {
    private DirectConnect() {
    }

    /** Connects on the calling thread; see the class comment. Never blocks. */
    static CompletableFuture<Connection> connect(NettyWinsockTransport t, InetSocketAddress remote,
                                                 InetSocketAddress local, StreamOptions options,
                                                 ConnectionEvents events) {
        IoEventLoop loop = (IoEventLoop) t.io().group().next();
        try {
            return t.epoll() ? epoll(t, loop, remote, local, options, events)
                    : nio(t, loop, remote, local, options, events);
        } catch (IOException | RuntimeException failed) {
            return CompletableFuture.failedFuture(failed);
        }
    }

    private static CompletableFuture<Connection> epoll(NettyWinsockTransport t, IoEventLoop loop,
                                                       InetSocketAddress remote, InetSocketAddress local,
                                                       StreamOptions options, ConnectionEvents events)
            throws IOException {
        Socket fd = Socket.newSocketStream();
        boolean handedOver = false;
        try {
            // Before the connect, as the bootstrap sets them: the receive buffer decides the window scale
            // offered in the SYN.
            fd.setSendBufferSize(Math.max(options.sendBuffer(), 1024));
            fd.setReceiveBufferSize(Math.max(options.receiveBuffer(), 1024));
            if (local != null) {
                bind(fd, local);
            }
            // EINPROGRESS is false; a loopback handshake is usually done when the call returns. Netty's
            // finishConnect reads SO_ERROR (and throws a refusal); only the peer's address says "connected".
            boolean connected = fd.connect(remote) || fd.finishConnect() && fd.remoteAddress() != null;
            CompletableFuture<Connection> result;
            if (connected) {
                result = CompletableFuture.completedFuture(adopt(t, loop, new EpollSocketChannel(fd.intValue()),
                        options, events));
            } else {
                result = new CompletableFuture<>();
                PendingConnect.epoll(t, loop, fd, remote, options, events, result);
            }
            handedOver = true;
            return result;
        } finally {
            if (!handedOver) {
                fd.close();
            }
        }
    }

    private static CompletableFuture<Connection> nio(NettyWinsockTransport t, IoEventLoop loop,
                                                     InetSocketAddress remote, InetSocketAddress local,
                                                     StreamOptions options, ConnectionEvents events)
            throws IOException {
        java.nio.channels.SocketChannel jdk = java.nio.channels.SocketChannel.open();
        boolean handedOver = false;
        try {
            jdk.configureBlocking(false);
            jdk.setOption(StandardSocketOptions.SO_SNDBUF, Math.max(options.sendBuffer(), 1024));
            jdk.setOption(StandardSocketOptions.SO_RCVBUF, Math.max(options.receiveBuffer(), 1024));
            if (local != null) {
                jdk.bind(local);
            }
            boolean connected = jdk.connect(remote) || jdk.finishConnect(); // finishConnect polls, or throws the refusal
            CompletableFuture<Connection> result;
            if (connected) {
                result = CompletableFuture.completedFuture(adopt(t, loop, new DirectNioSocketChannel(null, jdk),
                        options, events));
            } else {
                result = new CompletableFuture<>();
                PendingConnect.nio(t, loop, jdk, remote, options, events, result);
            }
            handedOver = true;
            return result;
        } finally {
            if (!handedOver) {
                jdk.close();
            }
        }
    }

    /** A failed bind is the address's fault, as the JDK reports it (WSAEADDRINUSE), not a refusal. */
    private static void bind(Socket fd, InetSocketAddress local) throws IOException {
        try {
            fd.bind(local);
        } catch (IOException e) {
            BindException b = new BindException(e.getMessage());
            b.initCause(e);
            throw b;
        }
    }

    /**
     * Makes the connected socket {@code ch} a connection of the transport on {@code loop}: options, the
     * engine's handler, and the registration, a task for the loop that the caller does not wait for (the
     * channel is active from the start, so the loop starts reading when it registers it). From here on it
     * is as if the bootstrap had connected it. A registration that fails (the loop is shutting down, or
     * epoll refuses the descriptor) closes the channel; the engine then sees the connection fail.
     */
    static NettyConnection adopt(NettyWinsockTransport t, IoEventLoop loop, SocketChannel ch, StreamOptions options,
                                 ConnectionEvents events) {
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        ch.config().setOption(ChannelOption.TCP_NODELAY, options.noDelay()); // the channel's config sets its own default
        t.connectionOpened(); // after the options, which throw for a socket that died: its caller closes it uncounted
        NettyConnection c = new NettyConnection(t, ch, options);
        c.attach(events);
        EventLoop channelLoop = loop; // a channel registers through EventLoop's register, which the bootstrap uses too
        channelLoop.register(ch).addListener(f -> {
            if (!f.isSuccess()) {
                c.registrationFailed();
            }
        });
        return c;
    }
}

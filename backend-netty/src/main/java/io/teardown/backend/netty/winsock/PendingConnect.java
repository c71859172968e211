package io.teardown.backend.netty.winsock;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandle;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandle;
import io.netty.channel.nio.NioIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.teardown.winsock.engine.Connection;
import io.teardown.winsock.engine.ConnectionEvents;
import io.teardown.winsock.engine.StreamOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection that {@link DirectConnect} began on the calling thread and the kernel had not finished when
 * the call returned: the event loop watches its socket for writability (a Netty {@link IoHandle}, not yet a
 * channel), then makes it a channel ({@link DirectConnect#adopt}) and completes the engine's future, or
 * fails it with the connect's error, or with {@link ConnectTimeoutException} after
 * {@link #TIMEOUT_MILLIS} (the bootstrap's default, which the earlier path had). A future cancelled by the
 * engine (a {@code closesocket} during the connect, WS-14) closes the socket. Loop-confined once started.
 */
abstract class PendingConnect implements IoHandle {
    /** Netty's default {@code CONNECT_TIMEOUT_MILLIS}, which the bootstrap's connect used. */
    static final int TIMEOUT_MILLIS = 30_000;

    private final NettyWinsockTransport transport;
    private final IoEventLoop loop;
    private final InetSocketAddress remote;
    private final StreamOptions options;
    private final ConnectionEvents events;
    private final CompletableFuture<Connection> result;
    private IoRegistration registration;
    private ScheduledFuture<?> timeout;
    private boolean ended;

    private PendingConnect(NettyWinsockTransport transport, IoEventLoop loop, InetSocketAddress remote,
                           StreamOptions options, ConnectionEvents events, CompletableFuture<Connection> result) {
        this.transport = transport;
        this.loop = loop;
        this.remote = remote;
        this.options = options;
        this.events = events;
        this.result = result;
    }

    /** Watches {@code fd} (epoll) on {@code loop}; completes {@code result}. */
    static void epoll(NettyWinsockTransport t, IoEventLoop loop, Socket fd, InetSocketAddress remote,
                      StreamOptions options, ConnectionEvents events, CompletableFuture<Connection> result) {
        new OnEpoll(t, loop, fd, remote, options, events, result).start(EpollIoOps.EPOLLOUT);
    }

    /** Watches {@code ch} (NIO) on {@code loop}; completes {@code result}. */
    static void nio(NettyWinsockTransport t, IoEventLoop loop, SocketChannel ch, InetSocketAddress remote,
                    StreamOptions options, ConnectionEvents events, CompletableFuture<Connection> result) {
        new OnNio(t, loop, ch, remote, options, events, result).start(NioIoOps.CONNECT);
    }

    /** True once connected, false while still connecting; throws the connect's failure. */
    abstract boolean finish() throws IOException;

    /** The connected socket as a channel of the transport. */
    abstract io.netty.channel.socket.SocketChannel channel();

    abstract void closeSocket();

    final void start(IoOps interest) {
        result.whenComplete((c, err) -> {
            if (result.isCancelled()) {
                loop.execute(() -> fail(new ClosedChannelException()));
            }
        });
        loop.register(this).addListener(f -> {
            if (!f.isSuccess()) {
                fail(f.cause());
                return;
            }
            registration = (IoRegistration) f.getNow();
            if (ended) {
                registration.cancel(); // cancelled before the registration was done
                return;
            }
            registration.submit(interest);
            timeout = loop.schedule(() -> fail(new ConnectTimeoutException(
                    "connection timed out after " + TIMEOUT_MILLIS + " ms: " + remote)), TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    @Override
    public void handle(IoRegistration r, IoEvent event) {
        if (ended) {
            return;
        }
        boolean connected;
        try {
            connected = finish();
        } catch (IOException | RuntimeException failed) {
            fail(failed);
            return;
        }
        if (!connected) {
            return;
        }
        end();
        NettyConnection c;
        try {
            c = DirectConnect.adopt(transport, loop, channel(), options, events);
        } catch (RuntimeException closedMeanwhile) {
            closeSocket();
            result.completeExceptionally(closedMeanwhile);
            return;
        }
        if (!result.complete(c)) {
            c.reset(); // the engine gave up on it (cancelled) just now
        }
    }

    private void end() {
        ended = true;
        if (registration != null) {
            registration.cancel(); // on the loop: the descriptor leaves the epoll set (or the selector) now
        }
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    private void fail(Throwable cause) {
        if (ended) {
            return;
        }
        end();
        closeSocket();
        result.completeExceptionally(cause);
    }

    /** The loop is shutting down. */
    @Override
    public void close() {
        fail(new ClosedChannelException());
    }

    private static final class OnEpoll extends PendingConnect implements EpollIoHandle {
        private final Socket fd;

        OnEpoll(NettyWinsockTransport t, IoEventLoop loop, Socket fd, InetSocketAddress remote, StreamOptions options,
                ConnectionEvents events, CompletableFuture<Connection> result) {
            super(t, loop, remote, options, events, result);
            this.fd = fd;
        }

        @Override
        public FileDescriptor fd() {
            return fd;
        }

        @Override
        boolean finish() throws IOException {
            return fd.finishConnect() && fd.remoteAddress() != null; // SO_ERROR 0 alone is also "still connecting"
        }

        @Override
        io.netty.channel.socket.SocketChannel channel() {
            return new EpollSocketChannel(fd.intValue());
        }

        @Override
        void closeSocket() {
            try {
                fd.close();
            } catch (IOException alreadyClosed) {
                // nothing left to release
            }
        }
    }

    private static final class OnNio extends PendingConnect implements NioIoHandle {
        private final SocketChannel ch;

        OnNio(NettyWinsockTransport t, IoEventLoop loop, SocketChannel ch, InetSocketAddress remote,
              StreamOptions options, ConnectionEvents events, CompletableFuture<Connection> result) {
            super(t, loop, remote, options, events, result);
            this.ch = ch;
        }

        @Override
        public SelectableChannel selectableChannel() {
            return ch;
        }

        @Override
        boolean finish() throws IOException {
            return ch.finishConnect();
        }

        @Override
        io.netty.channel.socket.SocketChannel channel() {
            return new DirectNioSocketChannel(null, ch);
        }

        @Override
        void closeSocket() {
            try {
                ch.close();
            } catch (IOException alreadyClosed) {
                // nothing left to release
            }
        }
    }
}

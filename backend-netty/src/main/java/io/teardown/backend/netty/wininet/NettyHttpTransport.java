package io.teardown.backend.netty.wininet;

import dagger.Lazy;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslHandler;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.backend.netty.io.NettyIo;
import io.teardown.wininet.engine.HttpTransport;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;

/**
 * The WinINet engine's transport on Netty: TCP via the session's {@link NettyIo} (epoll or NIO), TLS
 * with the JDK provider and certificate checks on by default ({@link CertificateCheck}), HTTP/1.1 with
 * Netty's {@link HttpClientCodec}. What the server sends is bounded: an 8 KiB status line, 64 KiB of
 * headers, body pieces of at most 64 KiB read only on demand.
 */
public final class NettyHttpTransport implements HttpTransport {
    static final int MAX_INITIAL_LINE = 8 * 1024;
    static final int MAX_HEADER_SIZE = 64 * 1024;
    static final int MAX_CHUNK = 64 * 1024;

    private final Lazy<NettyIo> io;
    private final TlsContexts tls;

    /** Built by Dagger; the event loops are created only when the first connection is made. */
    @Inject
    public NettyHttpTransport(Session session, Lazy<NettyIo> io) {
        this.io = io;
        this.tls = new TlsContexts(session);
    }

    @Override
    public Cancellable connect(Endpoint endpoint, ConnectListener listener) {
        AtomicBoolean cancelled = new AtomicBoolean();
        NettyIo nio;
        EventLoopGroup group;
        try {
            nio = io.get();
            // group() too throws once the session is closing: a request resolved just then must fail
            // as cancelled, not kill the resolver thread (found by the flat fuzzer)
            group = nio.group();
        } catch (IllegalStateException sessionClosed) {
            listener.failed(Win32Error.ERROR_INTERNET_OPERATION_CANCELLED.code());
            return () -> { };
        }
        long connectMillis = endpoint.connectTimeout().isZero() ? 0 : Math.max(1, endpoint.connectTimeout().toMillis());
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(nio.socketChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectMillis))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) throws SSLException {
                        if (endpoint.secure()) {
                            SslHandler ssl = tls.forFlags(endpoint.securityFlags())
                                    .newHandler(ch.alloc(), endpoint.host(), endpoint.address().getPort());
                            if (connectMillis > 0) {
                                ssl.setHandshakeTimeout(connectMillis, TimeUnit.MILLISECONDS);
                            }
                            ch.pipeline().addLast("tls", ssl);
                        }
                        ch.pipeline().addLast("http", new HttpClientCodec(new HttpDecoderConfig()
                                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                                .setMaxHeaderSize(MAX_HEADER_SIZE)
                                .setMaxChunkSize(MAX_CHUNK), false, false));
                        ch.pipeline().addLast("wininet", new NettyHttpConnection(ch));
                    }
                });
        ChannelFuture f;
        try {
            f = b.connect(endpoint.address());
        } catch (RuntimeException e) {
            listener.failed(Win32Error.ERROR_INTERNET_CANNOT_CONNECT.code());
            return () -> { };
        }
        Channel ch = f.channel();
        f.addListener(done -> {
            if (cancelled.get()) {
                ch.close();
                return;
            }
            if (!done.isSuccess()) {
                listener.failed(done.cause() instanceof ConnectTimeoutException
                        ? Win32Error.ERROR_INTERNET_TIMEOUT.code()
                        : done.cause() instanceof ConnectException
                        ? Win32Error.ERROR_INTERNET_CANNOT_CONNECT.code()
                        : NettyHttpConnection.map(done.cause()));
                return;
            }
            NettyHttpConnection conn = (NettyHttpConnection) ch.pipeline().get("wininet");
            SslHandler ssl = ch.pipeline().get(SslHandler.class);
            if (ssl == null) {
                listener.connected(conn);
                return;
            }
            ssl.handshakeFuture().addListener(hs -> {
                if (cancelled.get()) {
                    ch.close();
                } else if (hs.isSuccess()) {
                    listener.connected(conn);
                } else {
                    ch.close();
                    listener.failed(NettyHttpConnection.map(hs.cause()));
                }
            });
            ch.read(); // auto-read is off: the handshake needs reads
        });
        return () -> {
            if (cancelled.compareAndSet(false, true)) {
                f.cancel(false);
                ch.close();
            }
        };
    }

    @Override
    public boolean onTransportThread() {
        return io.get().inEventLoop();
    }

    @Override
    public void close() {
        // The event loops belong to the session's NettyIo, shut down with the session.
    }

    @Override
    public String toString() {
        return "NettyHttpTransport";
    }
}

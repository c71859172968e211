package io.teardown.backend.netty.wlan;

import dagger.Lazy;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.teardown.backend.netty.io.NettyIo;
import io.teardown.wlan.engine.WlanProtocol;
import io.teardown.wlan.engine.WlanTransport;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The WLAN engine's connection to the WLAN service on a real Netty TCP channel (epoll or NIO, the
 * session's {@link NettyIo}): length-prefixed frames in and out. Closing a client handle closes this
 * channel, so the service sees the connection end; a service that stops or crashes is a channel that
 * goes inactive, which the engine reports as {@code RPC_S_SERVER_UNAVAILABLE} (WL-04).
 */
final class NettyWlanTransport implements WlanTransport {
    private static final long CLOSE_WAIT_SECONDS = 5;

    // Lazy: NettyIo is itself a session component, and must not be built inside WlanApi's factory.
    private final Lazy<NettyIo> io;

    @Inject
    NettyWlanTransport(Lazy<NettyIo> io) {
        this.io = io;
    }

    @Override
    public WlanTransport.Channel connect(InetSocketAddress address, Duration timeout, Listener listener) throws IOException {
        NettyIo nio = io.get();
        if (nio.inEventLoop()) {
            throw new IllegalStateException("WlanOpenHandle must not be called on a Netty event loop");
        }
        Bootstrap b = new Bootstrap()
                .group(nio.group())
                .channel(nio.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(new ChannelInitializer<io.netty.channel.Channel>() {
                    @Override
                    protected void initChannel(io.netty.channel.Channel ch) {
                        ch.pipeline().addLast(
                                new LengthFieldBasedFrameDecoder(WlanProtocol.MAX_FRAME + WlanProtocol.LENGTH_FIELD,
                                        0, WlanProtocol.LENGTH_FIELD, 0, WlanProtocol.LENGTH_FIELD),
                                new FrameHandler(listener));
                    }
                });
        ChannelFuture f = b.connect(address);
        if (!f.awaitUninterruptibly(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
            f.channel().close();
            throw new ConnectException("WLAN service at " + address + ": connect timed out");
        }
        if (!f.isSuccess()) {
            Throwable cause = f.cause();
            throw cause instanceof IOException e ? e : new IOException("WLAN service at " + address, cause);
        }
        if (f.channel().localAddress().equals(f.channel().remoteAddress())) {
            // TCP simultaneous open: with nothing listening, Linux may connect an ephemeral port to itself.
            f.channel().close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            throw new ConnectException("WLAN service at " + address + ": nothing listens (self-connect)");
        }
        return new NettyChannel(f.channel(), nio);
    }

    /** One open connection. */
    private static final class NettyChannel implements WlanTransport.Channel {
        private final io.netty.channel.Channel channel;
        private final NettyIo io;

        NettyChannel(io.netty.channel.Channel channel, NettyIo io) {
            this.channel = channel;
            this.io = io;
        }

        @Override
        public void send(byte[] frame) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(frame))
                    .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }

        @Override
        public void close() {
            ChannelFuture closed = channel.close();
            if (!io.inEventLoop()) {
                closed.awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    /** Hands frames to the engine and reports the connection's end once. Never blocks. */
    private static final class FrameHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private final Listener listener;
        private final AtomicBoolean ended = new AtomicBoolean();

        FrameHandler(Listener listener) {
            this.listener = listener;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            listener.frame(ByteBufUtil.getBytes(frame));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ended.compareAndSet(false, true)) {
                listener.closed();
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A reset or a malformed stream: the connection is over either way.
            ctx.close();
        }
    }
}

package io.teardown.benchmarks.winsock;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.teardown.benchmarks.netty.RawNetty;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The raw-Netty baseline of the IOCP echo benchmarks: Netty's own echo server (write each read buffer
 * back, flush at the end of the read burst; the channel closes when the client's FIN arrives), on the
 * preferred transport (epoll here) with as many event loops as Teardown's Netty backend has.
 */
final class NettyEchoServer implements AutoCloseable {
    private final RawNetty netty = new RawNetty(RawNetty.backendLoops());
    private final Channel listener;

    NettyEchoServer() throws InterruptedException {
        listener = new ServerBootstrap().group(netty.group()).channel(netty.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new Echo())
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() throws InterruptedException {
        listener.close().sync();
        netty.close();
    }

    @Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset by the client ends the connection, as for the other two servers
        }
    }
}

package io.teardown.benchmarks.wininet;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.teardown.benchmarks.netty.RawNetty;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The raw-Netty HTTP/1.1 baseline: one keep-alive connection, {@link HttpClientCodec} and an
 * {@link HttpObjectAggregator}, one request at a time. What a Java program would write on Netty without
 * WinINet's handle tree, callbacks and cancellation rules.
 */
final class NettyHttpClient implements AutoCloseable {
    private final Channel channel;
    private volatile CompletableFuture<Integer> pending;

    NettyHttpClient(RawNetty netty, int port) throws InterruptedException {
        Bootstrap b = new Bootstrap().group(netty.group()).channel(netty.channelClass())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(4 << 20),
                                new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
                                        pending.complete(msg.content().readableBytes());
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        CompletableFuture<Integer> p = pending;
                                        if (p != null) {
                                            p.completeExceptionally(cause);
                                        }
                                        ctx.close();
                                    }
                                });
                    }
                });
        channel = b.connect("127.0.0.1", port).sync().channel();
    }

    /** GET {@code path} and return the body's length once the whole response arrived. */
    int get(String path) throws Exception {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        pending = f;
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        req.headers().set(HttpHeaderNames.HOST, "127.0.0.1");
        channel.writeAndFlush(req);
        return f.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}

package io.teardown.benchmarks.wininet;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
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
 * {@link HttpObjectAggregator}, one request at a time, the body copied into the caller's byte array (as
 * {@code InternetReadFile} delivers it, issue 20's baseline). What a Java program would write on Netty without
 * WinINet's handle tree, callbacks and cancellation rules.
 */
final class NettyHttpClient implements AutoCloseable {
    private final Channel channel;
    private volatile CompletableFuture<ByteBuf> pending;

    NettyHttpClient(RawNetty netty, int port) throws InterruptedException {
        Bootstrap b = new Bootstrap().group(netty.group()).channel(netty.channelClass())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(4 << 20),
                                new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
                                        pending.complete(msg.content().retain()); // the caller copies it out
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        CompletableFuture<ByteBuf> p = pending;
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

    /**
     * GETs {@code path} and, once the whole response arrived, copies its body into {@code into} on the
     * calling thread — a buffer's worth at a time, as a reader with that buffer would — and returns its length.
     */
    int get(String path, byte[] into) throws Exception {
        CompletableFuture<ByteBuf> f = new CompletableFuture<>();
        pending = f;
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        req.headers().set(HttpHeaderNames.HOST, "127.0.0.1");
        channel.writeAndFlush(req);
        ByteBuf body = f.get(30, TimeUnit.SECONDS);
        try {
            int n = body.readableBytes();
            for (int at = 0; at < n; at += into.length) {
                body.getBytes(body.readerIndex() + at, into, 0, Math.min(into.length, n - at));
            }
            return n;
        } finally {
            body.release();
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}

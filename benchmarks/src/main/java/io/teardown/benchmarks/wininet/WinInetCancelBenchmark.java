package io.teardown.benchmarks.wininet;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.benchmarks.netty.RawNetty;
import io.teardown.wininet.WinInet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of {@code InternetCloseHandle} on an async request whose {@code InternetReadFile} is pending
 * (the server sent the head of a body and then nothing): until the cancelled
 * {@code INTERNET_STATUS_REQUEST_COMPLETE} ({@code ERROR_INTERNET_OPERATION_CANCELLED}, WI-06; target
 * p99 ≤ 1 ms) and until {@code INTERNET_STATUS_HANDLE_CLOSING} (WI-03). Baseline: closing a raw Netty
 * channel with a response pending, until its {@code channelInactive} runs. Mode.SampleTime gives
 * p50/p99/p99.9; each invocation sets up a fresh stalled request (not timed).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
@State(Scope.Thread)
public class WinInetCancelBenchmark {
    private HttpFixture server;
    private Session session;
    private WinInet api;
    private long inet;
    private long conn;
    private final AsyncWaiter waiter = new AsyncWaiter();
    private long req;
    private RawNetty netty;
    private Bootstrap bootstrap;
    private Channel channel;
    private CountDownLatch inactive;
    private final byte[] buffer = new byte[4096];
    private final IntRef read = new IntRef();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = new HttpFixture();
        session = Session.open();
        api = WinInet.of(session);
        inet = api.InternetOpen("teardown-bench", WinInet.INTERNET_OPEN_TYPE_DIRECT, null, null, WinInet.INTERNET_FLAG_ASYNC);
        api.InternetSetStatusCallback(inet, waiter);
        conn = api.InternetConnect(inet, "127.0.0.1", server.port(), null, null, WinInet.INTERNET_SERVICE_HTTP, 0, 1);
        netty = new RawNetty();
        bootstrap = new Bootstrap().group(netty.group()).channel(netty.channelClass());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        api.InternetCloseHandle(inet);
        session.close();
        netty.close();
        server.close();
    }

    /** A request that was sent, got its head, and has an InternetReadFile pending (ERROR_IO_PENDING). */
    @Setup(Level.Invocation)
    public void pendingRead() throws Exception {
        server.dropStalled();
        req = api.HttpOpenRequest(conn, "GET", "/stall", null, null, null, WinInet.INTERNET_FLAG_RELOAD, 2);
        waiter.watch(req);
        if (api.HttpSendRequest(req, null, 0, null, 0) || api.GetLastError() != Win32Error.ERROR_IO_PENDING.code()) {
            throw new IllegalStateException("expected a pending send: " + api.GetLastError());
        }
        if (waiter.awaitComplete() != 0) {
            throw new IllegalStateException("send failed: " + waiter.lastError);
        }
        if (api.InternetReadFile(req, buffer, buffer.length, read) || api.GetLastError() != Win32Error.ERROR_IO_PENDING.code()) {
            throw new IllegalStateException("expected a pending read: " + api.GetLastError() + " read " + read.value);
        }
        // The Netty counterpart: a channel with a request out and the response head in, body pending.
        inactive = new CountDownLatch(1);
        CountDownLatch head = new CountDownLatch(1);
        CountDownLatch gone = inactive;
        channel = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof HttpResponse) {
                            head.countDown();
                        }
                        io.netty.util.ReferenceCountUtil.release(msg);
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        gone.countDown();
                    }
                });
            }
        }).connect("127.0.0.1", server.port()).sync().channel();
        DefaultFullHttpRequest get = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/stall");
        get.headers().set(HttpHeaderNames.HOST, "127.0.0.1");
        channel.writeAndFlush(get);
        if (!head.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no response head");
        }
    }

    @TearDown(Level.Invocation)
    public void closeLeftovers() throws InterruptedException {
        if (api.InternetCloseHandle(req)) {
            waiter.awaitComplete();
        }
        waiter.awaitClosing();
        if (channel.isOpen()) {
            channel.close().sync();
        }
    }

    /** InternetCloseHandle → the cancelled REQUEST_COMPLETE (WI-06). */
    @Benchmark
    public long teardownCloseToRequestComplete() throws InterruptedException {
        long start = System.nanoTime();
        api.InternetCloseHandle(req);
        int error = waiter.awaitComplete();
        if (error != Win32Error.ERROR_INTERNET_OPERATION_CANCELLED.code()) {
            throw new IllegalStateException("REQUEST_COMPLETE with " + error);
        }
        return waiter.completeAt - start;
    }

    /** InternetCloseHandle → HANDLE_CLOSING, the handle's last callback (WI-03). */
    @Benchmark
    public long teardownCloseToHandleClosing() throws InterruptedException {
        long start = System.nanoTime();
        api.InternetCloseHandle(req);
        waiter.awaitClosing();
        // Release the closing permit again for the invocation's tear-down, which waits for it.
        waiter.closingSeen();
        return waiter.closingAt - start;
    }

    /** Raw Netty: close the channel with the body pending → channelInactive. */
    @Benchmark
    public boolean nettyCloseToInactive() throws InterruptedException {
        channel.close();
        return inactive.await(30, TimeUnit.SECONDS);
    }
}

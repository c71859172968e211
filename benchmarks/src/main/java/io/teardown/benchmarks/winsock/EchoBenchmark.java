package io.teardown.benchmarks.winsock;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.teardown.api.Session;
import io.teardown.benchmarks.netty.RawNetty;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.Ws2_32;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A blocking echo round trip of {@code bytes} bytes on one loopback connection (TCP_NODELAY everywhere):
 * {@code send} then {@code recv} until all came back, through the flat {@link Ws2_32} facade, against a
 * plain {@link Socket} and raw Netty (writeAndFlush, the handler completes a future when all bytes are
 * back). The peer is a JDK-socket echo server.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class EchoBenchmark {
    // Not "size": run.sh's -p size=… is meant for the WinINet GET and would override this one.
    @Param({"64", "16384"})
    public int bytes;
    private int size;

    private JdkPeer peer;
    private Session session;
    private Ws2_32 ws;
    private long socket;
    private Socket javaSocket;
    private InputStream javaIn;
    private OutputStream javaOut;
    private RawNetty netty;
    private Channel channel;
    private volatile CompletableFuture<Integer> echoed;
    private int expected;
    private byte[] payload;
    private byte[] back;

    @Setup
    public void setUp() throws Exception {
        peer = new JdkPeer(JdkPeer.Behaviour.ECHO);
        size = bytes;
        payload = new byte[size];
        expected = size;
        back = new byte[size];
        session = Session.open();
        ws = Ws2_32.of(session);
        ws.WSAStartup((short) 0x0202, new WSAData());
        socket = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        ws.setsockopt(socket, Ws2_32.IPPROTO_TCP, Ws2_32.TCP_NODELAY, 1);
        if (ws.connect(socket, SockAddr.inet("127.0.0.1", peer.port())) != 0) {
            throw new IllegalStateException("connect failed: " + ws.WSAGetLastError());
        }
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), peer.port());
        javaSocket = new Socket();
        javaSocket.setTcpNoDelay(true);
        javaSocket.connect(address);
        javaIn = javaSocket.getInputStream();
        javaOut = javaSocket.getOutputStream();
        netty = new RawNetty();
        channel = new Bootstrap().group(netty.group()).channel(netty.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInboundHandlerAdapter() {
                    private int got;

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf b = (ByteBuf) msg;
                        got += b.readableBytes();
                        b.release();
                        if (got >= expected) {
                            got -= expected;
                            echoed.complete(expected);
                        }
                    }
                }).connect(address).sync().channel();
    }

    @TearDown
    public void tearDown() throws Exception {
        ws.closesocket(socket);
        ws.WSACleanup();
        session.close();
        javaSocket.close();
        channel.close().sync();
        netty.close();
        peer.close();
    }

    /** send, then recv until all {@code size} bytes came back. */
    @Benchmark
    public int teardownEcho() {
        if (ws.send(socket, payload, size, 0) != size) {
            throw new IllegalStateException("send failed: " + ws.WSAGetLastError());
        }
        int got = 0;
        while (got < size) {
            int n = ws.recv(socket, back, size - got, 0);
            if (n <= 0) {
                throw new IllegalStateException("recv failed: " + ws.WSAGetLastError());
            }
            got += n;
        }
        return got;
    }

    /** java.net.Socket: write, then read until all came back. */
    @Benchmark
    public int javaSocketEcho() throws Exception {
        javaOut.write(payload);
        int got = 0;
        while (got < size) {
            int n = javaIn.read(back, got, size - got);
            if (n < 0) {
                throw new IllegalStateException("end of stream");
            }
            got += n;
        }
        return got;
    }

    /** Raw Netty: writeAndFlush, then wait until the handler saw all bytes come back. */
    @Benchmark
    public int nettyEcho() throws Exception {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        echoed = f;
        channel.writeAndFlush(Unpooled.wrappedBuffer(payload));
        return f.get(10, TimeUnit.SECONDS);
    }
}

package io.teardown.benchmarks.winsock;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.teardown.api.Session;
import io.teardown.benchmarks.netty.RawNetty;
import io.teardown.winsock.Linger;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.Ws2_32;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
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
 * Connection churn on loopback: connect, send 1 KiB, close — gracefully (default linger, WS-04: FIN
 * after the data) or abortively ({@code SO_LINGER {1,0}}, WS-05: RST) — through the flat
 * {@link Ws2_32} facade, against raw Netty on the same transport ({@code writeAndFlush} then
 * {@code close}; {@code SO_LINGER=0} then {@code close}) and a plain {@link Socket}; all against one
 * JDK-socket peer that reads to end-of-stream.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SocketChurnBenchmark {
    @Param({"graceful", "abortive"})
    public String close;

    private JdkPeer peer;
    private Session session;
    private Ws2_32 ws;
    private SockAddr address;
    private RawNetty netty;
    private Bootstrap bootstrap;
    private InetSocketAddress peerAddress;
    private boolean abortive;
    private final byte[] payload = new byte[1024];

    @Setup
    public void setUp() throws Exception {
        peer = new JdkPeer(JdkPeer.Behaviour.DRAIN);
        abortive = close.equals("abortive");
        session = Session.open();
        ws = Ws2_32.of(session);
        ws.WSAStartup((short) 0x0202, new WSAData());
        address = SockAddr.inet("127.0.0.1", peer.port());
        peerAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), peer.port());
        netty = new RawNetty();
        bootstrap = new Bootstrap().group(netty.group()).channel(netty.channelClass())
                .option(ChannelOption.TCP_NODELAY, true).handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // nothing to read: the peer never writes
                    }
                });
        if (abortive) {
            bootstrap.option(ChannelOption.SO_LINGER, 0);
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        ws.WSACleanup();
        session.close();
        netty.close();
        peer.close();
    }

    /** socket, connect, send 1 KiB, (SO_LINGER {1,0},) closesocket. */
    @Benchmark
    public int teardownChurn() {
        long s = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        if (s == Ws2_32.INVALID_SOCKET || ws.connect(s, address) != 0
                || ws.send(s, payload, payload.length, 0) != payload.length
                || (abortive && ws.setsockopt(s, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, Linger.ABORTIVE) != 0)) {
            int error = ws.WSAGetLastError();
            ws.closesocket(s);
            throw new IllegalStateException("socket/connect/send failed: " + error);
        }
        return ws.closesocket(s);
    }

    /** Raw Netty: connect, writeAndFlush 1 KiB, close (SO_LINGER 0 set on the bootstrap when abortive). */
    @Benchmark
    public boolean nettyChurn() throws InterruptedException {
        Channel ch = bootstrap.connect(peerAddress).sync().channel();
        ch.writeAndFlush(Unpooled.wrappedBuffer(payload));
        return ch.close().await(10, TimeUnit.SECONDS);
    }

    /** java.net.Socket: connect, write 1 KiB, (setSoLinger(true, 0),) close. */
    @Benchmark
    public boolean javaSocketChurn() throws Exception {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(peerAddress);
        OutputStream out = s.getOutputStream();
        out.write(payload);
        if (abortive) {
            s.setSoLinger(true, 0);
        }
        s.close();
        return s.isClosed();
    }
}

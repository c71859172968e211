package io.teardown.benchmarks.winsock;

import io.teardown.benchmarks.winsock.EchoServers.Client;
import io.teardown.benchmarks.winsock.EchoServers.Server;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Echo throughput of an event-driven server: four client threads, each on its own kept-alive
 * connection, send {@code bytes} and read them back, against Teardown's IOCP echo server
 * ({@code AcceptEx} + completion port + workers, overlapped {@code WSARecv}/{@code WSASend}; issue 17),
 * raw Netty's echo server and a {@code java.net.ServerSocket} thread-per-connection server — the same
 * JDK clients, the same run ({@link EchoServers}). Issue 20's target: Teardown ≥ 1.0× raw Netty.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(IocpEchoBenchmark.CLIENTS)
@State(Scope.Thread)
public class IocpEchoBenchmark {
    /** Client threads, one connection each per server. */
    static final int CLIENTS = 4;

    @Param({"64", "16384"})
    public int bytes;

    private byte[] payload;
    private byte[] back;
    private Client teardown;
    private Client netty;
    private Client jdk;

    @Setup(Level.Trial)
    public void connect(EchoServers servers) throws IOException {
        payload = new byte[bytes];
        back = new byte[bytes];
        teardown = new Client(servers.address(Server.TEARDOWN_IOCP));
        netty = new Client(servers.address(Server.RAW_NETTY));
        jdk = new Client(servers.address(Server.JAVA_SERVER_SOCKET));
    }

    @TearDown(Level.Trial)
    public void disconnect() throws IOException {
        teardown.close();
        netty.close();
        jdk.close();
    }

    /** A round trip through Teardown's IOCP echo server. */
    @Benchmark
    public int teardownIocpEcho() throws IOException {
        return teardown.echo(payload, back);
    }

    /** A round trip through raw Netty's echo server. */
    @Benchmark
    public int nettyEcho() throws IOException {
        return netty.echo(payload, back);
    }

    /** A round trip through the thread-per-connection {@code ServerSocket} echo server. */
    @Benchmark
    public int javaServerSocketEcho() throws IOException {
        return jdk.echo(payload, back);
    }
}

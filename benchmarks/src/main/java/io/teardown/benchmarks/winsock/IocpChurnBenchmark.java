package io.teardown.benchmarks.winsock;

import io.teardown.benchmarks.winsock.EchoServers.Client;
import io.teardown.benchmarks.winsock.EchoServers.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Connection churn through an event-driven server: four client threads each connect, send 1 KiB, read
 * it back and close (the server sees the FIN and closes its side), against Teardown's IOCP echo server
 * (a new {@code AcceptEx} posted per accepted connection, {@code SO_UPDATE_ACCEPT_CONTEXT}, the socket
 * associated with the port, {@code closesocket} at the client's FIN), raw Netty's echo server and a
 * {@code java.net.ServerSocket} thread-per-connection server — same JDK clients, same run
 * ({@link EchoServers}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(IocpEchoBenchmark.CLIENTS)
@State(Scope.Thread)
public class IocpChurnBenchmark {
    private final byte[] payload = new byte[1024];
    private final byte[] back = new byte[1024];
    private InetSocketAddress teardown;
    private InetSocketAddress netty;
    private InetSocketAddress jdk;

    @Setup(Level.Trial)
    public void addresses(EchoServers servers) {
        teardown = servers.address(Server.TEARDOWN_IOCP);
        netty = servers.address(Server.RAW_NETTY);
        jdk = servers.address(Server.JAVA_SERVER_SOCKET);
    }

    /** connect, echo 1 KiB, close, through Teardown's IOCP echo server. */
    @Benchmark
    public int teardownIocpChurn() throws IOException {
        return churn(teardown);
    }

    /** The same through raw Netty's echo server. */
    @Benchmark
    public int nettyChurn() throws IOException {
        return churn(netty);
    }

    /** The same through the thread-per-connection {@code ServerSocket} echo server. */
    @Benchmark
    public int javaServerSocketChurn() throws IOException {
        return churn(jdk);
    }

    private int churn(InetSocketAddress address) throws IOException {
        try (Client c = new Client(address)) {
            return c.echo(payload, back);
        }
    }
}

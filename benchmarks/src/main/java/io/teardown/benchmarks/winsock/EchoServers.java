package io.teardown.benchmarks.winsock;

import io.teardown.api.Session;
import io.teardown.benchmarks.netty.RawNetty;
import io.teardown.examples.iocp.IocpEchoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The three echo servers of the IOCP benchmarks, started once per trial and served to the same JDK
 * clients: Teardown's {@link IocpEchoServer} ({@code teardown demo iocp}'s server: {@code AcceptEx},
 * a completion port, worker threads in {@code GetQueuedCompletionStatus} driving overlapped
 * {@code WSARecv}/{@code WSASend}; as many workers as processors), raw Netty's echo server
 * ({@link NettyEchoServer}) and a {@link java.net.ServerSocket} with a thread per connection
 * ({@link JdkPeer} in {@code ECHO}). All three set {@code TCP_NODELAY} on every connection.
 */
@State(Scope.Benchmark)
public class EchoServers {
    /** {@code AcceptEx} operations the Teardown server keeps posted. */
    static final int ACCEPTS_PENDING = 8;

    private Session session;
    private IocpEchoServer iocp;
    private NettyEchoServer netty;
    private JdkPeer threadPerConnection;

    @Setup(Level.Trial)
    public void start() throws Exception {
        session = Session.open();
        iocp = new IocpEchoServer(session, ACCEPTS_PENDING, RawNetty.backendLoops());
        netty = new NettyEchoServer();
        threadPerConnection = new JdkPeer(JdkPeer.Behaviour.ECHO);
    }

    /**
     * Stops the three servers. The clients have closed their connections (their thread states are torn
     * down first); the IOCP server closes its side when it reads each FIN, and is shut down once it has,
     * so that only its {@code AcceptEx} operations are pending. Its shutdown checks that every operation
     * pending at that moment completed exactly once as aborted (WS-09, WS-18) and fails the trial
     * otherwise.
     */
    @TearDown(Level.Trial)
    public void stop() throws Exception {
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (iocp.openConnections() > 0 && System.nanoTime() < until) {
                Thread.sleep(1);
            }
            iocp.shutdown();
        } finally {
            session.close();
            netty.close();
            threadPerConnection.close();
        }
    }

    /** Which server a client talks to. */
    enum Server { TEARDOWN_IOCP, RAW_NETTY, JAVA_SERVER_SOCKET }

    InetSocketAddress address(Server server) {
        int port = switch (server) {
            case TEARDOWN_IOCP -> iocp.port();
            case RAW_NETTY -> netty.port();
            case JAVA_SERVER_SOCKET -> threadPerConnection.port();
        };
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** A plain blocking JDK client connection, the same for every server. */
    static final class Client implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Client(InetSocketAddress address) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        /** Writes {@code payload} and reads until as many bytes came back; returns that count. */
        int echo(byte[] payload, byte[] back) throws IOException {
            out.write(payload);
            int got = 0;
            while (got < payload.length) {
                int n = in.read(back, got, payload.length - got);
                if (n < 0) {
                    throw new IOException("the echo server closed the connection after " + got + " bytes");
                }
                got += n;
            }
            return got;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

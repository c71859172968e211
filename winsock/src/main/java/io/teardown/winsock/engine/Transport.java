package io.teardown.winsock.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * What the portable engine needs from a network stack (<a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>): TCP connections that can
 * FIN, RST and report unsent/unacknowledged bytes, TCP listeners, UDP ports. {@code backend-netty}
 * implements it on epoll or NIO. Every method may be called from any thread except where noted; no
 * method blocks except {@link #listen} and {@link #bindDatagram} (which bind synchronously and are
 * never called on a transport thread).
 */
public interface Transport {
    /** A short name for messages ({@code "netty-epoll"}). */
    String name();

    /**
     * Whether {@link Connection#unacknowledged()} can see acknowledgements (epoll's TCP_INFO) or only
     * the bytes not yet handed to the kernel (NIO).
     */
    boolean knowsAcknowledgement();

    /** Whether the calling thread is one of the transport's I/O threads (blocking calls are refused there). */
    boolean inTransportThread();

    /**
     * Starts a connection. {@code events} is attached before any byte is read. The future completes
     * on a transport thread with the connection, or exceptionally ({@link java.net.ConnectException} …).
     */
    CompletableFuture<Connection> connect(InetSocketAddress remote, InetSocketAddress local, StreamOptions options,
                                          ConnectionEvents events);

    /**
     * {@link #connect}, with the system calls made on the calling thread where the transport can: the
     * socket is created, bound and connected there, and a connection the kernel completes within that
     * call (loopback: the handshake runs inside it) is returned in a future already complete — as is a
     * refusal the kernel reports by then — so a blocking {@code connect} costs what
     * {@code java.net.Socket}'s does, with no hand-off to a transport thread and back. Only a connection
     * still in progress is left to a transport thread, which completes the future as {@link #connect}'s.
     * The transport learns of the connection afterwards. Never blocks; called under the engine's socket
     * lock (docs/winsock.md, "Where a call runs").
     */
    default CompletableFuture<Connection> connectNow(InetSocketAddress remote, InetSocketAddress local,
                                                     StreamOptions options, ConnectionEvents events) {
        return connect(remote, local, options, events);
    }

    /** Binds and listens; accepted connections are offered to {@code events}. */
    Listener listen(InetSocketAddress local, int backlog, StreamOptions options, ListenerEvents events)
            throws IOException;

    /** Binds a UDP port. */
    DatagramPort bindDatagram(InetSocketAddress local, DatagramEvents events) throws IOException;

    /** How many channels of this transport are open now (for leak checks). */
    int openChannels();
}

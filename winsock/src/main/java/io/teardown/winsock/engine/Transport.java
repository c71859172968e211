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

    /** Binds and listens; accepted connections are offered to {@code events}. */
    Listener listen(InetSocketAddress local, int backlog, StreamOptions options, ListenerEvents events)
            throws IOException;

    /** Binds a UDP port. */
    DatagramPort bindDatagram(InetSocketAddress local, DatagramEvents events) throws IOException;

    /** How many channels of this transport are open now (for leak checks). */
    int openChannels();
}

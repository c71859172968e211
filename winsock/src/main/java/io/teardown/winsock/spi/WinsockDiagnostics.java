package io.teardown.winsock.spi;

/**
 * Implemented by a backend's {@link io.teardown.winsock.Ws2_32} that emulates Winsock over a transport:
 * what the test kit and the demo report, and what leak checks count (no transport channel may outlive
 * the sockets that used it).
 */
public interface WinsockDiagnostics {
    /** The transport's name ({@code "netty-epoll"}, {@code "netty-nio"}). */
    String transportName();

    /** How many transport channels are open now. */
    int openTransportChannels();
}

package io.teardown.winsock.spi;

import io.teardown.api.Session;
import io.teardown.winsock.front.WinsockFront;
import java.util.Optional;

/**
 * What a driver that emulates Winsock over a transport can say about it ({@link WinsockDriver#diagnostics()}):
 * what the test kit and the demo report, and what leak checks count (no transport channel may outlive
 * the sockets that used it). The native driver has none.
 */
public interface WinsockDiagnostics {
    /** The diagnostics of the driver behind the session's {@code Ws2_32}, if it has any. */
    static Optional<WinsockDiagnostics> of(Session session) {
        return WinsockFront.of(session).driver().diagnostics();
    }

    /** The transport's name ({@code "netty-epoll"}, {@code "netty-nio"}). */
    String transportName();

    /** How many transport channels are open now. */
    int openTransportChannels();
}

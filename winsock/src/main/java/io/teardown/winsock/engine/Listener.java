package io.teardown.winsock.engine;

import java.net.InetSocketAddress;

/** A listening TCP socket of a {@link Transport}. */
public interface Listener {
    /** The bound address (with the port the system chose for port 0). */
    InetSocketAddress localAddress();

    /** Stops listening. */
    void close();
}

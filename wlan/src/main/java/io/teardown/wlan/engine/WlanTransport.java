package io.teardown.wlan.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * How the portable WLAN engine reaches the WLAN service: one real connection per client session.
 * {@code backend-netty} implements it on a Netty TCP channel; the engine's own tests on plain JDK
 * sockets. The engine owns everything above bytes (requests, replies, notifications, the rules).
 */
public interface WlanTransport {
    /**
     * Connects to the service.
     *
     * @param address  the service's loopback address
     * @param timeout  how long to try
     * @param listener receives every frame and, once, the connection's end
     * @return the open connection
     * @throws IOException when nothing accepts the connection (the service is not running)
     */
    Channel connect(InetSocketAddress address, Duration timeout, Listener listener) throws IOException;

    /** One open connection to the service. Thread-safe. */
    interface Channel {
        /** Sends one frame (with its length prefix); never blocks. A failure ends the connection. */
        void send(byte[] frame);

        /**
         * Closes the connection and waits (boundedly) until it is closed, unless called on an I/O thread.
         * Idempotent. {@link Listener#closed()} has run, or runs soon, afterwards.
         */
        void close();
    }

    /** What a connection reports. Called on I/O threads: must not block. */
    interface Listener {
        /** One frame from the service, length prefix stripped. */
        void frame(byte[] frame);

        /** The connection ended (closed by either side, reset, or failed). Called once. */
        void closed();
    }
}

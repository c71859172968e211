package io.teardown.winsock.engine;

import java.net.InetSocketAddress;

/** A bound UDP port of a {@link Transport}. */
public interface DatagramPort {
    /** The bound address. */
    InetSocketAddress localAddress();

    /** Sends one datagram (the array belongs to the transport); failures are dropped, as UDP does. */
    void send(byte[] data, InetSocketAddress to);

    /** Releases the port. */
    void close();
}

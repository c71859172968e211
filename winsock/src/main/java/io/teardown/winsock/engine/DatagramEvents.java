package io.teardown.winsock.engine;

import java.net.InetSocketAddress;

/** What a {@link DatagramPort} reports; called on a transport thread. */
public interface DatagramEvents {
    /** A datagram arrived (the array belongs to the engine). */
    void received(byte[] data, InetSocketAddress from);
}

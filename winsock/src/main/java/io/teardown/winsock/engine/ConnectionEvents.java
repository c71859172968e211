package io.teardown.winsock.engine;

/**
 * What a {@link Connection} reports to the engine. Called on transport threads, in order; each method
 * returns quickly and never calls user code.
 */
public interface ConnectionEvents {
    /**
     * Bytes arrived; the engine owns {@code data} from now on and releases it exactly once (see
     * {@link ReceivedBytes}), also when it drops it unread.
     */
    void received(ReceivedBytes data);

    /** The peer sent FIN. */
    void endOfStream();

    /** The connection failed: the peer reset it ({@code reset} true) or another I/O error happened. */
    void failed(boolean reset);

    /** The transport's queue dropped below its limit. */
    void writable();

    /** The connection is closed at the transport. */
    void closed();

    /**
     * The transport has handed reading to the application's threads ({@link Connection#readHere}): a
     * receive waiting for that may read now.
     */
    default void readingHandedOver() {
    }
}

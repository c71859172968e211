package io.teardown.winsock.engine;

/** What a {@link Listener} reports; called on a transport thread. */
public interface ListenerEvents {
    /**
     * A connection was accepted by the system. Returns the events sink for it, attached before any
     * byte is read. Must not block or call user code.
     */
    ConnectionEvents accepted(Connection connection);
}

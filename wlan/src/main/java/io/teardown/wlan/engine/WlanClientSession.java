package io.teardown.wlan.engine;

import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a WLAN client handle names: the session's connection to the service and its notification
 * dispatcher. Closing it ({@code WlanCloseHandle}, or the Teardown session's close) discards the queued
 * notifications, waits for a running callback, then closes the connection (WL-05, WL-06).
 */
final class WlanClientSession implements HandleEntry {
    static final String TYPE = "WlanClient";

    private final ServiceConnection connection;
    private final NotificationDispatcher dispatcher;
    private final int negotiatedVersion;
    private final AtomicBoolean shut = new AtomicBoolean();
    private volatile NotificationDispatcher.Closed outcome;

    WlanClientSession(ServiceConnection connection, NotificationDispatcher dispatcher, int negotiatedVersion) {
        this.connection = connection;
        this.dispatcher = dispatcher;
        this.negotiatedVersion = negotiatedVersion;
    }

    ServiceConnection connection() {
        return connection;
    }

    NotificationDispatcher dispatcher() {
        return dispatcher;
    }

    int negotiatedVersion() {
        return negotiatedVersion;
    }

    /**
     * Stops notifications, then closes the connection. Idempotent: a later call returns how the first
     * one closed the dispatcher (or {@code ALREADY} while the first is still running elsewhere).
     */
    NotificationDispatcher.Closed shutdown() {
        if (!shut.compareAndSet(false, true)) {
            NotificationDispatcher.Closed first = outcome;
            return first == null ? NotificationDispatcher.Closed.ALREADY : first;
        }
        try {
            outcome = dispatcher.close();
            return outcome;
        } finally {
            connection.close();
        }
    }

    @Override
    public String typeName() {
        return TYPE;
    }

    @Override
    public Closer closer() {
        return Closer.WLAN_CLOSE_HANDLE;
    }

    @Override
    public void reclaim() {
        shutdown();
    }
}

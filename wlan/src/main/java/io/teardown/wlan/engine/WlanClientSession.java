package io.teardown.wlan.engine;

import io.teardown.wlan.spi.WlanDriver;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine's client session: the connection to the service and the notification dispatcher. Stopping
 * it (from {@code WlanCloseHandle}) or releasing it (when the front frees the handle, or the Teardown
 * session closes) discards the queued notifications, waits for a running callback, then closes the
 * connection (WL-05, WL-06) — at once, even while a call is in flight: that call's exchange then fails,
 * rather than wait for a service that may be hung.
 */
final class WlanClientSession implements WlanDriver.Client {
    private final ServiceConnection connection;
    private final NotificationDispatcher dispatcher;
    private final AtomicBoolean shut = new AtomicBoolean();
    private volatile NotificationDispatcher.Closed outcome;

    WlanClientSession(ServiceConnection connection, NotificationDispatcher dispatcher) {
        this.connection = connection;
        this.dispatcher = dispatcher;
    }

    ServiceConnection connection() {
        return connection;
    }

    NotificationDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public boolean inOwnCallback() {
        return dispatcher.inCallback();
    }

    @Override
    public WlanDriver.Stopped stopNotifications() {
        return switch (shutdown()) {
            case WAITED -> WlanDriver.Stopped.WAITED_FOR_CALLBACK;
            case FROM_CALLBACK -> WlanDriver.Stopped.FROM_OWN_CALLBACK;
            case IDLE, ALREADY -> WlanDriver.Stopped.IDLE;
        };
    }

    @Override
    public int release() {
        shutdown();
        return 0;
    }

    /**
     * Stops notifications, then closes the connection. Idempotent: a later call returns how the first
     * one closed the dispatcher (or {@code ALREADY} while the first is still running elsewhere).
     */
    private NotificationDispatcher.Closed shutdown() {
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
}

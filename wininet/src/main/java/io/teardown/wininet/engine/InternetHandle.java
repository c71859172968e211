package io.teardown.wininet.engine;

import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.spi.WinInetDriver;

/**
 * One HINTERNET as the engine keeps it (the front holds it in the session's
 * {@link io.teardown.api.HandleSpace#INTERNET} table and keeps the tree, WI-02): its parent, context
 * value, status callback (copied from the parent when it was created), options and its own
 * {@link StatusChannel}.
 *
 * <p>Locks: the channel and the request state are guarded by {@link #lock}, whose {@link HandleLock.Held}
 * token the methods that need it take. Reports are posted under {@link #lock}, never run there.
 */
abstract sealed class InternetHandle implements WinInetDriver.Node permits RootHandle, ConnectHandle, RequestHandle {
    final InternetHandle parent;
    final boolean async;
    final Options options;
    final HandleLock lock = new HandleLock();
    final StatusChannel channel;
    volatile long value;
    volatile long context;
    volatile InternetStatusCallback callback;
    /** Set (under the front's tree lock) the moment InternetCloseHandle reaches this handle or an ancestor. */
    volatile boolean invalidated;

    /** A child of {@code parent}: same mode, same delivery, its callback. */
    InternetHandle(InternetHandle parent, Options options, long context) {
        this(parent, parent.async, parent.channel.delivery(), options, context);
        this.callback = parent.callback;
    }

    /** A root: the mode and where its tree's callbacks run. */
    InternetHandle(InternetHandle parent, boolean async, Delivery delivery, Options options, long context) {
        this.parent = parent;
        this.async = async;
        this.options = options;
        this.context = context;
        this.channel = new StatusChannel(this, delivery);
    }

    /** {@code INTERNET_HANDLE_TYPE_*}. */
    abstract int handleType();

    /** The function that made it, for diagnostics. */
    abstract String typeName();

    /** Reports HANDLE_CREATED (WI-10, WI-11); the caller then runs {@link Delivery#afterCall()}. */
    final void reportCreated() {
        try (HandleLock.Held held = lock.hold()) {
            channel.created(held);
        }
    }

    /**
     * This handle's part of InternetCloseHandle, once the subtree is invalidated: cancels what it is
     * doing (REQUEST_COMPLETE with 12017 for a pending async operation, WI-04), reports HANDLE_CLOSING as
     * its last callback (WI-03) — all one batch — and releases its transport resources. Returns whether
     * an operation was outstanding (WI-05).
     */
    final boolean reportClose() {
        boolean outstanding;
        try (HandleLock.Held held = lock.hold(); StatusChannel.Batch batch = channel.callerBatch(held)) {
            outstanding = cancel(held);
            channel.closing(held);
        }
        dispose();
        return outstanding;
    }

    /**
     * Stops what this handle is doing because it is being closed: finishes a pending operation as
     * cancelled (reporting its REQUEST_COMPLETE when async), before HANDLE_CLOSING. Returns whether an
     * operation was outstanding.
     */
    boolean cancel(HandleLock.Held held) {
        return false;
    }

    /** Releases transport resources (connections). Idempotent; never under a lock; no callbacks. */
    void dispose() {
    }

    @Override
    public String toString() {
        return typeName() + "[0x" + Long.toHexString(value) + "]";
    }
}

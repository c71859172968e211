package io.teardown.wininet.engine;

import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import io.teardown.wininet.InternetStatusCallback;
import java.util.ArrayList;
import java.util.List;

/**
 * One HINTERNET in the session's {@link io.teardown.api.HandleSpace#INTERNET} table: a node of the
 * handle tree (WI-02) with its context value, its status callback (copied from the parent when it was
 * created) and its options.
 *
 * <p>Locks: {@code children} and {@code invalidated} are guarded by the engine's tree lock;
 * {@code closingReported} and the request state by {@link #lock}. Callbacks are only queued under
 * {@link #lock}, never run there.
 */
abstract sealed class InternetHandle implements HandleEntry permits RootHandle, ConnectHandle, RequestHandle {
    final EmulatedWinInet engine;
    final InternetHandle parent;
    final boolean async;
    final Options options;
    final Object lock = new Object();
    final List<InternetHandle> children = new ArrayList<>();
    volatile long value;
    volatile long context;
    volatile InternetStatusCallback callback;
    /** Set (under the tree lock) the moment InternetCloseHandle reaches this handle or an ancestor. */
    volatile boolean invalidated;
    /** HANDLE_CLOSING has been queued: nothing more is ever reported for this handle (WI-03). */
    boolean closingReported;
    /**
     * While not null, this handle's callbacks are collected here and queued together when the locked
     * section that collects them ends (see {@link EmulatedWinInet#holdCallbacksLocked}). Guarded by
     * {@link #lock}: queuing before the lock is released keeps the order every other thread sees.
     */
    List<CallbackDispatcher.Call> held;
    int holdDepth;

    InternetHandle(EmulatedWinInet engine, InternetHandle parent, boolean async, Options options, long context) {
        this.engine = engine;
        this.parent = parent;
        this.async = async;
        this.options = options;
        this.context = context;
        this.callback = parent == null ? null : parent.callback;
    }

    /** {@code INTERNET_HANDLE_TYPE_*}. */
    abstract int handleType();

    @Override
    public final Closer closer() {
        return Closer.INTERNET_CLOSE_HANDLE;
    }

    /**
     * Stops what this handle is doing because it is being closed: finishes a pending operation as
     * cancelled (queuing its REQUEST_COMPLETE when async). Runs under {@link #lock}, before
     * HANDLE_CLOSING is queued. Returns whether an operation was outstanding.
     */
    boolean cancelLocked() {
        return false;
    }

    /** Releases transport resources (connections). Idempotent; never under a lock; no callbacks. */
    void dispose() {
    }

    @Override
    public final void reclaim() {
        engine.reclaimed(this);
    }

    @Override
    public String toString() {
        return typeName() + "[0x" + Long.toHexString(value) + "]";
    }
}

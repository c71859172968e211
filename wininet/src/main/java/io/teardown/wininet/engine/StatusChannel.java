package io.teardown.wininet.engine;

import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.WinInet;
import java.util.ArrayList;
import java.util.List;

/**
 * One handle's status reports, owned by the handle: {@link #post} and a scoped {@link #batch} that
 * hands its callbacks on in order, as one task, when it closes. Posting requires the handle's lock (the
 * {@link HandleLock.Held} token), so the order of reports is the order of the state changes they
 * report; the channel's {@link Delivery} — its session's mode — decides where they run, always after
 * the lock is released.
 *
 * <p>The channel keeps the rules about what is reported at all: nothing for context 0 or without a
 * callback (WI-03), HANDLE_CREATED with the handle and length 8 (WI-11), HANDLE_CLOSING with the handle
 * and length 8 as the last report ever (WI-03) — nothing posted after it is reported, and in
 * synchronous mode nothing queued before it but not yet run when it ran.
 */
final class StatusChannel {
    /** {@code sizeof(HINTERNET)} on 64-bit Windows. */
    static final int HANDLE_SIZE = 8;

    private final InternetHandle handle;
    private final Delivery delivery;
    private final Batch batchScope = new Batch();
    // guarded by the handle's lock
    private List<CallbackDispatcher.Call> batch;
    private int depth;
    private boolean fromCaller;
    private boolean closed;
    private CallerQueue waiter;
    /** The route when the open batch began: its reports belong to the call in progress then. */
    private CallerQueue batchWaiter;
    /** The lock token the open batch was begun under (the batch is handed on before it is released). */
    private HandleLock.Held batchHeld;
    // guarded by `delivering`: what has run (synchronous mode, where several threads may run reports)
    private final Object delivering = new Object();
    private boolean closingRan;

    StatusChannel(InternetHandle handle, Delivery delivery) {
        this.handle = handle;
        this.delivery = delivery;
    }

    Delivery delivery() {
        return delivery;
    }

    /** Reports {@code status} for the handle (dropped for context 0, no callback, or after HANDLE_CLOSING). */
    void post(HandleLock.Held held, int status, Object info, int length) {
        post(held, status, info, length, false);
    }

    /**
     * As {@link #post}, without waking the callback thread: only when a waking report is certain to follow
     * at once (see {@link HttpConnection#reportsWriting()}), or {@link #wake} is called.
     */
    void postQuietly(HandleLock.Held held, int status, Object info, int length) {
        post(held, status, info, length, true);
    }

    private void post(HandleLock.Held held, int status, Object info, int length, boolean quiet) {
        if (closed) {
            return;
        }
        InternetStatusCallback cb = handle.callback;
        long ctx = handle.context;
        if (cb == null || ctx == 0) {
            return; // WI-03: no callbacks for context 0
        }
        CallbackDispatcher.Call call = new CallbackDispatcher.Call(cb, handle.value, ctx, status, info, length);
        if (batch != null) {
            batch.add(call);
        } else {
            delivery.submit(held, this, waiter, call, quiet);
        }
    }

    /** HANDLE_CREATED (60): the new handle itself, length 8 (WI-11), for the caller to run (see {@link #callerBatch}). */
    void created(HandleLock.Held held) {
        try (Batch b = callerBatch(held)) {
            post(held, WinInet.INTERNET_STATUS_HANDLE_CREATED, handle.value, HANDLE_SIZE);
        }
    }

    /** HANDLE_CLOSING (70): the handle, length 8, and the last report ever made for it (WI-03). */
    void closing(HandleLock.Held held) {
        post(held, WinInet.INTERNET_STATUS_HANDLE_CLOSING, handle.value, HANDLE_SIZE);
        closed = true;
    }

    /** The handle went away without a report (session closing, leak): nothing more is reported. */
    void silence(HandleLock.Held held) {
        closed = true;
    }

    /** Reports posted until the returned scope closes are handed on together, in order, when it does. */
    Batch batch(HandleLock.Held held) {
        if (depth++ == 0) {
            batch = new ArrayList<>(4);
            fromCaller = false;
            batchWaiter = waiter; // the batch may finish the call (and end the route) before it is handed on
            batchHeld = held;
        }
        return batchScope;
    }

    /**
     * A {@link #batch} made by an application call (HANDLE_CREATED, a close's reports): the call runs
     * its delivery's {@link Delivery#afterCall()} once its locks are released.
     */
    Batch callerBatch(HandleLock.Held held) {
        Batch b = batch(held);
        fromCaller = true;
        return b;
    }

    /** Synchronous mode: the thread whose call waits on this handle, for reports from I/O threads; or null. */
    void routeTo(HandleLock.Held held, CallerQueue caller) {
        waiter = caller;
    }

    /** Wakes the callback thread for reports posted quietly. */
    void wake() {
        delivery.wake();
    }

    /** Runs one report (synchronous mode): never two of one handle at once, none after HANDLE_CLOSING. */
    void deliver(CallbackDispatcher.Call call) {
        synchronized (delivering) {
            if (closingRan) {
                return; // a progress report of a call that a close on another thread overtook (WI-03)
            }
            call.run();
            closingRan = call.status() == WinInet.INTERNET_STATUS_HANDLE_CLOSING;
        }
    }

    /** A report queued for a calling thread. */
    record Queued(StatusChannel channel, CallbackDispatcher.Call call) {
        void deliver() {
            channel.deliver(call);
        }
    }

    /** The scope of a {@link #batch}; closing it (still under the lock) hands the batch on. */
    final class Batch implements AutoCloseable {
        private Batch() {
        }

        @Override
        public void close() {
            if (--depth == 0) {
                List<CallbackDispatcher.Call> calls = batch;
                CallerQueue route = batchWaiter != null ? batchWaiter : waiter;
                HandleLock.Held held = batchHeld;
                batch = null;
                batchWaiter = null;
                batchHeld = null;
                if (!calls.isEmpty()) {
                    delivery.submitAll(held, StatusChannel.this, route, calls, fromCaller);
                }
            }
        }
    }
}

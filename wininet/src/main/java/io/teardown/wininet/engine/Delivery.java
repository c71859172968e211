package io.teardown.wininet.engine;

import io.teardown.api.Session;
import java.util.List;

/**
 * Where a handle tree's callbacks run, by its session's mode (one per {@code InternetOpen}, shared by
 * the tree's {@link StatusChannel}s): the session's callback thread in async mode (WI-10), the calling
 * thread in synchronous mode (WI-11).
 */
sealed interface Delivery permits Delivery.CallbackThread, Delivery.CallingThread {
    /**
     * Hands one callback on; with {@code quiet}, a later call is certain to wake its runner. {@code waiter}:
     * the thread in a synchronous call on the handle, if any. Under the handle lock ({@code held}).
     */
    void submit(HandleLock.Held held, StatusChannel channel, CallerQueue waiter, CallbackDispatcher.Call call,
                boolean quiet);

    /**
     * Hands several callbacks on as one task, in order. With {@code fromCaller} (an application call's
     * HANDLE_CREATED / HANDLE_CLOSING), {@link #afterCall()} follows once the locks are released.
     * Under the handle lock ({@code held}).
     */
    void submitAll(HandleLock.Held held, StatusChannel channel, CallerQueue waiter, List<CallbackDispatcher.Call> calls,
                   boolean fromCaller);

    /** Wakes the runner for callbacks handed on quietly. */
    void wake();

    /** At the end of an application call, with no lock held: runs what the call caused where it may run. */
    void afterCall();

    /**
     * Async mode: the session's one callback thread runs callbacks in queue order (WI-10); HANDLE_CREATED
     * and HANDLE_CLOSING, which WI-10 lets come on any thread, run on the application's thread when
     * nothing is queued before them ({@link CallbackDispatcher#runHereOrWake}).
     */
    record CallbackThread(CallbackDispatcher dispatcher, HttpTransport transport, Session session) implements Delivery {
        @Override
        public void submit(HandleLock.Held held, StatusChannel channel, CallerQueue waiter,
                           CallbackDispatcher.Call call, boolean quiet) {
            wakeOnRelease(held, dispatcher.postLater(call, !quiet));
        }

        @Override
        public void submitAll(HandleLock.Held held, StatusChannel channel, CallerQueue waiter,
                              List<CallbackDispatcher.Call> calls, boolean fromCaller) {
            wakeOnRelease(held, dispatcher.postAllLater(calls, fromCaller));
        }

        /** The callback thread starts once the handle's lock is released: it never finds it still held. */
        private static void wakeOnRelease(HandleLock.Held held, Thread callbackThread) {
            if (callbackThread != null) {
                held.wakeOnRelease(callbackThread);
            }
        }

        @Override
        public void wake() {
            dispatcher.wakeUp();
        }

        @Override
        public void afterCall() {
            // never on an I/O thread (WI-10, WI-11); the caller's last error is kept: a callback's
            // own calls must not change what the call reports
            boolean here = !transport.onTransportThread();
            int saved = here ? session.lastError().get() : 0;
            if (dispatcher.runHereOrWake(here)) {
                session.lastError().set(saved);
            }
        }
    }

    /**
     * Synchronous mode: a callback goes to the {@link CallerQueue} of the application thread whose call
     * caused it — the thread posting it if that is an application thread inside a call, else (an I/O
     * thread reporting a call's progress) the thread waiting in the call on that handle — and runs
     * there, inside the call (WI-11). With no call to report it in, nothing is reported (Windows has no
     * thread to report it on either).
     */
    record CallingThread(Session session) implements Delivery {
        @Override
        public void submit(HandleLock.Held held, StatusChannel channel, CallerQueue waiter,
                           CallbackDispatcher.Call call, boolean quiet) {
            CallerQueue q = CallerQueue.inCall();
            if (q == null) {
                q = waiter;
            }
            if (q != null) {
                q.add(held, new StatusChannel.Queued(channel, call));
            }
        }

        @Override
        public void submitAll(HandleLock.Held held, StatusChannel channel, CallerQueue waiter,
                              List<CallbackDispatcher.Call> calls, boolean fromCaller) {
            for (int i = 0, n = calls.size(); i < n; i++) {
                submit(held, channel, waiter, calls.get(i), false);
            }
        }

        @Override
        public void wake() {
            // the caller is woken by each callback queued for it
        }

        @Override
        public void afterCall() {
            runHere(session);
        }

        /** Runs the calling thread's queued callbacks, keeping its last error. */
        static void runHere(Session session) {
            int saved = session.lastError().get();
            if (CallerQueue.mine().runQueued()) {
                session.lastError().set(saved);
            }
        }
    }
}

package io.teardown.wininet.engine;

import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.WinInet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The session's callback queue: every status callback runs in the order it was posted, one at a time,
 * never on an I/O thread and never under a library lock (WI-10; docs/wininet.md). One queue per session
 * keeps the per-handle order of WI-03/WI-04 a plain queue order: what the engine posts in order, the
 * application sees in order.
 *
 * <p>Callbacks run on the session's callback thread, with one exception WI-10 allows:
 * {@code HANDLE_CREATED} and {@code HANDLE_CLOSING} "may come on any thread", and when the queue holds
 * nothing else and no callback is running, the application's own {@code HttpOpenRequest} /
 * {@code InternetCloseHandle} runs them itself ({@link #runHereOrWake}, called after the library's locks
 * are released) — as Windows does — instead of waking the callback thread for a callback that only
 * says what the caller just did. Ownership of the queue is exclusive ({@link #state}), so two callbacks
 * never run at the same time, whichever thread runs them, and the order is the queue order.
 */
final class CallbackDispatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CallbackDispatcher.class.getName());

    /** Nobody runs callbacks; the callback thread is parked (or not started). */
    private static final int IDLE = 0;
    /** The callback thread owns the queue (running, or woken to run). */
    private static final int CONSUMER = 1;
    /** An application thread owns the queue, running HANDLE_CREATED / HANDLE_CLOSING at its head. */
    private static final int INLINE = 2;

    private final String name;
    /** Elements: {@link Call}, {@link Batch}, or a {@link Runnable} (a drain's marker). */
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private volatile Thread thread;
    private volatile Thread inlineThread;
    /** Callbacks queued so far; a callback's number is the value after its increment. */
    private final AtomicLong posted = new AtomicLong();
    /** Callbacks that have run (or were dropped); written only by the queue's current owner, in order. */
    private volatile long ran;
    private volatile boolean closing;
    private volatile boolean dropping;

    CallbackDispatcher(String name) {
        this.name = name;
    }

    /** One status callback to make. */
    record Call(InternetStatusCallback callback, long handle, long context, int status, Object info, int length) {
        /** WI-10: HANDLE_CREATED and HANDLE_CLOSING may come on any thread; every other one may not. */
        boolean anyThread() {
            return status == WinInet.INTERNET_STATUS_HANDLE_CREATED || status == WinInet.INTERNET_STATUS_HANDLE_CLOSING;
        }

        /** Makes the call; an exception from the application is logged, not passed on. */
        void run() {
            try {
                callback.invoke(handle, context, status, info, length);
            } catch (RuntimeException e) {
                // Windows would crash the process here; we log and keep the calling thread alive.
                LOG.log(System.Logger.Level.WARNING, "WinINet status callback threw", e);
            }
        }
    }

    /** Several callbacks queued as one element (one wake-up of the callback thread for all of them). */
    private record Batch(List<Call> calls, boolean anyThread) {
    }

    /** Queues one callback and wakes the callback thread. After {@link #close()} it is dropped. */
    void post(InternetStatusCallback callback, long handle, long context, int status, Object info, int length) {
        post(new Call(callback, handle, context, status, info, length), true);
    }

    /** Queues one callback; without {@code wake} the caller guarantees a later {@link #wakeUp()} or waking post. */
    void post(Call call, boolean wake) {
        Thread t = postLater(call, wake);
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * As {@link #post(Call, boolean)} from inside a locked section: returns the callback thread if this post
     * made it the queue's owner, for the caller to unpark once its lock is released (woken earlier, it could
     * run into that lock through a callback's own call); null if nobody needs waking.
     */
    Thread postLater(Call call, boolean wake) {
        if (closing) {
            return null; // session closing: no more callbacks
        }
        posted.incrementAndGet();
        queue.offer(call);
        return wake ? claim() : null;
    }

    /** Wakes the callback thread for whatever is queued (a no-op when it is running or nothing is queued). */
    void wakeUp() {
        if (!queue.isEmpty()) {
            wake();
        }
    }

    /**
     * Queues {@code calls}, in order, as one element: the callback thread is woken once for all of them
     * instead of once per callback (it would otherwise often run the first, find the queue empty, park,
     * and need another wake-up for the next — each one a scheduler delay on a loaded machine).
     */
    void postAll(List<Call> calls) {
        postAll(calls, false);
    }

    /**
     * As {@link #postAll(List)}; with {@code deferIfAnyThread}, a batch made only of callbacks that may
     * run on any thread (WI-10) is queued without waking anyone: the caller promises to call
     * {@link #runHereOrWake} once its locks are released.
     */
    void postAll(List<Call> calls, boolean deferIfAnyThread) {
        Thread t = postAllLater(calls, deferIfAnyThread);
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** As {@link #postAll(List, boolean)}, the wake-up left to the caller as in {@link #postLater}. */
    Thread postAllLater(List<Call> calls, boolean deferIfAnyThread) {
        int n = calls.size();
        if (n == 0 || closing) {
            return null;
        }
        boolean anyThread = true;
        for (int i = 0; i < n && anyThread; i++) {
            anyThread = calls.get(i).anyThread();
        }
        posted.addAndGet(n);
        queue.offer(n == 1 ? calls.get(0) : new Batch(calls, anyThread));
        return deferIfAnyThread && anyThread ? null : claim();
    }

    /**
     * Runs the callbacks at the head of the queue that may run on any thread (WI-10) on the calling
     * thread, if no callback is queued before them or running; hands whatever else is queued to the
     * callback thread. Call with no library lock held, never on an I/O thread ({@code mayRunHere} false
     * there: then it only wakes the callback thread). Returns whether a callback ran here.
     */
    boolean runHereOrWake(boolean mayRunHere) {
        Object head = queue.peek();
        if (head == null) {
            return false;
        }
        if (!mayRunHere || closing || !anyThread(head) || !state.compareAndSet(IDLE, INLINE)) {
            wake();
            return false;
        }
        boolean any = false;
        inlineThread = Thread.currentThread();
        try {
            Object task;
            // only the owner polls, so the element peeked is the one polled
            while ((task = queue.peek()) != null && anyThread(task)) {
                queue.poll();
                any = true;
                run(task);
            }
        } finally {
            inlineThread = null;
            if (!queue.isEmpty()) {
                state.set(CONSUMER); // hand the queue straight to the callback thread
                LockSupport.unpark(consumer());
            } else {
                state.set(IDLE);
                if (!queue.isEmpty()) {
                    wake(); // posted between the check and the release
                }
            }
        }
        return any;
    }

    private static boolean anyThread(Object task) {
        return task instanceof Call c ? c.anyThread() : task instanceof Batch b && b.anyThread();
    }

    /** Makes the callback thread the owner if nobody owns the queue; an owner always looks again before letting go. */
    private void wake() {
        Thread t = claim();
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** {@link #wake()}'s hand-over without the unpark: the callback thread to unpark, or null. */
    private Thread claim() {
        return state.get() == IDLE && state.compareAndSet(IDLE, CONSUMER) ? consumer() : null;
    }

    private Thread consumer() {
        Thread t = thread;
        if (t == null) {
            synchronized (this) {
                t = thread;
                if (t == null) {
                    t = new Thread(this::consume, name);
                    t.setDaemon(true);
                    thread = t;
                    t.start();
                }
            }
        }
        return t;
    }

    private void consume() {
        for (;;) {
            while (state.get() != CONSUMER) {
                if (closing && queue.isEmpty()) {
                    return;
                }
                Thread.interrupted(); // a callback's leftover interrupt must not turn park into a spin
                LockSupport.park(this);
            }
            Object task;
            while ((task = queue.poll()) != null) {
                if (dropping) {
                    ran += count(task);
                } else {
                    run(task);
                }
            }
            state.set(IDLE);
            if (!queue.isEmpty() && state.compareAndSet(IDLE, CONSUMER)) {
                continue;
            }
            if (closing && queue.isEmpty()) {
                return;
            }
        }
    }

    private static int count(Object task) {
        return task instanceof Call ? 1 : task instanceof Batch b ? b.calls().size() : 0;
    }

    private void run(Object task) {
        if (task instanceof Call c) {
            invoke(c);
        } else if (task instanceof Batch b) {
            for (int i = 0, n = b.calls().size(); i < n; i++) {
                invoke(b.calls().get(i));
            }
        } else {
            ((Runnable) task).run();
        }
    }

    private void invoke(Call c) {
        try {
            c.run();
        } finally {
            ran++; // one writer at a time: the queue's owner
        }
    }

    /** Whether the caller is running callbacks now (then waiting for the queue would deadlock). */
    boolean onCallbackThread() {
        Thread me = Thread.currentThread();
        return me == thread || me == inlineThread;
    }

    /**
     * Waits until every callback posted before this call has run, so a synchronous call returns after
     * its progress callbacks, as on Windows. Bounded, and skipped on the callback thread itself.
     */
    void drain(Duration max) {
        // Fast path: the queue is FIFO with one owner at a time, so once `ran` reaches what was posted
        // before this call, every one of those callbacks has returned. A synchronous call whose handle has
        // no callback (or whose callbacks already ran) then returns on the caller's thread at once, without
        // the round trip through the callback thread (two thread wake-ups per blocking call).
        if (ran >= posted.get() || onCallbackThread() || closing) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        queue.offer((Runnable) done::countDown);
        wake();
        try {
            done.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the queue: callbacks already queued still run (for up to 2 s), later ones are dropped; a
     * callback still running then is interrupted and the rest dropped.
     */
    @Override
    public void close() {
        closing = true;
        Thread t = thread;
        if (t == null) {
            if (queue.isEmpty()) {
                return;
            }
            t = consumer();
        }
        LockSupport.unpark(t); // it may be parked with nothing to do: let it see `closing`
        wake();
        if (onCallbackThread()) {
            return;
        }
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            dropping = true;
            t.interrupt();
        }
    }
}

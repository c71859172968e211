package io.teardown.wininet.engine;

import io.teardown.wininet.InternetStatusCallback;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The session's callback thread: every status callback runs here, in the order it was posted, never on
 * an I/O thread and never under a library lock (DESIGN.md "Threading"). One thread per session keeps
 * the per-handle order of WI-03/WI-04 a plain queue order: what the engine posts in order, the
 * application sees in order.
 */
final class CallbackDispatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CallbackDispatcher.class.getName());

    private final ExecutorService executor;
    private volatile Thread thread;
    /** Callbacks queued so far; a callback's number is the value after its increment. */
    private final AtomicLong posted = new AtomicLong();
    /** Callbacks that have run (or were dropped); only the callback thread writes it, in queue order. */
    private volatile long ran;

    CallbackDispatcher(String name) {
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    /** One status callback to make. */
    record Call(InternetStatusCallback callback, long handle, long context, int status, Object info, int length) {
    }

    /** Queues one callback. After {@link #close()} it is dropped: the session is gone. */
    void post(InternetStatusCallback callback, long handle, long context, int status, Object info, int length) {
        posted.incrementAndGet();
        submit(() -> invoke(callback, handle, context, status, info, length));
    }

    /**
     * Queues {@code calls}, in order, as one task: the callback thread is woken once for all of them
     * instead of once per callback (it would otherwise often run the first, find the queue empty, park,
     * and need another wake-up for the next — each one a scheduler delay on a loaded machine).
     */
    void postAll(List<Call> calls) {
        int n = calls.size();
        if (n == 0) {
            return;
        }
        posted.addAndGet(n);
        submit(() -> {
            for (int i = 0; i < n; i++) {
                Call c = calls.get(i);
                invoke(c.callback(), c.handle(), c.context(), c.status(), c.info(), c.length());
            }
        });
    }

    private void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closed) {
            // session closing: no more callbacks (drain's slow path sees the rejection too)
        }
    }

    private void invoke(InternetStatusCallback callback, long handle, long context, int status, Object info, int length) {
        try {
            callback.invoke(handle, context, status, info, length);
        } catch (RuntimeException e) {
            // Windows would crash the process here; we log and keep the session's thread alive.
            LOG.log(System.Logger.Level.WARNING, "WinINet status callback threw", e);
        } finally {
            ran++; // single writer: the callback thread
        }
    }

    /** Whether the caller is the callback thread (then waiting for the queue would deadlock). */
    boolean onCallbackThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Waits until every callback posted before this call has run, so a synchronous call returns after
     * its progress callbacks, as on Windows. Bounded, and skipped on the callback thread itself.
     */
    void drain(Duration max) {
        // Fast path: the queue is FIFO with one consumer, so once `ran` reaches what was posted before
        // this call, every one of those callbacks has returned. A synchronous call whose handle has no
        // callback (or whose callbacks already ran) then returns on the caller's thread at once, without
        // the round trip through the callback thread (two thread wake-ups per blocking call).
        if (ran >= posted.get() || onCallbackThread()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        try {
            executor.execute(done::countDown);
            done.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // nothing to wait for
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!onCallbackThread() && !executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

package io.teardown.wininet.engine;

import io.teardown.api.IntRef;
import java.util.concurrent.CountDownLatch;

/**
 * One outstanding request call on a request handle: a send (HttpSendRequest, InternetOpenUrl), a read
 * or a data-available query. It finishes exactly once — by the transport or by a close (WI-04, WI-06)
 * — whichever claims it first under the request's lock; a synchronous caller waits on it.
 */
final class PendingOp {
    enum Kind { SEND, READ, QUERY }

    final Kind kind;
    final boolean async;
    final byte[] buffer;
    final int length;
    final IntRef out;
    /** What {@code dwResult} carries on success: TRUE, or the new handle for InternetOpenUrl. */
    final long successResult;
    /** For a query: the bytes available, which async completion reports in {@code dwError}. Under the lock. */
    int available;
    private final CountDownLatch latch = new CountDownLatch(1);
    private boolean finished; // guarded by the request's lock
    private volatile boolean ok;
    private volatile int error;

    PendingOp(Kind kind, boolean async, byte[] buffer, int length, IntRef out, long successResult) {
        this.kind = kind;
        this.async = async;
        this.buffer = buffer;
        this.length = length;
        this.out = out;
        this.successResult = successResult;
    }

    /** Claims completion; false if it already finished. Call with the request's lock held. */
    boolean finish(boolean ok, int error) {
        if (finished) {
            return false;
        }
        finished = true;
        this.ok = ok;
        this.error = error;
        latch.countDown();
        return true;
    }

    /** Waits for the outcome (synchronous mode); true on success, else {@link #error()} says why. */
    boolean await() {
        boolean interrupted = false;
        for (;;) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the transport's timeouts bound the wait; keep the flag for the caller
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return ok;
    }

    int error() {
        return error;
    }
}

package io.teardown.wininet.engine;

import io.teardown.api.IntRef;

/**
 * One outstanding request call on a request handle: a send (HttpSendRequest, HttpSendRequestEx,
 * HttpEndRequest, InternetOpenUrl), a write (InternetWriteFile), a read or a data-available
 * query. It finishes exactly once — by the transport or by a close (WI-04, WI-06) — whichever claims
 * it first under the request's lock; a synchronous caller waits on it in its {@link CallerQueue},
 * running the call's callbacks meanwhile (WI-11).
 */
final class PendingOp {
    /** SEND: HttpSendRequest(Ex), HttpEndRequest, InternetOpenUrl; WRITE: InternetWriteFile. */
    enum Kind { SEND, READ, QUERY, WRITE }

    final Kind kind;
    final boolean async;
    final byte[] buffer;
    final int length;
    final IntRef out;
    /** What {@code dwResult} carries on success: TRUE, or the new handle for InternetOpenUrl. */
    final long successResult;
    /** The calling thread's queue for a synchronous op (its callbacks run there); null when async. */
    final CallerQueue caller;
    /** For a query: the bytes available, which async completion reports in {@code dwError}. Under the lock. */
    int available;
    /**
     * {@code InternetReadFileEx} with {@code IRF_NO_WAIT}: never waits when synchronous; when async it
     * completes once data arrives without taking it (the application reads it with another call), as
     * Windows does.
     */
    boolean noWait;
    /** InternetReadFileEx's structure: an async completion sets its {@code dwBufferLength} (not for IRF_NO_WAIT). */
    io.teardown.wininet.InternetBuffers buffers;
    /**
     * A synchronous read's bytes, detached for it when it completed and copied by its own thread after the
     * wait ({@link Reads#collect}); null until then, and after. Written under the request's lock.
     */
    BodyBuffer handover;
    private final Thread waiter;
    private boolean finished; // guarded by the request's lock
    private volatile boolean done;
    private volatile boolean ok;
    private volatile int error;

    /** Made on the calling thread, which is the one a synchronous op's outcome wakes. */
    PendingOp(Kind kind, boolean async, byte[] buffer, int length, IntRef out, long successResult) {
        this.kind = kind;
        this.async = async;
        this.buffer = buffer;
        this.length = length;
        this.out = out;
        this.successResult = successResult;
        this.caller = async ? null : CallerQueue.mine();
        this.waiter = async ? null : Thread.currentThread();
    }

    /** Claims completion; false if it already finished. Requires the request's lock. */
    boolean finish(HandleLock.Held held, boolean ok, int error) {
        if (finished) {
            return false;
        }
        finished = true;
        this.ok = ok;
        this.error = error;
        done = true;
        if (waiter != null) {
            held.wakeOnRelease(waiter);
        }
        return true;
    }

    boolean isDone() {
        return done;
    }

    /** The outcome once {@link #isDone()}: true on success, else {@link #error()} says why. */
    boolean ok() {
        return ok;
    }

    int error() {
        return error;
    }
}

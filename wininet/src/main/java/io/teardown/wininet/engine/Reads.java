package io.teardown.wininet.engine;

import io.teardown.api.Win32Error;
import io.teardown.wininet.WinInet;

/**
 * The read calls of a {@link RequestHandle} — {@code InternetReadFile}, {@code InternetReadFileEx} and
 * {@code InternetQueryDataAvailable} — over its exchange's {@link BodyBuffer}. Data already buffered is
 * returned at once (also in async mode); otherwise the call waits (synchronous) or returns
 * {@code ERROR_IO_PENDING} and completes with {@code REQUEST_COMPLETE} (async, WI-10), reported between
 * RECEIVING_RESPONSE and RESPONSE_RECEIVED. The end of the body is {@code TRUE} with 0 bytes.
 *
 * <p>Each byte is copied once, from the transport's buffer into the application's: by the calling thread
 * when the data is there or a synchronous read was waiting for it (the bytes are detached under the lock
 * and copied after it is released, so the I/O thread is never held up by a copy and wakes the reader once),
 * by the I/O thread only for an async read, whose buffer must be filled before its REQUEST_COMPLETE. With
 * a transport that {@linkplain HttpConnection#reportsReadBatches reads in batches}, a waiting read is
 * given what a whole batch brought. A close takes a waiting read's place (WI-04, WI-07): it ends as
 * cancelled, and bytes it had not been given are discarded with the rest (WI-01). See docs/wininet.md.
 */
final class Reads {
    private Reads() {
    }

    /** The outcome of a read or query call that did not have to wait. */
    record Immediate(boolean ok, int error) {
        static final Immediate DONE = new Immediate(true, 0);
    }

    /**
     * InternetReadFile / InternetQueryDataAvailable: completes at once when the buffer allows (returns an
     * {@link Immediate}), otherwise registers {@code op} as pending and returns null.
     */
    static Immediate start(RequestHandle r, PendingOp op) {
        HttpConnection demand = null;
        HttpConnection release;
        Immediate result;
        Exchange ex;
        BodyBuffer mine = null;
        try (HandleLock.Held held = r.lock.hold()) {
            ex = r.exchange(held);
            if (ex == null || ex.head == null || r.pending(held) != null) {
                return new Immediate(false, Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_STATE.code());
            }
            if (op.kind == PendingOp.Kind.READ && op.length == 0) {
                op.out.value = 0;
                result = Immediate.DONE;
            } else if (ex.body.size() > 0) {
                if (op.kind == PendingOp.Kind.READ) {
                    mine = ex.body.detach(op.length); // copied below, without the lock
                } else if (op.out != null) {
                    op.out.value = (int) Math.min(ex.body.size(), Integer.MAX_VALUE);
                }
                result = Immediate.DONE;
            } else if (ex.ended) {
                if (op.out != null) {
                    op.out.value = 0;
                }
                result = Immediate.DONE;
            } else if (ex.failure != 0) {
                result = new Immediate(false, ex.failure);
            } else if (op.noWait && !op.async) {
                op.out.value = 0; // IRF_NO_WAIT: nothing buffered yet, and this call does not wait
                result = Immediate.DONE;
            } else {
                r.begin(held, op);
                r.channel.post(held, WinInet.INTERNET_STATUS_RECEIVING_RESPONSE, null, 0);
                result = null;
            }
            if (ex.wantsMore() && ex.connection != null) {
                ex.demanded = true;
                demand = ex.connection;
            }
            release = ex.releasable();
        }
        if (demand != null) {
            demand.demand(); // before the copy: the transport reads on meanwhile
        }
        if (mine != null) {
            op.out.value = copy(mine, op);
        }
        if (release != null) {
            r.returnConnection(ex, release);
        }
        return result;
    }

    /** Copies {@code taken} into the read's buffer and gives its pieces back; returns the bytes copied. */
    private static int copy(BodyBuffer taken, PendingOp op) {
        try {
            return taken.take(op.buffer, op.length);
        } finally {
            taken.discard();
        }
    }

    /** {@link #satisfy} with its RESPONSE_RECEIVED and REQUEST_COMPLETE handed on as one task. */
    static void satisfyInBatch(RequestHandle r, HandleLock.Held held, Exchange ex) {
        try (StatusChannel.Batch batch = r.channel.batch(held)) {
            satisfy(r, held, ex);
        }
    }

    /** Gives a pending read or query what the buffer now allows (the body arrived, ended or failed). */
    static void satisfy(RequestHandle r, HandleLock.Held held, Exchange ex) {
        PendingOp op = r.pending(held);
        if (op == null || op.kind == PendingOp.Kind.SEND || op.kind == PendingOp.Kind.WRITE) {
            return;
        }
        if (ex.body.size() > 0) {
            if (op.noWait) {
                op.out.value = 0; // IRF_NO_WAIT: the data waits for the application's next call
            } else if (op.kind == PendingOp.Kind.READ && !op.async) {
                // the waiting caller copies on its own thread once woken (collect), as an immediate read
                op.handover = ex.body.detach(op.length);
            } else if (op.kind == PendingOp.Kind.READ) {
                // async: the buffer is filled before REQUEST_COMPLETE reports it (WI-10)
                int n = ex.body.take(op.buffer, op.length);
                op.out.value = n;
                r.channel.post(held, WinInet.INTERNET_STATUS_RESPONSE_RECEIVED, n, 4);
            } else {
                op.available = (int) Math.min(ex.body.size(), Integer.MAX_VALUE);
                if (op.out != null) {
                    op.out.value = op.available;
                }
            }
            r.finish(held, op, true, 0);
        } else if (ex.ended) {
            if (op.out != null) {
                op.out.value = 0;
            }
            r.finish(held, op, true, 0);
        } else if (ex.failure != 0) {
            r.finish(held, op, false, ex.failure);
        }
    }

    /**
     * After a synchronous read waited, on the caller's thread: copies the bytes it was given into its
     * buffer and reports RESPONSE_RECEIVED with their count (it runs before the call returns, WI-11).
     */
    static void collect(RequestHandle r, PendingOp op) {
        BodyBuffer given = op.handover;
        if (given == null) {
            return;
        }
        op.handover = null;
        int n = copy(given, op);
        op.out.value = n;
        try (HandleLock.Held held = r.lock.hold()) {
            r.channel.post(held, WinInet.INTERNET_STATUS_RESPONSE_RECEIVED, n, 4);
        }
    }
}

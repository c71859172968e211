package io.teardown.kernel.engine;

import io.teardown.kernel.Overlapped;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * One overlapped operation in flight on a file, pipe or socket. Its single {@link #complete} delivers
 * the result exactly once, whichever ends it first — the I/O itself, a failure, a close (KO-15, WS-09)
 * or {@code CancelIo}/{@code CancelIoEx} — through every mechanism it was issued with: the
 * {@code OVERLAPPED}'s status fields, its {@code hEvent}, the handle's completion port (KO-14) and the
 * completion routine, queued as an APC to the issuing thread (KO-16). Nothing here runs user code:
 * it may be called under the owner's lock or on a transport thread.
 */
public final class IoRequest {
    private final AsyncIo source;
    private final Overlapped overlapped;
    private final CompletionRoutine routine;
    private final Thread issuer;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile BooleanSupplier withdraw;

    IoRequest(AsyncIo source, Overlapped overlapped, CompletionRoutine routine) {
        this.source = source;
        this.overlapped = overlapped;
        this.routine = routine;
        this.issuer = Thread.currentThread();
    }

    /** The caller's own structure. */
    public Overlapped overlapped() {
        return overlapped;
    }

    Thread issuer() {
        return issuer;
    }

    boolean done() {
        return done.get();
    }

    /**
     * How the owner takes this operation back from its queues for a cancellation: the supplier runs
     * outside every engine lock and answers true if it withdrew the operation (which then completes
     * with {@code ERROR_OPERATION_ABORTED}), false if it can no longer be taken back (it is being
     * completed). Without one, the operation cannot be cancelled.
     */
    public void cancellable(BooleanSupplier withdraw) {
        this.withdraw = withdraw;
    }

    /** Completes an operation that was pending (the call returned {@code ERROR_IO_PENDING}). */
    public boolean complete(int status, int bytes) {
        return deliver(status, bytes, false);
    }

    /**
     * Completes an operation inside the call that issued it (the call reports success at once): with
     * {@code FILE_SKIP_COMPLETION_PORT_ON_SUCCESS} a success posts no port packet (KO-14).
     */
    public boolean completeAtOnce(int status, int bytes) {
        return deliver(status, bytes, true);
    }

    /**
     * The call that issued the operation fails at once with {@code status}: the structure records it,
     * but nothing is delivered — no event, packet or routine — as for any call that fails on Windows.
     */
    public boolean failAtOnce(int status) {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        source.finished(this);
        overlapped.InternalHigh = 0;
        overlapped.Internal = status;
        return true;
    }

    /** {@code CancelIo}/{@code CancelIoEx}/a close: withdraws the operation and completes it with 995. */
    boolean cancel() {
        BooleanSupplier w = withdraw;
        if (done.get() || w == null || !w.getAsBoolean()) {
            return false;
        }
        return complete(995, 0); // ERROR_OPERATION_ABORTED
    }

    private boolean deliver(int status, int bytes, boolean atOnce) {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        source.finished(this);
        if (routine == null) {
            overlapped.InternalHigh = Integer.toUnsignedLong(bytes);
            overlapped.Internal = status;
        } // else the status is written with the routine's queueing (AsyncIo.deliver)
        source.deliver(this, status, bytes, atOnce, routine, issuer);
        return true;
    }
}

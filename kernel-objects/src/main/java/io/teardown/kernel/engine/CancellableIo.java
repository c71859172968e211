package io.teardown.kernel.engine;

/**
 * A blocking read or write in progress on some thread, which {@code CancelSynchronousIo} may end with
 * {@code ERROR_OPERATION_ABORTED} (KO-10).
 */
interface CancellableIo {
    /** Asks the I/O to end; false if it has already finished. */
    boolean cancel();
}

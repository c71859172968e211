package io.teardown.kernel.spi;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.OverlappedEntry;

/**
 * The driver's work for the completion-port, overlapped-result and cancellation functions of
 * {@link Kernel32} (KO-14, KO-15): {@link KernelDriver#ports()}. Each method does what its {@link Kernel32}
 * namesake does, with the handles already resolved by the front ({@link ResolvedHandle}; a value naming no
 * open kernel handle never gets here) and the checks that precede or directly follow the handle lookup
 * already made: {@code CreateIoCompletionPort}'s {@code INVALID_HANDLE_VALUE} with an existing port (87),
 * {@code SetFileCompletionNotificationModes}' flags (87), {@code GetQueuedCompletionStatus(Ex)}'s and
 * {@code GetOverlappedResult(Ex)}'s out-parameters and count (998, 87). See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is".
 */
public interface PortCalls {
    /**
     * {@link Kernel32#CreateIoCompletionPort}: {@code FileHandle} null for {@link Kernel32#INVALID_HANDLE_VALUE}
     * (a port only), {@code ExistingCompletionPort} null for 0 (a new port, with the file associated if
     * there is one). Returns the new port's table value, or for an association with an existing port any
     * non-zero value (the front returns the caller's own); 0 with the last error on failure.
     */
    long CreateIoCompletionPort(ResolvedHandle FileHandle, ResolvedHandle ExistingCompletionPort, long CompletionKey,
                                int NumberOfConcurrentThreads);

    /** {@link Kernel32#PostQueuedCompletionStatus}. */
    boolean PostQueuedCompletionStatus(ResolvedHandle CompletionPort, int dwNumberOfBytesTransferred,
                                       long dwCompletionKey, Overlapped lpOverlapped);

    /** {@link Kernel32#GetQueuedCompletionStatus}; the three out-parameters are there. */
    boolean GetQueuedCompletionStatus(ResolvedHandle CompletionPort, IntRef lpNumberOfBytesTransferred,
                                      LongRef lpCompletionKey, Ref<Overlapped> lpOverlapped, int dwMilliseconds);

    /** {@link Kernel32#GetQueuedCompletionStatusEx}; {@code ulCount} is 1 … the array's length, {@code ulNumEntriesRemoved} there. */
    boolean GetQueuedCompletionStatusEx(ResolvedHandle CompletionPort, OverlappedEntry[] lpCompletionPortEntries,
                                        int ulCount, IntRef ulNumEntriesRemoved, int dwMilliseconds, boolean fAlertable);

    /** {@link Kernel32#SetFileCompletionNotificationModes}; {@code Flags} holds only the documented bits. */
    boolean SetFileCompletionNotificationModes(ResolvedHandle FileHandle, int Flags);

    /** {@link Kernel32#GetOverlappedResult}; the {@code OVERLAPPED} and the out-parameter are there. */
    boolean GetOverlappedResult(ResolvedHandle hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred,
                                boolean bWait);

    /** {@link Kernel32#GetOverlappedResultEx}; as {@link #GetOverlappedResult}. */
    boolean GetOverlappedResultEx(ResolvedHandle hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred,
                                  int dwMilliseconds, boolean bAlertable);

    /** {@link Kernel32#CancelIo}. */
    boolean CancelIo(ResolvedHandle hFile);

    /** {@link Kernel32#CancelIoEx}; {@code lpOverlapped} null cancels every operation on the handle. */
    boolean CancelIoEx(ResolvedHandle hFile, Overlapped lpOverlapped);
}

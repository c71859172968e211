package io.teardown.kernel.spi;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.OverlappedEntry;

/**
 * The completion-port and overlapped-result functions of kernel32 (KO-14, KO-15), in C form. Part of
 * {@link KernelCalls}: users call them through {@link Kernel32}, a {@link KernelDriver} does the work
 * ({@link KernelDriver#ports()}). See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>.
 */
public interface PortCalls {
    /**
     * Creates a completion port ({@code FileHandle} = {@link Kernel32#INVALID_HANDLE_VALUE}), or associates a
     * file, pipe or socket handle with an existing one and returns the port (KO-14).
     */
    long CreateIoCompletionPort(long FileHandle, long ExistingCompletionPort, long CompletionKey,
                                int NumberOfConcurrentThreads);

    /** Queues a packet. */
    boolean PostQueuedCompletionStatus(long CompletionPort, int dwNumberOfBytesTransferred, long dwCompletionKey,
                                       Overlapped lpOverlapped);

    /**
     * Takes a packet: TRUE for a successful operation, FALSE with its error (and its key, bytes and
     * {@code OVERLAPPED}) for a failed one, FALSE with {@code WAIT_TIMEOUT} and a null
     * {@code OVERLAPPED} when nothing came, {@code ERROR_ABANDONED_WAIT_0} (735) if the port is closed
     * during the call (KO-14).
     */
    boolean GetQueuedCompletionStatus(long CompletionPort, IntRef lpNumberOfBytesTransferred, LongRef lpCompletionKey,
                                      Ref<Overlapped> lpOverlapped, int dwMilliseconds);

    /**
     * Takes up to {@code ulCount} packets at once; FALSE with {@code WAIT_TIMEOUT} when none came, with
     * {@link Kernel32#WAIT_IO_COMPLETION} when an alertable call ran APCs instead, with
     * {@code ERROR_ABANDONED_WAIT_0} when the port was closed (KO-14, KO-16).
     */
    boolean GetQueuedCompletionStatusEx(long CompletionPort, OverlappedEntry[] lpCompletionPortEntries, int ulCount,
                                        IntRef ulNumEntriesRemoved, int dwMilliseconds, boolean fAlertable);

    /** {@link Kernel32#FILE_SKIP_COMPLETION_PORT_ON_SUCCESS} and friends for a file, pipe or socket handle. */
    boolean SetFileCompletionNotificationModes(long FileHandle, int Flags);

    /**
     * An overlapped operation's result: TRUE with the bytes, FALSE with its error; while pending
     * {@code ERROR_IO_INCOMPLETE} (996), or with {@code bWait} the call waits for the completion.
     */
    boolean GetOverlappedResult(long hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred, boolean bWait);

    /** {@link #GetOverlappedResult} with a timeout ({@code WAIT_TIMEOUT}) and an alertable wait. */
    boolean GetOverlappedResultEx(long hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred,
                                  int dwMilliseconds, boolean bAlertable);

    /** Cancels the calling thread's pending operations on a handle; {@code ERROR_NOT_FOUND} (1168) if none. */
    boolean CancelIo(long hFile);

    /**
     * Cancels every pending operation on a handle ({@code lpOverlapped} NULL) or that one; each completes
     * with {@code ERROR_OPERATION_ABORTED} (995); {@code ERROR_NOT_FOUND} (1168) if nothing was pending.
     */
    boolean CancelIoEx(long hFile, Overlapped lpOverlapped);
}

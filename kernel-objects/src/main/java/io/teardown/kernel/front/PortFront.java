package io.teardown.kernel.front;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.OverlappedEntry;
import io.teardown.kernel.spi.KernelDriver;

/**
 * The part of {@link KernelFront} for the completion-port, overlapped-result and cancellation functions
 * (KO-14, KO-15): every handle argument resolved once ({@link HandleArgs}) and the driver's
 * {@code PortCalls} given the leased entry. The order of checks, the same on every backend:
 * <ul>
 *   <li>{@code CreateIoCompletionPort}: {@code INVALID_HANDLE_VALUE} with an existing port is 87 before
 *       any handle; then the existing port, then the file (6 for either); {@code INVALID_HANDLE_VALUE}
 *       alone asks for a port only.</li>
 *   <li>{@code SetFileCompletionNotificationModes}: flags other than
 *       {@code FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | FILE_SKIP_SET_EVENT_ON_HANDLE} are 87, before the
 *       handle.</li>
 *   <li>{@code GetQueuedCompletionStatus}: the port (6), then a missing out-parameter (998);
 *       {@code GetQueuedCompletionStatusEx}: the port (6), then a count below 1 (87), then a missing array
 *       or count, or one larger than the array (998).</li>
 *   <li>{@code GetOverlappedResult(Ex)}: the handle (6), then a missing {@code OVERLAPPED} or count
 *       (998).</li>
 * </ul>
 * See <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is".
 */
abstract class PortFront extends FrontBase {
    /** The flags {@code SetFileCompletionNotificationModes} knows. */
    private static final int NOTIFICATION_MODES = FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | FILE_SKIP_SET_EVENT_ON_HANDLE;

    PortFront(Session session, KernelDriver driver) {
        super(session, driver);
    }

    @Override
    public long CreateIoCompletionPort(long FileHandle, long ExistingCompletionPort, long CompletionKey,
                                       int NumberOfConcurrentThreads) {
        boolean portOnly = FileHandle == INVALID_HANDLE_VALUE;
        if (portOnly && ExistingCompletionPort != 0) {
            fail(BAD_PARAMETER);
            return 0;
        }
        if (ExistingCompletionPort == 0) {
            return portOnly ? driver.ports().CreateIoCompletionPort(null, null, CompletionKey, NumberOfConcurrentThreads)
                    : args.with("CreateIoCompletionPort", FileHandle, 0L, f -> driver.ports().CreateIoCompletionPort(f,
                            null, CompletionKey, NumberOfConcurrentThreads));
        }
        // Associating a file with an existing port returns that port: the caller's own value, nothing new.
        long r = args.with("CreateIoCompletionPort", ExistingCompletionPort, 0L, p -> args.with("CreateIoCompletionPort",
                FileHandle, 0L, f -> driver.ports().CreateIoCompletionPort(f, p, CompletionKey,
                        NumberOfConcurrentThreads)));
        return r == 0 ? 0 : ExistingCompletionPort;
    }

    @Override
    public boolean PostQueuedCompletionStatus(long CompletionPort, int dwNumberOfBytesTransferred,
                                              long dwCompletionKey, Overlapped lpOverlapped) {
        return args.with("PostQueuedCompletionStatus", CompletionPort, false, p -> driver.ports()
                .PostQueuedCompletionStatus(p, dwNumberOfBytesTransferred, dwCompletionKey, lpOverlapped));
    }

    @Override
    public boolean GetQueuedCompletionStatus(long CompletionPort, IntRef lpNumberOfBytesTransferred,
                                             LongRef lpCompletionKey, Ref<Overlapped> lpOverlapped,
                                             int dwMilliseconds) {
        return args.with("GetQueuedCompletionStatus", CompletionPort, false, p -> {
            if (lpNumberOfBytesTransferred == null || lpCompletionKey == null || lpOverlapped == null) {
                return fail(NO_ACCESS);
            }
            return driver.ports().GetQueuedCompletionStatus(p, lpNumberOfBytesTransferred, lpCompletionKey,
                    lpOverlapped, dwMilliseconds);
        });
    }

    @Override
    public boolean GetQueuedCompletionStatusEx(long CompletionPort, OverlappedEntry[] lpCompletionPortEntries,
                                               int ulCount, IntRef ulNumEntriesRemoved, int dwMilliseconds,
                                               boolean fAlertable) {
        return args.with("GetQueuedCompletionStatusEx", CompletionPort, false, p -> {
            if (ulCount <= 0) {
                return fail(BAD_PARAMETER);
            }
            if (lpCompletionPortEntries == null || ulNumEntriesRemoved == null || ulCount > lpCompletionPortEntries.length) {
                return fail(NO_ACCESS);
            }
            return driver.ports().GetQueuedCompletionStatusEx(p, lpCompletionPortEntries, ulCount, ulNumEntriesRemoved,
                    dwMilliseconds, fAlertable);
        });
    }

    @Override
    public boolean SetFileCompletionNotificationModes(long FileHandle, int Flags) {
        if ((Flags & ~NOTIFICATION_MODES) != 0) {
            return fail(BAD_PARAMETER); // before the handle, on every backend
        }
        return args.with("SetFileCompletionNotificationModes", FileHandle, false,
                f -> driver.ports().SetFileCompletionNotificationModes(f, Flags));
    }

    @Override
    public boolean GetOverlappedResult(long hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred,
                                       boolean bWait) {
        return args.with("GetOverlappedResult", hFile, false, f -> lpOverlapped == null
                || lpNumberOfBytesTransferred == null ? fail(NO_ACCESS)
                : driver.ports().GetOverlappedResult(f, lpOverlapped, lpNumberOfBytesTransferred, bWait));
    }

    @Override
    public boolean GetOverlappedResultEx(long hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred,
                                         int dwMilliseconds, boolean bAlertable) {
        return args.with("GetOverlappedResultEx", hFile, false, f -> lpOverlapped == null
                || lpNumberOfBytesTransferred == null ? fail(NO_ACCESS)
                : driver.ports().GetOverlappedResultEx(f, lpOverlapped, lpNumberOfBytesTransferred, dwMilliseconds,
                        bAlertable));
    }

    @Override
    public boolean CancelIo(long hFile) {
        return args.with("CancelIo", hFile, false, f -> driver.ports().CancelIo(f));
    }

    @Override
    public boolean CancelIoEx(long hFile, Overlapped lpOverlapped) {
        return args.with("CancelIoEx", hFile, false, f -> driver.ports().CancelIoEx(f, lpOverlapped));
    }
}

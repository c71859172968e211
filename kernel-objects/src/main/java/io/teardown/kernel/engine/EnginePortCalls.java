package io.teardown.kernel.engine;

import static io.teardown.kernel.Kernel32.INFINITE;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.OverlappedEntry;
import io.teardown.kernel.spi.PortCalls;
import io.teardown.kernel.spi.ResolvedHandle;

/**
 * The engine driver's part for the completion-port, overlapped-result and cancellation functions
 * ({@link PortCalls}), done by {@link PortApi} on the handles the front has resolved. See
 * docs/kernel-objects.md.
 */
final class EnginePortCalls implements PortCalls {
    private final PortApi ports;

    EnginePortCalls(PortApi ports) {
        this.ports = ports;
    }

    @Override
    public long CreateIoCompletionPort(ResolvedHandle FileHandle, ResolvedHandle ExistingCompletionPort,
                                       long CompletionKey, int NumberOfConcurrentThreads) {
        return ports.createIoCompletionPort(FileHandle, ExistingCompletionPort, CompletionKey);
    }

    @Override
    public boolean PostQueuedCompletionStatus(ResolvedHandle CompletionPort, int dwNumberOfBytesTransferred,
                                              long dwCompletionKey, Overlapped lpOverlapped) {
        return ports.postQueuedCompletionStatus(CompletionPort, dwNumberOfBytesTransferred, dwCompletionKey, lpOverlapped);
    }

    @Override
    public boolean GetQueuedCompletionStatus(ResolvedHandle CompletionPort, IntRef lpNumberOfBytesTransferred,
                                             LongRef lpCompletionKey, Ref<Overlapped> lpOverlapped, int dwMilliseconds) {
        return ports.getQueuedCompletionStatus(CompletionPort, lpNumberOfBytesTransferred, lpCompletionKey, lpOverlapped,
                EngineCalls.timeout(dwMilliseconds));
    }

    @Override
    public boolean GetQueuedCompletionStatusEx(ResolvedHandle CompletionPort, OverlappedEntry[] lpCompletionPortEntries,
                                               int ulCount, IntRef ulNumEntriesRemoved, int dwMilliseconds,
                                               boolean fAlertable) {
        return ports.getQueuedCompletionStatusEx(CompletionPort, lpCompletionPortEntries, ulCount, ulNumEntriesRemoved,
                EngineCalls.timeout(dwMilliseconds), fAlertable);
    }

    @Override
    public boolean SetFileCompletionNotificationModes(ResolvedHandle FileHandle, int Flags) {
        return ports.setFileCompletionNotificationModes(FileHandle, Flags);
    }

    @Override
    public boolean GetOverlappedResult(ResolvedHandle hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred,
                                       boolean bWait) {
        return ports.getOverlappedResult(hFile, lpOverlapped, lpNumberOfBytesTransferred, bWait ? INFINITE : 0, false);
    }

    @Override
    public boolean GetOverlappedResultEx(ResolvedHandle hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred,
                                         int dwMilliseconds, boolean bAlertable) {
        return ports.getOverlappedResult(hFile, lpOverlapped, lpNumberOfBytesTransferred, dwMilliseconds, bAlertable);
    }

    @Override
    public boolean CancelIo(ResolvedHandle hFile) {
        return ports.cancelIo(hFile, Thread.currentThread(), null);
    }

    @Override
    public boolean CancelIoEx(ResolvedHandle hFile, Overlapped lpOverlapped) {
        return ports.cancelIo(hFile, null, lpOverlapped);
    }
}

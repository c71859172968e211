package io.teardown.kernel;

/**
 * {@code LPOVERLAPPED_COMPLETION_ROUTINE} for {@link Kernel32#ReadFileEx}/{@link Kernel32#WriteFileEx}:
 * queued as an APC to the issuing thread and run there only inside an alertable wait (KO-16), once per
 * operation, with the caller's own {@link Overlapped}.
 */
@FunctionalInterface
public interface FileIoCompletionRoutine {
    /** Called with the status (0 or a Win32 error), the bytes and the structure. */
    void invoke(int dwErrorCode, int dwNumberOfBytesTransfered, Overlapped lpOverlapped);
}

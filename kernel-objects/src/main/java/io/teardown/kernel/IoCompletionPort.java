package io.teardown.kernel;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An I/O completion port of the object API ({@code CreateIoCompletionPort}; KO-14): sockets, pipes and
 * files opened for overlapped I/O are associated with it under a key, and each of their overlapped
 * operations ends in exactly one {@link Completion} — taken by worker threads with {@link #take} — even
 * when a close or a cancellation aborts it (KO-15, WS-09). Closing the port wakes every thread in
 * {@link #take} with a {@code Win32Exception} carrying {@code ERROR_ABANDONED_WAIT_0} (735): the usual way
 * to stop the workers. See docs/kernel-objects.md.
 */
public final class IoCompletionPort extends KernelHandle {
    IoCompletionPort(KernelObjects owner, long value) {
        super(owner, value, "IoCompletion");
    }

    /**
     * Associates a handle — a file or pipe opened with {@code FILE_FLAG_OVERLAPPED} ({@link FileHandle#value()})
     * or a socket ({@code TcpSocket.handle()}) — under {@code key}.
     */
    public void associate(long handle, long key) {
        if (k.CreateIoCompletionPort(handle, value(), key, 0) == 0) {
            throw failure("CreateIoCompletionPort");
        }
    }

    /** {@code PostQueuedCompletionStatus}: queues a packet of the caller's (a "stop" message, say). */
    public void post(long key, int bytes, Overlapped overlapped) {
        ok(k.PostQueuedCompletionStatus(value(), bytes, key, overlapped), "PostQueuedCompletionStatus");
    }

    /**
     * {@code GetQueuedCompletionStatus}: the next completion, or empty when {@code timeout} passes
     * ({@code null} waits forever). Throws when the port is closed ({@code ERROR_ABANDONED_WAIT_0} during
     * the wait, 6 after).
     */
    public Optional<Completion> take(Duration timeout) {
        IntRef bytes = new IntRef();
        LongRef key = new LongRef();
        Ref<Overlapped> ov = new Ref<>();
        if (k.GetQueuedCompletionStatus(value(), bytes, key, ov, millis(timeout))) {
            return Optional.of(new Completion.Succeeded(key.value, bytes.value, ov.value));
        }
        if (ov.value == null) {
            if (k.GetLastError() == Kernel32.WAIT_TIMEOUT) {
                return Optional.empty();
            }
            throw failure("GetQueuedCompletionStatus");
        }
        return Optional.of(new Completion.Failed(key.value, bytes.value, ov.value, k.GetLastError()));
    }

    /**
     * {@code GetQueuedCompletionStatusEx}: up to {@code max} completions at once; empty when
     * {@code timeout} passes. Throws as {@link #take} does.
     */
    public List<Completion> takeSome(int max, Duration timeout) {
        OverlappedEntry[] entries = new OverlappedEntry[max];
        IntRef removed = new IntRef();
        if (!k.GetQueuedCompletionStatusEx(value(), entries, max, removed, millis(timeout), false)) {
            if (k.GetLastError() == Kernel32.WAIT_TIMEOUT) {
                return List.of();
            }
            throw failure("GetQueuedCompletionStatusEx");
        }
        List<Completion> out = new ArrayList<>(removed.value);
        for (int i = 0; i < removed.value; i++) {
            OverlappedEntry e = entries[i];
            out.add(e.Internal == 0
                    ? new Completion.Succeeded(e.lpCompletionKey, e.dwNumberOfBytesTransferred, e.lpOverlapped)
                    : new Completion.Failed(e.lpCompletionKey, e.dwNumberOfBytesTransferred, e.lpOverlapped,
                            (int) e.Internal));
        }
        return out;
    }
}

package io.teardown.kernel.engine;

import io.teardown.kernel.Overlapped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * An I/O completion port: a queue of packets — one per overlapped operation on an associated file,
 * pipe or socket (KO-14), or posted with {@code PostQueuedCompletionStatus} — taken by
 * {@code GetQueuedCompletionStatus(Ex)}. Associated objects hold pointers on it. When its last handle
 * closes, every thread blocked on it returns FALSE with {@code ERROR_ABANDONED_WAIT_0} (735), as the
 * reference page says; packets arriving later have nobody to reach and are dropped.
 */
final class CompletionPort extends KernelObject {
    /** One completion: bytes, key, the caller's own structure and the status (0 or a Win32 error). */
    record Packet(int bytes, long key, Overlapped overlapped, int status) {
    }

    private final Dispatcher dispatcher;
    private final ArrayDeque<Packet> queue = new ArrayDeque<>(); // guarded by the dispatcher lock
    private boolean closed; // guarded by the dispatcher lock

    CompletionPort(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    String typeName() {
        return "IoCompletion";
    }

    void post(Packet p) {
        dispatcher.change(() -> {
            if (!closed) {
                queue.add(p);
            }
        });
    }

    /** The next packet; null on timeout; throws 735 when the port is closed meanwhile. */
    Packet take(long timeoutMs) throws IoFailure {
        List<Packet> one = takeSome(1, timeoutMs, false);
        return one.isEmpty() ? null : one.get(0);
    }

    /**
     * Up to {@code max} packets at once ({@code GetQueuedCompletionStatusEx}): waits for the first, then
     * takes what else is queued. Empty on timeout; with {@code alertable}, null when APCs of the calling
     * thread are queued (the caller runs them; KO-16); throws 735 when the port is closed meanwhile.
     */
    List<Packet> takeSome(int max, long timeoutMs, boolean alertable) throws IoFailure {
        Thread me = Thread.currentThread();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        dispatcher.lock();
        try {
            for (;;) {
                if (closed) {
                    throw new IoFailure(735, "completion port closed");
                }
                if (alertable && dispatcher.apcPendingLocked(me)) {
                    return null;
                }
                if (!queue.isEmpty()) {
                    List<Packet> out = new ArrayList<>();
                    while (out.size() < max && !queue.isEmpty()) {
                        out.add(queue.poll());
                    }
                    return out;
                }
                if (timeoutMs < 0) {
                    dispatcher.awaitLocked(Long.MAX_VALUE);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return List.of();
                    }
                    dispatcher.awaitLocked(left);
                }
            }
        } finally {
            dispatcher.unlock();
        }
    }

    @Override
    void lastHandleClosed() {
        dispatcher.change(() -> {
            closed = true;
            queue.clear();
        });
    }
}

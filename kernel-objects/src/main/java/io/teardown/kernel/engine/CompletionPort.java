package io.teardown.kernel.engine;

import io.teardown.kernel.Overlapped;
import java.util.ArrayDeque;

/**
 * An I/O completion port: a queue of packets ({@code PostQueuedCompletionStatus}) taken by
 * {@code GetQueuedCompletionStatus}. When its last handle closes, every thread blocked in
 * {@code GetQueuedCompletionStatus} on it returns FALSE with {@code ERROR_ABANDONED_WAIT_0} (735), as
 * the reference page says.
 */
final class CompletionPort extends KernelObject {
    record Packet(int bytes, long key, Overlapped overlapped) {
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
        dispatcher.change(() -> queue.add(p));
    }

    /** The next packet; null on timeout; throws 735 when the port is closed meanwhile. */
    Packet take(long timeoutMs) throws IoFailure {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        dispatcher.lock();
        try {
            for (;;) {
                if (closed) {
                    throw new IoFailure(735, "completion port closed");
                }
                Packet p = queue.poll();
                if (p != null) {
                    return p;
                }
                if (timeoutMs < 0) {
                    dispatcher.awaitLocked(Long.MAX_VALUE);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return null;
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

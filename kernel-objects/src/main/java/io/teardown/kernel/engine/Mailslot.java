package io.teardown.kernel.engine;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;

/**
 * A mailslot server ({@code CreateMailslot}): a queue of messages clients write
 * ({@code CreateFile("\\.\mailslot\name")}), read one per {@code ReadFile}. Emulated in the session
 * (Linux has no mailslots); the name goes with the server's last handle.
 */
final class Mailslot extends IoObject {
    final String slotName;
    final int maxMessage;
    final int readTimeout;
    private final Dispatcher dispatcher;
    private final PipeNames names;
    private final ArrayDeque<byte[]> messages = new ArrayDeque<>(); // guarded by the dispatcher lock
    private final Condition changed; // of the dispatcher lock: a message came, a read was cancelled
    private boolean closed; // guarded by the dispatcher lock

    Mailslot(String slotName, int maxMessage, int readTimeout, Dispatcher dispatcher, PipeNames names) {
        this.slotName = slotName;
        this.maxMessage = maxMessage;
        this.readTimeout = readTimeout;
        this.dispatcher = dispatcher;
        this.changed = dispatcher.newCondition();
        this.names = names;
    }

    @Override
    String typeName() {
        return "File";
    }

    /** {@code GetMailslotInfo}: {next size or MAILSLOT_NO_MESSAGE, count}. */
    int[] info() {
        dispatcher.lock();
        try {
            byte[] next = messages.peek();
            return new int[] {next == null ? -1 : next.length, messages.size()};
        } finally {
            dispatcher.unlock();
        }
    }

    @Override
    int read(byte[] buffer, int n, Engine engine) throws IoFailure {
        Thread me = Thread.currentThread();
        boolean[] cancelled = new boolean[1];
        CancellableIo cancel = () -> {
            dispatcher.update(() -> {
                cancelled[0] = true;
                changed.signalAll();
            });
            return true;
        };
        long deadline = System.nanoTime() + Integer.toUnsignedLong(readTimeout) * 1_000_000L;
        dispatcher.lock();
        engine.io.put(me, cancel);
        try {
            for (;;) {
                byte[] m = messages.peek();
                if (m != null) {
                    if (m.length > n) {
                        throw new IoFailure(122, "message larger than the buffer"); // ERROR_INSUFFICIENT_BUFFER
                    }
                    messages.poll();
                    System.arraycopy(m, 0, buffer, 0, m.length);
                    return m.length;
                }
                if (cancelled[0]) {
                    throw new IoFailure(995, "CancelSynchronousIo");
                }
                if (readTimeout == -1) {
                    dispatcher.awaitLocked(changed, Long.MAX_VALUE);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IoFailure(121, "no message within the read timeout"); // ERROR_SEM_TIMEOUT
                    }
                    dispatcher.awaitLocked(changed, left);
                }
            }
        } finally {
            engine.io.remove(me, cancel);
            dispatcher.unlock();
        }
    }

    @Override
    int write(byte[] buffer, int n, Engine engine) throws IoFailure {
        throw new IoFailure(5, "the server end of a mailslot is read-only");
    }

    /** A client's write: queues one message. */
    void deliver(byte[] buffer, int n) throws IoFailure {
        if (maxMessage != 0 && n > maxMessage) {
            throw new IoFailure(87, "message longer than the mailslot's maximum");
        }
        byte[] copy = java.util.Arrays.copyOf(buffer, n);
        dispatcher.lock();
        try {
            if (closed) {
                throw new IoFailure(2, "the mailslot is gone"); // approximation, see docs
            }
            messages.add(copy);
            changed.signalAll();
        } finally {
            dispatcher.unlock();
        }
    }

    @Override
    void lastHandleClosed() {
        names.removeMailslot(slotName, this);
        dispatcher.update(() -> {
            closed = true;
            messages.clear();
        });
    }

    /** A client handle of a mailslot: writes only. */
    static final class Client extends IoObject {
        private final Mailslot slot;

        Client(Mailslot slot) {
            this.slot = slot;
            slot.reference();
        }

        @Override
        String typeName() {
            return "File";
        }

        @Override
        int read(byte[] buffer, int n, Engine engine) throws IoFailure {
            throw new IoFailure(5, "a mailslot client is write-only");
        }

        @Override
        int write(byte[] buffer, int n, Engine engine) throws IoFailure {
            slot.deliver(buffer, n);
            return n;
        }

        @Override
        void destroy() {
            slot.dereference();
        }
    }
}

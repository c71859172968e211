package io.teardown.kernel.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The session's one thread for overlapped pipe reads (KO-15): pending reads of every pipe wait in a
 * single {@link Selector}, so an operation costs no thread of its own. When a pipe becomes readable the
 * oldest read waiting on it takes what is there and completes through its {@link IoRequest}; the other
 * end going completes it with {@code ERROR_BROKEN_PIPE} (109). A read can be withdrawn for
 * {@code CancelIoEx} or a close (995) until the moment this thread claims it. The thread starts with
 * the first pending read and ends with the session. It runs no user code: completion routines are APCs.
 */
final class PipeReactor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PipeReactor.class.getName());

    /** One pending read: WAITING until this thread claims it or a cancellation withdraws it. */
    static final class PendingRead {
        private final Pipe.SourceChannel source;
        private final byte[] buffer;
        private final int length;
        private final IoRequest request;
        private boolean settled; // guarded by this

        PendingRead(Pipe.SourceChannel source, byte[] buffer, int length, IoRequest request) {
            this.source = source;
            this.buffer = buffer;
            this.length = length;
            this.request = request;
        }

        synchronized boolean isSettled() {
            return settled;
        }

        /** Takes the read back (a cancellation); false once this thread has claimed it. */
        synchronized boolean withdraw() {
            if (settled) {
                return false;
            }
            settled = true;
            return true;
        }

        /**
         * Reads what is there (the channel is non-blocking); true when the read is settled (completed,
         * failed or withdrawn).
         */
        synchronized boolean attempt() {
            return attempt(false);
        }

        /**
         * As {@link #attempt()}; {@code atOnce} inside the issuing call, where a success completes "at
         * once" (FILE_SKIP_COMPLETION_PORT_ON_SUCCESS applies) and a broken pipe fails the call itself.
         */
        synchronized boolean attempt(boolean atOnce) {
            if (settled) {
                return true;
            }
            int status;
            int n;
            try {
                n = source.read(ByteBuffer.wrap(buffer, 0, length));
                if (n == 0) {
                    return false;
                }
                status = n < 0 ? 109 : 0; // end of stream: the writer is gone (ERROR_BROKEN_PIPE)
            } catch (IOException e) {
                status = 109;
                n = -1;
            }
            settled = true;
            if (!atOnce) {
                request.complete(status, Math.max(n, 0));
            } else if (status == 0) {
                request.completeAtOnce(0, n);
            } else {
                request.failAtOnce(status);
            }
            return true;
        }
    }

    /**
     * The overlapped reads of one pipe end in the order they were issued. Windows completes a pipe's
     * reads in that order, so bytes go only to the oldest read still waiting: a new read may take what
     * is there at once only if no older read waits, and the reactor serves the oldest first.
     */
    static final class ReadQueue {
        private final Pipe.SourceChannel source;
        private final ArrayDeque<PendingRead> waiting = new ArrayDeque<>(); // guarded by this

        ReadQueue(Pipe.SourceChannel source) {
            this.source = source;
        }

        Pipe.SourceChannel source() {
            return source;
        }

        /**
         * Issues {@code read}: true if it completed inside the call (nothing older waits and there was
         * data or the end), false if it now waits behind the older ones (the caller submits this queue).
         */
        synchronized boolean issue(PendingRead read) {
            dropSettled();
            if (waiting.isEmpty() && read.attempt(true)) {
                return true;
            }
            waiting.add(read);
            return false;
        }

        /** Completes waiting reads oldest first while there is data; true when none waits any more. */
        synchronized boolean serve() {
            while (!waiting.isEmpty() && waiting.peek().attempt()) {
                waiting.poll();
            }
            return waiting.isEmpty();
        }

        /** The pipe end was closed under the queue: every read nobody withdrew ends as aborted. */
        void failClosed() {
            List<PendingRead> all;
            synchronized (this) {
                all = new ArrayList<>(waiting);
                waiting.clear();
            }
            for (PendingRead r : all) {
                if (r.withdraw()) {
                    r.request.complete(995, 0);
                }
            }
        }

        private void dropSettled() {
            while (!waiting.isEmpty() && waiting.peek().isSettled()) {
                waiting.poll();
            }
        }
    }

    private final String sessionName;
    private final ConcurrentLinkedQueue<ReadQueue> incoming = new ConcurrentLinkedQueue<>();
    private Selector selector; // guarded by this until started
    private Thread thread; // guarded by this
    private volatile boolean closed;

    PipeReactor(String sessionName) {
        this.sessionName = sessionName;
    }

    /** Watches {@code reads}, whose newest read found an older one waiting or nothing to read at once. */
    void submit(ReadQueue reads) throws IOException {
        Selector s;
        synchronized (this) {
            if (closed) {
                throw new IOException("the session is closing");
            }
            if (selector == null) {
                selector = Selector.open();
                thread = new Thread(this::run, "teardown-pipe-io-" + sessionName);
                thread.setDaemon(true);
                thread.start();
            }
            s = selector;
        }
        incoming.add(reads);
        s.wakeup();
    }

    private void run() {
        Selector s;
        synchronized (this) {
            s = selector;
        }
        try {
            while (!closed) {
                register(s);
                s.select();
                for (SelectionKey key : s.selectedKeys()) {
                    try {
                        serve(key);
                    } catch (RuntimeException e) {
                        abandon(key, (ReadQueue) key.attachment(), e);
                    }
                }
                s.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.WARNING, "the pipe I/O thread stopped", e);
            }
        }
    }

    /**
     * One pipe's reads failed in an unexpected way (a completion that could not be delivered, say): its
     * reads end with ERROR_OPERATION_ABORTED rather than stay pending forever, and this thread goes on
     * serving every other pipe instead of dying silently with their reads in it.
     */
    private static void abandon(SelectionKey key, ReadQueue q, RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a pipe's overlapped reads failed; they end with ERROR_OPERATION_ABORTED", e);
        if (key != null) {
            key.cancel();
        }
        try {
            q.failClosed();
        } catch (RuntimeException again) {
            LOG.log(System.Logger.Level.WARNING, "a pipe's reads could not be ended", again);
        }
    }

    private void register(Selector s) throws IOException {
        for (ReadQueue q; (q = incoming.poll()) != null; ) {
            try {
                registerOne(s, q);
            } catch (RuntimeException e) {
                abandon(q.source().keyFor(s), q, e);
            }
        }
    }

    private static void registerOne(Selector s, ReadQueue q) throws IOException {
        if (q.serve()) {
            return; // data (or the end) came meanwhile, or its reads were withdrawn
        }
        try {
            SelectionKey key = q.source().keyFor(s);
            if (key == null) {
                key = q.source().register(s, SelectionKey.OP_READ, q);
            }
            key.interestOps(SelectionKey.OP_READ);
        } catch (ClosedChannelException | CancelledKeyException e) {
            q.failClosed();
        }
    }

    private static void serve(SelectionKey key) {
        ReadQueue q = (ReadQueue) key.attachment();
        try {
            if (q.serve()) {
                key.interestOps(0);
            }
        } catch (CancelledKeyException e) {
            q.failClosed();
        }
    }

    @Override
    public void close() {
        Selector s;
        synchronized (this) {
            closed = true;
            s = selector;
        }
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the pipe I/O selector", e);
            }
        }
    }
}

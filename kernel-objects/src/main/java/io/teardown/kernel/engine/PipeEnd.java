package io.teardown.kernel.engine;

import io.teardown.api.Win32Error;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * One end of a pipe: a real operating-system pipe ({@link Pipe}) per direction, so the bytes really
 * travel through the kernel. Reading blocks the caller until data arrives, the other end goes
 * ({@code ERROR_BROKEN_PIPE}, 109) or {@code CancelSynchronousIo} ends it ({@code
 * ERROR_OPERATION_ABORTED}, 995; KO-10). Writing to a pipe whose reader has gone fails with
 * {@code ERROR_NO_DATA} (232). Type "File", as pipes are on Windows.
 */
class PipeEnd extends IoObject {
    private static final System.Logger LOG = System.getLogger(PipeEnd.class.getName());
    private static final long SELECT_MS = 100;

    private final Object readLock = new Object();
    private volatile Pipe.SourceChannel in;
    private volatile Pipe.SinkChannel out;
    private Selector selector; // guarded by readLock
    private volatile AsyncIo asyncIo;
    // Not readLock: a blocking read holds that one for as long as it waits.
    private final Object queueLock = new Object();
    private PipeReactor.ReadQueue overlappedReads; // guarded by queueLock; for the current read end

    PipeEnd(Pipe.SourceChannel in, Pipe.SinkChannel out) {
        this.in = in;
        this.out = out;
    }

    @Override
    String typeName() {
        return "File";
    }

    /** Opened with {@code FILE_FLAG_OVERLAPPED}: reads and writes take an {@code OVERLAPPED} (KO-15). */
    void overlapped(AsyncIo io) {
        this.asyncIo = io;
    }

    @Override
    AsyncIo asyncIo() {
        return asyncIo;
    }

    /**
     * An overlapped read: what is there at once completes inside the call (true) unless an older read
     * still waits, since reads complete in the order they were issued; otherwise it waits in the
     * session's {@link PipeReactor} (false: the caller reports {@code ERROR_IO_PENDING}) until data
     * comes, the writer goes (109) or a cancellation or close withdraws it (995).
     */
    boolean readOverlapped(byte[] buffer, int n, IoRequest request, Engine engine) throws IoFailure {
        Pipe.SourceChannel src = in;
        if (src == null) {
            throw new IoFailure(attached() ? 5 : unattachedError(), "no read end");
        }
        PipeReactor.PendingRead read = new PipeReactor.PendingRead(src, buffer, n, request);
        request.cancellable(read::withdraw);
        try {
            src.configureBlocking(false);
            PipeReactor.ReadQueue reads = overlappedReads(src);
            if (reads.issue(read)) {
                return true;
            }
            engine.pipeReactor().submit(reads);
            return false;
        } catch (IOException e) {
            if (read.withdraw()) {
                request.failAtOnce(109);
            }
            return true;
        }
    }

    private PipeReactor.ReadQueue overlappedReads(Pipe.SourceChannel src) {
        synchronized (queueLock) {
            if (overlappedReads == null || overlappedReads.source() != src) {
                overlappedReads = new PipeReactor.ReadQueue(src);
            }
            return overlappedReads;
        }
    }

    /** The last handle closed: overlapped reads still pending end with 995 (KO-15). */
    @Override
    void lastHandleClosed() {
        AsyncIo io = asyncIo;
        if (io != null) {
            io.close();
        }
    }

    void attach(Pipe.SourceChannel in, Pipe.SinkChannel out) {
        this.in = in;
        this.out = out;
    }

    boolean attached() {
        return in != null || out != null;
    }

    /** Error for I/O on an end that is not connected. */
    int unattachedError() {
        return Win32Error.ERROR_ACCESS_DENIED.code();
    }

    private static final class Cancel implements CancellableIo {
        private final Selector selector;
        private volatile boolean cancelled;

        Cancel(Selector selector) {
            this.selector = selector;
        }

        @Override
        public boolean cancel() {
            cancelled = true;
            selector.wakeup();
            return true;
        }
    }

    @Override
    int read(byte[] buffer, int n, Engine engine) throws IoFailure {
        Pipe.SourceChannel src = in;
        if (src == null) {
            throw new IoFailure(attached() ? 5 : unattachedError(), "no read end");
        }
        synchronized (readLock) {
            Thread me = Thread.currentThread();
            Cancel cancel;
            try {
                if (selector == null) {
                    selector = Selector.open();
                    src.configureBlocking(false);
                    src.register(selector, SelectionKey.OP_READ);
                }
                cancel = new Cancel(selector);
            } catch (IOException e) {
                throw new IoFailure(109, e.toString());
            }
            engine.io.put(me, cancel);
            try {
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                for (;;) {
                    int r = src.read(b);
                    if (r > 0) {
                        return r;
                    }
                    if (r < 0) {
                        throw new IoFailure(109, "the write end was closed"); // ERROR_BROKEN_PIPE
                    }
                    if (cancel.cancelled) {
                        throw new IoFailure(995, "CancelSynchronousIo");
                    }
                    selector.select(SELECT_MS);
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                throw new IoFailure(109, e.toString());
            } finally {
                engine.io.remove(me, cancel);
            }
        }
    }

    @Override
    int write(byte[] buffer, int n, Engine engine) throws IoFailure {
        Pipe.SinkChannel sink = out;
        if (sink == null) {
            throw new IoFailure(attached() ? 5 : unattachedError(), "no write end");
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
            while (b.hasRemaining()) {
                sink.write(b);
            }
            return n;
        } catch (IOException e) {
            throw new IoFailure(232, e.toString()); // ERROR_NO_DATA: the reader is gone
        }
    }

    /** Closes both OS pipe ends (the peer then sees end of stream or a broken pipe). */
    void detach() {
        Pipe.SourceChannel src = in;
        Pipe.SinkChannel sink = out;
        in = null;
        out = null;
        try {
            if (sink != null) {
                sink.close();
            }
            if (src != null) {
                src.close();
            }
            synchronized (readLock) {
                if (selector != null) {
                    selector.close();
                    selector = null;
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing a pipe", e);
        }
    }

    @Override
    void destroy() {
        detach();
    }
}

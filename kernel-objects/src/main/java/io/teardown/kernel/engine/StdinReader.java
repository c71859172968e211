package io.teardown.kernel.engine;

import io.teardown.api.Session;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The session's reader of the JVM's standard input: every {@code ReadFile} on {@code STD_INPUT_HANDLE}
 * or on a {@code CONIN$} handle (KO-04) goes through it. A session component ({@link #of}), closed with
 * the session.
 *
 * <p>A Java stream read cannot be cancelled, so no caller ever blocks in one. A daemon pump thread reads
 * the source, and only while some {@code ReadFile} is waiting and nothing read earlier is still
 * unclaimed, at most as many bytes as the largest waiting request: the session takes no standard input
 * nobody asked for. The caller waits on this reader's condition instead, registered in the engine's
 * table of blocking I/O like every blocking read, so {@code CancelSynchronousIo} ends it at once with
 * {@code ERROR_OPERATION_ABORTED} (995; KO-10) and so does the session's close (the "thread exit" half
 * of 995's meaning). A pump read already under way cannot be taken back: the bytes it brings after its
 * caller was cancelled are kept here for the next {@code ReadFile}, never dropped. End of input is
 * reported to one read as success with 0 bytes (then the source is asked again, as {@code read(2)}
 * would be), a failing source as {@code ERROR_BROKEN_PIPE} (109).
 */
final class StdinReader implements AutoCloseable {
    private static final int MAX_CHUNK = 64 * 1024;

    private final String name;
    private final Supplier<InputStream> source;
    private final ReentrantLock lock = new ReentrantLock();
    /** Callers wait on this: bytes, end of input or a failure arrived, a cancel, the close. */
    private final Condition changed = lock.newCondition();
    /** The pump waits on this: a caller came, or took what was here and others still wait. */
    private final Condition wanted = lock.newCondition();
    // Guarded by lock.
    private final List<Waiter> waiters = new ArrayList<>();
    private byte[] bytes = new byte[0];
    private int start;
    private int end;
    private boolean endOfInput;
    private IOException failure;
    private boolean closed;
    private Thread pump;

    /** A reader of {@code source}, which is asked for its stream once, by the pump, on the first read. */
    StdinReader(String name, Supplier<InputStream> source) {
        this.name = name;
        this.source = source;
    }

    /** The session's reader: of {@link System#in} unless one was put in place earlier. */
    static StdinReader of(Session session) throws IoFailure {
        try {
            return session.component(StdinReader.class, s -> new StdinReader(s.name(), () -> System.in));
        } catch (IllegalStateException e) {
            throw new IoFailure(995, "the session is closed");
        }
    }

    /** One {@code ReadFile} waiting for standard input; {@code CancelSynchronousIo} ends it. */
    private final class Waiter implements CancellableIo {
        final int wanted;
        boolean cancelled; // guarded by lock

        Waiter(int wanted) {
            this.wanted = wanted;
        }

        @Override
        public boolean cancel() {
            lock.lock();
            try {
                cancelled = true;
                changed.signalAll();
                return true;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Reads 1 to {@code n} bytes, or 0 at end of input; blocks the caller until then, cancellably. */
    int read(byte[] buffer, int n, Engine engine) throws IoFailure {
        Thread me = Thread.currentThread();
        Waiter w = new Waiter(n);
        lock.lock();
        try {
            engine.io.put(me, w);
            waiters.add(w);
            boolean asked = false;
            for (;;) {
                // What arrived wins over a cancel that came with it, as for a pipe.
                if (end > start) {
                    int r = Math.min(n, end - start);
                    System.arraycopy(bytes, start, buffer, 0, r);
                    start += r;
                    return r;
                }
                if (endOfInput) {
                    endOfInput = false;
                    return 0;
                }
                if (failure != null) {
                    IOException e = failure;
                    failure = null;
                    throw new IoFailure(109, e.toString()); // ERROR_BROKEN_PIPE
                }
                if (w.cancelled) {
                    throw new IoFailure(995, "CancelSynchronousIo");
                }
                if (closed) {
                    throw new IoFailure(995, "the session closed");
                }
                if (!asked) {
                    asked = true;
                    startPump();
                    wanted.signal();
                }
                // Not interruptible, as no Win32 call is; the interrupt flag survives the wait.
                changed.awaitUninterruptibly();
            }
        } finally {
            waiters.remove(w);
            engine.io.remove(me, w);
            if (!waiters.isEmpty()) {
                wanted.signal(); // this caller took what was here: the pump may have to read for the others
            }
            lock.unlock();
        }
    }

    /** How many callers are waiting now (for diagnostics and tests). */
    int waiting() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    /** Lock held. */
    private void startPump() throws IoFailure {
        if (pump == null) {
            Thread t = new Thread(this::pump, "teardown-stdin-" + name);
            t.setDaemon(true);
            try {
                t.start();
            } catch (OutOfMemoryError e) {
                throw new IoFailure(8, e.toString()); // ERROR_NOT_ENOUGH_MEMORY, as CreateThread reports it
            }
            pump = t;
        }
    }

    /** Lock held: the largest request of a caller still waiting, or 0 if the pump has nothing to do. */
    private int demand() {
        if (end > start || endOfInput || failure != null) {
            return 0; // a caller will take what is here first
        }
        int most = 0;
        for (Waiter w : waiters) {
            if (!w.cancelled) {
                most = Math.max(most, w.wanted);
            }
        }
        return Math.min(most, MAX_CHUNK);
    }

    private void pump() {
        try {
            pumpLoop();
        } catch (Error e) {
            // The thread dies: the waiting callers must not wait for it. The next read starts another.
            lock.lock();
            try {
                failure = new IOException(e.toString());
                pump = null;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            throw e;
        }
    }

    private void pumpLoop() {
        InputStream in = null;
        for (;;) {
            int want = 0;
            lock.lock();
            try {
                while (!closed && (want = demand()) == 0) {
                    wanted.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
            } finally {
                lock.unlock();
            }
            byte[] chunk = new byte[want];
            int r;
            IOException error = null;
            try {
                if (in == null) {
                    in = source.get();
                }
                r = in.read(chunk, 0, want);
            } catch (IOException e) {
                r = 0;
                error = e;
            } catch (RuntimeException e) {
                r = 0;
                error = new IOException(e);
            }
            lock.lock();
            try {
                if (closed) {
                    return; // the bytes go with the session: nobody can ask for them any more
                }
                if (error != null) {
                    failure = error;
                } else if (r <= 0) {
                    endOfInput = true; // 0 from a stream that should block is reported the same way
                } else {
                    append(chunk, r);
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Lock held. */
    private void append(byte[] chunk, int r) {
        if (start == end) {
            start = 0;
            end = 0;
        }
        if (bytes.length - end < r) {
            System.arraycopy(bytes, start, bytes, 0, end - start);
            end -= start;
            start = 0;
            if (bytes.length - end < r) {
                bytes = Arrays.copyOf(bytes, Math.max(end + r, bytes.length * 2));
            }
        }
        System.arraycopy(chunk, 0, bytes, end, r);
        end += r;
    }

    /**
     * Wakes every waiting caller with 995 and lets the pump go. A pump read under way cannot be
     * interrupted: its thread (a daemon) ends when that read returns, and what it read is dropped.
     * The source itself is never closed: it is the JVM's.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            bytes = new byte[0];
            start = 0;
            end = 0;
            changed.signalAll();
            wanted.signal();
        } finally {
            lock.unlock();
        }
    }
}

package io.teardown.kernel.engine;

import io.teardown.api.Win32Error;
import io.teardown.kernel.Overlapped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The overlapped-I/O side of one file, pipe or socket object: its completion-port association (port,
 * key, notification modes; KO-14) and its operations in flight, for {@code CancelIo}/{@code CancelIoEx}
 * and for the close that aborts them (KO-15). The association holds a pointer on the port, so a port
 * whose handle is closed lives on while an associated object does.
 */
public final class AsyncIo {
    /** {@code FILE_SKIP_COMPLETION_PORT_ON_SUCCESS}. */
    static final int SKIP_PORT_ON_SUCCESS = 1;
    /** {@code FILE_SKIP_SET_EVENT_ON_HANDLE} (accepted; handles are not signalled here). */
    static final int SKIP_SET_EVENT_ON_HANDLE = 2;

    private final Engine engine;
    private Set<IoRequest> pending; // guarded by this; made by the first operation (most sockets never do one)
    private CompletionPort port; // guarded by this
    private long key; // guarded by this
    private volatile int modes;
    private boolean closed; // guarded by this

    AsyncIo(Engine engine) {
        this.engine = engine;
    }

    /**
     * Starts an operation: marks the structure pending ({@code Internal} = {@code STATUS_PENDING},
     * {@code InternalHigh} = 0) and records it until it completes. {@code routine} may be null.
     */
    public IoRequest begin(Overlapped overlapped, CompletionRoutine routine) {
        IoRequest r = new IoRequest(this, overlapped, routine);
        overlapped.InternalHigh = 0;
        overlapped.Internal = Overlapped.STATUS_PENDING;
        synchronized (this) {
            if (pending == null) {
                pending = new LinkedHashSet<>();
            }
            pending.add(r);
        }
        return r;
    }

    /**
     * The object is gone (its last handle closed): every operation still pending that its owner can
     * take back completes with {@code ERROR_OPERATION_ABORTED} (995; KO-15), then the port is let go.
     */
    public void close() {
        List<IoRequest> all = snapshot(null, null);
        for (int i = 0; i < all.size(); i++) { // no iterator: see snapshot
            all.get(i).cancel();
        }
        CompletionPort p;
        synchronized (this) {
            closed = true;
            p = port;
            port = null;
        }
        if (p != null) {
            p.dereference();
        }
    }

    /** Associates with {@code p}; error 87 if already associated with another port, 0 if done. */
    int associate(CompletionPort p, long completionKey) {
        synchronized (this) {
            if (port != null || closed) {
                return Win32Error.ERROR_INVALID_PARAMETER.code(); // one port per handle, as on Windows
            }
            if (!p.reference()) {
                return Win32Error.ERROR_INVALID_HANDLE.code();
            }
            port = p;
            key = completionKey;
        }
        return 0;
    }

    void modes(int flags) {
        modes |= flags; // Windows: the modes cannot be cleared once set
    }

    /**
     * Cancels the operations issued by {@code thread} (all when null) with structure {@code which} (all
     * when null); returns how many were cancelled.
     */
    int cancel(Thread thread, Overlapped which) {
        int n = 0;
        for (IoRequest r : snapshot(thread, which)) {
            if (r.cancel()) {
                n++;
            }
        }
        return n;
    }

    private synchronized List<IoRequest> snapshot(Thread thread, Overlapped which) {
        if (pending == null || pending.isEmpty()) {
            // Nothing to copy, so nothing allocated: every socket's close passes here, a lingering
            // close at its deadline (issue 22).
            return List.of();
        }
        List<IoRequest> out = new ArrayList<>();
        for (IoRequest r : pending) {
            if ((thread == null || r.issuer() == thread) && (which == null || r.overlapped() == which)) {
                out.add(r);
            }
        }
        return out;
    }

    synchronized void finished(IoRequest r) {
        if (pending != null) {
            pending.remove(r);
        }
    }

    /** Sets the event, posts the packet or queues the routine (IoRequest's single delivery). */
    void deliver(IoRequest r, int status, int bytes, boolean atOnce, CompletionRoutine routine, Thread issuer) {
        Overlapped ov = r.overlapped();
        long event = ov.hEvent;
        if (routine != null) {
            // With a completion routine hEvent is the caller's to use (ReadFileEx, WSARecv): not set. The
            // status is written as the routine is queued, under the dispatcher's lock: the issuer's
            // GetOverlappedResult cannot see the operation done and then find no routine to run.
            engine.dispatcher.queueApc(issuer, () -> routine.completed(status, bytes, ov), () -> {
                ov.InternalHigh = Integer.toUnsignedLong(bytes);
                ov.Internal = status;
            });
        } else {
            if ((event & ~3L) != 0) {
                engine.setEvent(event & ~1L);
            }
            CompletionPort p;
            long k;
            synchronized (this) {
                p = port;
                k = key;
            }
            boolean skip = (event & 1) != 0 || (atOnce && status == 0 && (modes & SKIP_PORT_ON_SUCCESS) != 0);
            if (p != null && !skip) {
                p.post(new CompletionPort.Packet(bytes, k, ov, status));
            }
        }
        engine.dispatcher.completed(ov); // ends the GetOverlappedResult waits for this operation
    }
}

package io.teardown.kernel.engine;

import io.teardown.api.HandleSpace;
import io.teardown.api.Misuse;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import io.teardown.kernel.Kernel32;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The state of one session's emulated kernel: its object manager (the shared kernel handle table, the
 * namespace, handle resolution with pointer references), the dispatcher, the timer thread and the
 * registries of blocking I/O, pipes and mailslots. {@link EngineKernelDriver} is the driver over it, behind the kernel front.
 */
final class Engine implements AutoCloseable {
    final Session session;
    final HandleTable<HandleEntry> table;
    final Namespace namespace = new Namespace();
    final Dispatcher dispatcher = new Dispatcher();
    final ProcessObject self;
    final Registry registry = new Registry();
    final PipeNames pipes = new PipeNames();
    /** Mapped views and the mapping each keeps alive (KO-07). */
    final Map<ByteBuffer, MappingObject> views = Collections.synchronizedMap(new IdentityHashMap<>());
    /** The synchronous I/O each thread is blocked in, for {@code CancelSynchronousIo} (KO-10). */
    final Map<Thread, CancellableIo> io = new ConcurrentHashMap<>();
    private final Map<Thread, ThreadObject> threads = new ConcurrentHashMap<>();
    private final long[] std = new long[3];
    private final boolean[] stdTaken = new boolean[3];
    private volatile ScheduledExecutorService scheduler;
    private volatile PipeReactor pipeReactor;

    /** The session's one object manager, shared by kernel32, Winsock and ntdll (KO-13). */
    static Engine of(Session session) {
        return session.component(Engine.class, Engine::new);
    }

    private Engine(Session session) {
        this.session = session;
        this.table = session.handles(HandleSpace.KERNEL);
        this.self = new ProcessObject(dispatcher, ProcessHandle.current(), null);
        self.addHandle(); // the process's own reference, never given out as a handle value
    }

    /** Opens a handle to {@code object} (which must hold a handle count for it already). */
    long insert(KernelObject object, int access, boolean inherit) {
        try {
            return table.insert(new HandleRecord(object, access, inherit ? Kernel32.HANDLE_FLAG_INHERIT : 0));
        } catch (RuntimeException e) {
            object.handleClosed();
            throw e;
        }
    }

    /** Adds a handle to a new or existing object and opens it. */
    long open(KernelObject object, int access, boolean inherit) {
        object.addHandle();
        return insert(object, access, inherit);
    }

    /** Translates {@code STD_*_HANDLE} to the current standard handle; every other value as it is. */
    long translate(long h) {
        if (h >= -12 && h <= -10) {
            return stdHandle((int) h);
        }
        return h;
    }

    synchronized long stdHandle(int which) {
        int i = -10 - which;
        if (!stdTaken[i]) {
            stdTaken[i] = true;
            std[i] = open(new StdStream(which, true), Kernel32.GENERIC_READ | Kernel32.GENERIC_WRITE, false);
        }
        return std[i];
    }

    synchronized void stdHandle(int which, long value) {
        int i = -10 - which;
        stdTaken[i] = true;
        std[i] = value;
    }

    /**
     * The record a value names, with a pointer taken on its object (give it back with
     * {@link KernelObject#dereference()}), or null. Leases the table slot only for the lookup, so a
     * close racing this call takes effect at once and the object stays alive for the call (KO-10).
     */
    HandleRecord reference(long h) {
        HandleEntry e = table.acquire(h);
        if (e == null) {
            return null;
        }
        try {
            return e instanceof HandleRecord r && r.object.reference() ? r : null;
        } finally {
            table.release(h);
        }
    }

    /** The thread object of {@code t}, referenced (give it back). */
    ThreadObject threadObject(Thread t) {
        ThreadObject o = threads.get(t);
        if (o != null && o.reference()) {
            return o;
        }
        // Only the thread itself resolves GetCurrentThread(), so no other caller races this put.
        ThreadObject made = new ThreadObject(dispatcher, t, false, this::unregisterThread);
        made.pin();
        threads.put(t, made);
        return made;
    }

    void registerThread(Thread t, ThreadObject o) {
        threads.put(t, o);
    }

    void unregisterThread(ThreadObject o) {
        Thread t = o.thread();
        if (t != null) {
            threads.remove(t, o);
        }
    }

    ScheduledExecutorService scheduler() {
        ScheduledExecutorService s = scheduler;
        if (s == null) {
            synchronized (this) {
                s = scheduler;
                if (s == null) {
                    ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
                        Thread t = new Thread(r, "teardown-kernel-timer-" + session.name());
                        t.setDaemon(true);
                        return t;
                    });
                    ex.setRemoveOnCancelPolicy(true);
                    scheduler = s = ex;
                }
            }
        }
        return s;
    }

    /** Sets the event {@code h} names, if it names one (an overlapped completion; KO-13). */
    void setEvent(long h) {
        HandleRecord r = reference(h);
        if (r == null) {
            return;
        }
        try {
            if (r.object instanceof EventObject e) {
                e.set();
            }
        } finally {
            r.object.dereference();
        }
    }

    /** The session's thread for pending overlapped pipe reads, made on first use. */
    PipeReactor pipeReactor() {
        PipeReactor r = pipeReactor;
        if (r == null) {
            synchronized (this) {
                r = pipeReactor;
                if (r == null) {
                    pipeReactor = r = new PipeReactor(session.name());
                }
            }
        }
        return r;
    }

    void misuse(Misuse.Kind kind, String function, long h, int status, String detail) {
        session.misuse(new Misuse(kind, function, h, status, detail));
    }

    void error(int code) {
        session.lastError().set(code);
    }

    void error(Win32Error e) {
        error(e.code());
    }

    @Override
    public void close() {
        PipeReactor r = pipeReactor;
        if (r != null) {
            r.close();
        }
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.shutdownNow();
        }
    }
}

package io.teardown.kernel.engine;

import static io.teardown.kernel.Kernel32.DUPLICATE_CLOSE_SOURCE;
import static io.teardown.kernel.Kernel32.DUPLICATE_SAME_ACCESS;
import static io.teardown.kernel.Kernel32.GENERIC_ALL;
import static io.teardown.kernel.Kernel32.HANDLE_FLAG_INHERIT;
import static io.teardown.kernel.Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE;
import static io.teardown.kernel.Kernel32.PROCESS_ALL_ACCESS;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Misuse;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import io.teardown.kernel.spi.FileCalls;
import io.teardown.kernel.spi.KernelDriver;
import io.teardown.kernel.spi.PortCalls;
import io.teardown.kernel.spi.ProcessCalls;
import io.teardown.kernel.spi.ResolvedHandle;
import io.teardown.kernel.spi.SyncCalls;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The portable kernel engine, as the {@link KernelDriver} behind the kernel front: Windows' object
 * manager and dispatcher rules (KO-01 … KO-16) as plain Java over real resources — real threads, real OS
 * processes, real files and memory-mapped files, real OS pipes. Needs no Netty; the Netty backend's
 * {@code NettyKernelProvider} plugs it in as is. The front has resolved and classified every handle
 * value this class gets for the handle functions (invalid, stale, pseudo, protected, the closer choice);
 * this class does the work on the entry (flags, copies), and one object per family does the type-specific
 * functions: {@link EngineSyncCalls} (synchronisation objects, waits, APCs), {@link EngineProcessCalls}
 * (threads, processes, jobs, tokens, transactions), {@link EngineFileCalls} (files, find handles,
 * mappings, pipes, mailslots, registry) and {@link EnginePortCalls} (completion ports, overlapped results,
 * cancellation). See docs/kernel-objects.md.
 *
 * <p>Thread-safe. One instance per {@link Session}; closing it stops the session's timer thread.
 */
public final class EngineKernelDriver implements KernelDriver {

    private final Engine engine;
    private final SyncCalls sync;
    private final ProcessCalls processes;
    private final FileCalls files;
    private final PortCalls ports;
    // Flags set on handles owned by other subsystems (sockets): their entries are not ours to change.
    private final Map<HandleEntry, Integer> foreignFlags = Collections.synchronizedMap(new WeakHashMap<>());

    /** The engine for one session. */
    public EngineKernelDriver(Session session) {
        this.engine = Engine.of(session);
        PipeApi pipes = new PipeApi(engine);
        FileApi fileApi = new FileApi(engine, pipes);
        SyncApi syncApi = new SyncApi(engine);
        this.sync = new EngineSyncCalls(syncApi);
        this.processes = new EngineProcessCalls(new ProcessApi(engine), fileApi);
        this.files = new EngineFileCalls(syncApi, fileApi, new FindApi(engine), new MappingApi(engine), pipes,
                new RegistryApi(engine));
        this.ports = new EnginePortCalls(new PortApi(engine, ObjectManager.of(session)));
    }

    private static boolean granted(int access, int needed) {
        return needed == 0 || (access & GENERIC_ALL) != 0 || (access & needed) == needed;
    }

    /**
     * The object {@code h} names, if it is a {@code type} and the handle grants {@code access}, with a
     * pointer taken (the caller gives it back); otherwise null with the last error set (6, or 5 for
     * missing access). {@code GetCurrentProcess()}/{@code GetCurrentThread()} name this process and
     * the calling thread.
     */
    <T extends KernelObject> T use(String function, long h, Class<T> type, int access) {
        return use(engine, function, h, type, access);
    }

    static <T extends KernelObject> T use(Engine engine, String function, long h, Class<T> type, int access) {
        if (h == -1L && type.isAssignableFrom(ProcessObject.class)) {
            engine.self.reference();
            return type.cast(engine.self);
        }
        if (h == -2L && type.isAssignableFrom(ThreadObject.class)) {
            return type.cast(engine.threadObject(Thread.currentThread()));
        }
        long v = engine.translate(h);
        HandleRecord r = engine.reference(v);
        if (r == null) {
            engine.error(Win32Error.ERROR_INVALID_HANDLE);
            if (engine.session.strict() && engine.table.check(v) == HandleTable.Validity.STALE) {
                // KO-11: generation tagging caught a value whose slot now holds a newer handle.
                engine.misuse(Misuse.Kind.STALE_HANDLE, function, h, 0,
                        "the handle's slot now holds a newer handle (KO-11)");
            }
            return null;
        }
        return checked(engine, r, type, access);
    }

    /**
     * The object a handle the front has resolved names, as {@link #use(Engine, String, long, Class, int)}
     * gives it for a raw value: a pointer taken (the caller gives it back), or null with the last error 6
     * (not a {@code type}, or a pseudo-handle other than {@code GetCurrentProcess()}/{@code
     * GetCurrentThread()} where a process or thread is wanted) or 5 (missing access). The lease ends as
     * soon as the pointer is taken: from then on the pointer keeps the object alive, so a
     * {@code CloseHandle} meanwhile takes effect at once (KO-10).
     */
    static <T extends KernelObject> T use(Engine engine, ResolvedHandle h, Class<T> type, int access) {
        if (h.pseudo()) {
            if (h.value() == -1L && type.isAssignableFrom(ProcessObject.class)) {
                engine.self.reference();
                return type.cast(engine.self);
            }
            if (h.value() == -2L && type.isAssignableFrom(ThreadObject.class)) {
                return type.cast(engine.threadObject(Thread.currentThread()));
            }
            engine.error(Win32Error.ERROR_INVALID_HANDLE);
            return null;
        }
        HandleRecord r = h.entry() instanceof HandleRecord record && record.object.reference() ? record : null;
        h.release();
        if (r == null) {
            engine.error(Win32Error.ERROR_INVALID_HANDLE); // another subsystem's handle (a socket), or dying
            return null;
        }
        return checked(engine, r, type, access);
    }

    private static <T extends KernelObject> T checked(Engine engine, HandleRecord r, Class<T> type, int access) {
        if (!type.isInstance(r.object)) {
            r.object.dereference();
            engine.error(Win32Error.ERROR_INVALID_HANDLE);
            return null;
        }
        if (!granted(r.access(), access)) {
            r.object.dereference();
            engine.error(Win32Error.ERROR_ACCESS_DENIED);
            return null;
        }
        return type.cast(r.object);
    }

    static boolean pseudo(long h) {
        return h <= -1L && h >= -6L;
    }


    @Override
    public int handleFlags(HandleEntry entry, IntRef flags) {
        flags.value = flags(entry);
        return 0;
    }

    @Override
    public int setHandleFlags(HandleEntry entry, int mask, int flags) {
        int m = mask & (HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE);
        if (entry instanceof HandleRecord r) {
            r.flags(m, flags);
        } else {
            foreignFlags.merge(entry, flags & m, (old, x) -> (old & ~m) | x);
        }
        return 0;
    }

    /** Nothing to do: taking the entry out of the table dereferences the object (its reclaim). */
    @Override
    public int doClose(long value, HandleEntry entry) {
        return 0;
    }

    @Override
    public long standardHandle(int which) {
        return engine.stdHandle(which);
    }

    @Override
    public void standardHandle(int which, long value) {
        engine.stdHandle(which, value);
    }

    private int flags(HandleEntry e) {
        if (e instanceof HandleRecord r) {
            return r.flags();
        }
        return foreignFlags.getOrDefault(e, 0);
    }

    /** A handle to this process: −1, or a process handle naming it; 50 for another real process. */
    @Override
    public int checkProcess(long process) {
        if (process == -1L) {
            return 0;
        }
        ProcessObject p = use("DuplicateHandle", process, ProcessObject.class, 0);
        if (p == null) {
            return engine.session.lastError().get();
        }
        try {
            // another real process's handle table is out of reach
            return p.isSelf() ? 0 : Win32Error.ERROR_NOT_SUPPORTED.code();
        } finally {
            p.dereference();
        }
    }

    /** {@code GetCurrentProcess()}/{@code GetCurrentThread()} duplicate into a real handle to this process / the calling thread. */
    @Override
    public int duplicatePseudo(long pseudo, LongRef target, int access, boolean inherit, int options) {
        if (pseudo != -1L && pseudo != -2L) {
            return Win32Error.ERROR_INVALID_HANDLE.code(); // the token pseudo-handles have no object here
        }
        KernelObject o = pseudo == -1L ? use("DuplicateHandle", -1L, ProcessObject.class, 0)
                : use("DuplicateHandle", -2L, ThreadObject.class, 0);
        try {
            long v = engine.open(o, (options & DUPLICATE_SAME_ACCESS) != 0 ? PROCESS_ALL_ACCESS : access, inherit);
            if (target != null) {
                target.value = v;
            }
            return 0;
        } finally {
            o.dereference();
        }
    }

    @Override
    public int duplicate(long h, HandleEntry source, LongRef target, int desiredAccess, boolean inherit, int options,
                         boolean sourceProtected) {
        HandleEntry e = engine.table.acquire(h);
        if (e != source) {
            if (e != null) {
                engine.table.release(h);
            }
            return Win32Error.ERROR_INVALID_HANDLE.code(); // closed (and maybe reused) since the front looked
        }
        boolean closeSource = (options & DUPLICATE_CLOSE_SOURCE) != 0;
        try {
            if (!(e instanceof HandleRecord r)) {
                return duplicateForeign(h, e, target, desiredAccess, inherit, closeSource && !sourceProtected);
            }
            int access = (options & DUPLICATE_SAME_ACCESS) != 0 ? r.access() : desiredAccess;
            if (closeSource && !sourceProtected) {
                // KO-02: within one process the source handle itself becomes the copy.
                r.reopen(access, inherit ? HANDLE_FLAG_INHERIT : 0);
                if (target != null) {
                    target.value = h & ~3L;
                }
                return 0;
            }
            if (target == null && closeSource) {
                return 0; // KO-12: a protected source stays open
            }
            long v = engine.open(r.object, access, inherit);
            if (target != null) {
                target.value = v;
            }
            return 0;
        } finally {
            engine.table.release(h);
        }
    }

    /**
     * A copy of a socket (or any other handle of another subsystem) is a kernel handle to the same
     * "Socket" object but not a socket to Winsock (WS-02): it is closed by CloseHandle and keeps nothing
     * of the socket alive. It names the socket's overlapped I/O, though, as the same file object does on
     * Windows: it can be associated with a completion port and its operations cancelled (KO-13).
     */
    private int duplicateForeign(long h, HandleEntry e, LongRef target, int access, boolean inherit, boolean closeSource) {
        if (e.closer() != Closer.CLOSESOCKET) {
            return Win32Error.ERROR_INVALID_HANDLE.code();
        }
        long v = engine.open(new SimpleObject(e.typeName(), e instanceof AsyncIoOwner o ? o.asyncIo() : null),
                access, inherit);
        if (closeSource) {
            engine.table.close(h);
        }
        if (target != null) {
            target.value = v;
        } else {
            engine.table.close(v);
        }
        return 0;
    }

    @Override
    public SyncCalls sync() {
        return sync;
    }

    @Override
    public ProcessCalls processes() {
        return processes;
    }

    @Override
    public FileCalls files() {
        return files;
    }

    @Override
    public PortCalls ports() {
        return ports;
    }

    /** Stops the session's timer thread; the handles were closed by the session already. */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "EngineKernelDriver[" + engine.session.name() + "]";
    }
}

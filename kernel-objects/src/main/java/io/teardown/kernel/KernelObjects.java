package io.teardown.kernel;

import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Exception;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The object API of the kernel subsystem: typed, {@link AutoCloseable} handles ({@link Event},
 * {@link Mutex}, {@link Semaphore}, {@link WaitableTimer}, {@link FileHandle}, {@link KernelThread}) on the
 * session's {@link Kernel32} engine, so the rules (KO-01 … KO-12) are implemented once. Failures throw
 * {@link Win32Exception} with the number the flat call reports; handles never closed are reported as
 * leaks ({@link Session#watch}).
 *
 * <pre>{@code
 * try (Session session = Session.open()) {
 *     KernelObjects kernel = KernelObjects.of(session);
 *     try (Event ready = kernel.createEvent(true, false); Event copy = ready.duplicate()) {
 *         ready.close();          // the event lives on through the copy (KO-02)
 *         copy.set();
 *     }
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public final class KernelObjects {
    final Session session;
    final Kernel32 k;

    private KernelObjects(Session session) {
        this.session = session;
        this.k = Kernel32.of(session);
    }

    /** The object API over the session's {@link Kernel32}. */
    public static KernelObjects of(Session session) {
        Objects.requireNonNull(session, "session");
        return session.component(KernelObjects.class, KernelObjects::new);
    }

    /** The flat facade this API is built on. */
    public Kernel32 flat() {
        return k;
    }

    /** Starts the leak watch of a new handle object and returns it. */
    <T extends KernelHandle> T watched(T handle) {
        handle.watch(session);
        return handle;
    }

    private long check(long h, String call) {
        if (h == 0 || h == Kernel32.INVALID_HANDLE_VALUE) {
            int code = k.GetLastError();
            throw new Win32Exception(code, call + " failed with " + code
                    + io.teardown.api.Win32Error.of(code).map(e -> " (" + e.name() + ")").orElse(""));
        }
        return h;
    }

    /** A new I/O completion port (KO-14). */
    public IoCompletionPort createIoCompletionPort() {
        return watched(new IoCompletionPort(this,
                check(k.CreateIoCompletionPort(Kernel32.INVALID_HANDLE_VALUE, 0, 0, 0), "CreateIoCompletionPort")));
    }

    /** An unnamed event. */
    public Event createEvent(boolean manualReset, boolean initialState) {
        return watched(new Event(this, check(k.CreateEvent(null, manualReset, initialState, null), "CreateEvent")));
    }

    /** A named event, created or opened (names are shared within the session). */
    public Event createEvent(String name, boolean manualReset, boolean initialState) {
        return watched(new Event(this, check(k.CreateEvent(null, manualReset, initialState, Objects.requireNonNull(name)),
                "CreateEvent")));
    }

    /** Opens a named event; {@code ERROR_FILE_NOT_FOUND} (2) once its last handle has closed. */
    public Event openEvent(String name) {
        return watched(new Event(this, check(k.OpenEvent(Kernel32.EVENT_ALL_ACCESS, false, name), "OpenEvent")));
    }

    /** A mutex, owned by the calling thread if {@code initialOwner}. */
    public Mutex createMutex(boolean initialOwner) {
        return watched(new Mutex(this, check(k.CreateMutex(null, initialOwner, null), "CreateMutex")));
    }

    /** A semaphore. */
    public Semaphore createSemaphore(int initialCount, int maximumCount) {
        return watched(new Semaphore(this, check(k.CreateSemaphore(null, initialCount, maximumCount, null), "CreateSemaphore")));
    }

    /** A waitable timer. */
    public WaitableTimer createWaitableTimer(boolean manualReset) {
        return watched(new WaitableTimer(this, check(k.CreateWaitableTimer(null, manualReset, null), "CreateWaitableTimer")));
    }

    /**
     * {@code CreateFile} on a real file: {@code access} is {@code GENERIC_READ}/{@code GENERIC_WRITE},
     * {@code disposition} {@code CREATE_NEW} … {@code TRUNCATE_EXISTING}, {@code flags} e.g.
     * {@code FILE_FLAG_DELETE_ON_CLOSE}.
     */
    public FileHandle createFile(Path path, int access, int disposition, int flags) {
        return watched(new FileHandle(this, check(k.CreateFile(path.toString(), access,
                Kernel32.FILE_SHARE_READ | Kernel32.FILE_SHARE_WRITE | Kernel32.FILE_SHARE_DELETE, null, disposition,
                flags | Kernel32.FILE_ATTRIBUTE_NORMAL, 0), "CreateFile")));
    }

    /** {@code CreatePipe}: {@code [read end, write end]}, joined by a real OS pipe. */
    public FileHandle[] createPipe() {
        LongRef r = new LongRef();
        LongRef w = new LongRef();
        if (!k.CreatePipe(r, w, null, 0)) {
            check(0, "CreatePipe");
        }
        return new FileHandle[] {watched(new FileHandle(this, r.value)), watched(new FileHandle(this, w.value))};
    }

    /** {@code CreateThread}: runs {@code body} on a new thread; its return value is the exit code. */
    public KernelThread startThread(ThreadProc body) {
        return watched(new KernelThread(this, check(k.CreateThread(null, 0, body, 0, 0, null), "CreateThread")));
    }

    /** {@code WaitForMultipleObjects}: waits for one ({@code all} false) or all of the handles. */
    public WaitResult await(boolean all, Duration timeout, KernelHandle... handles) {
        long[] values = new long[handles.length];
        for (int i = 0; i < handles.length; i++) {
            values[i] = handles[i].value();
        }
        int r = k.WaitForMultipleObjects(values.length, values, all, KernelHandle.millis(timeout));
        if (r == Kernel32.WAIT_FAILED) {
            check(0, "WaitForMultipleObjects");
        }
        return WaitResult.of(r);
    }
}

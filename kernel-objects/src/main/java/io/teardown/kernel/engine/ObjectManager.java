package io.teardown.kernel.engine;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.spi.ResolvedHandle;

/**
 * The session's one object manager as other subsystems see it (ws2_32 builds on kernel32): Winsock's
 * events are kernel events, its waits are kernel waits, its sockets do overlapped I/O through the same
 * {@link AsyncIo}/{@link IoRequest} as files and pipes, and its {@code WSAGetOverlappedResult} reads
 * the same {@link Overlapped} (KO-13 … KO-16). Handle arguments come resolved by the caller's front
 * ({@link ResolvedHandle}, as the kernel front resolves its own). Every method sets the session's last
 * error as the kernel32 function it stands for does. See docs/kernel-objects.md.
 */
public final class ObjectManager {
    private final Engine engine;
    private final SyncApi sync;

    private ObjectManager(Engine engine) {
        this.engine = engine;
        this.sync = new SyncApi(engine);
    }

    /** The object manager of {@code session} (the one {@code Kernel32} of the portable engine uses). */
    public static ObjectManager of(Session session) {
        return session.component(ObjectManager.class, s -> new ObjectManager(Engine.of(s)));
    }

    /** {@code CreateEvent(NULL, bManualReset, bInitialState, NULL)}: the handle. */
    public long createEvent(boolean manualReset, boolean initialState) {
        return sync.CreateEvent(null, manualReset, initialState, null);
    }

    /**
     * The event {@code h} names, or null (then the last error is 6): the front has resolved and leased
     * the value; the event is used without a pointer (see {@link KernelEvent}).
     */
    public KernelEvent event(ResolvedHandle h) {
        EventObject e = sync.use(h, EventObject.class, 0);
        if (e == null) {
            return null;
        }
        e.dereference();
        return new KernelEvent(e);
    }

    /** {@code SetEvent} on a handle the front has resolved. */
    public boolean setEvent(ResolvedHandle h) {
        return sync.SetEvent(h);
    }

    /** {@code ResetEvent} on a handle the front has resolved. */
    public boolean resetEvent(ResolvedHandle h) {
        return sync.ResetEvent(h);
    }

    /**
     * Whether {@code CloseHandle} in {@code WSACloseEvent}'s name may close {@code h}, which the front has
     * resolved and leased: an event handle with no closer of its own and not protected from close (KO-12).
     * The front closes it in the table; the event goes with its last handle (KO-02).
     */
    public boolean closableEvent(ResolvedHandle h) {
        return h.entry() instanceof HandleRecord r && r.object instanceof EventObject
                && r.closer() == Closer.CLOSE_HANDLE
                && (r.flags() & Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE) == 0;
    }

    /**
     * {@code WaitForMultipleObjectsEx} on handles the front has resolved and counted (1 …
     * {@code MAXIMUM_WAIT_OBJECTS}).
     */
    public int waitForMultipleObjects(ResolvedHandle[] handles, boolean waitAll, int milliseconds, boolean alertable) {
        return sync.WaitForMultipleObjectsEx(handles, waitAll, milliseconds, alertable);
    }

    /** A new overlapped-I/O state for an object of another subsystem (a socket). */
    public AsyncIo newAsyncIo() {
        return new AsyncIo(engine);
    }

    /**
     * {@code GetOverlappedResultEx} once the handle has been checked: TRUE with the bytes for a
     * successful operation, FALSE with its error for a failed one; while it is pending, FALSE with
     * {@code ERROR_IO_INCOMPLETE} (996) when {@code milliseconds} is 0, else waits — FALSE with
     * {@code WAIT_TIMEOUT} (258) at the timeout, {@code WAIT_IO_COMPLETION} (192) after running APCs in
     * an alertable wait (KO-15, KO-16).
     */
    public boolean overlappedResult(Overlapped overlapped, IntRef transferred, int milliseconds, boolean alertable) {
        if (overlapped == null || transferred == null) {
            engine.error(Win32Error.ERROR_NOACCESS);
            return false;
        }
        if (overlapped.Internal == Overlapped.STATUS_PENDING) {
            if (milliseconds == 0 && !alertable) {
                engine.error(Win32Error.ERROR_IO_INCOMPLETE);
                return false;
            }
            int r = engine.dispatcher.awaitCompletion(overlapped, EngineCalls.timeout(milliseconds), alertable);
            if (r != 0) {
                engine.error(r == Kernel32.WAIT_TIMEOUT && milliseconds == 0 ? Win32Error.ERROR_IO_INCOMPLETE.code() : r);
                return false;
            }
        }
        transferred.value = (int) overlapped.InternalHigh;
        int status = (int) overlapped.Internal;
        if (status != 0) {
            engine.error(status);
            return false;
        }
        return true;
    }
}

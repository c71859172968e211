package io.teardown.kernel.spi;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.api.handle.HandleEntry;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.front.KernelFront;

/**
 * The work behind the kernel front: one driver per backend (the portable engine, the JNA bindings). The
 * front ({@code Kernel32.of(session)}) owns every rule Windows' contract states before the work is done —
 * the session's {@link io.teardown.api.HandleSpace#KERNEL} table, the pseudo-handles and the
 * standard-handle constants (KO-04), the tag bits (KO-11), invalid-versus-stale classification and the
 * misuse reports (KO-03, KO-11), the closer choice (KO-09, WS-15), the protect flag (KO-12), the last
 * error, close events — and calls a driver only with values it has resolved to an open entry of the
 * table. A value the front rejects never reaches the driver. The model is Netty's
 * {@code AbstractChannel.AbstractUnsafe.close()}: written once, each transport supplies
 * {@code doClose()}.
 *
 * <p>The type-specific functions of {@link Kernel32} are done by one object per family, with every handle
 * argument resolved by the front ({@link ResolvedHandle}):
 * {@link #sync()}, {@link #processes()}, {@link #files()}, {@link #ports()}; they report as their C
 * counterparts do. The handle methods below return 0 or the Windows error the front reports (and sets as
 * the last error). See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is".
 */
public interface KernelDriver extends AutoCloseable {
    /**
     * The front over {@code driver}: what {@link Kernel32#of} builds for the session's selected provider.
     * For a driver that decorates another (recording, tracing, fault injection in tests); the caller closes
     * the front, which closes the driver.
     */
    static Kernel32 front(Session session, KernelDriver driver) {
        return new KernelFront(session, driver);
    }

    /** {@link #doClose}'s answer when the close's work waits for a call in flight on the entry (KO-10). */
    int CLOSE_DEFERRED = Integer.MIN_VALUE;

    /**
     * Reads the {@code HANDLE_FLAG_*} flags of an open entry into {@code flags}: 0, or the error the
     * backend reported.
     */
    int handleFlags(HandleEntry entry, IntRef flags);

    /** Changes the flags {@code mask} selects to {@code flags}'s bits, on an open entry: 0 or the error. */
    int setHandleFlags(HandleEntry entry, int mask, int flags);

    /**
     * {@code CloseHandle} of a pseudo-handle (−1 … −6), which closes nothing (KO-04): 0, or the error the
     * backend reported. The engine has nothing to do; the JNA driver lets Windows answer, as it did before
     * the front existed.
     */
    default int closePseudo(long pseudo) {
        return 0;
    }

    /**
     * Called before the front takes {@code entry} out of the table with {@code CloseHandle}, the closer
     * choice and the protect flag already settled: what the backend must arrange before the entry goes
     * (a socket closed with {@code CloseHandle} is closed the way Windows does that, WS-15). Netty's
     * {@code prepareToClose()}.
     */
    default void prepareToClose(HandleEntry entry) {
    }

    /**
     * The close's work for {@code value}, which the front has just taken out of the table ({@code entry}
     * is what it held; its {@link HandleEntry#reclaim()} has run unless a call still leases it): 0, the
     * error the operating system's close reported, or {@link #CLOSE_DEFERRED}.
     */
    int doClose(long value, HandleEntry entry);

    /**
     * Whether {@code hProcess} names this process for {@code DuplicateHandle}: 0, or the error
     * ({@code ERROR_INVALID_HANDLE}, or {@code ERROR_NOT_SUPPORTED} for another process's table).
     */
    int checkProcess(long hProcess);

    /**
     * {@code DuplicateHandle} of a pseudo-handle (−1 … −6) into a real handle in this process: 0 with the
     * new value in {@code target}, or the error.
     */
    int duplicatePseudo(long pseudo, LongRef target, int access, boolean inherit, int options);

    /**
     * {@code DuplicateHandle} of the open entry {@code value} names, within this process. The front has
     * refused find handles and read the protect flag: with {@code DUPLICATE_CLOSE_SOURCE} a protected
     * source ({@code sourceProtected}) stays open (KO-12), any other source is closed and its value goes
     * to the copy (KO-02). 0 with the copy's value in {@code target} (which may be null), or the error.
     */
    int duplicate(long value, HandleEntry source, LongRef target, int access, boolean inherit, int options,
                  boolean sourceProtected);

    /** The session's current handle for {@code STD_INPUT_HANDLE} … {@code STD_ERROR_HANDLE}, 0 if none (KO-04). */
    long standardHandle(int which);

    /** Makes {@code value} the session's standard handle {@code which} (0: none, after its close; KO-04). */
    void standardHandle(int which, long value);

    /** The synchronisation functions: events, mutexes, semaphores, timers, waits, APCs. */
    SyncCalls sync();

    /** The thread, process, job, token, transaction and memory-notification functions. */
    ProcessCalls processes();

    /** The file functions: files, find handles, mappings, pipes, mailslots, the registry. */
    FileCalls files();

    /** The completion-port and overlapped-result functions. */
    PortCalls ports();

    /** Releases what the driver holds for its session (threads, native memory); the handles are the session's. */
    @Override
    void close();
}

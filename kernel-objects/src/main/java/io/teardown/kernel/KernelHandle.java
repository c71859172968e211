package io.teardown.kernel;

import io.teardown.api.HandleSpace;
import io.teardown.api.LeakWatch;
import io.teardown.api.LongRef;
import io.teardown.api.Win32Exception;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A typed, {@link AutoCloseable} kernel handle of the object API: the same engine as the flat
 * {@link Kernel32} (every call is one flat call; failures become a {@link Win32Exception} carrying the
 * flat call's last error). {@link #close()} is {@code CloseHandle} (KO-01): idempotent here, and the
 * object lives on while other handles to it remain (KO-02). A handle that becomes unreachable without
 * being closed is reported as a leak by the session.
 *
 * <p>Thread-safe as the flat calls are; {@link #close()} races with other calls as {@code CloseHandle}
 * does (KO-10: a wait in progress goes on).
 */
public abstract sealed class KernelHandle implements AutoCloseable
        permits Event, Mutex, Semaphore, WaitableTimer, FileHandle, KernelThread, IoCompletionPort {
    final Kernel32 k;
    private final long value;
    private final String type;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile LeakWatch watch;

    KernelHandle(KernelObjects owner, long value, String type) {
        this.k = owner.k;
        this.value = value;
        this.type = type;
    }

    /** Starts the leak watch; called once the handle object is fully built (never from a constructor). */
    final void watch(io.teardown.api.Session session) {
        watch = session.watch(this, HandleSpace.KERNEL, value, type);
    }

    /** The handle value, for the flat facade. */
    public final long value() {
        return value;
    }

    /** Whether {@link #close()} has been called. */
    public final boolean isClosed() {
        return closed.get();
    }

    /** Throws the last error of a failed flat call. */
    final Win32Exception failure(String call) {
        int code = k.GetLastError();
        return new Win32Exception(code, call + "(0x" + Long.toHexString(value) + ") failed with " + code
                + io.teardown.api.Win32Error.of(code).map(e -> " (" + e.name() + ")").orElse(""));
    }

    final void ok(boolean result, String call) {
        if (!result) {
            throw failure(call);
        }
    }

    /** {@code DuplicateHandle} with {@code DUPLICATE_SAME_ACCESS}: a second handle to the same object. */
    final long duplicateValue() {
        LongRef copy = new LongRef();
        ok(k.DuplicateHandle(k.GetCurrentProcess(), value, k.GetCurrentProcess(), copy, 0, false,
                Kernel32.DUPLICATE_SAME_ACCESS), "DuplicateHandle");
        return copy.value;
    }

    /** {@code WaitForSingleObject}; {@code null} timeout waits forever. */
    public final WaitResult await(Duration timeout) {
        int r = k.WaitForSingleObject(value, millis(timeout));
        if (r == Kernel32.WAIT_FAILED) {
            throw failure("WaitForSingleObject");
        }
        return WaitResult.of(r);
    }

    /** A timeout as a DWORD of milliseconds; {@code null} is {@code INFINITE}. */
    static int millis(Duration timeout) {
        return timeout == null ? Kernel32.INFINITE : (int) Math.min(0xFFFF_FFFEL, Math.max(0, timeout.toMillis()));
    }

    /** Protects the handle from {@link #close()} (KO-12) or lifts the protection. */
    public final void protectFromClose(boolean on) {
        ok(k.SetHandleInformation(value, Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE,
                on ? Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE : 0), "SetHandleInformation");
    }

    /**
     * {@code CloseHandle}. A second call does nothing. A failure (a protected handle, KO-12) throws and
     * leaves the handle open.
     */
    @Override
    public final void close() {
        if (closed.get()) {
            return;
        }
        if (!k.CloseHandle(value)) {
            throw failure("CloseHandle");
        }
        closed.set(true);
        LeakWatch w = watch;
        if (w != null) {
            w.closed();
        }
    }

    @Override
    public String toString() {
        return type + "[0x" + Long.toHexString(value) + (closed.get() ? ", closed" : "") + "]";
    }
}

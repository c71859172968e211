package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD.ULONG_PTR;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Installs WinINet status callbacks and keeps each one reachable exactly as long as WinINet may call
 * it: from {@code InternetSetStatusCallback} until {@code INTERNET_STATUS_HANDLE_CLOSING} — the last
 * callback ever made for a handle (WI-03) — has been delivered for every handle using it. Handles
 * created under a handle inherit its callback ({@link #childCreated}, and automatically on
 * {@code HANDLE_CREATED}). A handle with context 0 gets no callbacks at all, so no
 * {@code HANDLE_CLOSING} will release it: the caller releases it with {@link #closedWithoutCallbacks}
 * once {@code InternetCloseHandle} has returned.
 *
 * <p>The dispatcher never lets an exception reach WinINet's thread: listener failures go to the
 * {@code uncaught} consumer.
 */
public final class InternetStatusCallbacks {
    /** What the Java side receives: the C arguments, the handle as its numeric value. */
    @FunctionalInterface
    public interface Listener {
        /** One status report (runs on a WinINet thread; must not block for long). */
        void status(long handle, long context, int status, Pointer info, int infoLength);
    }

    private final WinInetLibrary wininet;
    private final NativeCalls calls;
    private final CallbackKeeper<Long> keeper;
    private final Consumer<Throwable> uncaught;

    /** Callbacks for {@code wininet}, kept in {@code keeper}, listener failures to {@code uncaught}. */
    public InternetStatusCallbacks(WinInetLibrary wininet, NativeCalls calls, CallbackKeeper<Long> keeper,
            Consumer<Throwable> uncaught) {
        this.wininet = Objects.requireNonNull(wininet, "wininet");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.keeper = Objects.requireNonNull(keeper, "keeper");
        this.uncaught = Objects.requireNonNull(uncaught, "uncaught");
    }

    /**
     * {@code InternetSetStatusCallback(handle, dispatcher for listener)}. The callback is held for
     * {@code handle} before the call (WinINet may use it from another thread before the call returns)
     * and dropped again if the call fails ({@code INTERNET_INVALID_STATUS_CALLBACK}, last error set).
     *
     * @return the previous callback pointer and the last error captured after the call
     */
    public NativeCalls.Captured<Pointer> install(HINTERNET handle, Listener listener) {
        Dispatcher dispatcher = new Dispatcher(Objects.requireNonNull(listener, "listener"));
        long key = handle.value();
        keeper.hold(key, dispatcher);
        NativeCalls.Captured<Pointer> result = calls.call(() -> wininet.InternetSetStatusCallback(handle, dispatcher));
        if (WinInetLibrary.isInvalidStatusCallback(result.value())) {
            keeper.drop(key, dispatcher);
        }
        return result;
    }

    /** A handle created under {@code parent} (returned synchronously) uses the parent's callbacks. */
    public void childCreated(HINTERNET parent, HINTERNET child) {
        keeper.inherit(parent.value(), child.value());
    }

    /**
     * {@code handle} had context 0 (no callbacks, so no {@code HANDLE_CLOSING}) and
     * {@code InternetCloseHandle} on it has returned: nothing will call its callbacks any more.
     */
    public void closedWithoutCallbacks(HINTERNET handle) {
        keeper.release(handle.value());
    }

    /** Whether a callback is still held for {@code handle}. */
    public boolean holds(HINTERNET handle) {
        return keeper.holdsAny(handle.value());
    }

    /** The {@code INTERNET_STATUS_CALLBACK} handed to WinINet. */
    private final class Dispatcher implements WinInetLibrary.INTERNET_STATUS_CALLBACK {
        private final Listener listener;

        Dispatcher(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void callback(HINTERNET hInternet, ULONG_PTR dwContext, int dwInternetStatus,
                Pointer lpvStatusInformation, int dwStatusInformationLength) {
            long handle = hInternet == null ? 0 : hInternet.value();
            try {
                if (dwInternetStatus == WinInetLibrary.INTERNET_STATUS_HANDLE_CREATED && lpvStatusInformation != null) {
                    // The new handle is reported through this callback, so it uses it. The information is the
                    // HINTERNET itself, 8 bytes (WI-11) — not an INTERNET_ASYNC_RESULT, which would read past it.
                    long created = Pointer.nativeValue(lpvStatusInformation.getPointer(0));
                    keeper.hold(created, this);
                }
                listener.status(handle, dwContext == null ? 0 : dwContext.longValue(), dwInternetStatus,
                        lpvStatusInformation, dwStatusInformationLength);
            } catch (Throwable t) {
                uncaught.accept(t);
            } finally {
                if (dwInternetStatus == WinInetLibrary.INTERNET_STATUS_HANDLE_CLOSING) {
                    // Last callback for this handle (WI-03); released only after the listener returned.
                    keeper.release(handle);
                }
            }
        }
    }
}

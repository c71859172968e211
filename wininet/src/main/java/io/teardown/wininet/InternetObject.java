package io.teardown.wininet;

import io.teardown.api.HandleSpace;
import io.teardown.api.LeakWatch;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every object-API WinINet handle shares: its HINTERNET value, an idempotent
 * {@code InternetCloseHandle} and leak watching. Closing a handle whose parent was closed first is
 * not an error here (WI-02 already closed it), and never reaches a handle value reused since.
 */
public abstract sealed class InternetObject implements AutoCloseable permits Internet, InternetConnection, HttpRequest {
    final WinInet api;
    final long handle;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LeakWatch watch;
    private final InternetObject parent;
    private final Set<InternetObject> children = ConcurrentHashMap.newKeySet();

    InternetObject(Session session, WinInet api, InternetObject parent, long handle, String type) {
        this.api = api;
        this.handle = handle;
        this.parent = parent;
        this.watch = session.watch(this, HandleSpace.INTERNET, handle, type);
        if (parent != null) {
            parent.children.add(this);
        }
    }

    static long check(WinInet api, long handle, String what) {
        if (handle == 0) {
            throw new Win32Exception(api.GetLastError(), what + ": " + Win32Error.describe(api.GetLastError()));
        }
        return handle;
    }

    static void check(WinInet api, boolean ok, String what) {
        if (!ok) {
            int e = api.GetLastError();
            throw new Win32Exception(e, what + ": " + Win32Error.describe(e));
        }
    }

    /** The HINTERNET value, for the flat facade. */
    public long handle() {
        return handle;
    }

    /** Sets the handle's context value ({@code INTERNET_OPTION_CONTEXT_VALUE}; callbacks need non-zero, WI-03). */
    public void context(long context) {
        check(api, api.InternetSetOption(handle, WinInet.INTERNET_OPTION_CONTEXT_VALUE, context, 8),
                "InternetSetOption(CONTEXT_VALUE)");
    }

    /** Sets a DWORD option, such as {@code INTERNET_OPTION_RECEIVE_TIMEOUT}. */
    public void option(int option, int value) {
        check(api, api.InternetSetOption(handle, option, value, 4), "InternetSetOption(" + option + ")");
    }

    /**
     * {@code InternetCloseHandle}: closes this handle and its children, cancelling their pending
     * requests (WI-01 … WI-04). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        markChildrenClosed();
        watch.closed();
        if (parent != null) {
            parent.children.remove(this);
        }
        if (!api.InternetCloseHandle(handle) && api.GetLastError() != Win32Error.ERROR_INVALID_HANDLE.code()) {
            throw new Win32Exception(api.GetLastError(), "InternetCloseHandle");
        }
    }

    /** The children die with this handle (WI-02): their own close must not touch a reused value. */
    private void markChildrenClosed() {
        for (InternetObject c : children) {
            if (c.closed.compareAndSet(false, true)) {
                c.watch.closed();
                c.markChildrenClosed();
            }
        }
        children.clear();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[0x" + Long.toHexString(handle) + "]";
    }
}

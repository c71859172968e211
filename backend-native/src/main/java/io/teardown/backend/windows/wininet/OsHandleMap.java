package io.teardown.backend.windows.wininet;

import com.sun.jna.Pointer;
import io.teardown.backend.windows.jna.INTERNET_ASYNC_RESULT;
import io.teardown.backend.windows.jna.InternetStatusCallbacks;
import io.teardown.wininet.InternetAsyncResult;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.WinInet;
import io.teardown.wininet.spi.WinInetDriver;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The JNA driver's OS handles by OS value, from registration until {@code HANDLE_CLOSING} (or the close of
 * a handle with context 0, which gets no callbacks, WI-03): what a status callback reports is translated
 * to session values here. A new OS handle is registered with the front once, whether its
 * {@code HANDLE_CREATED} callback comes first (inside the creating call, or — async
 * {@code InternetOpenUrl} — later on a WinINet thread) or the call's return value does.
 */
final class OsHandleMap {
    /** What a creating call registers its new handle with. */
    record Creating(WinInetDriver.Registrar registrar, NativeInternetHandle parent, long context) {
    }

    private final InternetStatusCallbacks callbacks;
    private final Map<Long, NativeInternetHandle> byOs = new ConcurrentHashMap<>();
    /** Async {@code InternetOpenUrl}s in progress, by context: their handle arrives in a callback. */
    private final Map<Long, Creating> asyncOpens = new ConcurrentHashMap<>();
    private final ThreadLocal<Creating> creating = new ThreadLocal<>();
    private final Object lock = new Object();

    OsHandleMap(InternetStatusCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    /** Runs a creating C call, so a HANDLE_CREATED it reports before returning registers under {@code c}. */
    <T> T creating(Creating c, Supplier<T> call) {
        creating.set(c);
        try {
            return call.get();
        } finally {
            creating.remove();
        }
    }

    /** An async {@code InternetOpenUrl} is starting: its HANDLE_CREATED may come on any thread, later. */
    void expectAsync(Creating c) {
        asyncOpens.put(c.context(), c);
    }

    /** The async open returned a handle or failed at once: no handle will come in a callback. */
    void noAsync(Creating c) {
        asyncOpens.remove(c.context(), c);
    }

    /**
     * Registers {@code os} with the front (once): its session value, or 0 if the parent was closed
     * meanwhile (the OS handle is closed again).
     *
     * @throws RuntimeException when the session's table is full (the front released the handle)
     */
    long register(long os, Creating c, NativeWinInetDriver driver) {
        synchronized (lock) {
            NativeInternetHandle known = byOs.get(os);
            if (known != null) {
                return known.value;
            }
            long value = c.registrar().register(new NativeInternetHandle(os, c.parent(), c.context()));
            if (value == 0) {
                driver.closeOs(os); // WI-02: its parent is gone; the application never sees it
            }
            return value;
        }
    }

    /** The front bound {@code h} to its session value: callbacks may name it from now on. */
    void bound(NativeInternetHandle h) {
        byOs.put(h.os, h);
        if (h.parent != null) {
            callbacks.childCreated(h.parent.h(), h.h());
        }
    }

    /** The handle of an OS value, until its HANDLE_CLOSING; or null. */
    NativeInternetHandle byOs(long os) {
        return byOs.get(os);
    }

    /** A handle with context 0 is closed: no HANDLE_CLOSING will release what is kept for it (WI-03). */
    void closedWithoutCallbacks(NativeInternetHandle h) {
        callbacks.closedWithoutCallbacks(h.h());
        byOs.remove(h.os, h);
    }

    /** The OS value behind a session value (tests and diagnostics); 0 if none. */
    long osValue(long value) {
        for (NativeInternetHandle h : byOs.values()) {
            if (h.value == value) {
                return h.os;
            }
        }
        return 0;
    }

    /** One status from WinINet's thread: handles translated to session values, information to Java. */
    void deliver(InternetStatusCallback target, long os, long context, int status, Pointer info, int length,
                 NativeWinInetDriver driver) {
        NativeInternetHandle reported = byOs.get(os);
        long value = reported == null ? 0 : reported.value;
        Object information;
        switch (status) {
            case WinInet.INTERNET_STATUS_HANDLE_CREATED -> {
                // WI-11: the information is the new HINTERNET itself (length 8), not an INTERNET_ASYNC_RESULT
                long created = info == null ? 0 : Pointer.nativeValue(info.getPointer(0));
                information = null;
                if (created != 0) {
                    long mine = createdByCallback(created, context, driver);
                    if (reported == null && os == created) {
                        value = mine;
                    }
                    information = mine;
                }
            }
            case WinInet.INTERNET_STATUS_REQUEST_COMPLETE -> {
                information = null;
                if (info != null) {
                    INTERNET_ASYNC_RESULT a = new INTERNET_ASYNC_RESULT(info);
                    long result = a.dwResult == null ? 0 : a.dwResult.longValue();
                    NativeInternetHandle h = byOs.get(result);
                    information = new InternetAsyncResult(h != null ? h.value : result, a.dwError);
                }
                if (reported != null) {
                    reported.completed();
                }
            }
            case WinInet.INTERNET_STATUS_HANDLE_CLOSING -> information = value;
            case WinInet.INTERNET_STATUS_REQUEST_SENT, WinInet.INTERNET_STATUS_RESPONSE_RECEIVED ->
                    information = info == null ? null : info.getInt(0);
            case WinInet.INTERNET_STATUS_RESOLVING_NAME, WinInet.INTERNET_STATUS_NAME_RESOLVED,
                    WinInet.INTERNET_STATUS_CONNECTING_TO_SERVER, WinInet.INTERNET_STATUS_CONNECTED_TO_SERVER ->
                    information = text(info, length);
            default -> information = null;
        }
        try {
            target.invoke(value, context, status, information, length);
        } finally {
            if (status == WinInet.INTERNET_STATUS_HANDLE_CLOSING) {
                byOs.remove(os); // the last callback for this handle (WI-03)
            }
        }
    }

    /** HANDLE_CREATED: registers the new OS handle under the call that is creating it; 0 if none is known. */
    private long createdByCallback(long os, long context, NativeWinInetDriver driver) {
        NativeInternetHandle known = byOs.get(os);
        if (known != null) {
            return known.value;
        }
        Creating c = creating.get();
        if (c == null) {
            c = asyncOpens.remove(context);
        }
        if (c == null) {
            return 0; // not made by a call of this session
        }
        try {
            return register(os, c, driver);
        } catch (RuntimeException full) {
            return 0;
        }
    }

    private static String text(Pointer info, int length) {
        if (info == null || length <= 0) {
            return null;
        }
        byte[] b = info.getByteArray(0, length);
        boolean wide = length >= 2 && b[1] == 0 && b[0] != 0;
        String s = wide ? new String(b, StandardCharsets.UTF_16LE) : new String(b, StandardCharsets.ISO_8859_1);
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    @Override
    public String toString() {
        return "OsHandleMap[" + byOs.size() + " handles]";
    }
}

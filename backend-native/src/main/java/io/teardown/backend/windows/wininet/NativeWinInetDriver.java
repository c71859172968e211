package io.teardown.backend.windows.wininet;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD.ULONG_PTR;
import com.sun.jna.ptr.IntByReference;
import io.teardown.api.IntRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.backend.windows.jna.CallbackKeeper;
import io.teardown.backend.windows.jna.HINTERNET;
import io.teardown.backend.windows.jna.InternetStatusCallbacks;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.NativeHandles;
import io.teardown.backend.windows.jna.WinInetLibrary;
import io.teardown.wininet.InternetBuffers;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.WinInet;
import io.teardown.wininet.spi.WinInetDriver;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The WinINet driver on the real wininet.dll: the front ({@code WinInet.of}) has resolved the session value
 * to a {@link NativeInternetHandle}, and only its OS handle reaches WinINet, which applies WI-01 … WI-06,
 * WI-08 … WI-10 itself. What this driver adds:
 * <ul>
 *   <li>The OS {@code InternetCloseHandle} runs when the front frees the value — after the last call that
 *       leased it returned (WI-07) — and only for the root of a close: WinINet closes the children with
 *       their parent (WI-02).</li>
 *   <li>Status callbacks are held from before {@code InternetSetStatusCallback} until
 *       {@code HANDLE_CLOSING} ({@link InternetStatusCallbacks}); the handles they report are translated
 *       to session values ({@link OsHandleMap}); buffers of asynchronous calls stay in native memory until
 *       {@code REQUEST_COMPLETE}.</li>
 * </ul>
 * Every method returns 0 or the last error Windows set (the front copies it into the session's). See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/wininet.md">docs/wininet.md</a>, "Where the code is".
 */
public final class NativeWinInetDriver implements WinInetDriver {
    private static final int IO_PENDING = Win32Error.ERROR_IO_PENDING.code();

    private final Session session;
    private final WinInetLibrary lib;
    private final NativeCalls calls;
    private final InternetStatusCallbacks callbacks;
    private final OsHandleMap handles;
    private final NativeQueries queries;

    /**
     * The driver over {@code lib} for {@code session}.
     *
     * @param calls    last-error capture ({@link NativeCalls#jna()} in production)
     * @param uncaught where exceptions thrown by user callbacks go (they never unwind into WinINet)
     */
    public NativeWinInetDriver(Session session, WinInetLibrary lib, NativeCalls calls, Consumer<Throwable> uncaught) {
        this.session = Objects.requireNonNull(session, "session");
        this.lib = Objects.requireNonNull(lib, "lib");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.callbacks = new InternetStatusCallbacks(lib, calls, new CallbackKeeper<>(), uncaught);
        this.handles = new OsHandleMap(callbacks);
        this.queries = new NativeQueries(lib, calls);
    }

    /** The production driver: JNA's last error, callback failures printed. */
    public NativeWinInetDriver(Session session, WinInetLibrary lib) {
        this(session, lib, NativeCalls.jna(), Throwable::printStackTrace);
    }

    /** A failure's error: the last error Windows set (a failure reported without one is an internal error). */
    static int error(int lastError) {
        return lastError != 0 ? lastError : Win32Error.ERROR_INTERNET_INTERNAL_ERROR.code();
    }

    private static int result(NativeCalls.CapturedBool r) {
        return r.ok() ? 0 : error(r.lastError());
    }

    private static NativeInternetHandle n(Node node) {
        return (NativeInternetHandle) node;
    }

    /** The OS close: 0, {@code ERROR_IO_PENDING} (closed with requests outstanding, WI-05), or the error. */
    int closeOs(long os) {
        NativeCalls.CapturedBool r = calls.callBoolCleared(() -> lib.InternetCloseHandle(NativeHandles.hinternet(os)));
        return r.ok() ? (r.lastError() == IO_PENDING ? IO_PENDING : 0)
                : r.lastError() == 0 ? Win32Error.ERROR_INVALID_HANDLE.code() : r.lastError();
    }

    // ------------------------------------------------------------------ the handle's life

    @Override
    public void bound(Node node, long value) {
        n(node).value = value;
        handles.bound(n(node));
    }

    @Override
    public void invalidated(Node node) {
        // WinINet invalidates the OS handles itself when the root of the close is closed
    }

    @Override
    public boolean doClose(List<Node> doomed) {
        return false; // WinINet cancels and reports; the OS close says whether requests were outstanding
    }

    @Override
    public int release(Node node, boolean withParent) {
        NativeInternetHandle h = n(node);
        int rc = withParent ? 0 : closeOs(h.os); // WI-02: WinINet closed a child with its parent
        if (h.context == 0) {
            handles.closedWithoutCallbacks(h); // no callbacks for context 0, so no HANDLE_CLOSING (WI-03)
        }
        return rc;
    }

    // ------------------------------------------------------------------ handles

    private Created created(NativeCalls.Captured<HINTERNET> r, OsHandleMap.Creating c) {
        long os = NativeHandles.value(r.value());
        if (os == 0) {
            return new Created.Failed(error(r.lastError()));
        }
        try {
            long value = handles.register(os, c, this);
            return value == 0 ? new Created.Failed(Win32Error.ERROR_INVALID_HANDLE.code()) : new Created.Handle(value);
        } catch (RuntimeException full) {
            return new Created.Failed(Win32Error.ERROR_INTERNET_OUT_OF_HANDLES.code());
        }
    }

    private Created create(OsHandleMap.Creating c, Supplier<HINTERNET> call) {
        return created(handles.creating(c, () -> calls.call(call)), c);
    }

    @Override
    public Created open(String lpszAgent, int dwAccessType, String lpszProxy, String lpszProxyBypass, int dwFlags,
                        Registrar registrar) {
        return create(new OsHandleMap.Creating(registrar, null, 0),
                () -> lib.InternetOpen(lpszAgent, dwAccessType, lpszProxy, lpszProxyBypass, dwFlags));
    }

    @Override
    public Created connect(Node session, String lpszServerName, int nServerPort, String lpszUserName,
                           String lpszPassword, int dwService, int dwFlags, long dwContext, Registrar registrar) {
        return create(new OsHandleMap.Creating(registrar, n(session), dwContext),
                () -> lib.InternetConnect(n(session).h(), lpszServerName, (short) nServerPort, lpszUserName, lpszPassword,
                        dwService, dwFlags, new ULONG_PTR(dwContext)));
    }

    @Override
    public Created openRequest(Node connect, String lpszVerb, String lpszObjectName, String lpszVersion,
                               String lpszReferrer, String[] lplpszAcceptTypes, int dwFlags, long dwContext,
                               Registrar registrar) {
        String[] accept = lplpszAcceptTypes == null ? null : Arrays.copyOf(lplpszAcceptTypes, lplpszAcceptTypes.length + 1);
        return create(new OsHandleMap.Creating(registrar, n(connect), dwContext),
                () -> lib.HttpOpenRequest(n(connect).h(), lpszVerb, lpszObjectName, lpszVersion, lpszReferrer, accept,
                        dwFlags, new ULONG_PTR(dwContext)));
    }

    @Override
    public Created openUrl(Node session, String lpszUrl, String lpszHeaders, int dwHeadersLength, int dwFlags,
                           long dwContext, Registrar registrar) {
        OsHandleMap.Creating c = new OsHandleMap.Creating(registrar, n(session), dwContext);
        handles.expectAsync(c);
        NativeCalls.Captured<HINTERNET> r = handles.creating(c, () -> calls.call(() -> lib.InternetOpenUrl(n(session).h(),
                lpszUrl, lpszHeaders, dwHeadersLength, dwFlags, new ULONG_PTR(dwContext))));
        if (NativeHandles.value(r.value()) != 0 || r.lastError() != IO_PENDING) {
            handles.noAsync(c);
        }
        return created(r, c);
    }

    // ------------------------------------------------------------------ requests

    @Override
    public int addRequestHeaders(Node request, String lpszHeaders, int dwHeadersLength, int dwModifiers) {
        return result(calls.callBool(() -> lib.HttpAddRequestHeaders(n(request).h(), lpszHeaders, dwHeadersLength,
                dwModifiers)));
    }

    @Override
    public int sendRequest(Node request, String lpszHeaders, int dwHeadersLength, byte[] lpOptional,
                           int dwOptionalLength) {
        NativeInternetHandle e = n(request);
        Memory body = null;
        if (lpOptional != null && dwOptionalLength > 0) {
            body = new Memory(dwOptionalLength);
            body.write(0, lpOptional, 0, dwOptionalLength);
        }
        Memory optional = body;
        NativeCalls.CapturedBool r = calls.callBool(() -> lib.HttpSendRequest(e.h(), lpszHeaders, dwHeadersLength,
                optional, optional == null ? 0 : dwOptionalLength));
        if (!r.ok() && r.lastError() == IO_PENDING && optional != null) {
            e.pin(optional); // WinINet sends it later (WI-10)
        }
        return result(r);
    }

    @Override
    public int sendRequestEx(Node request, InternetBuffers lpBuffersIn, int dwFlags, long dwContext) {
        NativeInternetHandle e = n(request);
        NativeBuffers in = lpBuffersIn == null ? null : NativeBuffers.toSend(lpBuffersIn);
        NativeCalls.CapturedBool r = calls.callBool(() -> lib.HttpSendRequestEx(e.h(), in == null ? null : in.struct,
                null, dwFlags, new ULONG_PTR(dwContext)));
        if (!r.ok() && r.lastError() == IO_PENDING && in != null) {
            in.keep().forEach(e::pin); // WinINet sends them later (WI-10)
        }
        return result(r);
    }

    @Override
    public int writeFile(Node request, byte[] lpBuffer, int dwNumberOfBytesToWrite, IntRef lpdwNumberOfBytesWritten) {
        NativeInternetHandle e = n(request);
        Memory data = new Memory(Math.max(1, dwNumberOfBytesToWrite));
        if (dwNumberOfBytesToWrite > 0) {
            data.write(0, lpBuffer, 0, dwNumberOfBytesToWrite);
        }
        IntByReference written = new IntByReference();
        NativeCalls.CapturedBool r = calls.callBool(() -> lib.InternetWriteFile(e.h(), data, dwNumberOfBytesToWrite, written));
        if (r.ok()) {
            lpdwNumberOfBytesWritten.value = written.getValue();
        } else if (r.lastError() == IO_PENDING) {
            e.pin(data);
            e.pin(written);
            e.completion = () -> lpdwNumberOfBytesWritten.value = written.getValue();
        }
        return result(r);
    }

    @Override
    public int endRequest(Node request, int dwFlags, long dwContext) {
        return result(calls.callBool(() -> lib.HttpEndRequest(n(request).h(), null, dwFlags, new ULONG_PTR(dwContext))));
    }

    @Override
    public int readFileEx(Node request, InternetBuffers lpBuffersOut, int dwFlags, long dwContext) {
        NativeInternetHandle e = n(request);
        NativeBuffers out = NativeBuffers.toReceive(lpBuffersOut);
        NativeCalls.CapturedBool r = calls.callBool(() -> lib.InternetReadFileEx(e.h(), out.struct, dwFlags,
                new ULONG_PTR(dwContext)));
        if (r.ok()) {
            out.readInto(lpBuffersOut);
        } else if (r.lastError() == IO_PENDING) {
            out.keep().forEach(e::pin);
            // WinINet fills the buffer later (not for IRF_NO_WAIT); REQUEST_COMPLETE copies it (WI-10)
            if ((dwFlags & WinInet.IRF_NO_WAIT) == 0) {
                e.completion = () -> out.readInto(lpBuffersOut);
            }
        }
        return result(r);
    }

    @Override
    public int readFile(Node request, byte[] lpBuffer, int dwNumberOfBytesToRead, IntRef lpdwNumberOfBytesRead) {
        NativeInternetHandle e = n(request);
        Memory memory = new Memory(Math.max(1, dwNumberOfBytesToRead));
        IntByReference read = new IntByReference();
        NativeCalls.CapturedBool r = calls.callBool(() -> lib.InternetReadFile(e.h(), memory, dwNumberOfBytesToRead, read));
        if (r.ok()) {
            int count = Math.min(read.getValue(), dwNumberOfBytesToRead);
            if (count > 0) {
                memory.read(0, lpBuffer, 0, count);
            }
            lpdwNumberOfBytesRead.value = count;
        } else if (r.lastError() == IO_PENDING) {
            // WinINet fills the native buffer later; REQUEST_COMPLETE copies it into the array (WI-10).
            e.pendingRead = new NativeInternetHandle.PendingRead(memory, lpBuffer, read, lpdwNumberOfBytesRead);
        }
        return result(r);
    }

    @Override
    public int queryDataAvailable(Node request, IntRef lpdwNumberOfBytesAvailable, int dwFlags, long dwContext) {
        NativeInternetHandle e = n(request);
        IntByReference available = new IntByReference();
        NativeCalls.CapturedBool r = calls.callBool(() -> lib.InternetQueryDataAvailable(e.h(),
                lpdwNumberOfBytesAvailable == null ? null : available, dwFlags, new ULONG_PTR(dwContext)));
        if (r.ok()) {
            if (lpdwNumberOfBytesAvailable != null) {
                lpdwNumberOfBytesAvailable.value = available.getValue();
            }
        } else if (r.lastError() == IO_PENDING) {
            e.pin(available);
        }
        return result(r);
    }

    @Override
    public int queryInfo(Node request, int dwInfoLevel, byte[] lpBuffer, IntRef lpdwBufferLength, IntRef lpdwIndex) {
        return queries.queryInfo(n(request), dwInfoLevel, lpBuffer, lpdwBufferLength, lpdwIndex);
    }

    // ------------------------------------------------------------------ callbacks and options

    @Override
    public int setStatusCallback(Node node, InternetStatusCallback lpfnInternetCallback,
                                 Ref<InternetStatusCallback> previous) {
        NativeInternetHandle e = n(node);
        NativeCalls.Captured<Pointer> r = lpfnInternetCallback == null
                ? calls.call(() -> lib.InternetSetStatusCallback(e.h(), null))
                : callbacks.install(e.h(), (os, context, status, info, length) ->
                        handles.deliver(lpfnInternetCallback, os, context, status, info, length, this));
        if (r.value() != null && WinInetLibrary.isInvalidStatusCallback(r.value())) {
            return error(r.lastError());
        }
        previous.value = e.callback;
        e.callback = lpfnInternetCallback;
        return 0;
    }

    @Override
    public int setOption(Node node, int dwOption, Object lpBuffer, int dwBufferLength) {
        return queries.setOption(node == null ? null : n(node), dwOption, lpBuffer, dwBufferLength);
    }

    @Override
    public int queryOption(Node node, int dwOption, Object lpBuffer, IntRef lpdwBufferLength) {
        return queries.queryOption(node == null ? null : n(node), dwOption, lpBuffer, lpdwBufferLength);
    }

    /** The OS value a session value names now (tests and diagnostics); 0 if none. */
    long osValue(long value) {
        return handles.osValue(value);
    }

    /** Nothing to release: the OS handles are the session's table's, closed with it. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "NativeWinInetDriver[" + session.name() + ", " + handles + "]";
    }
}

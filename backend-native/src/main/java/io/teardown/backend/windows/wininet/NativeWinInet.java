package io.teardown.backend.windows.wininet;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD.ULONG_PTR;
import com.sun.jna.ptr.IntByReference;
import io.teardown.api.CloseEvent;
import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Misuse;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleTable;
import io.teardown.backend.windows.handles.OsHandle;
import io.teardown.backend.windows.handles.OsHandles;
import io.teardown.backend.windows.jna.CallbackKeeper;
import io.teardown.backend.windows.jna.HINTERNET;
import io.teardown.backend.windows.jna.INTERNET_ASYNC_RESULT;
import io.teardown.backend.windows.jna.InternetStatusCallbacks;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.NativeHandles;
import io.teardown.backend.windows.jna.WinInetLibrary;
import io.teardown.wininet.InternetAsyncResult;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.WinInet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@link WinInet} on the real wininet.dll. WinINet applies WI-01 … WI-06, WI-08 … WI-10 itself; this
 * class adds what it leaves to the caller:
 * <ul>
 *   <li>HINTERNETs are values of the session's {@link HandleSpace#INTERNET} table; only a leased,
 *       open entry's OS handle reaches wininet, anything else fails with 6 first (WI-08).</li>
 *   <li>Closing a parent invalidates its children's values at once (WI-02), so a child value can never
 *       reach an OS handle WinINet has already freed and perhaps reissued.</li>
 *   <li>A close racing a call on the same handle (WI-07) takes effect when that call returns: the OS
 *       {@code InternetCloseHandle} runs when the last lease ends.</li>
 *   <li>Status callbacks are held from before {@code InternetSetStatusCallback} until
 *       {@code HANDLE_CLOSING} ({@link InternetStatusCallbacks}); the handles they report are
 *       translated to session values; buffers of asynchronous calls stay in native memory until
 *       {@code REQUEST_COMPLETE}.</li>
 * </ul>
 * The last error Windows set is copied into the session's ({@link Session#lastError()}) after every
 * failed call, and after {@code InternetCloseHandle} when it reports 997 (WI-05).
 */
public final class NativeWinInet implements WinInet {
    private static final int INVALID_HANDLE = Win32Error.ERROR_INVALID_HANDLE.code();
    private static final int IO_PENDING = Win32Error.ERROR_IO_PENDING.code();

    private final Session session;
    private final WinInetLibrary lib;
    private final NativeCalls calls;
    private final OsHandles handles;
    private final InternetStatusCallbacks callbacks;
    /** OS value → session value, for the handles callbacks report (kept until HANDLE_CLOSING). */
    private final Map<Long, Long> osToValue = new ConcurrentHashMap<>();
    /**
     * OS value → state, until HANDLE_CLOSING: the native memory an async call pinned must outlive the
     * table entry, because WinINet may still write into it after InternetCloseHandle returned (WI-04).
     */
    private final Map<Long, Inet> states = new ConcurrentHashMap<>();
    /** Session values of async {@code InternetOpenUrl} parents, by context (the handle arrives in a callback). */
    private final Map<Long, Long> asyncOpenParent = new ConcurrentHashMap<>();
    private final ThreadLocal<Creating> creating = new ThreadLocal<>();
    private final Object treeLock = new Object();

    /** What a handle being created synchronously is, for a HANDLE_CREATED reported before the call returned. */
    private record Creating(long parent, String type, long context) {
    }

    /** What is kept with each HINTERNET. */
    private static final class Inet {
        final long parent;
        final Set<Long> children = ConcurrentHashMap.newKeySet();
        volatile long context;
        volatile InternetStatusCallback callback;
        /** Native memory an async call still uses, freed by REQUEST_COMPLETE or the close. */
        final List<Object> pinned = new ArrayList<>();
        volatile PendingRead pendingRead;

        Inet(long parent, long context, InternetStatusCallback callback) {
            this.parent = parent;
            this.context = context;
            this.callback = callback;
        }
    }

    /** An async {@code InternetReadFile}: WinINet fills {@code memory} later; copied into {@code target}. */
    private record PendingRead(Memory memory, byte[] target, IntByReference read, IntRef readRef) {
    }

    /**
     * The facade over {@code lib} for {@code session}.
     *
     * @param calls    last-error capture ({@link NativeCalls#jna()} in production)
     * @param uncaught where exceptions thrown by user callbacks go (they never unwind into WinINet)
     */
    public NativeWinInet(Session session, WinInetLibrary lib, NativeCalls calls, Consumer<Throwable> uncaught) {
        this.session = Objects.requireNonNull(session, "session");
        this.lib = Objects.requireNonNull(lib, "lib");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.handles = new OsHandles(session, HandleSpace.INTERNET);
        this.callbacks = new InternetStatusCallbacks(lib, calls, new CallbackKeeper<>(), uncaught);
    }

    /** The production facade: JNA's last error, callback failures printed. */
    public NativeWinInet(Session session, WinInetLibrary lib) {
        this(session, lib, NativeCalls.jna(), Throwable::printStackTrace);
    }

    // ------------------------------------------------------------------ helpers

    private boolean fail(int code) {
        session.lastError().set(code);
        return false;
    }

    private long failHandle(int code) {
        session.lastError().set(code);
        return 0;
    }

    private static HINTERNET h(OsHandle e) {
        return NativeHandles.hinternet(e.os());
    }

    private static Inet inet(OsHandle e) {
        return (Inet) e.state();
    }

    private boolean bool(long value, Function<OsHandle, NativeCalls.CapturedBool> call) {
        return handles.call(value, e -> {
            NativeCalls.CapturedBool r = call.apply(e);
            return r.ok() || fail(r.lastError());
        }, () -> fail(INVALID_HANDLE));
    }

    /** Registers an OS handle (once: a HANDLE_CREATED callback may have registered it already). */
    private long register(long os, long parentValue, String type, long context) {
        synchronized (treeLock) {
            Long known = osToValue.get(os);
            if (known != null) {
                return known;
            }
            OsHandle parentEntry = parentValue == 0 ? null : handles.peek(parentValue);
            InternetStatusCallback inherited = parentEntry == null ? null : inet(parentEntry).callback;
            Inet state = new Inet(parentValue, context, inherited);
            // Closing a handle closes its children in WinINet: they must not be closed again (the session's
            // closeAll reaches them one by one), so the parent's close disowns them first.
            long value = handles.register(new OsHandle(os, type, Closer.INTERNET_CLOSE_HANDLE, true,
                    o -> {
                        disownSubtree(state);
                        return closeOs(o);
                    }, state));
            osToValue.put(os, value);
            states.put(os, state);
            if (parentEntry != null) {
                inet(parentEntry).children.add(value);
                callbacks.childCreated(NativeHandles.hinternet(parentEntry.os()), NativeHandles.hinternet(os));
            }
            return value;
        }
    }

    private void disownSubtree(Inet state) {
        for (Long child : state.children) {
            OsHandle c = handles.peek(child);
            if (c != null) {
                c.disown();
                disownSubtree(inet(c));
            }
        }
    }

    /** The OS close: 0, {@code ERROR_IO_PENDING} (closed with requests outstanding, WI-05), or minus the error. */
    private int closeOs(long os) {
        NativeCalls.CapturedBool r = calls.callBoolCleared(() -> lib.InternetCloseHandle(NativeHandles.hinternet(os)));
        return r.ok() ? (r.lastError() == IO_PENDING ? IO_PENDING : 0) : (r.lastError() == 0 ? INVALID_HANDLE : -r.lastError());
    }

    private long created(NativeCalls.Captured<HINTERNET> r, long parentValue, String type, long context) {
        long os = NativeHandles.value(r.value());
        if (os == 0) {
            return failHandle(r.lastError());
        }
        try {
            return register(os, parentValue, type, context);
        } catch (RuntimeException full) {
            return failHandle(Win32Error.ERROR_INTERNET_OUT_OF_HANDLES.code());
        }
    }

    private NativeCalls.Captured<HINTERNET> creating(long parent, String type, long context,
            java.util.function.Supplier<HINTERNET> call) {
        creating.set(new Creating(parent, type, context));
        try {
            return calls.call(call);
        } finally {
            creating.remove();
        }
    }

    // ------------------------------------------------------------------ handles

    @Override
    public long InternetOpen(String lpszAgent, int dwAccessType, String lpszProxy, String lpszProxyBypass, int dwFlags) {
        NativeCalls.Captured<HINTERNET> r = creating(0, "InternetOpen", 0,
                () -> lib.InternetOpen(lpszAgent, dwAccessType, lpszProxy, lpszProxyBypass, dwFlags));
        return created(r, 0, "InternetOpen", 0);
    }

    @Override
    public long InternetConnect(long hInternet, String lpszServerName, int nServerPort, String lpszUserName,
                                String lpszPassword, int dwService, int dwFlags, long dwContext) {
        return handles.call(hInternet, e -> created(creating(hInternet, "InternetConnect", dwContext,
                () -> lib.InternetConnect(h(e), lpszServerName, (short) nServerPort, lpszUserName, lpszPassword,
                        dwService, dwFlags, new ULONG_PTR(dwContext))), hInternet, "InternetConnect", dwContext),
                () -> failHandle(INVALID_HANDLE));
    }

    @Override
    public long HttpOpenRequest(long hConnect, String lpszVerb, String lpszObjectName, String lpszVersion,
                                String lpszReferrer, String[] lplpszAcceptTypes, int dwFlags, long dwContext) {
        String[] accept = lplpszAcceptTypes == null ? null : Arrays.copyOf(lplpszAcceptTypes, lplpszAcceptTypes.length + 1);
        return handles.call(hConnect, e -> created(creating(hConnect, "HttpOpenRequest", dwContext,
                () -> lib.HttpOpenRequest(h(e), lpszVerb, lpszObjectName, lpszVersion, lpszReferrer, accept, dwFlags,
                        new ULONG_PTR(dwContext))), hConnect, "HttpOpenRequest", dwContext),
                () -> failHandle(INVALID_HANDLE));
    }

    @Override
    public long InternetOpenUrl(long hInternet, String lpszUrl, String lpszHeaders, int dwHeadersLength, int dwFlags,
                                long dwContext) {
        return handles.call(hInternet, e -> {
            asyncOpenParent.put(dwContext, hInternet);
            NativeCalls.Captured<HINTERNET> r = creating(hInternet, "InternetOpenUrl", dwContext,
                    () -> lib.InternetOpenUrl(h(e), lpszUrl, lpszHeaders, dwHeadersLength, dwFlags, new ULONG_PTR(dwContext)));
            if (NativeHandles.value(r.value()) != 0 || r.lastError() != IO_PENDING) {
                asyncOpenParent.remove(dwContext, hInternet);
            }
            return created(r, hInternet, "InternetOpenUrl", dwContext);
        }, () -> failHandle(INVALID_HANDLE));
    }

    @Override
    public boolean InternetCloseHandle(long hInternet) {
        long start = System.nanoTime();
        OsHandle target = hInternet == 0 ? null : handles.peek(hInternet);
        List<Long> doomed = target == null ? null : detach(hInternet, target);
        if (doomed == null) {
            emit(hInternet, "(invalid)", INVALID_HANDLE, CloseEvent.Outcome.INVALID, start);
            fail(INVALID_HANDLE); // WI-08
            if (hInternet != 0) {
                boolean stale = handles.table().check(hInternet) == HandleTable.Validity.STALE;
                session.misuse(new Misuse(stale ? Misuse.Kind.STALE_HANDLE : Misuse.Kind.INVALID_HANDLE,
                        "InternetCloseHandle", hInternet, 0, stale
                        ? "the value's slot belongs to a newer handle" : "not an open HINTERNET of this session"));
            }
            return false;
        }
        // WI-02: the children go with their parent; WinINet closes their OS handles itself.
        List<OsHandle> children = new ArrayList<>();
        for (Long child : doomed) {
            OsHandle c = handles.peek(child);
            if (c != null) {
                c.disown();
                if (handles.close(child) != null) {
                    children.add(c);
                }
            }
        }
        OsHandle closed = handles.close(hInternet);
        if (closed == null) {
            emit(hInternet, "(invalid)", INVALID_HANDLE, CloseEvent.Outcome.INVALID, start); // another close won
            return fail(INVALID_HANDLE);
        }
        int rc = closed.closeResult();
        if (rc != OsHandle.DEFERRED && rc < 0) {
            emit(hInternet, closed.typeName(), -rc, CloseEvent.Outcome.OS_ERROR, start);
            return fail(-rc);
        }
        children.add(closed);
        for (OsHandle c : children) {
            if (inet(c).context == 0) {
                // No callbacks for context 0, so no HANDLE_CLOSING will release them (WI-03).
                callbacks.closedWithoutCallbacks(NativeHandles.hinternet(c.os()));
                osToValue.remove(c.os());
                states.remove(c.os());
            }
        }
        if (rc == IO_PENDING) {
            session.lastError().set(IO_PENDING); // WI-05
        }
        emit(hInternet, closed.typeName(), 0, rc == OsHandle.DEFERRED ? CloseEvent.Outcome.DEFERRED_BEHIND_CALL
                : rc == IO_PENDING ? CloseEvent.Outcome.CANCELLED : CloseEvent.Outcome.CLOSED, start);
        return true;
    }

    /** Detaches {@code value} from its parent; returns its descendants, deepest first, or null if gone. */
    private List<Long> detach(long value, OsHandle target) {
        synchronized (treeLock) {
            if (handles.peek(value) != target) {
                return null;
            }
            List<Long> out = new ArrayList<>();
            for (Long c : inet(target).children) {
                collect(c, out);
            }
            OsHandle parent = inet(target).parent == 0 ? null : handles.peek(inet(target).parent);
            if (parent != null) {
                inet(parent).children.remove(value);
            }
            return out;
        }
    }

    private void collect(long value, List<Long> out) {
        OsHandle e = handles.peek(value);
        if (e == null) {
            return;
        }
        for (Long c : inet(e).children) {
            collect(c, out);
        }
        out.add(value);
    }

    private void emit(long h, String type, int error, CloseEvent.Outcome outcome, long start) {
        if (session.closeEvents().enabled()) {
            session.closeEvents().emit(HandleSpace.INTERNET, "InternetCloseHandle", h, type, error, outcome, start);
        }
    }

    // ------------------------------------------------------------------ requests

    @Override
    public boolean HttpAddRequestHeaders(long hRequest, String lpszHeaders, int dwHeadersLength, int dwModifiers) {
        return bool(hRequest, e -> calls.callBool(() -> lib.HttpAddRequestHeaders(h(e), lpszHeaders, dwHeadersLength,
                dwModifiers)));
    }

    @Override
    public boolean HttpSendRequest(long hRequest, String lpszHeaders, int dwHeadersLength, byte[] lpOptional,
                                   int dwOptionalLength) {
        if (lpOptional != null && (dwOptionalLength < 0 || dwOptionalLength > lpOptional.length)) {
            return fail(Win32Error.ERROR_INVALID_PARAMETER.code());
        }
        return bool(hRequest, e -> {
            Memory body = null;
            if (lpOptional != null && dwOptionalLength > 0) {
                body = new Memory(dwOptionalLength);
                body.write(0, lpOptional, 0, dwOptionalLength);
            }
            Memory optional = body;
            NativeCalls.CapturedBool r = calls.callBool(() -> lib.HttpSendRequest(h(e), lpszHeaders, dwHeadersLength,
                    optional, optional == null ? 0 : dwOptionalLength));
            if (!r.ok() && r.lastError() == IO_PENDING && optional != null) {
                pin(e, optional); // WinINet sends it later (WI-10)
            }
            return r;
        });
    }

    private static void pin(OsHandle e, Object memory) {
        synchronized (inet(e).pinned) {
            inet(e).pinned.add(memory);
        }
    }

    @Override
    public boolean HttpQueryInfo(long hRequest, int dwInfoLevel, byte[] lpBuffer, IntRef lpdwBufferLength, IntRef lpdwIndex) {
        if (lpdwBufferLength == null) {
            return fail(Win32Error.ERROR_INVALID_PARAMETER.code());
        }
        boolean number = (dwInfoLevel & HTTP_QUERY_FLAG_NUMBER) != 0;
        int capacity = lpBuffer == null ? 0 : Math.max(0, Math.min(lpdwBufferLength.value, lpBuffer.length));
        return handles.call(hRequest, e -> {
            // The facade is HttpQueryInfoA (ANSI); the binding is the W function: UTF-16 in, ANSI out.
            int wideBytes = number ? capacity : capacity * 2;
            Memory buffer = wideBytes == 0 ? null : new Memory(wideBytes);
            if (buffer != null) {
                buffer.clear();
                if ((dwInfoLevel & 0xFFFF) == HTTP_QUERY_CUSTOM && !number) {
                    String name = ansi(lpBuffer, capacity);
                    byte[] w = (name + "\0").getBytes(StandardCharsets.UTF_16LE);
                    buffer.write(0, w, 0, Math.min(w.length, wideBytes));
                }
            }
            IntByReference length = new IntByReference(wideBytes);
            IntByReference index = lpdwIndex == null ? null : new IntByReference(lpdwIndex.value);
            NativeCalls.CapturedBool r = calls.callBool(() -> lib.HttpQueryInfo(h(e), dwInfoLevel, buffer, length, index));
            if (!r.ok()) {
                if (r.lastError() == Win32Error.ERROR_INSUFFICIENT_BUFFER.code()) {
                    lpdwBufferLength.value = number ? length.getValue() : length.getValue() / 2;
                }
                return fail(r.lastError());
            }
            if (number) {
                buffer.read(0, lpBuffer, 0, Math.min(4, capacity));
                lpdwBufferLength.value = 4;
            } else {
                String value = length.getValue() == 0 ? "" : new String(buffer.getByteArray(0, length.getValue()),
                        StandardCharsets.UTF_16LE);
                byte[] a = value.getBytes(StandardCharsets.ISO_8859_1);
                if (a.length + 1 > capacity) {
                    lpdwBufferLength.value = a.length + 1;
                    return fail(Win32Error.ERROR_INSUFFICIENT_BUFFER.code());
                }
                System.arraycopy(a, 0, lpBuffer, 0, a.length);
                lpBuffer[a.length] = 0;
                lpdwBufferLength.value = a.length;
            }
            if (lpdwIndex != null) {
                lpdwIndex.value = index.getValue();
            }
            return true;
        }, () -> fail(INVALID_HANDLE));
    }

    private static String ansi(byte[] b, int max) {
        int n = 0;
        while (n < max && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean InternetReadFile(long hFile, byte[] lpBuffer, int dwNumberOfBytesToRead, IntRef lpdwNumberOfBytesRead) {
        if (lpdwNumberOfBytesRead == null || (dwNumberOfBytesToRead > 0 && lpBuffer == null)
                || (lpBuffer != null && (dwNumberOfBytesToRead < 0 || dwNumberOfBytesToRead > lpBuffer.length))) {
            return fail(Win32Error.ERROR_INVALID_PARAMETER.code());
        }
        return handles.call(hFile, e -> {
            Memory memory = new Memory(Math.max(1, dwNumberOfBytesToRead));
            IntByReference read = new IntByReference();
            NativeCalls.CapturedBool r = calls.callBool(() -> lib.InternetReadFile(h(e), memory, dwNumberOfBytesToRead, read));
            if (r.ok()) {
                int n = Math.min(read.getValue(), dwNumberOfBytesToRead);
                if (n > 0) {
                    memory.read(0, lpBuffer, 0, n);
                }
                lpdwNumberOfBytesRead.value = n;
                return true;
            }
            if (r.lastError() == IO_PENDING) {
                // WinINet fills the native buffer later; REQUEST_COMPLETE copies it into the array (WI-10).
                inet(e).pendingRead = new PendingRead(memory, lpBuffer, read, lpdwNumberOfBytesRead);
            }
            return fail(r.lastError());
        }, () -> fail(INVALID_HANDLE));
    }

    @Override
    public boolean InternetQueryDataAvailable(long hFile, IntRef lpdwNumberOfBytesAvailable, int dwFlags, long dwContext) {
        return handles.call(hFile, e -> {
            IntByReference available = new IntByReference();
            NativeCalls.CapturedBool r = calls.callBool(() -> lib.InternetQueryDataAvailable(h(e),
                    lpdwNumberOfBytesAvailable == null ? null : available, dwFlags, new ULONG_PTR(dwContext)));
            if (!r.ok()) {
                if (r.lastError() == IO_PENDING) {
                    pin(e, available);
                }
                return fail(r.lastError());
            }
            if (lpdwNumberOfBytesAvailable != null) {
                lpdwNumberOfBytesAvailable.value = available.getValue();
            }
            return true;
        }, () -> fail(INVALID_HANDLE));
    }

    // ------------------------------------------------------------------ callbacks and options

    @Override
    public InternetStatusCallback InternetSetStatusCallback(long hInternet, InternetStatusCallback lpfnInternetCallback) {
        return handles.call(hInternet, e -> {
            InternetStatusCallback previous = inet(e).callback;
            NativeCalls.Captured<Pointer> r;
            if (lpfnInternetCallback == null) {
                r = calls.call(() -> lib.InternetSetStatusCallback(h(e), null));
            } else {
                r = callbacks.install(h(e), (os, context, status, info, length) ->
                        deliver(lpfnInternetCallback, os, context, status, info, length));
            }
            if (r.value() != null && WinInetLibrary.isInvalidStatusCallback(r.value())) {
                session.lastError().set(r.lastError());
                return INTERNET_INVALID_STATUS_CALLBACK;
            }
            inet(e).callback = lpfnInternetCallback;
            return previous;
        }, () -> {
            session.lastError().set(INVALID_HANDLE);
            return INTERNET_INVALID_STATUS_CALLBACK;
        });
    }

    /** One status from WinINet's thread: handles translated to session values, information to Java. */
    private void deliver(InternetStatusCallback target, long os, long context, int status, Pointer info, int length) {
        Long value = osToValue.get(os);
        Object information = null;
        switch (status) {
            case INTERNET_STATUS_HANDLE_CREATED -> {
                // WI-11: the information is the new HINTERNET itself (length 8), not an INTERNET_ASYNC_RESULT
                long created = info == null ? 0 : Pointer.nativeValue(info.getPointer(0));
                if (created != 0) {
                    long mine = createdByCallback(created, os, context);
                    if (value == null && os == created) {
                        value = mine;
                    }
                    information = mine;
                }
            }
            case INTERNET_STATUS_REQUEST_COMPLETE -> {
                if (info != null) {
                    INTERNET_ASYNC_RESULT a = new INTERNET_ASYNC_RESULT(info);
                    long result = a.dwResult == null ? 0 : a.dwResult.longValue();
                    if (osToValue.containsKey(result)) {
                        result = osToValue.get(result);
                    }
                    information = new InternetAsyncResult(result, a.dwError);
                }
                completed(os);
            }
            case INTERNET_STATUS_HANDLE_CLOSING -> information = value == null ? 0L : value;
            case INTERNET_STATUS_REQUEST_SENT, INTERNET_STATUS_RESPONSE_RECEIVED ->
                    information = info == null ? null : info.getInt(0);
            case INTERNET_STATUS_RESOLVING_NAME, INTERNET_STATUS_NAME_RESOLVED, INTERNET_STATUS_CONNECTING_TO_SERVER,
                    INTERNET_STATUS_CONNECTED_TO_SERVER -> information = text(info, length);
            default -> information = null;
        }
        try {
            target.invoke(value == null ? 0 : value, context, status, information, length);
        } finally {
            if (status == INTERNET_STATUS_HANDLE_CLOSING) {
                osToValue.remove(os); // the last callback for this handle (WI-03)
                states.remove(os);
            }
        }
    }

    private long createdByCallback(long os, long reportedOn, long context) {
        Long known = osToValue.get(os);
        if (known != null) {
            return known;
        }
        Creating c = creating.get();
        long parent;
        String type;
        if (c != null) {
            parent = c.parent();
            type = c.type();
        } else {
            Long p = asyncOpenParent.remove(context);
            Long reporter = osToValue.get(reportedOn);
            parent = p != null ? p : reporter != null ? reporter : 0;
            type = "InternetOpenUrl";
        }
        try {
            return register(os, parent, type, context);
        } catch (RuntimeException full) {
            return 0;
        }
    }

    /** REQUEST_COMPLETE: the async call's native memory is no longer used; copy a pending read out. */
    private void completed(long os) {
        Inet state = states.get(os);
        if (state == null) {
            return;
        }
        PendingRead read = state.pendingRead;
        state.pendingRead = null;
        if (read != null) {
            int n = Math.max(0, Math.min(read.read().getValue(), read.target() == null ? 0 : read.target().length));
            if (n > 0) {
                read.memory().read(0, read.target(), 0, n);
            }
            read.readRef().value = n;
        }
        synchronized (state.pinned) {
            state.pinned.clear();
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
    public boolean InternetSetOption(long hInternet, int dwOption, Object lpBuffer, int dwBufferLength) {
        Memory buffer = optionBuffer(dwOption, lpBuffer);
        if (lpBuffer != null && buffer == null) {
            return fail(Win32Error.ERROR_INVALID_PARAMETER.code());
        }
        if (hInternet == 0) {
            NativeCalls.CapturedBool r = calls.callBool(() -> lib.InternetSetOption(null, dwOption, buffer, dwBufferLength));
            return r.ok() || fail(r.lastError());
        }
        return handles.call(hInternet, e -> {
            NativeCalls.CapturedBool r = calls.callBool(() -> lib.InternetSetOption(h(e), dwOption, buffer, dwBufferLength));
            if (r.ok() && dwOption == INTERNET_OPTION_CONTEXT_VALUE) {
                inet(e).context = buffer.getLong(0);
            }
            return r.ok() || fail(r.lastError());
        }, () -> fail(INVALID_HANDLE));
    }

    /** A DWORD ({@link IntRef}/{@link Integer}) or pointer-sized ({@link LongRef}/{@link Long}) option value. */
    private static Memory optionBuffer(int option, Object value) {
        Memory m = new Memory(8);
        m.clear();
        if (value instanceof IntRef i) {
            m.setInt(0, i.value);
        } else if (value instanceof Integer i) {
            m.setInt(0, i);
        } else if (value instanceof LongRef l) {
            m.setLong(0, l.value);
        } else if (value instanceof Long l) {
            m.setLong(0, l);
        } else {
            return null;
        }
        return m;
    }

    @Override
    public boolean InternetQueryOption(long hInternet, int dwOption, Object lpBuffer, IntRef lpdwBufferLength) {
        if (lpdwBufferLength == null) {
            return fail(Win32Error.ERROR_INVALID_PARAMETER.code());
        }
        if (hInternet != 0 && dwOption == INTERNET_OPTION_CALLBACK) {
            // WinINet would return our dispatcher's address; the Java program wants its own callback.
            return handles.call(hInternet, e -> {
                if (lpBuffer == null || lpdwBufferLength.value < 8) {
                    lpdwBufferLength.value = 8;
                    return fail(Win32Error.ERROR_INSUFFICIENT_BUFFER.code());
                }
                if (!(lpBuffer instanceof Ref<?> ref)) {
                    return fail(Win32Error.ERROR_INVALID_PARAMETER.code());
                }
                put(ref, inet(e).callback);
                lpdwBufferLength.value = 8;
                return true;
            }, () -> fail(INVALID_HANDLE));
        }
        Function<HINTERNET, Boolean> query = handle -> {
            int size = Math.max(0, lpdwBufferLength.value);
            Memory buffer = lpBuffer == null || size == 0 ? null : new Memory(Math.max(8, size));
            IntByReference length = new IntByReference(lpBuffer == null ? 0 : size);
            // text (INTERNET_OPTION_URL) in a byte[]: the ANSI function, whose length protocol is the facade's
            boolean text = lpBuffer instanceof byte[];
            NativeCalls.CapturedBool r = calls.callBool(() -> text
                    ? lib.InternetQueryOptionA(handle, dwOption, buffer, length)
                    : lib.InternetQueryOption(handle, dwOption, buffer, length));
            lpdwBufferLength.value = length.getValue();
            if (!r.ok()) {
                return fail(r.lastError());
            }
            if (lpBuffer instanceof byte[] out) {
                buffer.read(0, out, 0, Math.min(out.length, Math.min(size, length.getValue() + 1)));
            } else if (lpBuffer instanceof IntRef i) {
                i.value = buffer.getInt(0);
            } else if (lpBuffer instanceof LongRef l) {
                l.value = length.getValue() >= 8 ? buffer.getLong(0) : Integer.toUnsignedLong(buffer.getInt(0));
            } else if (lpBuffer != null) {
                return fail(Win32Error.ERROR_INVALID_PARAMETER.code());
            }
            return true;
        };
        if (hInternet == 0) {
            return query.apply(null);
        }
        return handles.call(hInternet, e -> query.apply(h(e)), () -> fail(INVALID_HANDLE));
    }

    @SuppressWarnings("unchecked")
    private static void put(Ref<?> ref, Object value) {
        ((Ref<Object>) ref).value = value;
    }

    @Override
    public int GetLastError() {
        return session.lastError().get();
    }

    /** The OS value a session value names now (tests and diagnostics); 0 if none. */
    long osValue(long value) {
        OsHandle e = handles.peek(value);
        return e == null ? 0 : e.os();
    }
}

package io.teardown.wininet.engine;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Misuse;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import io.teardown.wininet.InternetAsyncResult;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.WinInet;
import io.teardown.wininet.engine.HttpConnection.Header;
import io.teardown.wininet.engine.HttpConnection.OutgoingRequest;
import io.teardown.wininet.engine.HttpConnection.ResponseHead;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.ObjIntConsumer;

/**
 * The portable WinINet: every rule of SEMANTICS.md WI-01 … WI-10 as plain Java over an
 * {@link HttpTransport}. Handles live in the session's {@link HandleSpace#INTERNET} table; the tree,
 * contexts, callbacks, option inheritance, async completion and cancellation are kept here.
 *
 * <ul>
 *   <li>{@code InternetCloseHandle} invalidates the handle and its whole subtree at once (WI-02,
 *       WI-08), then, deepest first, finishes each pending operation as cancelled (REQUEST_COMPLETE
 *       with 12017 when async) and queues HANDLE_CLOSING (70) as that handle's last callback (WI-03,
 *       WI-04, WI-06); with operations outstanding the last error becomes 997 (WI-05).</li>
 *   <li>A call in flight holds a lease on its handle, so a close racing it only frees the handle when
 *       the call returns (WI-07); a blocked synchronous call is woken with 12017.</li>
 *   <li>In async mode request calls return {@code FALSE} + 997 and finish with REQUEST_COMPLETE on the
 *       callback thread (WI-10).</li>
 * </ul>
 */
public final class EmulatedWinInet implements WinInet, AutoCloseable {
    private static final Duration SYNC_DRAIN = Duration.ofSeconds(5);
    private static final int HANDLE_SIZE = 8;

    private final Session session;
    private final HandleTable<HandleEntry> table;
    private final HttpTransport transport;
    private final CallbackDispatcher dispatcher;
    private final ExecutorService resolver;
    private final Options defaults = new Options();
    private final Object treeLock = new Object();
    private final Set<InternetHandle> live = ConcurrentHashMap.newKeySet();

    /** The engine of one session, over {@code transport} (closed with the engine). */
    public EmulatedWinInet(Session session, HttpTransport transport) {
        this.session = session;
        this.table = session.handles(HandleSpace.INTERNET);
        this.transport = transport;
        this.dispatcher = new CallbackDispatcher("teardown-wininet-callbacks-" + session.name());
        this.resolver = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "teardown-wininet-resolver-" + session.name());
            t.setDaemon(true);
            return t;
        });
    }

    HttpTransport transport() {
        return transport;
    }

    // ---------------------------------------------------------------- helpers

    private boolean fail(Win32Error e) {
        session.lastError().set(e);
        return false;
    }

    private boolean fail(int code) {
        session.lastError().set(code);
        return false;
    }

    /** Leases an open handle of this engine, or returns null (nothing leased). */
    private InternetHandle lease(long h) {
        if (h == 0) {
            return null;
        }
        HandleEntry e = table.acquire(h);
        if (e == null) {
            return null;
        }
        if (!(e instanceof InternetHandle ih) || ih.engine != this || ih.invalidated) {
            table.release(h);
            return null;
        }
        return ih;
    }

    /** Queues a status callback for {@code h}; call with {@code h.lock} held. Dropped after HANDLE_CLOSING. */
    void statusLocked(InternetHandle h, int status, Object info, int length) {
        statusLocked(h, status, info, length, false);
    }

    /**
     * As {@link #statusLocked(InternetHandle, int, Object, int)}; {@code quiet}: queued without waking the
     * callback thread — only when a waking post is certain to follow at once (see
     * {@link HttpConnection#reportsWriting()}), or {@link #wakeCallbacks()} is called.
     */
    void statusLocked(InternetHandle h, int status, Object info, int length, boolean quiet) {
        if (h.closingReported) {
            return;
        }
        InternetStatusCallback cb = h.callback;
        long ctx = h.context;
        if (cb == null || ctx == 0) {
            return; // WI-03: no callbacks for context 0
        }
        if (h.held != null) {
            h.held.add(new CallbackDispatcher.Call(cb, h.value, ctx, status, info, length));
        } else {
            dispatcher.post(new CallbackDispatcher.Call(cb, h.value, ctx, status, info, length), !quiet);
        }
    }

    /** Wakes the callback thread for callbacks queued quietly. */
    void wakeCallbacks() {
        dispatcher.wakeUp();
    }

    /**
     * From now until the matching {@link #releaseCallbacksLocked}, {@code h}'s callbacks are collected
     * and then queued as one task (one wake-up of the callback thread for a close's or an event's
     * several callbacks). Both calls with {@code h.lock} held, in the same locked section: the batch is
     * queued before the lock is released, so the order of callbacks stays the lock order (WI-03).
     */
    void holdCallbacksLocked(InternetHandle h) {
        if (h.holdDepth++ == 0) {
            h.held = new ArrayList<>(4);
        }
    }

    /** Queues what {@link #holdCallbacksLocked} collected; call in the same locked section, in a finally. */
    void releaseCallbacksLocked(InternetHandle h) {
        releaseCallbacksLocked(h, false);
    }

    /**
     * As {@link #releaseCallbacksLocked(InternetHandle)}; with {@code deferAnyThread}, a batch of only
     * HANDLE_CREATED / HANDLE_CLOSING is queued without waking the callback thread, and the caller must
     * call {@link #runCallbacksHere()} once it holds no lock.
     */
    private void releaseCallbacksLocked(InternetHandle h, boolean deferAnyThread) {
        if (--h.holdDepth == 0) {
            List<CallbackDispatcher.Call> calls = h.held;
            h.held = null;
            dispatcher.postAll(calls, deferAnyThread);
        }
    }

    /**
     * After an application call queued HANDLE_CREATED or HANDLE_CLOSING (deferred): runs them on the
     * caller's thread when nothing else is queued or running — WI-10 lets these two come on any thread,
     * and it spares a wake-up of the callback thread for news of the caller's own call — otherwise
     * wakes the callback thread. Never on an I/O thread (DESIGN.md "Threading"); with no lock held. The
     * caller's last error is kept: a callback's own calls must not change what the call reports.
     */
    private void runCallbacksHere() {
        boolean here = !transport.onTransportThread();
        int saved = here ? session.lastError().get() : 0;
        if (dispatcher.runHereOrWake(here)) {
            session.lastError().set(saved);
        }
    }

    private void status(InternetHandle h, int status, Object info, int length) {
        synchronized (h.lock) {
            statusLocked(h, status, info, length);
        }
    }

    /** The default User-Agent header of {@code h}'s tree (its root's agent), or null. */
    static Header agentHeaderOf(InternetHandle h) {
        InternetHandle x = h;
        while (x.parent != null) {
            x = x.parent;
        }
        return ((RootHandle) x).agentHeader;
    }

    void resolve(String host, ObjIntConsumer<InetAddress> done) {
        try {
            resolver.execute(() -> {
                InetAddress a;
                try {
                    a = InetAddress.getByName(host);
                } catch (UnknownHostException | SecurityException e) {
                    done.accept(null, Win32Error.ERROR_INTERNET_NAME_NOT_RESOLVED.code());
                    return;
                }
                done.accept(a, 0);
            });
        } catch (RejectedExecutionException closed) {
            done.accept(null, Win32Error.ERROR_INTERNET_OPERATION_CANCELLED.code());
        }
    }

    /** Adds a new child under the tree lock; 0 if the parent was closed meanwhile. */
    /**
     * Puts a new child handle in the table and reports HANDLE_CREATED (WI-10) with its value; 0, with
     * ERROR_INVALID_HANDLE set, if its parent was closed meanwhile.
     */
    private long created(InternetHandle child) {
        long v = insert(child);
        if (v == 0) {
            fail(Win32Error.ERROR_INVALID_HANDLE);
            return 0;
        }
        synchronized (child.lock) {
            holdCallbacksLocked(child);
            try {
                statusLocked(child, INTERNET_STATUS_HANDLE_CREATED, new InternetAsyncResult(v, 0), 16);
            } finally {
                releaseCallbacksLocked(child, true);
            }
        }
        runCallbacksHere();
        return v;
    }

    private long insert(InternetHandle child) {
        synchronized (treeLock) {
            if (child.parent != null) {
                if (child.parent.invalidated) {
                    return 0;
                }
                child.parent.children.add(child);
            }
            child.value = table.insert(child);
        }
        live.add(child);
        return child.value;
    }

    void reclaimed(InternetHandle h) {
        h.dispose();
        live.remove(h);
    }

    // ---------------------------------------------------------------- handles

    @Override
    public long InternetOpen(String lpszAgent, int dwAccessType, String lpszProxy, String lpszProxyBypass,
                             int dwFlags) {
        if (dwAccessType != INTERNET_OPEN_TYPE_PRECONFIG && dwAccessType != INTERNET_OPEN_TYPE_DIRECT
                && dwAccessType != INTERNET_OPEN_TYPE_PROXY && dwAccessType != 4) {
            fail(Win32Error.ERROR_INVALID_PARAMETER);
            return 0;
        }
        if ((dwAccessType == INTERNET_OPEN_TYPE_PROXY && (lpszProxy == null || lpszProxy.isEmpty()))
                || (lpszAgent != null && !RequestSyntax.isFieldValue(lpszAgent))) {
            fail(Win32Error.ERROR_INVALID_PARAMETER);
            return 0;
        }
        RootHandle root = new RootHandle(this, (dwFlags & INTERNET_FLAG_ASYNC) != 0, defaults.copy(), lpszAgent);
        return insert(root);
    }

    @Override
    public long InternetConnect(long hInternet, String lpszServerName, int nServerPort, String lpszUserName,
                                String lpszPassword, int dwService, int dwFlags, long dwContext) {
        InternetHandle parent = lease(hInternet);
        if (parent == null) {
            fail(Win32Error.ERROR_INVALID_HANDLE);
            return 0;
        }
        try {
            if (!(parent instanceof RootHandle)) {
                fail(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
                return 0;
            }
            if (dwService == INTERNET_SERVICE_FTP || dwService == 2) {
                fail(Win32Error.ERROR_NOT_SUPPORTED);
                return 0;
            }
            if (dwService != INTERNET_SERVICE_HTTP || lpszServerName == null || lpszServerName.isEmpty()
                    || !RequestSyntax.isVisible(lpszServerName) || nServerPort < 0 || nServerPort > 65535) {
                fail(Win32Error.ERROR_INVALID_PARAMETER);
                return 0;
            }
            String host = lpszServerName.startsWith("[") && lpszServerName.endsWith("]")
                    ? lpszServerName.substring(1, lpszServerName.length() - 1) : lpszServerName;
            int port = nServerPort == 0 ? INTERNET_DEFAULT_HTTP_PORT : nServerPort;
            ConnectHandle c = new ConnectHandle(this, parent, parent.options.copy(), dwContext, host, port, false);
            long v = created(c);
            if (v == 0) {
                return 0;
            }
            return v;
        } finally {
            table.release(hInternet);
        }
    }

    @Override
    public long HttpOpenRequest(long hConnect, String lpszVerb, String lpszObjectName, String lpszVersion,
                                String lpszReferrer, String[] lplpszAcceptTypes, int dwFlags, long dwContext) {
        InternetHandle parent = lease(hConnect);
        if (parent == null) {
            fail(Win32Error.ERROR_INVALID_HANDLE);
            return 0;
        }
        try {
            if (!(parent instanceof ConnectHandle c)) {
                fail(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
                return 0;
            }
            String verb = lpszVerb == null || lpszVerb.isEmpty() ? "GET" : lpszVerb;
            String path = lpszObjectName == null || lpszObjectName.isEmpty() ? "/" : lpszObjectName;
            String version = lpszVersion == null || lpszVersion.isEmpty() ? "HTTP/1.1" : lpszVersion;
            if (!RequestSyntax.isToken(verb) || !RequestSyntax.isVisible(path) || !RequestSyntax.isVersion(version)
                    || (lpszReferrer != null && !RequestSyntax.isFieldValue(lpszReferrer))) {
                fail(Win32Error.ERROR_INVALID_PARAMETER);
                return 0;
            }
            if (!path.startsWith("/") && !path.equals("*") && !path.contains("://")) {
                path = "/" + path;
            }
            List<Header> initial = new ArrayList<>();
            if (lpszReferrer != null && !lpszReferrer.isEmpty()) {
                initial.add(new Header("Referer", lpszReferrer));
            }
            if (lplpszAcceptTypes != null) {
                List<String> types = new ArrayList<>();
                for (String t : lplpszAcceptTypes) {
                    if (t == null) {
                        break; // the C array is NULL-terminated
                    }
                    if (!RequestSyntax.isFieldValue(t)) {
                        fail(Win32Error.ERROR_INVALID_PARAMETER);
                        return 0;
                    }
                    types.add(t);
                }
                if (!types.isEmpty()) {
                    initial.add(new Header("Accept", String.join(", ", types)));
                }
            }
            RequestHandle r = new RequestHandle(this, c, c, c.options.copy(), dwContext, verb, path, version,
                    dwFlags, initial);
            long v = created(r);
            if (v == 0) {
                return 0;
            }
            return v;
        } finally {
            table.release(hConnect);
        }
    }

    @Override
    public long InternetOpenUrl(long hInternet, String lpszUrl, String lpszHeaders, int dwHeadersLength,
                                int dwFlags, long dwContext) {
        InternetHandle parent = lease(hInternet);
        if (parent == null) {
            fail(Win32Error.ERROR_INVALID_HANDLE);
            return 0;
        }
        try {
            if (!(parent instanceof RootHandle)) {
                fail(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
                return 0;
            }
            if (lpszUrl == null) {
                fail(Win32Error.ERROR_INVALID_PARAMETER);
                return 0;
            }
            UrlParts url;
            List<Header> extra;
            try {
                url = UrlParts.parse(lpszUrl);
                extra = headersArgument(lpszHeaders, dwHeadersLength);
            } catch (RequestSyntax.ParseFailure e) {
                fail(e.error);
                return 0;
            }
            int flags = dwFlags | (url.secure() ? INTERNET_FLAG_SECURE : 0);
            ConnectHandle hidden = new ConnectHandle(this, parent, parent.options.copy(), dwContext, url.host(),
                    url.port(), true);
            RequestHandle r = new RequestHandle(this, parent, hidden, parent.options.copy(), dwContext, "GET",
                    url.target(), "HTTP/1.1", flags, List.of());
            long v = created(r);
            if (v == 0) {
                return 0;
            }
            PendingOp op = new PendingOp(PendingOp.Kind.SEND, r.async, null, 0, null, v);
            if (!r.async && transport.onTransportThread()) {
                closeInternally(r);
                fail(Win32Error.ERROR_POSSIBLE_DEADLOCK);
                return 0;
            }
            int err = r.startSend(op, extra, new byte[0]);
            if (err != 0) {
                closeInternally(r); // a callback closed it meanwhile (usually already done)
                fail(err);
                return 0;
            }
            if (r.async) {
                fail(Win32Error.ERROR_IO_PENDING); // WI-10: NULL + 997, the handle comes in REQUEST_COMPLETE
                return 0;
            }
            boolean ok = op.await();
            dispatcher.drain(SYNC_DRAIN);
            if (!ok) {
                closeInternally(r);
                fail(op.error());
                return 0;
            }
            session.lastError().set(0);
            return v;
        } finally {
            table.release(hInternet);
        }
    }

    private static List<Header> headersArgument(String headers, int length) throws RequestSyntax.ParseFailure {
        if (headers == null) {
            return List.of();
        }
        String text = RequestSyntax.slice(headers, length);
        if (text == null) {
            throw new RequestSyntax.ParseFailure(Win32Error.ERROR_INVALID_PARAMETER);
        }
        return RequestSyntax.parseHeaders(text);
    }

    // ---------------------------------------------------------------- requests

    @Override
    public boolean HttpAddRequestHeaders(long hRequest, String lpszHeaders, int dwHeadersLength, int dwModifiers) {
        InternetHandle h = lease(hRequest);
        if (h == null) {
            return fail(Win32Error.ERROR_INVALID_HANDLE);
        }
        try {
            if (!(h instanceof RequestHandle r)) {
                return fail(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
            }
            if (lpszHeaders == null) {
                return fail(Win32Error.ERROR_INVALID_PARAMETER);
            }
            List<Header> lines;
            try {
                lines = headersArgument(lpszHeaders, dwHeadersLength);
            } catch (RequestSyntax.ParseFailure e) {
                return fail(e.error);
            }
            int err = r.addHeaders(lines, dwModifiers);
            return err == 0 || fail(err);
        } finally {
            table.release(hRequest);
        }
    }

    @Override
    public boolean HttpSendRequest(long hRequest, String lpszHeaders, int dwHeadersLength, byte[] lpOptional,
                                   int dwOptionalLength) {
        InternetHandle h = lease(hRequest);
        if (h == null) {
            return fail(Win32Error.ERROR_INVALID_HANDLE);
        }
        try {
            if (!(h instanceof RequestHandle r)) {
                return fail(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
            }
            if (dwOptionalLength < 0 || (dwOptionalLength > 0 && (lpOptional == null || dwOptionalLength > lpOptional.length))) {
                return fail(Win32Error.ERROR_INVALID_PARAMETER);
            }
            List<Header> extra;
            try {
                extra = headersArgument(lpszHeaders, dwHeadersLength);
            } catch (RequestSyntax.ParseFailure e) {
                return fail(e.error);
            }
            if (!r.async && transport.onTransportThread()) {
                return fail(Win32Error.ERROR_POSSIBLE_DEADLOCK);
            }
            byte[] body = dwOptionalLength == 0 ? new byte[0] : Arrays.copyOf(lpOptional, dwOptionalLength);
            PendingOp op = new PendingOp(PendingOp.Kind.SEND, r.async, null, 0, null, 1);
            int err = r.startSend(op, extra, body);
            if (err != 0) {
                return fail(err);
            }
            if (r.async) {
                return fail(Win32Error.ERROR_IO_PENDING); // WI-10
            }
            boolean ok = op.await();
            dispatcher.drain(SYNC_DRAIN);
            if (!ok) {
                return fail(op.error());
            }
            session.lastError().set(0);
            return true;
        } finally {
            table.release(hRequest);
        }
    }

    @Override
    public boolean InternetReadFile(long hFile, byte[] lpBuffer, int dwNumberOfBytesToRead, IntRef lpdwNumberOfBytesRead) {
        InternetHandle h = lease(hFile);
        if (h == null) {
            return fail(Win32Error.ERROR_INVALID_HANDLE);
        }
        try {
            if (!(h instanceof RequestHandle r)) {
                return fail(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
            }
            if (lpdwNumberOfBytesRead == null || dwNumberOfBytesToRead < 0
                    || (dwNumberOfBytesToRead > 0 && (lpBuffer == null || dwNumberOfBytesToRead > lpBuffer.length))) {
                return fail(Win32Error.ERROR_INVALID_PARAMETER);
            }
            lpdwNumberOfBytesRead.value = 0;
            return awaitReadOrQuery(r, new PendingOp(PendingOp.Kind.READ, r.async, lpBuffer, dwNumberOfBytesToRead,
                    lpdwNumberOfBytesRead, 1));
        } finally {
            table.release(hFile);
        }
    }

    @Override
    public boolean InternetQueryDataAvailable(long hFile, IntRef lpdwNumberOfBytesAvailable, int dwFlags, long dwContext) {
        InternetHandle h = lease(hFile);
        if (h == null) {
            return fail(Win32Error.ERROR_INVALID_HANDLE);
        }
        try {
            if (!(h instanceof RequestHandle r)) {
                return fail(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
            }
            if (dwFlags != 0 || (lpdwNumberOfBytesAvailable == null && !r.async)) {
                return fail(Win32Error.ERROR_INVALID_PARAMETER);
            }
            return awaitReadOrQuery(r, new PendingOp(PendingOp.Kind.QUERY, r.async, null, 0,
                    lpdwNumberOfBytesAvailable, 1));
        } finally {
            table.release(hFile);
        }
    }

    private boolean awaitReadOrQuery(RequestHandle r, PendingOp op) {
        if (!r.async && transport.onTransportThread()) {
            return fail(Win32Error.ERROR_POSSIBLE_DEADLOCK);
        }
        RequestHandle.Immediate now = r.readOrQuery(op);
        if (now != null) {
            if (!now.ok()) {
                return fail(now.error());
            }
            session.lastError().set(0);
            return true;
        }
        if (r.async) {
            return fail(Win32Error.ERROR_IO_PENDING);
        }
        boolean ok = op.await();
        dispatcher.drain(SYNC_DRAIN);
        if (!ok) {
            return fail(op.error());
        }
        session.lastError().set(0);
        return true;
    }

    @Override
    public boolean HttpQueryInfo(long hRequest, int dwInfoLevel, byte[] lpBuffer, IntRef lpdwBufferLength, IntRef lpdwIndex) {
        InternetHandle h = lease(hRequest);
        if (h == null) {
            return fail(Win32Error.ERROR_INVALID_HANDLE);
        }
        try {
            if (!(h instanceof RequestHandle r)) {
                return fail(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
            }
            if (lpdwBufferLength == null) {
                return fail(Win32Error.ERROR_INVALID_PARAMETER);
            }
            return queryInfo(r, dwInfoLevel, lpBuffer, lpdwBufferLength, lpdwIndex);
        } finally {
            table.release(hRequest);
        }
    }

    private boolean queryInfo(RequestHandle r, int level, byte[] buf, IntRef len, IntRef index) {
        int what = level & 0xFFFF;
        boolean number = (level & HTTP_QUERY_FLAG_NUMBER) != 0;
        boolean requestSide = (level & HTTP_QUERY_FLAG_REQUEST_HEADERS) != 0;
        List<Header> headers;
        String firstLine;
        ResponseHead head = null;
        if (requestSide) {
            OutgoingRequest sent = r.sentRequest();
            headers = sent != null ? sent.headers() : r.wireHeaders(List.of(), 0);
            firstLine = r.verb + " " + r.target + " " + r.version;
        } else {
            head = r.responseHead();
            if (head == null) {
                return fail(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_STATE);
            }
            headers = head.headers();
            firstLine = head.version() + " " + head.status() + " " + head.reason();
        }
        String headerName = null;
        String value;
        switch (what) {
            case HTTP_QUERY_STATUS_CODE:
                value = head == null ? null : Integer.toString(head.status());
                break;
            case HTTP_QUERY_STATUS_TEXT:
                value = head == null ? null : head.reason();
                break;
            case HTTP_QUERY_VERSION:
                value = head == null ? r.version : head.version();
                break;
            case HTTP_QUERY_RAW_HEADERS_CRLF: {
                StringBuilder sb = new StringBuilder(firstLine).append("\r\n");
                headers.forEach(x -> sb.append(x.name()).append(": ").append(x.value()).append("\r\n"));
                value = sb.append("\r\n").toString();
                break;
            }
            case HTTP_QUERY_RAW_HEADERS: {
                StringBuilder sb = new StringBuilder(firstLine).append('\0');
                headers.forEach(x -> sb.append(x.name()).append(": ").append(x.value()).append('\0'));
                value = sb.toString();
                break;
            }
            case HTTP_QUERY_CONTENT_LENGTH:
                headerName = "Content-Length";
                value = null;
                break;
            case HTTP_QUERY_CONTENT_TYPE:
                headerName = "Content-Type";
                value = null;
                break;
            case HTTP_QUERY_CONNECTION:
                headerName = "Connection";
                value = null;
                break;
            case HTTP_QUERY_CUSTOM: {
                if (buf == null) {
                    return fail(Win32Error.ERROR_INVALID_PARAMETER);
                }
                int n = 0;
                int max = Math.min(buf.length, Math.max(len.value, 0));
                while (n < max && buf[n] != 0) {
                    n++;
                }
                headerName = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                if (!RequestSyntax.isToken(headerName)) {
                    return fail(Win32Error.ERROR_HTTP_HEADER_NOT_FOUND);
                }
                value = null;
                break;
            }
            default:
                return fail(Win32Error.ERROR_HTTP_INVALID_QUERY_REQUEST);
        }
        int nextIndex = -1;
        if (headerName != null) {
            int wanted = index == null ? 0 : index.value;
            int seen = 0;
            for (Header x : headers) {
                if (x.name().equalsIgnoreCase(headerName)) {
                    if (seen == wanted) {
                        value = x.value();
                        nextIndex = wanted + 1;
                        break;
                    }
                    seen++;
                }
            }
        }
        if (value == null) {
            return fail(headerName == null ? Win32Error.ERROR_HTTP_INVALID_QUERY_REQUEST
                    : Win32Error.ERROR_HTTP_HEADER_NOT_FOUND);
        }
        if (number) {
            int n;
            try {
                n = Integer.parseUnsignedInt(value.trim());
            } catch (NumberFormatException e) {
                return fail(Win32Error.ERROR_HTTP_INVALID_QUERY_REQUEST);
            }
            if (buf == null || len.value < 4 || buf.length < 4) {
                len.value = 4;
                return fail(Win32Error.ERROR_INSUFFICIENT_BUFFER);
            }
            buf[0] = (byte) n;
            buf[1] = (byte) (n >>> 8);
            buf[2] = (byte) (n >>> 16);
            buf[3] = (byte) (n >>> 24);
            len.value = 4;
        } else {
            byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
            if (buf == null || len.value < bytes.length + 1 || buf.length < bytes.length + 1) {
                len.value = bytes.length + 1;
                return fail(Win32Error.ERROR_INSUFFICIENT_BUFFER);
            }
            System.arraycopy(bytes, 0, buf, 0, bytes.length);
            buf[bytes.length] = 0;
            len.value = bytes.length;
        }
        if (index != null && nextIndex >= 0) {
            index.value = nextIndex;
        }
        session.lastError().set(0);
        return true;
    }

    // ---------------------------------------------------------------- callbacks and options

    @Override
    public InternetStatusCallback InternetSetStatusCallback(long hInternet, InternetStatusCallback lpfnInternetCallback) {
        InternetHandle h = lease(hInternet);
        if (h == null) {
            fail(Win32Error.ERROR_INVALID_HANDLE);
            return INTERNET_INVALID_STATUS_CALLBACK;
        }
        try {
            InternetStatusCallback previous = h.callback;
            h.callback = lpfnInternetCallback;
            return previous;
        } finally {
            table.release(hInternet);
        }
    }

    private static Integer dword(Object buffer) {
        if (buffer instanceof IntRef i) {
            return i.value;
        }
        return buffer instanceof Integer i ? i : null;
    }

    private static Long dwordPtr(Object buffer) {
        if (buffer instanceof LongRef l) {
            return l.value;
        }
        if (buffer instanceof Long l) {
            return l;
        }
        Integer i = dword(buffer);
        return i == null ? null : Integer.toUnsignedLong(i);
    }

    @Override
    public boolean InternetSetOption(long hInternet, int dwOption, Object lpBuffer, int dwBufferLength) {
        if (hInternet == 0) {
            if (Options.isDword(dwOption) && dwOption != INTERNET_OPTION_SECURITY_FLAGS) {
                return setDword(defaults, dwOption, lpBuffer, dwBufferLength);
            }
            if (dwOption == INTERNET_OPTION_CALLBACK || dwOption == INTERNET_OPTION_CONTEXT_VALUE
                    || dwOption == INTERNET_OPTION_HANDLE_TYPE || dwOption == INTERNET_OPTION_SECURITY_FLAGS) {
                return fail(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE); // WI-10
            }
            return fail(Win32Error.ERROR_INTERNET_INVALID_OPTION);
        }
        InternetHandle h = lease(hInternet);
        if (h == null) {
            return fail(Win32Error.ERROR_INVALID_HANDLE);
        }
        try {
            switch (dwOption) {
                case INTERNET_OPTION_CALLBACK:
                case INTERNET_OPTION_HANDLE_TYPE:
                    return fail(Win32Error.ERROR_INTERNET_OPTION_NOT_SETTABLE); // WI-10
                case INTERNET_OPTION_CONTEXT_VALUE: {
                    Long v = dwordPtr(lpBuffer);
                    if (v == null) {
                        return fail(Win32Error.ERROR_INVALID_PARAMETER);
                    }
                    if (dwBufferLength != 4 && dwBufferLength != 8) {
                        return fail(Win32Error.ERROR_INTERNET_BAD_OPTION_LENGTH);
                    }
                    h.context = v;
                    return true;
                }
                case INTERNET_OPTION_SECURITY_FLAGS:
                    if (!(h instanceof RequestHandle)) {
                        return fail(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
                    }
                    return setDword(h.options, dwOption, lpBuffer, dwBufferLength);
                default:
                    if (Options.isDword(dwOption)) {
                        return setDword(h.options, dwOption, lpBuffer, dwBufferLength);
                    }
                    return fail(Win32Error.ERROR_INTERNET_INVALID_OPTION);
            }
        } finally {
            table.release(hInternet);
        }
    }

    private boolean setDword(Options target, int option, Object buffer, int length) {
        Integer v = dword(buffer);
        if (v == null) {
            return fail(Win32Error.ERROR_INVALID_PARAMETER);
        }
        if (length < 4) {
            return fail(Win32Error.ERROR_INTERNET_BAD_OPTION_LENGTH);
        }
        target.set(option, v);
        return true;
    }

    @Override
    public boolean InternetQueryOption(long hInternet, int dwOption, Object lpBuffer, IntRef lpdwBufferLength) {
        if (lpdwBufferLength == null) {
            return fail(Win32Error.ERROR_INVALID_PARAMETER);
        }
        if (hInternet == 0) {
            if (Options.isDword(dwOption) && dwOption != INTERNET_OPTION_SECURITY_FLAGS) {
                return putDword(defaults.get(dwOption), lpBuffer, lpdwBufferLength);
            }
            return fail(dwOption == INTERNET_OPTION_CALLBACK || dwOption == INTERNET_OPTION_CONTEXT_VALUE
                    || dwOption == INTERNET_OPTION_HANDLE_TYPE || dwOption == INTERNET_OPTION_SECURITY_FLAGS
                    ? Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE : Win32Error.ERROR_INTERNET_INVALID_OPTION);
        }
        InternetHandle h = lease(hInternet);
        if (h == null) {
            return fail(Win32Error.ERROR_INVALID_HANDLE);
        }
        try {
            switch (dwOption) {
                case INTERNET_OPTION_HANDLE_TYPE:
                    return putDword(h.handleType(), lpBuffer, lpdwBufferLength);
                case INTERNET_OPTION_CALLBACK:
                    if (lpBuffer == null || lpdwBufferLength.value < 8) {
                        lpdwBufferLength.value = 8;
                        return fail(Win32Error.ERROR_INSUFFICIENT_BUFFER);
                    }
                    if (!(lpBuffer instanceof Ref<?> ref)) {
                        return fail(Win32Error.ERROR_INVALID_PARAMETER);
                    }
                    put(ref, h.callback);
                    lpdwBufferLength.value = 8;
                    return true;
                case INTERNET_OPTION_CONTEXT_VALUE:
                    if (lpBuffer == null || lpdwBufferLength.value < 8) {
                        lpdwBufferLength.value = 8;
                        return fail(Win32Error.ERROR_INSUFFICIENT_BUFFER);
                    }
                    if (!(lpBuffer instanceof LongRef out)) {
                        return fail(Win32Error.ERROR_INVALID_PARAMETER);
                    }
                    out.value = h.context;
                    lpdwBufferLength.value = 8;
                    return true;
                case INTERNET_OPTION_SECURITY_FLAGS:
                    if (!(h instanceof RequestHandle r)) {
                        return fail(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
                    }
                    return putDword(r.securityFlags(), lpBuffer, lpdwBufferLength);
                default:
                    if (Options.isDword(dwOption)) {
                        return putDword(h.options.get(dwOption), lpBuffer, lpdwBufferLength);
                    }
                    return fail(Win32Error.ERROR_INTERNET_INVALID_OPTION);
            }
        } finally {
            table.release(hInternet);
        }
    }

    /** A pointer-sized out-parameter: the caller's {@code Ref} holds whatever the option is. */
    @SuppressWarnings("unchecked")
    private static void put(Ref<?> ref, Object value) {
        ((Ref<Object>) ref).value = value;
    }

    private boolean putDword(int value, Object buffer, IntRef length) {
        if (buffer == null || length.value < 4) {
            length.value = 4;
            return fail(Win32Error.ERROR_INSUFFICIENT_BUFFER);
        }
        if (!(buffer instanceof IntRef out)) {
            return fail(Win32Error.ERROR_INVALID_PARAMETER);
        }
        out.value = value;
        length.value = 4;
        return true;
    }

    // ---------------------------------------------------------------- closing

    @Override
    public boolean InternetCloseHandle(long hInternet) {
        long start = System.nanoTime();
        HandleEntry e = hInternet == 0 ? null : table.get(hInternet);
        InternetHandle target = e instanceof InternetHandle ih && ih.engine == this ? ih : null;
        List<InternetHandle> doomed = target == null ? null : detach(target);
        if (doomed == null) {
            emitClose(hInternet, "(invalid)", Win32Error.ERROR_INVALID_HANDLE.code(), "invalid", start);
            fail(Win32Error.ERROR_INVALID_HANDLE); // WI-08
            if (hInternet != 0) {
                // Windows reports nothing beyond the error; strict mode flags it (NULL never is, as KO-03)
                boolean stale = table.check(hInternet) == HandleTable.Validity.STALE;
                session.misuse(new Misuse(stale ? Misuse.Kind.STALE_HANDLE : Misuse.Kind.INVALID_HANDLE,
                        "InternetCloseHandle", hInternet, 0, stale
                        ? "the value's slot belongs to a newer handle" : "not an open HINTERNET of this session"));
            }
            return false;
        }
        boolean outstanding = closeSubtree(doomed);
        if (outstanding) {
            session.lastError().set(Win32Error.ERROR_IO_PENDING); // WI-05
        }
        emitClose(hInternet, target.typeName(), 0, outstanding ? "cancelled" : "closed", start);
        return true;
    }

    private void emitClose(long h, String type, int error, String outcome, long start) {
        if (session.closeEvents().enabled()) {
            session.closeEvents().emit(HandleSpace.INTERNET, "InternetCloseHandle", h, type, error, outcome, start);
        }
    }

    /** Invalidates {@code target} and its subtree at once (WI-02); returns them deepest first, or null. */
    private List<InternetHandle> detach(InternetHandle target) {
        synchronized (treeLock) {
            if (target.invalidated) {
                return null;
            }
            List<InternetHandle> out = new ArrayList<>();
            postOrder(target, out);
            for (InternetHandle x : out) {
                x.invalidated = true;
            }
            if (target.parent != null) {
                target.parent.children.remove(target);
            }
            return out;
        }
    }

    private static void postOrder(InternetHandle h, List<InternetHandle> out) {
        for (InternetHandle c : h.children) {
            postOrder(c, out);
        }
        out.add(h);
    }

    /** Cancels, reports and frees each handle, deepest first (WI-03, WI-04). */
    private boolean closeSubtree(List<InternetHandle> doomed) {
        boolean outstanding = false;
        for (InternetHandle x : doomed) {
            synchronized (x.lock) {
                holdCallbacksLocked(x); // CLOSING_CONNECTION … REQUEST_COMPLETE … HANDLE_CLOSING: one wake-up
                try {
                    outstanding |= x.cancelLocked();
                    statusLocked(x, INTERNET_STATUS_HANDLE_CLOSING, x.value, HANDLE_SIZE);
                    x.closingReported = true;
                } finally {
                    // a batch with a cancelled REQUEST_COMPLETE wakes the callback thread now; one of
                    // only HANDLE_CLOSING waits for runCallbacksHere below
                    releaseCallbacksLocked(x, true);
                }
            }
            x.dispose();
        }
        runCallbacksHere(); // before the values are freed: no new handle can get one while a callback is told of it
        for (InternetHandle x : doomed) {
            table.close(x.value); // freed now, or when the last call in flight returns (WI-07)
        }
        return outstanding;
    }

    /** Closes a handle the application never got to own (a failed InternetOpenUrl). */
    void closeInternally(InternetHandle h) {
        List<InternetHandle> doomed = detach(h);
        if (doomed != null) {
            closeSubtree(doomed);
        }
    }

    /** Waits (bounded) until every callback queued so far has run; for tests and orderly shutdown. */
    void awaitCallbacks(Duration max) {
        dispatcher.drain(max);
    }

    @Override
    public int GetLastError() {
        return session.lastError().get();
    }

    /** Ends the session's WinINet: wakes blocked calls, stops the callback thread and the transport. */
    @Override
    public void close() {
        for (InternetHandle h : live) {
            h.dispose();
        }
        live.clear();
        dispatcher.close();
        resolver.shutdownNow();
        transport.close();
    }

    @Override
    public String toString() {
        return "EmulatedWinInet[" + session.name() + ", " + transport + "]";
    }
}

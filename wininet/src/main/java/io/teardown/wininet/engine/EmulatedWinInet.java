package io.teardown.wininet.engine;

import io.teardown.api.CloseEvent;
import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.Misuse;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.HandleTable;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.WinInet;
import io.teardown.wininet.engine.HttpConnection.Header;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The portable WinINet: every rule WI-01 … WI-11 (<a href="https://github.com/teardown-io/teardown/blob/main/docs/wininet.md">docs/wininet.md</a>) as plain Java over an
 * {@link HttpTransport}. This class is the flat functions over handle objects: a {@link HandleTree} of
 * {@link InternetHandle}s in the session's {@link HandleSpace#INTERNET} table, each with its own
 * {@link StatusChannel}; requests are {@link RequestHandle}s.
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
    private final Session session;
    private final HandleTree tree;
    private final Network network;
    private final CallbackDispatcher dispatcher;
    /** Async trees' callbacks: the session's callback thread (WI-10). */
    private final Delivery onCallbackThread;
    /** Synchronous trees' callbacks: the calling thread, inside the call (WI-11). */
    private final Delivery onCallingThread;
    private final Options defaults = new Options();
    private final OptionCalls optionCalls = new OptionCalls(defaults);

    /** The engine of one session, over {@code transport} (closed with the engine). */
    public EmulatedWinInet(Session session, HttpTransport transport) {
        this.session = session;
        this.tree = new HandleTree(session);
        this.network = new Network(transport, session.name());
        this.dispatcher = new CallbackDispatcher("teardown-wininet-callbacks-" + session.name());
        this.onCallbackThread = new Delivery.CallbackThread(dispatcher, transport, session);
        this.onCallingThread = new Delivery.CallingThread(session);
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

    private boolean succeed() {
        session.lastError().set(0);
        return true;
    }

    private boolean result(int error) {
        return error == 0 ? succeed() : fail(error);
    }

    /** Leases an open handle of this engine, or returns null (nothing leased). */
    private InternetHandle lease(long h) {
        return tree.lease(h);
    }

    /**
     * Marks the calling thread as inside a call that may cause callbacks: in synchronous mode they are
     * queued for it and run before the call returns (WI-11). Pair with {@link #leave}.
     */
    private static CallerQueue enter() {
        CallerQueue me = CallerQueue.mine();
        me.enter();
        return me;
    }

    /** Ends {@link #enter()}: whatever the call caused in synchronous mode and has not run yet runs now. */
    private void leave(CallerQueue me) {
        me.leave();
        if (me.hasQueued()) {
            onCallingThread.afterCall();
        }
    }

    /** Whether a synchronous call would block an I/O thread (refused with ERROR_POSSIBLE_DEADLOCK). */
    private boolean blocksTransport(InternetHandle h) {
        return !h.async && network.transport().onTransportThread();
    }

    /**
     * Puts a new child handle in the table and reports HANDLE_CREATED with its value (WI-10, WI-11); 0,
     * with ERROR_INVALID_HANDLE set, if its parent was closed meanwhile.
     */
    private long created(InternetHandle child) {
        long v = tree.insert(child);
        if (v == 0) {
            fail(Win32Error.ERROR_INVALID_HANDLE);
            return 0;
        }
        child.reportCreated();
        child.channel.delivery().afterCall();
        return v;
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
        boolean async = (dwFlags & INTERNET_FLAG_ASYNC) != 0;
        RootHandle root = new RootHandle(tree, async, async ? onCallbackThread : onCallingThread, defaults.copy(),
                lpszAgent);
        return tree.insert(root);
    }

    @Override
    public long InternetConnect(long hInternet, String lpszServerName, int nServerPort, String lpszUserName,
                                String lpszPassword, int dwService, int dwFlags, long dwContext) {
        InternetHandle parent = lease(hInternet);
        if (parent == null) {
            fail(Win32Error.ERROR_INVALID_HANDLE);
            return 0;
        }
        CallerQueue me = enter();
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
            ConnectHandle c = new ConnectHandle(parent, parent.options.copy(), dwContext, host, port, false);
            long v = created(c);
            if (v == 0) {
                return 0;
            }
            return v;
        } finally {
            leave(me);
            tree.release(hInternet);
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
        CallerQueue me = enter();
        try {
            if (!(parent instanceof ConnectHandle c)) {
                fail(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
                return 0;
            }
            RequestSyntax.RequestLine line;
            try {
                line = RequestSyntax.requestLine(lpszVerb, lpszObjectName, lpszVersion, lpszReferrer,
                        lplpszAcceptTypes);
            } catch (RequestSyntax.ParseFailure e) {
                fail(e.error);
                return 0;
            }
            RequestHandle r = new RequestHandle(network, c, c, c.options.copy(), dwContext, line.verb(), line.path(),
                    line.version(), dwFlags, line.headers());
            long v = created(r);
            if (v == 0) {
                return 0;
            }
            return v;
        } finally {
            leave(me);
            tree.release(hConnect);
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
        CallerQueue me = enter();
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
                extra = RequestSyntax.headersArgument(lpszHeaders, dwHeadersLength);
            } catch (RequestSyntax.ParseFailure e) {
                fail(e.error);
                return 0;
            }
            int flags = dwFlags | (url.secure() ? INTERNET_FLAG_SECURE : 0);
            ConnectHandle hidden = new ConnectHandle(parent, parent.options.copy(), dwContext, url.host(),
                    url.port(), true);
            RequestHandle r = new RequestHandle(network, parent, hidden, parent.options.copy(), dwContext, "GET",
                    url.target(), "HTTP/1.1", flags, List.of());
            long v = created(r);
            if (v == 0) {
                return 0;
            }
            PendingOp op = new PendingOp(PendingOp.Kind.SEND, r.async, null, 0, null, v);
            if (blocksTransport(r)) {
                tree.closeInternally(r);
                fail(Win32Error.ERROR_POSSIBLE_DEADLOCK);
                return 0;
            }
            int err = r.startSend(op, extra, new byte[0]);
            if (err != 0) {
                tree.closeInternally(r); // a callback closed it meanwhile (usually already done)
                fail(err);
                return 0;
            }
            if (r.async) {
                fail(Win32Error.ERROR_IO_PENDING); // WI-10: NULL + 997, the handle comes in REQUEST_COMPLETE
                return 0;
            }
            boolean ok = op.caller.await(op, r.lock); // its progress callbacks run here meanwhile (WI-11)
            if (!ok) {
                tree.closeInternally(r);
                fail(op.error());
                return 0;
            }
            session.lastError().set(0);
            return v;
        } finally {
            leave(me);
            tree.release(hInternet);
        }
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
                lines = RequestSyntax.headersArgument(lpszHeaders, dwHeadersLength);
            } catch (RequestSyntax.ParseFailure e) {
                return fail(e.error);
            }
            int err = r.addHeaders(lines, dwModifiers);
            return err == 0 || fail(err);
        } finally {
            tree.release(hRequest);
        }
    }

    @Override
    public boolean HttpSendRequest(long hRequest, String lpszHeaders, int dwHeadersLength, byte[] lpOptional,
                                   int dwOptionalLength) {
        InternetHandle h = lease(hRequest);
        if (h == null) {
            return fail(Win32Error.ERROR_INVALID_HANDLE);
        }
        CallerQueue me = enter();
        try {
            if (!(h instanceof RequestHandle r)) {
                return fail(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
            }
            if (dwOptionalLength < 0 || (dwOptionalLength > 0 && (lpOptional == null || dwOptionalLength > lpOptional.length))) {
                return fail(Win32Error.ERROR_INVALID_PARAMETER);
            }
            List<Header> extra;
            try {
                extra = RequestSyntax.headersArgument(lpszHeaders, dwHeadersLength);
            } catch (RequestSyntax.ParseFailure e) {
                return fail(e.error);
            }
            if (blocksTransport(r)) {
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
            boolean ok = op.caller.await(op, r.lock); // its progress callbacks run here meanwhile (WI-11)
            if (!ok) {
                return fail(op.error());
            }
            session.lastError().set(0);
            return true;
        } finally {
            leave(me);
            tree.release(hRequest);
        }
    }

    @Override
    public boolean InternetReadFile(long hFile, byte[] lpBuffer, int dwNumberOfBytesToRead, IntRef lpdwNumberOfBytesRead) {
        InternetHandle h = lease(hFile);
        if (h == null) {
            return fail(Win32Error.ERROR_INVALID_HANDLE);
        }
        CallerQueue me = enter();
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
            leave(me);
            tree.release(hFile);
        }
    }

    @Override
    public boolean InternetQueryDataAvailable(long hFile, IntRef lpdwNumberOfBytesAvailable, int dwFlags, long dwContext) {
        InternetHandle h = lease(hFile);
        if (h == null) {
            return fail(Win32Error.ERROR_INVALID_HANDLE);
        }
        CallerQueue me = enter();
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
            leave(me);
            tree.release(hFile);
        }
    }

    private boolean awaitReadOrQuery(RequestHandle r, PendingOp op) {
        if (blocksTransport(r)) {
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
        boolean ok = op.caller.await(op, r.lock);
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
            return result(HeaderQuery.query(r, dwInfoLevel, lpBuffer, lpdwBufferLength, lpdwIndex));
        } finally {
            tree.release(hRequest);
        }
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
            tree.release(hInternet);
        }
    }

    @Override
    public boolean InternetSetOption(long hInternet, int dwOption, Object lpBuffer, int dwBufferLength) {
        if (hInternet == 0) {
            return result(optionCalls.setDefault(dwOption, lpBuffer, dwBufferLength));
        }
        InternetHandle h = lease(hInternet);
        if (h == null) {
            return fail(Win32Error.ERROR_INVALID_HANDLE);
        }
        try {
            return result(optionCalls.set(h, dwOption, lpBuffer, dwBufferLength));
        } finally {
            tree.release(hInternet);
        }
    }

    @Override
    public boolean InternetQueryOption(long hInternet, int dwOption, Object lpBuffer, IntRef lpdwBufferLength) {
        if (lpdwBufferLength == null) {
            return fail(Win32Error.ERROR_INVALID_PARAMETER);
        }
        if (hInternet == 0) {
            return result(optionCalls.queryDefault(dwOption, lpBuffer, lpdwBufferLength));
        }
        InternetHandle h = lease(hInternet);
        if (h == null) {
            return fail(Win32Error.ERROR_INVALID_HANDLE); // also once closed (WI-02, WI-08)
        }
        try {
            return result(optionCalls.query(h, dwOption, lpBuffer, lpdwBufferLength));
        } finally {
            tree.release(hInternet);
        }
    }

    // ---------------------------------------------------------------- closing

    @Override
    public boolean InternetCloseHandle(long hInternet) {
        long start = System.nanoTime();
        InternetHandle target = tree.peek(hInternet);
        List<InternetHandle> doomed = target == null ? null : tree.detach(target);
        if (doomed == null) {
            emitClose(hInternet, "(invalid)", Win32Error.ERROR_INVALID_HANDLE.code(), CloseEvent.Outcome.INVALID, start);
            fail(Win32Error.ERROR_INVALID_HANDLE); // WI-08
            if (hInternet != 0) {
                // Windows reports nothing beyond the error; strict mode flags it (NULL never is, as KO-03)
                boolean stale = tree.table().check(hInternet) == HandleTable.Validity.STALE;
                session.misuse(new Misuse(stale ? Misuse.Kind.STALE_HANDLE : Misuse.Kind.INVALID_HANDLE,
                        "InternetCloseHandle", hInternet, 0, stale
                        ? "the value's slot belongs to a newer handle" : "not an open HINTERNET of this session"));
            }
            return false;
        }
        CallerQueue me = enter();
        boolean outstanding;
        try {
            outstanding = tree.close(doomed); // its callbacks run before it returns where the mode says
        } finally {
            leave(me);
        }
        if (outstanding) {
            session.lastError().set(Win32Error.ERROR_IO_PENDING); // WI-05
        }
        emitClose(hInternet, target.typeName(), 0, outstanding ? CloseEvent.Outcome.CANCELLED : CloseEvent.Outcome.CLOSED, start);
        return true;
    }

    private void emitClose(long h, String type, int error, CloseEvent.Outcome outcome, long start) {
        if (session.closeEvents().enabled()) {
            session.closeEvents().emit(HandleSpace.INTERNET, "InternetCloseHandle", h, type, error, outcome, start);
        }
    }

    /** Waits (bounded) until every async callback queued so far has run; for tests and orderly shutdown. */
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
        tree.disposeAll();
        dispatcher.close();
        network.close();
    }

    @Override
    public String toString() {
        return "EmulatedWinInet[" + session.name() + ", " + network.transport() + "]";
    }
}

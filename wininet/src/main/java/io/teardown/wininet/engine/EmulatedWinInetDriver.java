package io.teardown.wininet.engine;

import io.teardown.api.IntRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.wininet.InternetBuffers;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.WinInet;
import io.teardown.wininet.engine.HttpConnection.Header;
import io.teardown.wininet.spi.WinInetDriver;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The portable WinINet driver: the work of every flat function behind the front, as plain Java over an
 * {@link HttpTransport} (<a href="https://github.com/teardown-io/teardown/blob/main/docs/wininet.md">docs/wininet.md</a>).
 * The front resolves the HINTERNET; here each handle is an {@link InternetHandle} with its own
 * {@link StatusChannel}, requests are {@link RequestHandle}s.
 *
 * <ul>
 *   <li>{@link #doClose} finishes each pending operation of a closed subtree as cancelled, deepest
 *       first (REQUEST_COMPLETE with 12017 when async), and queues HANDLE_CLOSING (70) as each
 *       handle's last callback (WI-03, WI-04, WI-06).</li>
 *   <li>A blocked synchronous call on a handle being closed is woken with 12017 (WI-07).</li>
 *   <li>In async mode request calls return 997 and finish with REQUEST_COMPLETE on the callback thread
 *       (WI-10); in synchronous mode every callback a call causes runs on the calling thread before it
 *       returns (WI-11, {@link CallerQueue}).</li>
 * </ul>
 */
public final class EmulatedWinInetDriver implements WinInetDriver {
    private static final int POSSIBLE_DEADLOCK = Win32Error.ERROR_POSSIBLE_DEADLOCK.code();
    private static final int IO_PENDING = Win32Error.ERROR_IO_PENDING.code();

    private final Session session;
    private final Network network;
    private final CallbackDispatcher dispatcher;
    /** Async trees' callbacks: the session's callback thread (WI-10). */
    private final Delivery onCallbackThread;
    /** Synchronous trees' callbacks: the calling thread, inside the call (WI-11). */
    private final Delivery onCallingThread;
    private final Options defaults = new Options();
    private final OptionCalls optionCalls = new OptionCalls(defaults);
    private final Set<InternetHandle> live = ConcurrentHashMap.newKeySet();

    /** The engine of one session, over {@code transport} (closed with the engine). */
    public EmulatedWinInetDriver(Session session, HttpTransport transport) {
        this.session = session;
        this.network = new Network(transport, session.name());
        this.dispatcher = new CallbackDispatcher("teardown-wininet-callbacks-" + session.name());
        this.onCallbackThread = new Delivery.CallbackThread(dispatcher, transport, session);
        this.onCallingThread = new Delivery.CallingThread(session);
    }

    // ---------------------------------------------------------------- helpers

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
     * Registers a new child handle and reports HANDLE_CREATED with its value (WI-10, WI-11); 0 if its
     * parent was closed meanwhile.
     */
    private long created(InternetHandle child, Registrar registrar) {
        long v = registrar.register(child);
        if (v == 0) {
            return 0;
        }
        child.reportCreated();
        child.channel.delivery().afterCall();
        return v;
    }

    private static Created handle(long v) {
        return v == 0 ? new Created.Failed(Win32Error.ERROR_INVALID_HANDLE.code()) : new Created.Handle(v);
    }

    private static Created failed(Win32Error e) {
        return new Created.Failed(e.code());
    }

    /**
     * A request call's result: done or failed at once, or pending — then 997 when async (WI-10), or the
     * caller waits for it, running its callbacks meanwhile (WI-11).
     */
    private static int outcome(RequestHandle r, PendingOp op, Uploads.Outcome now) {
        if (!now.pending()) {
            return now.ok() ? 0 : now.error();
        }
        return r.async ? IO_PENDING : await(r, op);
    }

    private static int await(RequestHandle r, PendingOp op) {
        return op.caller.await(op, r.lock) ? 0 : op.error(); // its progress callbacks run here meanwhile (WI-11)
    }

    // ---------------------------------------------------------------- the handle's life

    @Override
    public void bound(Node node, long value) {
        InternetHandle h = (InternetHandle) node;
        h.value = value;
        live.add(h);
    }

    @Override
    public void invalidated(Node node) {
        ((InternetHandle) node).invalidated = true;
    }

    @Override
    public boolean doClose(List<Node> doomed) {
        CallerQueue me = enter();
        try {
            boolean outstanding = false;
            for (Node x : doomed) {
                outstanding |= ((InternetHandle) x).reportClose();
            }
            ((InternetHandle) doomed.get(0)).channel.delivery().afterCall();
            return outstanding;
        } finally {
            leave(me);
        }
    }

    @Override
    public int release(Node node, boolean withParent) {
        InternetHandle h = (InternetHandle) node;
        h.dispose();
        live.remove(h);
        return 0;
    }

    // ---------------------------------------------------------------- handles

    @Override
    public Created open(String lpszAgent, int dwAccessType, String lpszProxy, String lpszProxyBypass, int dwFlags,
                        Registrar registrar) {
        if (dwAccessType != WinInet.INTERNET_OPEN_TYPE_PRECONFIG && dwAccessType != WinInet.INTERNET_OPEN_TYPE_DIRECT
                && dwAccessType != WinInet.INTERNET_OPEN_TYPE_PROXY && dwAccessType != 4) {
            return failed(Win32Error.ERROR_INVALID_PARAMETER);
        }
        if ((dwAccessType == WinInet.INTERNET_OPEN_TYPE_PROXY && (lpszProxy == null || lpszProxy.isEmpty()))
                || (lpszAgent != null && !RequestSyntax.isFieldValue(lpszAgent))) {
            return failed(Win32Error.ERROR_INVALID_PARAMETER);
        }
        boolean async = (dwFlags & WinInet.INTERNET_FLAG_ASYNC) != 0;
        return new Created.Handle(registrar.register(new RootHandle(async, async ? onCallbackThread : onCallingThread,
                defaults.copy(), lpszAgent)));
    }

    @Override
    public Created connect(Node session, String lpszServerName, int nServerPort, String lpszUserName,
                           String lpszPassword, int dwService, int dwFlags, long dwContext, Registrar registrar) {
        if (dwService == WinInet.INTERNET_SERVICE_FTP || dwService == 2) {
            return failed(Win32Error.ERROR_NOT_SUPPORTED);
        }
        if (dwService != WinInet.INTERNET_SERVICE_HTTP || lpszServerName == null || lpszServerName.isEmpty()
                || !RequestSyntax.isVisible(lpszServerName) || nServerPort < 0 || nServerPort > 65535) {
            return failed(Win32Error.ERROR_INVALID_PARAMETER);
        }
        InternetHandle parent = (InternetHandle) session;
        String host = lpszServerName.startsWith("[") && lpszServerName.endsWith("]")
                ? lpszServerName.substring(1, lpszServerName.length() - 1) : lpszServerName;
        int port = nServerPort == 0 ? WinInet.INTERNET_DEFAULT_HTTP_PORT : nServerPort;
        CallerQueue me = enter();
        try {
            return handle(created(new ConnectHandle(parent, parent.options.copy(), dwContext, host, port, false), registrar));
        } finally {
            leave(me);
        }
    }

    @Override
    public Created openRequest(Node connect, String lpszVerb, String lpszObjectName, String lpszVersion,
                               String lpszReferrer, String[] lplpszAcceptTypes, int dwFlags, long dwContext,
                               Registrar registrar) {
        ConnectHandle c = (ConnectHandle) connect;
        RequestSyntax.RequestLine line;
        try {
            line = RequestSyntax.requestLine(lpszVerb, lpszObjectName, lpszVersion, lpszReferrer, lplpszAcceptTypes);
        } catch (RequestSyntax.ParseFailure e) {
            return failed(e.error);
        }
        CallerQueue me = enter();
        try {
            return handle(created(new RequestHandle(network, c, c, c.options.copy(), dwContext, line.verb(), line.path(),
                    line.version(), dwFlags, line.headers()), registrar));
        } finally {
            leave(me);
        }
    }

    @Override
    public Created openUrl(Node session, String lpszUrl, String lpszHeaders, int dwHeadersLength, int dwFlags,
                           long dwContext, Registrar registrar) {
        InternetHandle parent = (InternetHandle) session;
        UrlParts url;
        List<Header> extra;
        try {
            url = UrlParts.parse(lpszUrl);
            extra = RequestSyntax.headersArgument(lpszHeaders, dwHeadersLength);
        } catch (RequestSyntax.ParseFailure e) {
            return failed(e.error);
        }
        int flags = dwFlags | (url.secure() ? WinInet.INTERNET_FLAG_SECURE : 0);
        ConnectHandle hidden = new ConnectHandle(parent, parent.options.copy(), dwContext, url.host(), url.port(), true);
        RequestHandle r = new RequestHandle(network, parent, hidden, parent.options.copy(), dwContext, "GET",
                url.target(), "HTTP/1.1", flags, List.of());
        r.registrar = registrar; // an async failure abandons it (WI-10)
        CallerQueue me = enter();
        try {
            long v = created(r, registrar);
            if (v == 0) {
                return handle(0);
            }
            if (blocksTransport(r)) {
                registrar.abandon(v);
                return failed(Win32Error.ERROR_POSSIBLE_DEADLOCK);
            }
            PendingOp op = new PendingOp(PendingOp.Kind.SEND, r.async, null, 0, null, v);
            int err = r.startSend(op, extra, new byte[0]);
            if (err == 0) {
                // WI-10: async gives NULL + 997, the handle comes in REQUEST_COMPLETE
                err = r.async ? IO_PENDING : await(r, op);
            }
            if (err != 0 && err != IO_PENDING) {
                registrar.abandon(v); // a failed open leaves no handle (a callback may have closed it already)
            }
            return err == 0 ? new Created.Handle(v) : new Created.Failed(err);
        } finally {
            leave(me);
        }
    }

    // ---------------------------------------------------------------- requests

    @Override
    public int addRequestHeaders(Node request, String lpszHeaders, int dwHeadersLength, int dwModifiers) {
        try {
            return ((RequestHandle) request).addHeaders(RequestSyntax.headersArgument(lpszHeaders, dwHeadersLength),
                    dwModifiers);
        } catch (RequestSyntax.ParseFailure e) {
            return e.error.code();
        }
    }

    @Override
    public int sendRequest(Node request, String lpszHeaders, int dwHeadersLength, byte[] lpOptional,
                           int dwOptionalLength) {
        RequestHandle r = (RequestHandle) request;
        CallerQueue me = enter();
        try {
            List<Header> extra = RequestSyntax.headersArgument(lpszHeaders, dwHeadersLength);
            if (blocksTransport(r)) {
                return POSSIBLE_DEADLOCK;
            }
            byte[] body = dwOptionalLength == 0 ? new byte[0] : Arrays.copyOf(lpOptional, dwOptionalLength);
            PendingOp op = new PendingOp(PendingOp.Kind.SEND, r.async, null, 0, null, 1);
            int err = r.startSend(op, extra, body);
            return err != 0 ? err : r.async ? IO_PENDING : await(r, op); // WI-10, WI-11
        } catch (RequestSyntax.ParseFailure e) {
            return e.error.code();
        } finally {
            leave(me);
        }
    }

    @Override
    public int sendRequestEx(Node request, InternetBuffers lpBuffersIn, int dwFlags, long dwContext) {
        RequestHandle r = (RequestHandle) request;
        InternetBuffers in = lpBuffersIn == null ? new InternetBuffers() : lpBuffersIn;
        CallerQueue me = enter();
        try {
            List<Header> extra = RequestSyntax.headersArgument(in.lpcszHeader,
                    in.lpcszHeader == null ? 0 : in.dwHeadersLength);
            if (blocksTransport(r)) {
                return POSSIBLE_DEADLOCK;
            }
            byte[] first = Arrays.copyOf(in.lpvBuffer == null ? new byte[0] : in.lpvBuffer, in.dwBufferLength);
            PendingOp op = new PendingOp(PendingOp.Kind.SEND, r.async, null, 0, null, 1);
            int err = r.startUpload(op, extra, first, Integer.toUnsignedLong(in.dwBufferTotal));
            return err != 0 ? err : outcome(r, op, Uploads.Outcome.PENDING);
        } catch (RequestSyntax.ParseFailure e) {
            return e.error.code();
        } finally {
            leave(me);
        }
    }

    @Override
    public int writeFile(Node request, byte[] lpBuffer, int dwNumberOfBytesToWrite, IntRef lpdwNumberOfBytesWritten) {
        RequestHandle r = (RequestHandle) request;
        CallerQueue me = enter();
        try {
            lpdwNumberOfBytesWritten.value = 0;
            if (blocksTransport(r)) {
                return POSSIBLE_DEADLOCK;
            }
            PendingOp op = new PendingOp(PendingOp.Kind.WRITE, r.async, lpBuffer == null ? new byte[0] : lpBuffer,
                    dwNumberOfBytesToWrite, lpdwNumberOfBytesWritten, 1);
            return outcome(r, op, Uploads.write(r, op));
        } finally {
            leave(me);
        }
    }

    @Override
    public int endRequest(Node request, int dwFlags, long dwContext) {
        RequestHandle r = (RequestHandle) request;
        CallerQueue me = enter();
        try {
            if (blocksTransport(r)) {
                return POSSIBLE_DEADLOCK;
            }
            PendingOp op = new PendingOp(PendingOp.Kind.SEND, r.async, null, 0, null, 1);
            return outcome(r, op, Uploads.end(r, op));
        } finally {
            leave(me);
        }
    }

    @Override
    public int readFileEx(Node request, InternetBuffers lpBuffersOut, int dwFlags, long dwContext) {
        RequestHandle r = (RequestHandle) request;
        IntRef read = new IntRef();
        PendingOp op = new PendingOp(PendingOp.Kind.READ, r.async, lpBuffersOut.lpvBuffer, lpBuffersOut.dwBufferLength,
                read, 1);
        op.noWait = (dwFlags & WinInet.IRF_NO_WAIT) != 0;
        op.buffers = lpBuffersOut;
        int err = readOrQuery(r, op);
        if (err == 0) {
            lpBuffersOut.dwBufferLength = read.value; // a pending read sets it before its REQUEST_COMPLETE
        }
        return err;
    }

    @Override
    public int readFile(Node request, byte[] lpBuffer, int dwNumberOfBytesToRead, IntRef lpdwNumberOfBytesRead) {
        RequestHandle r = (RequestHandle) request;
        lpdwNumberOfBytesRead.value = 0;
        return readOrQuery(r, new PendingOp(PendingOp.Kind.READ, r.async, lpBuffer, dwNumberOfBytesToRead,
                lpdwNumberOfBytesRead, 1));
    }

    @Override
    public int queryDataAvailable(Node request, IntRef lpdwNumberOfBytesAvailable, int dwFlags, long dwContext) {
        RequestHandle r = (RequestHandle) request;
        return readOrQuery(r, new PendingOp(PendingOp.Kind.QUERY, r.async, null, 0, lpdwNumberOfBytesAvailable, 1));
    }

    private int readOrQuery(RequestHandle r, PendingOp op) {
        CallerQueue me = enter();
        try {
            if (blocksTransport(r)) {
                return POSSIBLE_DEADLOCK;
            }
            Reads.Immediate now = Reads.start(r, op);
            if (now != null) {
                return now.ok() ? 0 : now.error();
            }
            if (r.async) {
                return IO_PENDING;
            }
            int err = await(r, op);
            Reads.collect(r, op); // a read given bytes copies them here, on the caller's thread
            return err;
        } finally {
            leave(me);
        }
    }

    @Override
    public int queryInfo(Node request, int dwInfoLevel, byte[] lpBuffer, IntRef lpdwBufferLength, IntRef lpdwIndex) {
        return HeaderQuery.query((RequestHandle) request, dwInfoLevel, lpBuffer, lpdwBufferLength, lpdwIndex);
    }

    // ---------------------------------------------------------------- callbacks and options

    @Override
    public int setStatusCallback(Node node, InternetStatusCallback lpfnInternetCallback,
                                 Ref<InternetStatusCallback> previous) {
        InternetHandle h = (InternetHandle) node;
        previous.value = h.callback;
        h.callback = lpfnInternetCallback;
        return 0;
    }

    @Override
    public int setOption(Node node, int dwOption, Object lpBuffer, int dwBufferLength) {
        return node == null ? optionCalls.setDefault(dwOption, lpBuffer, dwBufferLength)
                : optionCalls.set((InternetHandle) node, dwOption, lpBuffer, dwBufferLength);
    }

    @Override
    public int queryOption(Node node, int dwOption, Object lpBuffer, IntRef lpdwBufferLength) {
        return node == null ? optionCalls.queryDefault(dwOption, lpBuffer, lpdwBufferLength)
                : optionCalls.query((InternetHandle) node, dwOption, lpBuffer, lpdwBufferLength);
    }

    // ---------------------------------------------------------------- the session

    /** Waits (bounded) until every async callback queued so far has run; for tests and orderly shutdown. */
    void awaitCallbacks(Duration max) {
        dispatcher.drain(max);
    }

    /** Ends the session's WinINet: wakes blocked calls, stops the callback thread and the transport. */
    @Override
    public void close() {
        for (InternetHandle h : live) {
            h.dispose();
        }
        live.clear();
        dispatcher.close();
        network.close();
    }

    @Override
    public String toString() {
        return "EmulatedWinInetDriver[" + session.name() + ", " + network.transport() + "]";
    }
}

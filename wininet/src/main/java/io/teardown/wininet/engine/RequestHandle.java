package io.teardown.wininet.engine;

import io.teardown.api.Win32Error;
import io.teardown.wininet.InternetAsyncResult;
import io.teardown.wininet.WinInet;
import io.teardown.wininet.spi.WinInetDriver;
import io.teardown.wininet.engine.HttpConnection.Header;
import io.teardown.wininet.engine.HttpConnection.OutgoingRequest;
import io.teardown.wininet.engine.HttpConnection.ResponseHead;
import java.util.List;

/**
 * A request handle from {@code HttpOpenRequest} or {@code InternetOpenUrl}: the request to send, the
 * current {@link Exchange} (the response being received), and at most one pending operation (send, write,
 * read or query) — its state, and how an operation begins and finishes (REQUEST_COMPLETE when async,
 * WI-10) or is cancelled by a close (WI-04).
 *
 * <p>The work is done by the parts it owns the state for: {@link Sending} (resolve, connect, send, retry,
 * a redirect's next hop), {@link Attempt} (the transport's events for one attempt, up to the response
 * head), {@link Reads} (the body, from the exchange's {@link BodyBuffer}), {@link Uploads} and
 * {@link Redirects}. The body is pulled from the transport only as far as the buffer has room
 * ({@link #HIGH_WATER}); the connection goes back to the parent only when the application has read the
 * body to the end, closing earlier aborts it (WI-01). Every transport event is checked under {@link #lock}
 * against the current exchange, so events of a cancelled or replaced exchange are dropped; transport calls
 * are made outside the lock. Reports go to the handle's own {@link #channel}, which runs them where the
 * session's mode says (WI-10, WI-11). See docs/wininet.md.
 */
final class RequestHandle extends InternetHandle {
    /** How much body is buffered before the transport stops reading. */
    static final int HIGH_WATER = 256 * 1024;

    private final Network net;
    final String version;
    final int flags;
    /** Made by InternetOpenUrl (its connection handle is hidden and goes with it). */
    final boolean openUrl;
    // Where the request goes: HttpOpenRequest's, then each followed redirect's (written under lock)
    volatile ConnectHandle connect;
    volatile String verb;
    volatile String target;
    volatile boolean secure;

    private final RequestHeaders headers;
    private Exchange exchange; // guarded by lock
    private PendingOp pending; // guarded by lock
    private boolean disposed; // guarded by lock: no exchange starts after dispose()
    /** InternetOpenUrl's: where a failed async open gives its handle back (WI-10); set before it is registered. */
    volatile WinInetDriver.Registrar registrar;

    RequestHandle(Network net, InternetHandle parent, ConnectHandle connect, Options options, long context,
                  String verb, String target, String version, int flags, List<Header> initial) {
        super(parent, options, context);
        this.net = net;
        this.connect = connect;
        this.openUrl = connect.hidden;
        this.verb = verb;
        this.target = target;
        this.version = version;
        this.flags = flags;
        this.secure = (flags & WinInet.INTERNET_FLAG_SECURE) != 0;
        this.headers = new RequestHeaders(version, agentHeaderOf(parent), initial);
    }

    /** The default User-Agent header of the tree (its root's agent), or null. */
    private static Header agentHeaderOf(InternetHandle h) {
        InternetHandle x = h;
        while (x.parent != null) {
            x = x.parent;
        }
        return ((RootHandle) x).agentHeader;
    }

    @Override
    int handleType() {
        return WinInet.INTERNET_HANDLE_TYPE_HTTP_REQUEST;
    }

    @Override
    public String typeName() {
        return "HttpOpenRequest";
    }

    /** {@code INTERNET_OPTION_URL}: scheme, host, the port unless it is the scheme's default, and the target. */
    String url() {
        if (target.contains("://")) {
            return target; // an absolute target (a proxy-style request) is the URL
        }
        String h = connect.host.indexOf(':') >= 0 ? "[" + connect.host + "]" : connect.host;
        int defaultPort = secure ? WinInet.INTERNET_DEFAULT_HTTPS_PORT : WinInet.INTERNET_DEFAULT_HTTP_PORT;
        return (secure ? "https://" : "http://") + h + (connect.port == defaultPort ? "" : ":" + connect.port)
                + (target.startsWith("/") ? target : "/" + target);
    }

    int securityFlags() {
        int f = options.securityFlags;
        if ((flags & WinInet.INTERNET_FLAG_IGNORE_CERT_CN_INVALID) != 0) {
            f |= WinInet.SECURITY_FLAG_IGNORE_CERT_CN_INVALID;
        }
        if ((flags & WinInet.INTERNET_FLAG_IGNORE_CERT_DATE_INVALID) != 0) {
            f |= WinInet.SECURITY_FLAG_IGNORE_CERT_DATE_INVALID;
        }
        return f;
    }

    /** HttpAddRequestHeaders: 0 or an error number. */
    int addHeaders(List<Header> lines, int modifiers) {
        return headers.add(lines, modifiers);
    }

    /** The header lines as they go on the wire, defaults included (for HTTP_QUERY_FLAG_REQUEST_HEADERS). */
    List<Header> wireHeaders(List<Header> extra, long bodyLength) {
        return headers.wire(verb, connect.hostHeader(secure), extra, bodyLength);
    }

    // ---- sending ({@link Sending}) ----

    /** Starts a send; returns 0, or an error number if the handle is busy. */
    int startSend(PendingOp op, List<Header> extra, byte[] body) {
        return Sending.send(this, op, extra, body);
    }

    /** Starts an upload ({@code HttpSendRequestEx}, {@link Sending#upload}); returns 0, or an error number. */
    int startUpload(PendingOp op, List<Header> extra, byte[] first, long total) {
        return Sending.upload(this, op, extra, first, total);
    }

    Network network() {
        return net;
    }

    boolean isOpenUrl() {
        return openUrl;
    }

    // ---- the state its parts work on (under the lock) ----

    /** The pending operation, or null. */
    PendingOp pending(HandleLock.Held held) {
        return pending;
    }

    /** The current exchange, or null. */
    Exchange exchange(HandleLock.Held held) {
        return exchange;
    }

    /** Makes {@code ex} the current exchange (a redirect's next hop, the previous one drained). */
    void exchange(HandleLock.Held held, Exchange ex) {
        exchange = ex;
    }

    /**
     * Makes {@code ex} the current exchange of a new send, the previous one aborted (its unread body
     * discarded, its connection closed, WI-01); returns that abort, to run outside the lock.
     */
    Runnable replaceExchange(HandleLock.Held held, Exchange ex) {
        Runnable abortOld = exchange == null ? null : exchange.abort(held);
        exchange = ex;
        return abortOld;
    }

    /** Whether the handle went away (closed and reported, or the session closing): no exchange starts. */
    boolean disposed(HandleLock.Held held) {
        return disposed;
    }

    /** Whether the handle is closed or going away: no call may start anything on it. */
    boolean closing(HandleLock.Held held) {
        return invalidated || disposed;
    }

    /** The pending operation if it is a send, or null. */
    PendingOp pendingSend(HandleLock.Held held) {
        return pending != null && pending.kind == PendingOp.Kind.SEND ? pending : null;
    }

    /** Makes {@code op} this handle's one pending operation; a synchronous one's caller hears its progress. */
    void begin(HandleLock.Held held, PendingOp op) {
        pending = op;
        if (!op.async) {
            channel.routeTo(held, op.caller); // reports from I/O threads go to the waiting caller (WI-11)
        }
    }

    /** Finishes {@code op}, reporting REQUEST_COMPLETE if it was async. */
    void finish(HandleLock.Held held, PendingOp op, boolean ok, int error) {
        if (!op.finish(held, ok, error)) {
            return;
        }
        if (ok && op.async && op.buffers != null && !op.noWait) {
            op.buffers.dwBufferLength = op.out.value; // InternetReadFileEx: the count, before REQUEST_COMPLETE
        }
        pending = null;
        channel.routeTo(held, null);
        if (op.async) {
            long result = ok ? op.successResult : 0;
            int dwError = ok ? (op.kind == PendingOp.Kind.QUERY ? op.available : 0) : error;
            channel.post(held, WinInet.INTERNET_STATUS_REQUEST_COMPLETE,
                    new InternetAsyncResult(result, dwError), 16);
        }
    }

    void returnConnection(Exchange ex, HttpConnection c) {
        if (ex.keepAlive && c.isOpen()) {
            connect.offerIdle(c, secure, securityFlags());
        } else {
            c.close();
        }
    }

    // ---- reading ({@link Reads}) ----

    /** The response head, or null before it arrived. */
    ResponseHead responseHead() {
        try (HandleLock.Held held = lock.hold()) {
            return exchange == null ? null : exchange.head;
        }
    }

    /** The request as last sent, or null. */
    OutgoingRequest sentRequest() {
        try (HandleLock.Held held = lock.hold()) {
            return exchange == null ? null : exchange.request;
        }
    }

    // ---- closing ----

    @Override
    boolean cancel(HandleLock.Held held) {
        Exchange ex = exchange;
        if (ex != null) {
            if (ex.connection != null && !ex.released) {
                // the connection dies with the request (WI-01): say so before its last callbacks (WI-03)
                channel.post(held, WinInet.INTERNET_STATUS_CLOSING_CONNECTION, null, 0);
                channel.post(held, WinInet.INTERNET_STATUS_CONNECTION_CLOSED, null, 0);
            }
            ex.dead = true;
        }
        PendingOp op = pending;
        if (op != null) {
            finish(held, op, false, Win32Error.ERROR_INTERNET_OPERATION_CANCELLED.code());
            return true;
        }
        return false;
    }

    @Override
    void dispose() {
        Runnable abort;
        try (HandleLock.Held held = lock.hold()) {
            disposed = true;
            abort = exchange == null ? null : exchange.abort(held);
            PendingOp op = pending;
            if (op != null) {
                // leaked or session closing: wake a synchronous waiter; no callback (WI-03 already decided)
                channel.silence(held);
                finish(held, op, false, Win32Error.ERROR_INTERNET_OPERATION_CANCELLED.code());
            }
        }
        if (abort != null) {
            abort.run();
        }
        if (connect.hidden) {
            connect.dispose();
        }
    }
}

package io.teardown.wininet.engine;

import io.teardown.api.Win32Error;
import io.teardown.wininet.InternetAsyncResult;
import io.teardown.wininet.WinInet;
import io.teardown.wininet.spi.WinInetDriver;
import io.teardown.wininet.engine.HttpConnection.Header;
import io.teardown.wininet.engine.HttpConnection.OutgoingRequest;
import io.teardown.wininet.engine.HttpConnection.ResponseHead;
import io.teardown.wininet.engine.HttpTransport.Cancellable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * A request handle from {@code HttpOpenRequest} or {@code InternetOpenUrl}: the request to send, the
 * response being received, and at most one pending operation (send, read or query).
 *
 * <p>The sequence of one send: an idle keep-alive connection of the parent if there is one, otherwise
 * resolve (once per connection handle) and connect; then send, then wait for the response head —
 * reporting RESOLVING_NAME/NAME_RESOLVED, CONNECTING/CONNECTED, SENDING/SENT and RECEIVING/RECEIVED
 * in that order (WI-10). The body is pulled from the transport only as far as the buffer has room.
 * The connection goes back to the parent only when the application has read the body to the end;
 * closing earlier aborts it (WI-01).
 *
 * <p>Every transport event ({@link Attempt}) is checked under {@link #lock} against the current
 * exchange, so events of a cancelled or replaced exchange are dropped; transport calls are made
 * outside the lock. Reports go to the handle's own {@link #channel}, which runs them where the
 * session's mode says (WI-10, WI-11); a followed redirect ({@link Redirects}) replaces the exchange and
 * keeps the send pending. See docs/wininet.md.
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

    // ---- sending ----

    /** Starts a send; returns 0, or an error number if the handle is busy. */
    int startSend(PendingOp op, List<Header> extra, byte[] body) {
        List<Header> wire = wireHeaders(extra, body.length);
        OutgoingRequest req = new OutgoingRequest(verb, target, version, wire, body);
        return start(op, new Exchange(req, wireSize(req), extra));
    }

    /**
     * Starts an upload ({@code HttpSendRequestEx}): the head with {@code Content-Length: total} (none for
     * a chunked body the application frames) and the {@code first} bytes; the rest comes from
     * InternetWriteFile ({@link Uploads}). Returns 0, or an error number.
     */
    int startUpload(PendingOp op, List<Header> extra, byte[] first, long total) {
        List<Header> wire = wireHeaders(extra, total);
        OutgoingRequest req = new OutgoingRequest(verb, target, version, wire, first);
        Header length = RequestHeaders.find(wire, "Content-Length");
        long announced = -1;
        if (!RequestHeaders.chunked(wire) && length != null) {
            try {
                announced = Long.parseLong(length.value().trim());
            } catch (NumberFormatException e) {
                return Win32Error.ERROR_HTTP_INVALID_HEADER.code();
            }
        }
        if (announced >= 0 && first.length > announced) {
            return Win32Error.ERROR_INVALID_PARAMETER.code(); // more first bytes than the body's length
        }
        Exchange ex = new Exchange(req, wireSize(req), extra);
        ex.upload = new Upload(announced, first.length);
        return start(op, ex);
    }

    private int start(PendingOp op, Exchange ex) {
        Runnable abortOld;
        try (HandleLock.Held held = lock.hold()) {
            if (invalidated || disposed) {
                // closed while this call was on its way here (a status callback may close the handle it
                // was just told about, WI-06): an exchange started now would outlive its handle
                return Win32Error.ERROR_INTERNET_OPERATION_CANCELLED.code();
            }
            if (pending != null) {
                return Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_STATE.code();
            }
            abortOld = exchange == null ? null : exchange.abort(held);
            exchange = ex;
            begin(held, op);
        }
        if (abortOld != null) {
            abortOld.run();
        }
        proceed(ex, true);
        return 0;
    }

    private static int wireSize(OutgoingRequest r) {
        int n = r.method().length() + r.target().length() + r.version().length() + 4;
        for (Header h : r.headers()) {
            n += h.name().length() + h.value().length() + 4;
        }
        return n + 2 + r.body().length;
    }

    private void proceed(Exchange ex, boolean mayReuse) {
        int sf = securityFlags();
        HttpConnection reuse = mayReuse ? connect.takeIdle(secure, sf) : null;
        if (reuse != null) {
            boolean dead;
            try (HandleLock.Held held = lock.hold()) {
                dead = ex.dead;
                if (!dead) {
                    ex.connection = reuse;
                    ex.reused = true;
                }
            }
            if (dead) {
                connect.offerIdle(reuse, secure, sf);
            } else {
                send(ex, reuse);
            }
            return;
        }
        InetAddress known = connect.resolved();
        if (known != null) {
            connectTo(ex, known);
            return;
        }
        status(ex, WinInet.INTERNET_STATUS_RESOLVING_NAME, connect.host, connect.host.length() + 1);
        net.resolve(connect.host, (address, error) -> {
            if (address == null) {
                fail(ex, null, error);
                return;
            }
            connect.resolved(address);
            String ip = address.getHostAddress();
            status(ex, WinInet.INTERNET_STATUS_NAME_RESOLVED, ip, ip.length() + 1);
            connectTo(ex, address);
        });
    }

    private void connectTo(Exchange ex, InetAddress address) {
        String ip = address.getHostAddress();
        status(ex, WinInet.INTERNET_STATUS_CONNECTING_TO_SERVER, ip, ip.length() + 1);
        var endpoint = new HttpTransport.Endpoint(new InetSocketAddress(address, connect.port), connect.host,
                secure, securityFlags(), millis(options.connectTimeout));
        Cancellable c = net.transport().connect(endpoint, new HttpTransport.ConnectListener() {
            @Override
            public void connected(HttpConnection connection) {
                boolean taken;
                try (HandleLock.Held held = lock.hold()) {
                    taken = !ex.dead;
                    if (taken) {
                        ex.connection = connection;
                        ex.connecting = null;
                    }
                }
                if (!taken) {
                    connection.close();
                    return;
                }
                status(ex, WinInet.INTERNET_STATUS_CONNECTED_TO_SERVER, ip, ip.length() + 1);
                send(ex, connection);
            }

            @Override
            public void failed(int error) {
                fail(ex, null, error);
            }
        });
        boolean cancel;
        try (HandleLock.Held held = lock.hold()) {
            cancel = ex.dead;
            if (!cancel && ex.connection == null) {
                ex.connecting = c;
            }
        }
        if (cancel) {
            c.cancel();
        }
    }

    private void send(Exchange ex, HttpConnection c) {
        if (c.reportsWriting()) {
            // No wake-up of the callback thread for this one: the transport's sent()/failed()/writing()
            // follows in the task that starts the write, and its callbacks wake the thread for both, in
            // queue order (WI-10 order unchanged; one wake-up instead of two per send).
            try (HandleLock.Held held = lock.hold()) {
                if (!ex.dead) {
                    channel.postQuietly(held, WinInet.INTERNET_STATUS_SENDING_REQUEST, null, 0);
                }
            }
        } else {
            status(ex, WinInet.INTERNET_STATUS_SENDING_REQUEST, null, 0);
        }
        Duration timeout = millis(options.receiveTimeout);
        if (ex.upload == null) {
            c.exchange(ex.request, timeout, new Attempt(this, ex, c));
            return;
        }
        HttpConnection.BodySink sink = c.stream(ex.request, timeout, new Attempt(this, ex, c));
        try (HandleLock.Held held = lock.hold()) {
            if (!ex.dead && ex.connection == c) {
                ex.upload.sink = sink;
                Uploads.started(this, held, ex); // if the head was sent meanwhile, HttpSendRequestEx completes
            }
        }
    }

    static Duration millis(int ms) {
        return ms <= 0 ? Duration.ZERO : Duration.ofMillis(Integer.toUnsignedLong(ms));
    }

    private void status(Exchange ex, int status, Object info, int length) {
        try (HandleLock.Held held = lock.hold()) {
            if (!ex.dead) {
                channel.post(held, status, info, length);
            }
        }
    }

    /** A failure before the response head: the send fails (after one retry on a stale reused connection). */
    void fail(Exchange ex, HttpConnection c, int error) {
        boolean retry = false;
        HttpConnection toClose;
        boolean failedOpenUrl = false;
        try (HandleLock.Held held = lock.hold()) {
            if (ex.dead || (c != null && ex.connection != c)) {
                return;
            }
            toClose = ex.connection;
            ex.connection = null;
            if (ex.upload != null && ex.head == null && ex.upload.headSent) {
                // the body was being streamed: it cannot be sent again; the pending call (a write, the
                // end) fails, or else the next one does (WI-04 order unchanged)
                ex.failure = error;
                PendingOp op = pending;
                if (op != null) {
                    finish(held, op, false, error);
                }
            } else if (ex.head == null || ex.redirect != null || ex.refused) {
                if (ex.redirect == null && ex.reused && !ex.retried && error != Win32Error.ERROR_INTERNET_TIMEOUT.code()) {
                    ex.retried = true;
                    ex.reused = false;
                    retry = true;
                } else {
                    ex.dead = true;
                    PendingOp op = pending;
                    if (op != null && op.kind == PendingOp.Kind.SEND) {
                        finish(held, op, false, error);
                        failedOpenUrl = op.async && isOpenUrl();
                    }
                }
            } else {
                ex.failure = error;
                satisfy(held, ex);
            }
        }
        if (toClose != null) {
            toClose.close();
        }
        if (retry) {
            proceed(ex, false);
        } else if (failedOpenUrl) {
            registrar.abandon(value); // async InternetOpenUrl failed: its handle goes away (WI-10)
        }
    }

    boolean isOpenUrl() {
        return openUrl;
    }

    // ---- redirects ({@link Redirects} decides) ----

    /** The pending operation, or null. */
    PendingOp pending(HandleLock.Held held) {
        return pending;
    }

    /** The current exchange, or null. */
    Exchange exchange(HandleLock.Held held) {
        return exchange;
    }

    /** Whether the handle is closed or going away: no call may start anything on it. */
    boolean closing(HandleLock.Held held) {
        return invalidated || disposed;
    }

    /** The pending operation if it is a send, or null. */
    PendingOp pendingSend(HandleLock.Held held) {
        return pending != null && pending.kind == PendingOp.Kind.SEND ? pending : null;
    }

    /**
     * Sends the request of a followed redirect: the exchange {@code old} is replaced by one to {@code url}
     * (through {@code to}), unless a close finished the send meanwhile (WI-04).
     */
    void nextHop(Exchange old, UrlParts url, String nextVerb, byte[] body, ConnectHandle to) {
        ConnectHandle from = connect;
        Exchange ex;
        try (HandleLock.Held held = lock.hold()) {
            if (old.dead || exchange != old || disposed) {
                return;
            }
            connect = to;
            secure = url.secure();
            verb = nextVerb;
            target = url.target();
            // the call's own lines go along; Host and the other defaults are made again for the new server
            List<Header> wire = wireHeaders(old.extra, body.length);
            OutgoingRequest req = new OutgoingRequest(verb, target, version, wire, body);
            ex = new Exchange(req, wireSize(req), old.extra);
            ex.hops = old.hops + 1;
            exchange = ex;
        }
        if (to != from && from.hidden) {
            from.dispose(); // the previous hop's hidden connection handle goes with its hop
        }
        proceed(ex, true);
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
        if (ok && op.buffers != null && !op.noWait) {
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

    /** {@link #satisfy} with its RESPONSE_RECEIVED and REQUEST_COMPLETE handed on as one task. */
    void satisfyInBatch(HandleLock.Held held, Exchange ex) {
        try (StatusChannel.Batch batch = channel.batch(held)) {
            satisfy(held, ex);
        }
    }

    /** Gives a pending read or query what the buffer now allows. */
    private void satisfy(HandleLock.Held held, Exchange ex) {
        PendingOp op = pending;
        if (op == null || op.kind == PendingOp.Kind.SEND || op.kind == PendingOp.Kind.WRITE) {
            return;
        }
        if (ex.buffered > 0) {
            if (op.noWait) {
                op.out.value = 0; // IRF_NO_WAIT: the data waits for the application's next call
            } else if (op.kind == PendingOp.Kind.READ) {
                int n = ex.take(op.buffer, op.length);
                op.out.value = n;
                channel.post(held, WinInet.INTERNET_STATUS_RESPONSE_RECEIVED, n, 4);
            } else {
                op.available = (int) Math.min(ex.buffered, Integer.MAX_VALUE);
                if (op.out != null) {
                    op.out.value = op.available;
                }
            }
            finish(held, op, true, 0);
        } else if (ex.ended) {
            if (op.out != null) {
                op.out.value = 0;
            }
            finish(held, op, true, 0);
        } else if (ex.failure != 0) {
            finish(held, op, false, ex.failure);
        }
    }

    void returnConnection(Exchange ex, HttpConnection c) {
        if (ex.keepAlive && c.isOpen()) {
            connect.offerIdle(c, secure, securityFlags());
        } else {
            c.close();
        }
    }

    // ---- reading ----

    /** The outcome of a read or query call that did not have to wait. */
    record Immediate(boolean ok, int error) {
    }

    /**
     * InternetReadFile / InternetQueryDataAvailable: completes at once when the buffer allows (returns
     * an {@link Immediate}), otherwise registers {@code op} as pending and returns null.
     */
    Immediate readOrQuery(PendingOp op) {
        HttpConnection demand = null;
        HttpConnection release;
        Immediate result;
        Exchange ex;
        try (HandleLock.Held held = lock.hold()) {
            ex = exchange;
            if (ex == null || ex.head == null || pending != null) {
                return new Immediate(false, Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_STATE.code());
            }
            if (op.kind == PendingOp.Kind.READ && op.length == 0) {
                op.out.value = 0;
                result = new Immediate(true, 0);
            } else if (ex.buffered > 0) {
                if (op.kind == PendingOp.Kind.READ) {
                    op.out.value = ex.take(op.buffer, op.length);
                } else if (op.out != null) {
                    op.out.value = (int) Math.min(ex.buffered, Integer.MAX_VALUE);
                }
                result = new Immediate(true, 0);
            } else if (ex.ended) {
                if (op.out != null) {
                    op.out.value = 0;
                }
                result = new Immediate(true, 0);
            } else if (ex.failure != 0) {
                result = new Immediate(false, ex.failure);
            } else if (op.noWait && !op.async) {
                op.out.value = 0; // IRF_NO_WAIT: nothing buffered yet, and this call does not wait
                result = new Immediate(true, 0);
            } else {
                begin(held, op);
                channel.post(held, WinInet.INTERNET_STATUS_RECEIVING_RESPONSE, null, 0);
                result = null;
            }
            if (ex.wantsMore() && ex.connection != null) {
                ex.demanded = true;
                demand = ex.connection;
            }
            release = ex.releasable();
        }
        if (demand != null) {
            demand.demand();
        }
        if (release != null) {
            returnConnection(ex, release);
        }
        return result;
    }

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

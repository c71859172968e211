package io.teardown.wininet.engine;

import io.teardown.api.Win32Error;
import io.teardown.wininet.WinInet;
import io.teardown.wininet.engine.HttpConnection.Header;
import io.teardown.wininet.engine.HttpConnection.OutgoingRequest;
import io.teardown.wininet.engine.HttpTransport.Cancellable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The send sequence of a {@link RequestHandle}'s exchange, from the call to the response head: an idle
 * keep-alive connection of the parent if there is one, otherwise resolve (once per connection handle) and
 * connect; then send and wait for the head — reporting RESOLVING_NAME/NAME_RESOLVED,
 * CONNECTING_TO_SERVER/CONNECTED_TO_SERVER and SENDING_REQUEST in that order (WI-10; the rest comes with
 * the transport's events, {@link Attempt}). A failure before the head fails the send, after one retry on a
 * new connection when a reused one turned out stale; a followed redirect sends the next hop
 * ({@link #nextHop}) and keeps the send pending.
 *
 * <p>Every step checks the exchange under the request's lock: a close (WI-04) or a new send marks it
 * dead, and its later steps and transport events are dropped. Transport calls are made outside the lock.
 * See docs/wininet.md.
 */
final class Sending {
    private Sending() {
    }

    /** Starts a send of {@code body}; returns 0, or an error number. */
    static int send(RequestHandle r, PendingOp op, List<Header> extra, byte[] body) {
        OutgoingRequest req = new OutgoingRequest(r.verb, r.target, r.version, r.wireHeaders(extra, body.length), body);
        return start(r, op, new Exchange(req, wireSize(req), extra));
    }

    /**
     * Starts an upload ({@code HttpSendRequestEx}): the head with {@code Content-Length: total} (none for
     * a chunked body the application frames) and the {@code first} bytes; the rest comes from
     * InternetWriteFile ({@link Uploads}). Returns 0, or an error number.
     */
    static int upload(RequestHandle r, PendingOp op, List<Header> extra, byte[] first, long total) {
        List<Header> wire = r.wireHeaders(extra, total);
        OutgoingRequest req = new OutgoingRequest(r.verb, r.target, r.version, wire, first);
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
        return start(r, op, ex);
    }

    private static int start(RequestHandle r, PendingOp op, Exchange ex) {
        Runnable abortOld;
        try (HandleLock.Held held = r.lock.hold()) {
            if (r.closing(held)) {
                // closed while this call was on its way here (a status callback may close the handle it
                // was just told about, WI-06): an exchange started now would outlive its handle
                return Win32Error.ERROR_INTERNET_OPERATION_CANCELLED.code();
            }
            if (r.pending(held) != null) {
                return Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_STATE.code();
            }
            abortOld = r.replaceExchange(held, ex);
            r.begin(held, op);
        }
        if (abortOld != null) {
            abortOld.run();
        }
        proceed(r, ex, true);
        return 0;
    }

    private static int wireSize(OutgoingRequest q) {
        int n = q.method().length() + q.target().length() + q.version().length() + 4;
        for (Header h : q.headers()) {
            n += h.name().length() + h.value().length() + 4;
        }
        return n + 2 + q.body().length;
    }

    private static void proceed(RequestHandle r, Exchange ex, boolean mayReuse) {
        ConnectHandle connect = r.connect;
        int sf = r.securityFlags();
        HttpConnection reuse = mayReuse ? connect.takeIdle(r.secure, sf) : null;
        if (reuse != null) {
            boolean dead;
            try (HandleLock.Held held = r.lock.hold()) {
                dead = ex.dead;
                if (!dead) {
                    ex.connection = reuse;
                    ex.reused = true;
                }
            }
            if (dead) {
                connect.offerIdle(reuse, r.secure, sf);
            } else {
                send(r, ex, reuse);
            }
            return;
        }
        InetAddress known = connect.resolved();
        if (known != null) {
            connectTo(r, ex, known);
            return;
        }
        status(r, ex, WinInet.INTERNET_STATUS_RESOLVING_NAME, connect.host, connect.host.length() + 1);
        r.network().resolve(connect.host, (address, error) -> {
            if (address == null) {
                fail(r, ex, null, error);
                return;
            }
            connect.resolved(address);
            String ip = address.getHostAddress();
            status(r, ex, WinInet.INTERNET_STATUS_NAME_RESOLVED, ip, ip.length() + 1);
            connectTo(r, ex, address);
        });
    }

    private static void connectTo(RequestHandle r, Exchange ex, InetAddress address) {
        String ip = address.getHostAddress();
        status(r, ex, WinInet.INTERNET_STATUS_CONNECTING_TO_SERVER, ip, ip.length() + 1);
        var endpoint = new HttpTransport.Endpoint(new InetSocketAddress(address, r.connect.port), r.connect.host,
                r.secure, r.securityFlags(), millis(r.options.connectTimeout));
        Cancellable c = r.network().transport().connect(endpoint, new HttpTransport.ConnectListener() {
            @Override
            public void connected(HttpConnection connection) {
                boolean taken;
                try (HandleLock.Held held = r.lock.hold()) {
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
                status(r, ex, WinInet.INTERNET_STATUS_CONNECTED_TO_SERVER, ip, ip.length() + 1);
                send(r, ex, connection);
            }

            @Override
            public void failed(int error) {
                fail(r, ex, null, error);
            }
        });
        boolean cancel;
        try (HandleLock.Held held = r.lock.hold()) {
            cancel = ex.dead;
            if (!cancel && ex.connection == null) {
                ex.connecting = c;
            }
        }
        if (cancel) {
            c.cancel();
        }
    }

    private static void send(RequestHandle r, Exchange ex, HttpConnection c) {
        if (c.reportsWriting()) {
            // No wake-up of the callback thread for this one: the transport's sent()/failed()/writing()
            // follows in the task that starts the write, and its callbacks wake the thread for both, in
            // queue order (WI-10 order unchanged; one wake-up instead of two per send).
            try (HandleLock.Held held = r.lock.hold()) {
                if (!ex.dead) {
                    r.channel.postQuietly(held, WinInet.INTERNET_STATUS_SENDING_REQUEST, null, 0);
                }
            }
        } else {
            status(r, ex, WinInet.INTERNET_STATUS_SENDING_REQUEST, null, 0);
        }
        Duration timeout = millis(r.options.receiveTimeout);
        if (ex.upload == null) {
            c.exchange(ex.request, timeout, new Attempt(r, ex, c));
            return;
        }
        HttpConnection.BodySink sink = c.stream(ex.request, timeout, new Attempt(r, ex, c));
        try (HandleLock.Held held = r.lock.hold()) {
            if (!ex.dead && ex.connection == c) {
                ex.upload.sink = sink;
                Uploads.started(r, held, ex); // if the head was sent meanwhile, HttpSendRequestEx completes
            }
        }
    }

    static Duration millis(int ms) {
        return ms <= 0 ? Duration.ZERO : Duration.ofMillis(Integer.toUnsignedLong(ms));
    }

    private static void status(RequestHandle r, Exchange ex, int status, Object info, int length) {
        try (HandleLock.Held held = r.lock.hold()) {
            if (!ex.dead) {
                r.channel.post(held, status, info, length);
            }
        }
    }

    /** A failure before the response head: the send fails (after one retry on a stale reused connection). */
    static void fail(RequestHandle r, Exchange ex, HttpConnection c, int error) {
        boolean retry = false;
        HttpConnection toClose;
        boolean failedOpenUrl = false;
        try (HandleLock.Held held = r.lock.hold()) {
            if (ex.dead || (c != null && ex.connection != c)) {
                return;
            }
            toClose = ex.connection;
            ex.connection = null;
            PendingOp op = r.pending(held);
            if (ex.upload != null && ex.head == null && ex.upload.headSent) {
                // the body was being streamed: it cannot be sent again; the pending call (a write, the
                // end) fails, or else the next one does (WI-04 order unchanged)
                ex.failure = error;
                if (op != null) {
                    r.finish(held, op, false, error);
                }
            } else if (ex.head == null || ex.redirect != null || ex.refused) {
                if (ex.redirect == null && ex.reused && !ex.retried && error != Win32Error.ERROR_INTERNET_TIMEOUT.code()) {
                    ex.retried = true;
                    ex.reused = false;
                    retry = true;
                } else {
                    ex.dead = true;
                    if (op != null && op.kind == PendingOp.Kind.SEND) {
                        r.finish(held, op, false, error);
                        failedOpenUrl = op.async && r.isOpenUrl();
                    }
                }
            } else {
                ex.failure = error;
                Reads.satisfy(r, held, ex);
            }
        }
        if (toClose != null) {
            toClose.close();
        }
        if (retry) {
            proceed(r, ex, false);
        } else if (failedOpenUrl) {
            r.registrar.abandon(r.value); // async InternetOpenUrl failed: its handle goes away (WI-10)
        }
    }

    /**
     * Sends the request of a followed redirect: the exchange {@code old} is replaced by one to {@code url}
     * (through {@code to}), unless a close finished the send meanwhile (WI-04).
     */
    static void nextHop(RequestHandle r, Exchange old, UrlParts url, String nextVerb, byte[] body, ConnectHandle to) {
        ConnectHandle from = r.connect;
        Exchange ex;
        try (HandleLock.Held held = r.lock.hold()) {
            if (old.dead || r.exchange(held) != old || r.disposed(held)) {
                return;
            }
            r.connect = to;
            r.secure = url.secure();
            r.verb = nextVerb;
            r.target = url.target();
            // the call's own lines go along; Host and the other defaults are made again for the new server
            List<Header> wire = r.wireHeaders(old.extra, body.length);
            OutgoingRequest req = new OutgoingRequest(nextVerb, url.target(), r.version, wire, body);
            ex = new Exchange(req, wireSize(req), old.extra);
            ex.hops = old.hops + 1;
            r.exchange(held, ex);
        }
        if (to != from && from.hidden) {
            from.dispose(); // the previous hop's hidden connection handle goes with its hop
        }
        proceed(r, ex, true);
    }
}

package io.teardown.wininet.engine;

import io.teardown.wininet.WinInet;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A connection handle from {@code InternetConnect} (or the hidden one behind {@code InternetOpenUrl}):
 * the server's name and port, its resolved address (resolved once, WI-10) and the idle keep-alive
 * connections its requests may reuse — only ones whose previous response was read to the end (WI-01).
 */
final class ConnectHandle extends InternetHandle {
    final String host;
    final int port;
    final boolean hidden;
    private final HttpConnection.Header plainHost;
    private final HttpConnection.Header secureHost;
    private volatile InetAddress resolved;
    private final ArrayDeque<Idle> idle = new ArrayDeque<>(); // guarded by lock
    private boolean disposed; // guarded by lock

    private record Idle(HttpConnection connection, boolean secure, int securityFlags) {
    }

    ConnectHandle(InternetHandle parent, Options options, long context, String host, int port, boolean hidden) {
        super(parent, options, context);
        this.host = host;
        this.port = port;
        this.hidden = hidden;
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        this.plainHost = new HttpConnection.Header("Host", port == 80 ? h : h + ":" + port);
        this.secureHost = new HttpConnection.Header("Host", port == 443 ? h : h + ":" + port);
    }

    /** The default {@code Host} header of this server, built once rather than for every request. */
    HttpConnection.Header hostHeader(boolean secure) {
        return secure ? secureHost : plainHost;
    }

    @Override
    int handleType() {
        return WinInet.INTERNET_HANDLE_TYPE_CONNECT_HTTP;
    }

    @Override
    public String typeName() {
        return "InternetConnect";
    }

    InetAddress resolved() {
        return resolved;
    }

    void resolved(InetAddress address) {
        resolved = address;
    }

    /** An idle connection that still looks open, for a request with these TLS settings; or null. */
    HttpConnection takeIdle(boolean secure, int securityFlags) {
        List<HttpConnection> dead = new ArrayList<>();
        HttpConnection found = null;
        try (HandleLock.Held held = lock.hold()) {
            for (Iterator<Idle> it = idle.iterator(); it.hasNext(); ) {
                Idle i = it.next();
                if (!i.connection.isOpen()) {
                    it.remove();
                    dead.add(i.connection);
                } else if (found == null && i.secure == secure && i.securityFlags == securityFlags) {
                    it.remove();
                    found = i.connection;
                }
            }
        }
        dead.forEach(HttpConnection::close);
        return found;
    }

    /** Parks a connection whose response was read to the end; closes it if this handle is going away. */
    void offerIdle(HttpConnection c, boolean secure, int securityFlags) {
        boolean keep;
        try (HandleLock.Held held = lock.hold()) {
            keep = !disposed && !invalidated && !hidden;
            if (keep) {
                idle.add(new Idle(c, secure, securityFlags));
            }
        }
        if (!keep) {
            c.close();
        }
    }

    @Override
    void dispose() {
        List<Idle> all;
        try (HandleLock.Held held = lock.hold()) {
            disposed = true;
            all = new ArrayList<>(idle);
            idle.clear();
        }
        all.forEach(i -> i.connection.close());
    }
}

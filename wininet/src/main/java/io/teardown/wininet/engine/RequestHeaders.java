package io.teardown.wininet.engine;

import io.teardown.api.Win32Error;
import io.teardown.wininet.WinInet;
import io.teardown.wininet.engine.HttpConnection.Header;
import java.util.ArrayList;
import java.util.List;

/**
 * A request handle's header lines: those of {@code HttpOpenRequest} (referrer, accept types) and of
 * {@code HttpAddRequestHeaders} with its modifiers, and the lines a send puts on the wire — Host,
 * User-Agent, the handle's and the call's lines, then the defaults ({@code Content-Length},
 * {@code Connection: Keep-Alive}). Values are validated before they get here (WI-09).
 */
final class RequestHeaders {
    private static final Header KEEP_ALIVE = new Header("Connection", "Keep-Alive");

    private final String version;
    /** The default User-Agent line, made once per handle instead of once per send. */
    private final Header agentHeader;
    private final List<Header> headers = new ArrayList<>(); // guarded by itself

    RequestHeaders(String version, Header agentHeader, List<Header> initial) {
        this.version = version;
        this.agentHeader = agentHeader;
        this.headers.addAll(initial);
    }

    /** Applies parsed header lines with the HttpAddRequestHeaders modifiers; 0 or an error number. */
    int add(List<Header> lines, int modifiers) {
        synchronized (headers) {
            for (Header h : lines) {
                int at = indexOf(h.name());
                if ((modifiers & WinInet.HTTP_ADDREQ_FLAG_ADD_IF_NEW) != 0 && at >= 0) {
                    return Win32Error.ERROR_HTTP_HEADER_ALREADY_EXISTS.code();
                }
            }
            for (Header h : lines) {
                int at = indexOf(h.name());
                if ((modifiers & WinInet.HTTP_ADDREQ_FLAG_REPLACE) != 0) {
                    headers.removeIf(x -> x.name().equalsIgnoreCase(h.name()));
                    if (!h.value().isEmpty()) {
                        headers.add(h);
                    }
                } else if ((modifiers & WinInet.HTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA) != 0 && at >= 0) {
                    Header old = headers.get(at);
                    headers.set(at, new Header(old.name(), old.value() + ", " + h.value()));
                } else {
                    headers.add(h);
                }
            }
            return 0;
        }
    }

    private int indexOf(String name) {
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The header lines as they go on the wire, defaults included (for HTTP_QUERY_FLAG_REQUEST_HEADERS). */
    List<Header> wire(String verb, Header hostHeader, List<Header> extra, long bodyLength) {
        synchronized (headers) {
            // one list, sized once: Host, User-Agent, the handle's and the call's lines, then the defaults
            List<Header> out = new ArrayList<>(headers.size() + extra.size() + 4);
            if (find(headers, extra, "Host") == null) {
                out.add(hostHeader);
            }
            if (agentHeader != null && find(headers, extra, "User-Agent") == null) {
                out.add(agentHeader);
            }
            out.addAll(headers);
            out.addAll(extra);
            boolean needsLength = bodyLength > 0 || verb.equals("POST") || verb.equals("PUT");
            // a chunked body (the application's framing) has no length
            if (needsLength && find(headers, extra, "Content-Length") == null && !chunked(out)) {
                out.add(new Header("Content-Length", Long.toString(bodyLength)));
            }
            if (version.equals("HTTP/1.1") && find(headers, extra, "Connection") == null) {
                out.add(KEEP_ALIVE);
            }
            return out;
        }
    }

    /** Whether {@code lines} ask for a chunked body ({@code Transfer-Encoding} ending in {@code chunked}). */
    static boolean chunked(List<Header> lines) {
        for (Header h : lines) {
            if (h.name().equalsIgnoreCase("Transfer-Encoding")
                    && h.value().trim().toLowerCase(java.util.Locale.ROOT).endsWith("chunked")) {
                return true;
            }
        }
        return false;
    }

    private static Header find(List<Header> first, List<Header> then, String name) {
        Header h = find(first, name);
        return h != null ? h : find(then, name);
    }

    static Header find(List<Header> list, String name) {
        for (int i = 0, n = list.size(); i < n; i++) { // ArrayList or List.of: indexed, no iterator
            Header h = list.get(i);
            if (h.name().equalsIgnoreCase(name)) {
                return h;
            }
        }
        return null;
    }

}

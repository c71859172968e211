package io.teardown.wininet.engine;

import io.teardown.api.Win32Error;
import io.teardown.wininet.WinInet;
import io.teardown.wininet.engine.HttpConnection.Header;
import io.teardown.wininet.engine.HttpConnection.ResponseHead;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What WinINet does with a redirect response to a send: 301, 302, 303, 307 and 308 with a Location are
 * followed unless {@code INTERNET_FLAG_NO_AUTO_REDIRECT} — reported as {@code INTERNET_STATUS_REDIRECT}
 * (110) with the new absolute URL, the body drained, the request sent again (as GET without a body after
 * a 303 or a POST's 301/302). More than {@link #MAX_REDIRECTS} hops, or another scheme than http/https,
 * fail the send with {@code ERROR_HTTP_REDIRECT_FAILED} (12156). See docs/wininet.md, "Redirects".
 */
final class Redirects {
    /** Hops followed for one send before it fails: WinINet's documented default ("five attempts"). */
    static final int MAX_REDIRECTS = 5;

    private Redirects() {
    }

    private static boolean applies(RequestHandle r, HandleLock.Held held, Exchange ex, ResponseHead head) {
        int code = head.status();
        boolean toGet = code == 303 || ((code == 301 || code == 302) && ex.request.method().equals("POST"));
        if (ex.upload != null && !toGet) {
            return false; // a streamed body cannot be sent again: the response is returned as it is
        }
        return (r.flags & WinInet.INTERNET_FLAG_NO_AUTO_REDIRECT) == 0 && r.pendingSend(held) != null
                && (code == 301 || code == 302 || code == 303 || code == 307 || code == 308)
                && RequestHeaders.find(head.headers(), "Location") != null;
    }

    /**
     * Whether {@code head} is a redirect to follow: then it is recorded in {@code ex} and reported as
     * REDIRECT, and the send stays pending while the body is drained.
     */
    static boolean start(RequestHandle r, HandleLock.Held held, Exchange ex, ResponseHead head) {
        if (!applies(r, held, ex, head)) {
            return false;
        }
        String next = resolve(r.url(), RequestHeaders.find(head.headers(), "Location").value().trim());
        if (next == null || ex.hops >= MAX_REDIRECTS) {
            return false; // refused(): the send fails
        }
        ex.redirect = next;
        r.channel.post(held, WinInet.INTERNET_STATUS_REDIRECT, next, next.length() + 1);
        return true;
    }

    /** Whether {@code head} is a redirect the send should follow but cannot (hops, scheme): it fails with 12156. */
    static boolean refused(RequestHandle r, HandleLock.Held held, Exchange ex, ResponseHead head) {
        return applies(r, held, ex, head);
    }

    /** The absolute http/https URL {@code location} names from {@code base}, or null. */
    private static String resolve(String base, String location) {
        try {
            URI to = new URI(base).resolve(location);
            String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equals("http") || scheme.equals("https") ? to.toString() : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The redirect's body was drained (its connection back in the pool if the server keeps it): the next
     * hop goes on the same connection handle for the same server, else on a hidden one of the request's.
     */
    static void follow(RequestHandle r, Exchange old) {
        UrlParts url;
        try {
            url = UrlParts.parse(old.redirect);
        } catch (RequestSyntax.ParseFailure e) {
            Sending.fail(r, old, null, Win32Error.ERROR_HTTP_REDIRECT_FAILED.code());
            return;
        }
        int code = old.head.status();
        boolean toGet = code == 303 || ((code == 301 || code == 302) && old.request.method().equals("POST"));
        ConnectHandle from = r.connect;
        boolean sameServer = url.host().equalsIgnoreCase(from.host) && url.port() == from.port
                && url.secure() == r.secure;
        ConnectHandle to = sameServer ? from
                : new ConnectHandle(from, from.options.copy(), r.context, url.host(), url.port(), true);
        Sending.nextHop(r, old, url, toGet ? "GET" : old.request.method(), toGet ? new byte[0] : old.request.body(), to);
    }
}

package io.teardown.wininet.engine;

import io.teardown.api.Win32Error;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An {@code InternetOpenUrl} URL split into what a hidden connection and request need. Only {@code http}
 * and {@code https} are emulated; anything else fails with {@code ERROR_INTERNET_UNRECOGNIZED_SCHEME}
 * and a URL that does not parse with {@code ERROR_INTERNET_INVALID_URL}, as WinINet reports them.
 */
record UrlParts(boolean secure, String host, int port, String target) {

    static UrlParts parse(String url) throws RequestSyntax.ParseFailure {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new RequestSyntax.ParseFailure(Win32Error.ERROR_INTERNET_INVALID_URL);
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new RequestSyntax.ParseFailure(Win32Error.ERROR_INTERNET_UNRECOGNIZED_SCHEME);
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RequestSyntax.ParseFailure(Win32Error.ERROR_INTERNET_UNRECOGNIZED_SCHEME);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty() || !RequestSyntax.isVisible(host)) {
            throw new RequestSyntax.ParseFailure(Win32Error.ERROR_INTERNET_INVALID_URL);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean secure = scheme.equals("https");
        int port = uri.getPort() < 0 ? (secure ? 443 : 80) : uri.getPort();
        if (port == 0 || port > 65535) {
            throw new RequestSyntax.ParseFailure(Win32Error.ERROR_INTERNET_INVALID_URL);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        if (!RequestSyntax.isVisible(target)) {
            throw new RequestSyntax.ParseFailure(Win32Error.ERROR_INTERNET_INVALID_URL);
        }
        return new UrlParts(secure, host, port, target);
    }
}

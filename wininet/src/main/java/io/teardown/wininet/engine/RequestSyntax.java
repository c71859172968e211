package io.teardown.wininet.engine;

import io.teardown.api.Win32Error;
import io.teardown.wininet.engine.HttpConnection.Header;
import java.util.ArrayList;
import java.util.List;

/**
 * What may go on the request line and into headers. Nothing the application passes may put a CR or a
 * LF on the wire except as the separator this class itself writes, so a verb, path or header can never
 * smuggle a second request: bad verbs, paths and versions fail with {@code ERROR_INVALID_PARAMETER},
 * bad header lines with {@code ERROR_HTTP_INVALID_HEADER}, before anything is sent.
 */
final class RequestSyntax {
    private static final String SEPARATORS = "()<>@,;:\\\"/[]?={} \t";

    private RequestSyntax() {
    }

    /** An RFC 9110 token: what a verb and a header name must be. */
    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || SEPARATORS.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** No control characters and no spaces: a request target, a host name. */
    static boolean isVisible(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    /** No CR, LF or other control character except HTAB: a header value, a user agent, a referrer. */
    static boolean isFieldValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code v} is an HTTP version WinINet sends. */
    static boolean isVersion(String v) {
        return "HTTP/1.1".equals(v) || "HTTP/1.0".equals(v);
    }

    /** The text {@code dwHeadersLength} selects: -1 or 0 = all of it. Null if the length is impossible. */
    static String slice(String headers, int length) {
        if (length == -1 || length == 0) {
            int nul = headers.indexOf('\0');
            return nul >= 0 ? headers.substring(0, nul) : headers;
        }
        if (length < 0 || length > headers.length()) {
            return null;
        }
        return headers.substring(0, length);
    }

    /**
     * Parses CRLF-separated {@code Name: value} lines (a trailing CRLF and empty lines are allowed).
     *
     * @throws ParseFailure with {@code ERROR_HTTP_INVALID_HEADER} for any line that is not a header,
     *                      or that holds a stray CR or LF
     */
    static List<Header> parseHeaders(String text) throws ParseFailure {
        List<Header> out = new ArrayList<>();
        for (String line : text.split("\r\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ParseFailure(Win32Error.ERROR_HTTP_INVALID_HEADER);
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (!isToken(name) || !isFieldValue(value)) {
                throw new ParseFailure(Win32Error.ERROR_HTTP_INVALID_HEADER);
            }
            out.add(new Header(name, value));
        }
        return out;
    }

    /** A rejected input and the error WinINet reports for it. */
    /** What {@code HttpOpenRequest} puts on the request line, and its referrer and accept-type lines. */
    record RequestLine(String verb, String path, String version, List<Header> headers) {
    }

    /**
     * {@code HttpOpenRequest}'s arguments with their defaults (GET, "/", HTTP/1.1), validated: a verb
     * that is not a token, a path or version with spaces or controls, or a referrer or accept type with
     * controls fail with ERROR_INVALID_PARAMETER (WI-09).
     */
    static RequestLine requestLine(String verb, String object, String version, String referrer,
                                   String[] acceptTypes) throws ParseFailure {
        String v = verb == null || verb.isEmpty() ? "GET" : verb;
        String path = object == null || object.isEmpty() ? "/" : object;
        String ver = version == null || version.isEmpty() ? "HTTP/1.1" : version;
        if (!isToken(v) || !isVisible(path) || !isVersion(ver) || (referrer != null && !isFieldValue(referrer))) {
            throw new ParseFailure(Win32Error.ERROR_INVALID_PARAMETER);
        }
        if (!path.startsWith("/") && !path.equals("*") && !path.contains("://")) {
            path = "/" + path;
        }
        List<Header> initial = new ArrayList<>();
        if (referrer != null && !referrer.isEmpty()) {
            initial.add(new Header("Referer", referrer));
        }
        if (acceptTypes != null) {
            List<String> types = new ArrayList<>();
            for (String t : acceptTypes) {
                if (t == null) {
                    break; // the C array is NULL-terminated
                }
                if (!isFieldValue(t)) {
                    throw new ParseFailure(Win32Error.ERROR_INVALID_PARAMETER);
                }
                types.add(t);
            }
            if (!types.isEmpty()) {
                initial.add(new Header("Accept", String.join(", ", types)));
            }
        }
        return new RequestLine(v, path, ver, initial);
    }

    /** The {@code lpszHeaders}/{@code dwHeadersLength} argument of a call as header lines (none for NULL). */
    static List<Header> headersArgument(String headers, int length) throws ParseFailure {
        if (headers == null) {
            return List.of();
        }
        String text = slice(headers, length);
        if (text == null) {
            throw new ParseFailure(Win32Error.ERROR_INVALID_PARAMETER);
        }
        return parseHeaders(text);
    }

    static final class ParseFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Win32Error error;

        ParseFailure(Win32Error error) {
            super(error.toString(), null, false, false);
            this.error = error;
        }
    }
}

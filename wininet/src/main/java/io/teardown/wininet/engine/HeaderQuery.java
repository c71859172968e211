package io.teardown.wininet.engine;

import static io.teardown.wininet.WinInet.*;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.wininet.engine.HttpConnection.Header;
import io.teardown.wininet.engine.HttpConnection.OutgoingRequest;
import io.teardown.wininet.engine.HttpConnection.ResponseHead;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code HttpQueryInfo} on a request handle: the response's (or, with {@code HTTP_QUERY_FLAG_REQUEST_HEADERS},
 * the request's) status line and headers, as text or as a number ({@code HTTP_QUERY_FLAG_NUMBER}), with
 * the ANSI length protocol — the length without the NUL on success, with it on
 * {@code ERROR_INSUFFICIENT_BUFFER} (122). See docs/wininet.md.
 */
final class HeaderQuery {
    private HeaderQuery() {
    }

    /** Answers the query into {@code buf}; 0, or the error number to set. */
    static int query(RequestHandle r, int level, byte[] buf, IntRef len, IntRef index) {
        int what = level & 0xFFFF;
        boolean number = (level & HTTP_QUERY_FLAG_NUMBER) != 0;
        boolean requestSide = (level & HTTP_QUERY_FLAG_REQUEST_HEADERS) != 0;
        List<Header> headers;
        String firstLine;
        ResponseHead head = null;
        if (requestSide) {
            OutgoingRequest sent = r.sentRequest();
            headers = sent != null ? sent.headers() : r.wireHeaders(List.of(), 0);
            firstLine = r.verb + " " + r.target + " " + r.version;
        } else {
            head = r.responseHead();
            if (head == null) {
                return Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_STATE.code();
            }
            headers = head.headers();
            firstLine = head.version() + " " + head.status() + " " + head.reason();
        }
        String headerName = null;
        String value;
        switch (what) {
            case HTTP_QUERY_STATUS_CODE:
                value = head == null ? null : Integer.toString(head.status());
                break;
            case HTTP_QUERY_STATUS_TEXT:
                value = head == null ? null : head.reason();
                break;
            case HTTP_QUERY_VERSION:
                value = head == null ? r.version : head.version();
                break;
            case HTTP_QUERY_RAW_HEADERS_CRLF: {
                StringBuilder sb = new StringBuilder(firstLine).append("\r\n");
                headers.forEach(x -> sb.append(x.name()).append(": ").append(x.value()).append("\r\n"));
                value = sb.append("\r\n").toString();
                break;
            }
            case HTTP_QUERY_RAW_HEADERS: {
                StringBuilder sb = new StringBuilder(firstLine).append('\0');
                headers.forEach(x -> sb.append(x.name()).append(": ").append(x.value()).append('\0'));
                value = sb.toString();
                break;
            }
            case HTTP_QUERY_CONTENT_LENGTH:
                headerName = "Content-Length";
                value = null;
                break;
            case HTTP_QUERY_CONTENT_TYPE:
                headerName = "Content-Type";
                value = null;
                break;
            case HTTP_QUERY_CONNECTION:
                headerName = "Connection";
                value = null;
                break;
            case HTTP_QUERY_VARY:
                headerName = "Vary";
                value = null;
                break;
            case HTTP_QUERY_LOCATION:
                headerName = "Location";
                value = null;
                break;
            case HTTP_QUERY_CUSTOM: {
                if (buf == null) {
                    return Win32Error.ERROR_INVALID_PARAMETER.code();
                }
                int n = 0;
                int max = Math.min(buf.length, Math.max(len.value, 0));
                while (n < max && buf[n] != 0) {
                    n++;
                }
                headerName = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                if (!RequestSyntax.isToken(headerName)) {
                    return Win32Error.ERROR_HTTP_HEADER_NOT_FOUND.code();
                }
                value = null;
                break;
            }
            default:
                return Win32Error.ERROR_HTTP_INVALID_QUERY_REQUEST.code();
        }
        int nextIndex = -1;
        if (headerName != null) {
            int wanted = index == null ? 0 : index.value;
            int seen = 0;
            for (Header x : headers) {
                if (x.name().equalsIgnoreCase(headerName)) {
                    if (seen == wanted) {
                        value = x.value();
                        nextIndex = wanted + 1;
                        break;
                    }
                    seen++;
                }
            }
        }
        if (value == null) {
            return (headerName == null ? Win32Error.ERROR_HTTP_INVALID_QUERY_REQUEST
                    : Win32Error.ERROR_HTTP_HEADER_NOT_FOUND).code();
        }
        if (number) {
            int n;
            try {
                n = Integer.parseUnsignedInt(value.trim());
            } catch (NumberFormatException e) {
                return Win32Error.ERROR_HTTP_INVALID_QUERY_REQUEST.code();
            }
            if (buf == null || len.value < 4 || buf.length < 4) {
                len.value = 4;
                return Win32Error.ERROR_INSUFFICIENT_BUFFER.code();
            }
            buf[0] = (byte) n;
            buf[1] = (byte) (n >>> 8);
            buf[2] = (byte) (n >>> 16);
            buf[3] = (byte) (n >>> 24);
            len.value = 4;
        } else {
            byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
            if (buf == null || len.value < bytes.length + 1 || buf.length < bytes.length + 1) {
                len.value = bytes.length + 1;
                return Win32Error.ERROR_INSUFFICIENT_BUFFER.code();
            }
            System.arraycopy(bytes, 0, buf, 0, bytes.length);
            buf[bytes.length] = 0;
            len.value = bytes.length;
        }
        if (index != null && nextIndex >= 0) {
            index.value = nextIndex;
        }
        return 0;
    }
}

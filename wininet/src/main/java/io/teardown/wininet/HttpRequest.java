package io.teardown.wininet;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A request handle from {@code HttpOpenRequest} or {@code InternetOpenUrl}. Closing it before the body
 * was read to the end discards the rest and the connection is not reused (WI-01); closing it during an
 * upload ({@link #beginUpload}) aborts the upload and its connection. See docs/wininet.md.
 */
public final class HttpRequest extends InternetObject {
    HttpRequest(Session session, WinInet api, InternetObject parent, long handle) {
        super(session, api, parent, handle, "HttpOpenRequest");
    }

    /** {@code HttpAddRequestHeaders} with {@code HTTP_ADDREQ_FLAG_ADD}. */
    public void addHeaders(String headers) {
        check(api, api.HttpAddRequestHeaders(handle, headers, -1, WinInet.HTTP_ADDREQ_FLAG_ADD), "HttpAddRequestHeaders");
    }

    /**
     * {@code HttpSendRequest}. Returns {@code true} when the response head has arrived, {@code false}
     * when the session is asynchronous and the request is pending (its REQUEST_COMPLETE follows, WI-10).
     */
    public boolean send(byte[] body) {
        byte[] b = body == null ? new byte[0] : body;
        return pendingOrDone(api.HttpSendRequest(handle, null, 0, b, b.length), "HttpSendRequest");
    }

    /**
     * {@code HttpSendRequestEx}: starts an upload of {@code totalLength} bytes ({@code Content-Length}),
     * with {@code headers} (may be null) and no body yet; {@link #write} sends it, {@link #endUpload}
     * ends it. Returns {@code true} when the head is sent, {@code false} when the session is asynchronous
     * and the call is pending (its REQUEST_COMPLETE follows, WI-10).
     */
    public boolean beginUpload(String headers, long totalLength) {
        if (totalLength < 0 || totalLength > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("a DWORD length: " + totalLength);
        }
        InternetBuffers in = new InternetBuffers(null, 0, (int) totalLength);
        in.lpcszHeader = headers;
        in.dwHeadersLength = headers == null ? 0 : -1;
        return pendingOrDone(api.HttpSendRequestEx(handle, in, null, 0, 0), "HttpSendRequestEx");
    }

    /**
     * {@code InternetWriteFile}: writes the first {@code length} bytes of {@code data} to the upload.
     * Returns {@code true} when they are written, {@code false} when the session is asynchronous and the
     * write is pending (REQUEST_COMPLETE follows).
     */
    public boolean write(byte[] data, int length) {
        IntRef written = new IntRef();
        return pendingOrDone(api.InternetWriteFile(handle, data, length, written), "InternetWriteFile");
    }

    /**
     * {@code HttpEndRequest}: ends the upload. Returns {@code true} when the response head has arrived
     * (then {@link #statusCode()} and {@link #read} answer), {@code false} when async and pending.
     */
    public boolean endUpload() {
        return pendingOrDone(api.HttpEndRequest(handle, null, 0, 0), "HttpEndRequest");
    }

    private boolean pendingOrDone(boolean ok, String function) {
        if (ok) {
            return true;
        }
        if (api.GetLastError() == Win32Error.ERROR_IO_PENDING.code()) {
            return false;
        }
        check(api, false, function);
        return false;
    }

    /** The status code ({@code HttpQueryInfo(HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER)}). */
    public int statusCode() {
        byte[] b = new byte[4];
        IntRef len = new IntRef(4);
        check(api, api.HttpQueryInfo(handle, WinInet.HTTP_QUERY_STATUS_CODE | WinInet.HTTP_QUERY_FLAG_NUMBER, b, len, null),
                "HttpQueryInfo(STATUS_CODE)");
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    /** A response header's first value ({@code HTTP_QUERY_CUSTOM}), if present. */
    public Optional<String> header(String name) {
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        IntRef len = new IntRef(Math.max(n.length + 1, 256));
        byte[] buf = new byte[len.value];
        System.arraycopy(n, 0, buf, 0, n.length);
        if (!api.HttpQueryInfo(handle, WinInet.HTTP_QUERY_CUSTOM, buf, len, null)) {
            int e = api.GetLastError();
            if (e == Win32Error.ERROR_HTTP_HEADER_NOT_FOUND.code()) {
                return Optional.empty();
            }
            if (e != Win32Error.ERROR_INSUFFICIENT_BUFFER.code()) {
                check(api, false, "HttpQueryInfo(CUSTOM)");
            }
            buf = new byte[len.value];
            System.arraycopy(n, 0, buf, 0, n.length);
            check(api, api.HttpQueryInfo(handle, WinInet.HTTP_QUERY_CUSTOM, buf, len, null), "HttpQueryInfo(CUSTOM)");
        }
        return Optional.of(new String(buf, 0, len.value, StandardCharsets.ISO_8859_1));
    }

    /** {@code InternetReadFile} (synchronous sessions): bytes read, or -1 at the end of the body. */
    public int read(byte[] buffer, int length) {
        IntRef n = new IntRef();
        check(api, api.InternetReadFile(handle, buffer, length, n), "InternetReadFile");
        return length > 0 && n.value == 0 ? -1 : n.value;
    }

    /** Reads the body to the end (synchronous sessions); the connection may then be reused (WI-01). */
    public byte[] readAll() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = read(buf, buf.length)) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}

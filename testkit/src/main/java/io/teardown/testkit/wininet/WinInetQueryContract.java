package io.teardown.testkit.wininet;

import static io.teardown.wininet.WinInet.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Win32Error;
import io.teardown.testkit.TestBackend;
import io.teardown.wininet.WinInet;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.TestTemplate;

/**
 * The WinINet contract's query group: what a WinINet user reads about a handle — {@code InternetQueryOption}
 * of the handle type, the context and the URL, {@code HttpQueryInfo} as a number and as raw header
 * text with the {@code ERROR_INSUFFICIENT_BUFFER} (122) length protocol — before a close, and
 * {@code ERROR_INVALID_HANDLE} (6) for every one of them after it (WI-02, WI-08). Part of
 * {@link WinInetContract}.
 */
public class WinInetQueryContract extends WinInetUploadContract {
    private static final int INSUFFICIENT = Win32Error.ERROR_INSUFFICIENT_BUFFER.code();

    /** For JUnit and for subclasses. */
    public WinInetQueryContract() {
    }

    private static int dword(WinInet api, long h, int option) {
        IntRef v = new IntRef();
        IntRef len = new IntRef(4);
        assertTrue(api.InternetQueryOption(h, option, v, len), () -> "option " + option + ": " + api.GetLastError());
        assertEquals(4, len.value);
        return v.value;
    }

    @TestTemplate
    public void WI_02_queriesAnswerBeforeTheCloseAndFailWithInvalidHandleAfter(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            long inet = open(api, false);
            long conn = connect(api, inet, server.port(), 5);
            long req = request(api, conn, "/small", 6);
            assertEquals(INTERNET_HANDLE_TYPE_INTERNET, dword(api, inet, INTERNET_OPTION_HANDLE_TYPE));
            assertEquals(INTERNET_HANDLE_TYPE_CONNECT_HTTP, dword(api, conn, INTERNET_OPTION_HANDLE_TYPE));
            assertEquals(INTERNET_HANDLE_TYPE_HTTP_REQUEST, dword(api, req, INTERNET_OPTION_HANDLE_TYPE));
            LongRef ctx = new LongRef();
            IntRef ctxLen = new IntRef(8);
            assertTrue(api.InternetQueryOption(req, INTERNET_OPTION_CONTEXT_VALUE, ctx, ctxLen));
            assertEquals(6, ctx.value);

            // the URL: too small a buffer gives 122 and the length with the NUL; then the text without it
            String url = "http://127.0.0.1:" + server.port() + "/small";
            IntRef urlLen = new IntRef(4);
            assertFails(api, api.InternetQueryOption(req, INTERNET_OPTION_URL, new byte[4], urlLen), INSUFFICIENT, "URL in 4 bytes");
            assertEquals(url.length() + 1, urlLen.value);
            byte[] text = new byte[urlLen.value];
            assertTrue(api.InternetQueryOption(req, INTERNET_OPTION_URL, text, urlLen), () -> "URL: " + api.GetLastError());
            assertEquals(url.length(), urlLen.value);
            assertEquals(url, new String(text, 0, urlLen.value, StandardCharsets.ISO_8859_1));

            send(api, req);
            // a number: 4 bytes; without a buffer, 122 and the size needed
            IntRef numLen = new IntRef(0);
            assertFails(api, api.HttpQueryInfo(req, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, null, numLen, null),
                    INSUFFICIENT, "a number without a buffer");
            assertEquals(4, numLen.value);
            assertEquals(200, statusCode(api, req));
            // the raw head: 122 with the length including the NUL, then the text, CRLF-separated, blank line last
            IntRef rawLen = new IntRef(1);
            assertFails(api, api.HttpQueryInfo(req, HTTP_QUERY_RAW_HEADERS_CRLF, new byte[1], rawLen, null),
                    INSUFFICIENT, "the raw head in 1 byte");
            byte[] raw = new byte[rawLen.value];
            int needed = rawLen.value;
            assertTrue(api.HttpQueryInfo(req, HTTP_QUERY_RAW_HEADERS_CRLF, raw, rawLen, null));
            assertEquals(needed - 1, rawLen.value, "on success the length leaves out the NUL");
            String head = new String(raw, 0, rawLen.value, StandardCharsets.ISO_8859_1);
            assertTrue(head.startsWith("HTTP/1.1 200") && head.endsWith("\r\n\r\n"), head);

            assertTrue(api.InternetCloseHandle(req));
            assertFails(api, api.InternetQueryOption(req, INTERNET_OPTION_HANDLE_TYPE, new IntRef(), new IntRef(4)),
                    INVALID_HANDLE, "HANDLE_TYPE after the close");
            assertFails(api, api.InternetQueryOption(req, INTERNET_OPTION_CONTEXT_VALUE, new LongRef(), new IntRef(8)),
                    INVALID_HANDLE, "CONTEXT_VALUE after the close");
            assertFails(api, api.InternetQueryOption(req, INTERNET_OPTION_URL, new byte[256], new IntRef(256)),
                    INVALID_HANDLE, "URL after the close");
            assertFails(api, api.HttpQueryInfo(req, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, new byte[4],
                    new IntRef(4), null), INVALID_HANDLE, "HttpQueryInfo after the close");
            assertTrue(api.InternetCloseHandle(inet));
            assertFails(api, api.InternetQueryOption(conn, INTERNET_OPTION_HANDLE_TYPE, new IntRef(), new IntRef(4)),
                    INVALID_HANDLE, "a child of the closed session (WI-02)");
        }
    }
}

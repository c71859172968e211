package io.teardown.testkit.wininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.wininet.WinInet;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WinINet values a program passes or reads as numbers, written here as wininet.h defines them
 * (not through the facade's constants), so every backend answers to the header's numbers:
 * {@code HTTP_QUERY_CUSTOM} is 65535 (65 is {@code HTTP_QUERY_VARY}) and
 * {@code INTERNET_HANDLE_TYPE_CONNECT_HTTP} is 4 (3 is {@code CONNECT_GOPHER}). See docs/wininet.md
 * and docs/native-backend.md ("The ABI check").
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("wininet")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class WinInetHeaderValuesContract {
    /** wininet.h: {@code #define HTTP_QUERY_CUSTOM 65535}. */
    private static final int HEADER_HTTP_QUERY_CUSTOM = 65535;
    /** wininet.h: {@code #define HTTP_QUERY_VARY 65}. */
    private static final int HEADER_HTTP_QUERY_VARY = 65;
    /** wininet.h: {@code #define INTERNET_HANDLE_TYPE_CONNECT_HTTP 4}. */
    private static final int HEADER_INTERNET_HANDLE_TYPE_CONNECT_HTTP = 4;
    /** wininet.h: {@code #define INTERNET_OPTION_HANDLE_TYPE 9}. */
    private static final int HEADER_INTERNET_OPTION_HANDLE_TYPE = 9;

    /** For JUnit and for subclasses naming a backend. */
    public WinInetHeaderValuesContract() {
    }

    @TestTemplate
    public void WI_09_theFacadeConstantsAreTheHeaderValues(TestBackend b) {
        assertEquals(HEADER_HTTP_QUERY_CUSTOM, WinInet.HTTP_QUERY_CUSTOM);
        assertEquals(HEADER_INTERNET_HANDLE_TYPE_CONNECT_HTTP, WinInet.INTERNET_HANDLE_TYPE_CONNECT_HTTP);
        assertEquals(HEADER_INTERNET_OPTION_HANDLE_TYPE, WinInet.INTERNET_OPTION_HANDLE_TYPE);
    }

    @TestTemplate
    public void WI_09_aConnectHandleReportsTheHeadersHttpConnectType(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            long inet = api.InternetOpen("teardown-contract", WinInet.INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
            assertNotEquals(0, inet, () -> "InternetOpen: " + api.GetLastError());
            long conn = api.InternetConnect(inet, "127.0.0.1", server.port(), null, null, WinInet.INTERNET_SERVICE_HTTP, 0, 1);
            assertNotEquals(0, conn, () -> "InternetConnect: " + api.GetLastError());
            IntRef type = new IntRef();
            IntRef len = new IntRef(4);
            assertTrue(api.InternetQueryOption(conn, HEADER_INTERNET_OPTION_HANDLE_TYPE, type, len),
                    () -> "InternetQueryOption: " + api.GetLastError());
            assertEquals(HEADER_INTERNET_HANDLE_TYPE_CONNECT_HTTP, type.value, "INTERNET_HANDLE_TYPE_CONNECT_HTTP");
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    @TestTemplate
    public void WI_09_customHeaderQueryUsesTheHeadersLevel(TestBackend b) throws Exception {
        WinInet api = WinInet.of(b.session());
        try (TestHttpServer server = TestHttpServer.start()) {
            long inet = api.InternetOpen("teardown-contract", WinInet.INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
            long conn = api.InternetConnect(inet, "127.0.0.1", server.port(), null, null, WinInet.INTERNET_SERVICE_HTTP, 0, 1);
            long req = api.HttpOpenRequest(conn, "GET", "/small", null, null, null, WinInet.INTERNET_FLAG_RELOAD, 2);
            assertNotEquals(0, req, () -> "HttpOpenRequest: " + api.GetLastError());
            assertTrue(api.HttpSendRequest(req, null, 0, null, 0), () -> "HttpSendRequest: " + api.GetLastError());
            byte[] buf = nameBuffer("X-Twice");
            IntRef len = new IntRef(buf.length);
            assertTrue(api.HttpQueryInfo(req, HEADER_HTTP_QUERY_CUSTOM, buf, len, null),
                    () -> "HttpQueryInfo(65535, X-Twice): " + api.GetLastError());
            assertEquals("one", new String(buf, 0, len.value, StandardCharsets.ISO_8859_1));
            // 65 is HTTP_QUERY_VARY: it answers the Vary header, the buffer is not a header name there
            byte[] vary = nameBuffer("X-Twice");
            IntRef varyLen = new IntRef(vary.length);
            assertTrue(api.HttpQueryInfo(req, HEADER_HTTP_QUERY_VARY, vary, varyLen, null),
                    () -> "HttpQueryInfo(65): " + api.GetLastError());
            assertEquals("Accept-Encoding", new String(vary, 0, varyLen.value, StandardCharsets.ISO_8859_1),
                    "level 65 is Vary, not a custom header");
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    private static byte[] nameBuffer(String name) {
        byte[] buf = new byte[64];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, buf, 0, n.length);
        return buf;
    }
}

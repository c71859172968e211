package io.teardown.backend.netty;

import static io.teardown.wininet.WinInet.INTERNET_FLAG_RELOAD;
import static io.teardown.wininet.WinInet.INTERNET_OPEN_TYPE_DIRECT;
import static io.teardown.wininet.WinInet.INTERNET_SERVICE_HTTP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.testkit.wininet.TestHttpServer;
import io.teardown.wininet.InternetBuffers;
import io.teardown.wininet.WinInet;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Upload misuse whose outcome Windows leaves undefined (it would write stray bytes on the connection, or
 * wait for a response the server cannot send), answered by the engine without touching the wire:
 * {@code ERROR_INTERNET_INCORRECT_HANDLE_STATE} (12019) for a write or an end without an open upload and
 * for an end with announced bytes missing, {@code ERROR_INVALID_PARAMETER} (87) for more bytes than
 * announced, a non-NULL {@code lpBuffersOut} or a wrong {@code dwStructSize}. A rejected call leaves the
 * upload as it was. See docs/wininet.md ("Uploads").
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NettyWinInetUploadMisuseTest {
    private static final int BAD_STATE = Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_STATE.code();
    private static final int BAD_PARAMETER = Win32Error.ERROR_INVALID_PARAMETER.code();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void fails(WinInet api, boolean ok, int error, String what) {
        assertFalse(ok, what + " should fail");
        assertEquals(error, api.GetLastError(), what);
    }

    @Test
    void misuseIsRefusedAndTheUploadGoesOnUntouched() throws Exception {
        try (TestHttpServer server = TestHttpServer.start();
             Session session = Session.builder().backend("netty").build()) {
            WinInet api = WinInet.of(session);
            long inet = api.InternetOpen("misuse", INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
            long conn = api.InternetConnect(inet, "127.0.0.1", server.port(), null, null, INTERNET_SERVICE_HTTP, 0, 1);
            long req = api.HttpOpenRequest(conn, "POST", "/echo", null, null, null, INTERNET_FLAG_RELOAD, 2);
            IntRef n = new IntRef();
            fails(api, api.InternetWriteFile(req, ascii("abcd"), 4, n), BAD_STATE, "a write before HttpSendRequestEx");
            fails(api, api.HttpEndRequest(req, null, 0, 0), BAD_STATE, "HttpEndRequest before HttpSendRequestEx");
            fails(api, api.HttpSendRequestEx(req, new InternetBuffers(null, 0, 8), new InternetBuffers(), 0, 0),
                    BAD_PARAMETER, "HttpSendRequestEx's lpBuffersOut (reserved)");
            InternetBuffers wrongSize = new InternetBuffers(null, 0, 8);
            wrongSize.dwStructSize = 0;
            fails(api, api.HttpSendRequestEx(req, wrongSize, null, 0, 0), BAD_PARAMETER, "dwStructSize 0");
            fails(api, api.HttpSendRequestEx(req, new InternetBuffers(ascii("123456789"), 9, 8), null, 0, 0),
                    BAD_PARAMETER, "more first bytes than the total");

            assertTrue(api.HttpSendRequestEx(req, new InternetBuffers(ascii("ab"), 2, 8), null, 0, 0));
            assertTrue(api.InternetWriteFile(req, ascii("cd"), 2, n));
            assertEquals(2, n.value);
            fails(api, api.InternetWriteFile(req, ascii("1234567"), 7, n), BAD_PARAMETER, "more than announced");
            assertEquals(0, n.value, "nothing written");
            fails(api, api.HttpEndRequest(req, null, 0, 0), BAD_STATE, "HttpEndRequest with 4 bytes missing");
            assertTrue(api.InternetWriteFile(req, ascii("efgh"), 4, n));
            assertTrue(api.HttpEndRequest(req, null, 0, 0), () -> "HttpEndRequest: " + api.GetLastError());
            fails(api, api.InternetWriteFile(req, ascii("x"), 1, n), BAD_STATE, "a write after HttpEndRequest");
            fails(api, api.HttpEndRequest(req, null, 0, 0), BAD_STATE, "a second HttpEndRequest");
            assertArrayEquals(ascii("abcdefgh"), readAll(api, req), "the rejected calls sent nothing");

            long plain = api.HttpOpenRequest(conn, "POST", "/echo", null, null, null, INTERNET_FLAG_RELOAD, 3);
            assertTrue(api.HttpSendRequest(plain, null, 0, ascii("body"), 4));
            fails(api, api.InternetWriteFile(plain, ascii("more"), 4, n), BAD_STATE, "a write after HttpSendRequest");
            assertArrayEquals(ascii("body"), readAll(api, plain));
            assertTrue(api.InternetCloseHandle(inet));
        }
    }

    private static byte[] readAll(WinInet api, long req) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[256];
        IntRef n = new IntRef();
        do {
            assertTrue(api.InternetReadFile(req, buf, buf.length, n), () -> "InternetReadFile: " + api.GetLastError());
            out.write(buf, 0, n.value);
        } while (n.value > 0);
        return out.toByteArray();
    }
}

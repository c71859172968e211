package io.teardown.backend.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.HandleSpace;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import io.teardown.testkit.wininet.TestHttpServer;
import io.teardown.wininet.HttpRequest;
import io.teardown.wininet.Internet;
import io.teardown.wininet.InternetConnection;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The object API (typed AutoCloseable handles, Win32Exception) over the Netty backend. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NettyWinInetObjectApiTest {
    @Test
    void typedHandlesCloseDeepestFirstAndFailuresCarryTheWinInetNumber() throws Exception {
        try (TestHttpServer server = TestHttpServer.start();
             Session session = Session.builder().backend("netty").build()) {
            try (Internet inet = Internet.of(session, "object-api");
                 InternetConnection conn = inet.connect("127.0.0.1", server.port(), 1)) {
                try (HttpRequest req = conn.openRequest("GET", "/small", 0, 2)) {
                    assertTrue(req.send(null));
                    assertEquals(200, req.statusCode());
                    assertEquals(Optional.of("text/plain"), req.header("Content-Type"));
                    assertEquals(Optional.empty(), req.header("X-Nope"));
                    assertArrayEquals(TestHttpServer.SMALL, req.readAll());
                }
                HttpRequest orphan = conn.openRequest("GET", "/big", 0, 3);
                assertTrue(orphan.send(null));
                conn.close(); // closes the request too (WI-02)
                orphan.close(); // already closed by its parent: a no-op, never a reused value
                Win32Exception e = assertThrows(Win32Exception.class, () -> inet.openUrl("bogus://x/", 4));
                assertTrue(e.is(Win32Error.ERROR_INTERNET_UNRECOGNIZED_SCHEME), e.toString());
                try (HttpRequest viaUrl = inet.openUrl("http://127.0.0.1:" + server.port() + "/echo", 5)) {
                    assertEquals(200, viaUrl.statusCode());
                }
            }
            assertEquals(0, session.handles(HandleSpace.INTERNET).size(), "every handle closed");
        }
    }

    @Test
    void anUploadGoesThroughTheSameEngineAndBadInputIsAWin32Exception() throws Exception {
        byte[] hello = "hello ".getBytes(StandardCharsets.US_ASCII);
        byte[] world = "world".getBytes(StandardCharsets.US_ASCII);
        try (TestHttpServer server = TestHttpServer.start();
             Session session = Session.builder().backend("netty").build()) {
            try (Internet inet = Internet.of(session, "object-api");
                 InternetConnection conn = inet.connect("127.0.0.1", server.port(), 1);
                 HttpRequest req = conn.openRequest("POST", "/echo", 0, 2)) {
                Win32Exception early = assertThrows(Win32Exception.class, () -> req.write(hello, hello.length));
                assertTrue(early.is(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_STATE), early.toString());
                assertTrue(req.beginUpload("Content-Type: text/plain", hello.length + world.length));
                assertTrue(req.write(hello, hello.length));
                Win32Exception tooMuch = assertThrows(Win32Exception.class, () -> req.write(new byte[9], 9));
                assertTrue(tooMuch.is(Win32Error.ERROR_INVALID_PARAMETER), tooMuch.toString());
                Win32Exception short_ = assertThrows(Win32Exception.class, req::endUpload);
                assertTrue(short_.is(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_STATE), short_.toString());
                assertTrue(req.write(world, world.length));
                assertTrue(req.endUpload());
                assertEquals(200, req.statusCode());
                assertArrayEquals("hello world".getBytes(StandardCharsets.US_ASCII), req.readAll());
            }
            assertEquals(0, session.handles(HandleSpace.INTERNET).size(), "every handle closed");
        }
    }
}

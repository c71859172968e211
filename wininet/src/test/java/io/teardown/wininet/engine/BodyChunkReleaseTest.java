package io.teardown.wininet.engine;

import static io.teardown.wininet.WinInet.INTERNET_OPEN_TYPE_DIRECT;
import static io.teardown.wininet.WinInet.INTERNET_SERVICE_HTTP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.wininet.front.WinInetFront;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Response bodies reach the engine as {@link HttpConnection.Chunk}s it must release exactly once: when
 * {@code InternetReadFile} has copied them out, or when the response is discarded unread (handle
 * closed, request sent again, session closed). A {@link ScriptedHttpTransport} answers every request with a
 * fixed body in numbered pieces and counts what the engine releases.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class BodyChunkReleaseTest {
    private static final int PIECES = 40;
    private static final int PIECE = 10_000; // 400 kB: more than the engine buffers before it stops asking

    private Session session;
    private ScriptedHttpTransport net;
    private EmulatedWinInetDriver engine;
    private WinInetFront api;
    private long conn;

    @BeforeEach
    void open() {
        session = Session.open();
        net = new ScriptedHttpTransport().respond(ScriptedHttpTransport.Response.ok(PIECES, PIECE));
        engine = new EmulatedWinInetDriver(session, net);
        api = new WinInetFront(session, engine);
        long inet = api.InternetOpen("test", INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
        conn = api.InternetConnect(inet, "127.0.0.1", 8080, null, null, INTERNET_SERVICE_HTTP, 0, 1);
    }

    @AfterEach
    void close() {
        session.close();
        api.close();
    }

    private long send() {
        long req = api.HttpOpenRequest(conn, "GET", "/", null, null, null, 0, 2);
        assertTrue(api.HttpSendRequest(req, null, 0, null, 0), () -> "send: " + api.GetLastError());
        return req;
    }

    private void awaitBuffered(long req) throws InterruptedException {
        IntRef available = new IntRef();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        do {
            assertTrue(api.InternetQueryDataAvailable(req, available, 0, 0));
            if (available.value >= 3 * PIECE) {
                return;
            }
            Thread.sleep(2);
        } while (System.nanoTime() < end);
    }

    @Test
    void bodyReadToTheEndIsCopiedOnceInOrderAndEveryPieceReleased() throws InterruptedException {
        long req = send();
        byte[] body = new byte[PIECES * PIECE + 1];
        byte[] buf = new byte[7_777]; // not a multiple of the piece size: reads straddle pieces
        IntRef read = new IntRef();
        int total = 0;
        do {
            assertTrue(api.InternetReadFile(req, buf, buf.length, read));
            System.arraycopy(buf, 0, body, total, read.value);
            total += read.value;
        } while (read.value > 0);
        assertEquals(PIECES * PIECE, total);
        byte[] expected = new byte[PIECES * PIECE];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) i;
        }
        assertArrayEquals(expected, Arrays.copyOf(body, total));
        assertTrue(api.InternetCloseHandle(req));
        net.awaitAllReleased();
        assertEquals(PIECES, net.made());
    }

    @Test
    void closingWithTheBodyUnreadReleasesWhatWasBuffered() throws InterruptedException {
        long req = send();
        awaitBuffered(req);
        assertTrue(api.InternetCloseHandle(req));
        net.awaitAllReleased();
        assertTrue(net.made() < PIECES, "the engine stopped asking once its buffer was full");
    }

    @Test
    void sendingAgainDiscardsTheUnreadBody() throws InterruptedException {
        long req = send();
        awaitBuffered(req);
        int first = net.made();
        assertTrue(api.HttpSendRequest(req, null, 0, null, 0), () -> "send again: " + api.GetLastError());
        IntRef read = new IntRef();
        byte[] buf = new byte[4];
        assertTrue(api.InternetReadFile(req, buf, buf.length, read));
        assertArrayEquals(new byte[] {0, 1, 2, 3}, buf, "the new response starts at its first byte");
        assertTrue(net.made() > first);
        assertTrue(api.InternetCloseHandle(req));
        net.awaitAllReleased();
    }

    @Test
    void aCallbackClosingTheRequestInternetOpenUrlJustCreatedLeavesNoBodyBehind() throws InterruptedException {
        // The callback closes the new request on HANDLE_CREATED, racing the send InternetOpenUrl starts
        // next. Whichever wins, the call returns (it cannot wait on a handle nobody will cancel) and no
        // piece of a response outlives its handle. (A send that started after the close once did both.)
        long inet = api.InternetOpen("test", INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
        api.InternetSetStatusCallback(inet, (h, ctx, status, info, len) -> {
            if (status == io.teardown.wininet.WinInet.INTERNET_STATUS_HANDLE_CREATED) {
                api.InternetCloseHandle(h);
            }
        });
        byte[] buf = new byte[PIECE];
        IntRef read = new IntRef();
        for (int i = 0; i < 200; i++) {
            long req = api.InternetOpenUrl(inet, "http://127.0.0.1:8080/", null, 0, 0, 5);
            if (req != 0) {
                while (api.InternetReadFile(req, buf, buf.length, read) && read.value > 0) {
                    // read what the close left readable, if anything
                }
                api.InternetCloseHandle(req);
            }
        }
        engine.awaitCallbacks(Duration.ofSeconds(5));
        net.awaitAllReleased();
        assertTrue(api.InternetCloseHandle(inet));
    }

    @Test
    void closingTheSessionReleasesTheBodyOfAHandleLeftOpen() throws InterruptedException {
        long req = send();
        awaitBuffered(req);
        api.close();
        net.awaitAllReleased();
        assertTrue(req != 0);
    }
}

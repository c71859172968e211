package io.teardown.wininet.engine;

import static io.teardown.wininet.WinInet.INTERNET_OPEN_TYPE_DIRECT;
import static io.teardown.wininet.WinInet.INTERNET_SERVICE_HTTP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.wininet.engine.ScriptedHttpTransport.ConnectOutcome;
import io.teardown.wininet.engine.ScriptedHttpTransport.Response;
import io.teardown.wininet.front.WinInetFront;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine's exchange rules without a server: a {@link ScriptedHttpTransport} decides whether the server
 * keeps the connection, stalls, fails mid-body or cannot be reached, so the engine's reuse policy (WI-01), its
 * errors and its cancellation by a close (WI-06, WI-07) are checked in isolation and fast. The WinINet contract
 * proves the same against real HTTP servers.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ScriptedExchangeTest {
    private static final int PIECE = 1_000;

    private Session session;
    private ScriptedHttpTransport net;
    private EmulatedWinInetDriver engine;
    private WinInetFront api;
    private long conn;

    @BeforeEach
    void open() {
        session = Session.open();
        net = new ScriptedHttpTransport().respond(Response.ok(3, PIECE));
        engine = new EmulatedWinInetDriver(session, net);
        api = new WinInetFront(session, engine);
        long inet = api.InternetOpen("test", INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
        conn = api.InternetConnect(inet, "127.0.0.1", 8080, null, null, INTERNET_SERVICE_HTTP, 0, 1);
    }

    @AfterEach
    void close() throws InterruptedException {
        session.close();
        api.close();
        net.awaitAllReleased();
    }

    private long send() {
        long req = api.HttpOpenRequest(conn, "GET", "/", null, null, null, 0, 2);
        assertTrue(api.HttpSendRequest(req, null, 0, null, 0), () -> "send: " + api.GetLastError());
        return req;
    }

    /** Reads the body to its end; returns how many bytes it had. */
    private int readAll(long req) {
        byte[] buf = new byte[777];
        IntRef read = new IntRef();
        int total = 0;
        do {
            assertTrue(api.InternetReadFile(req, buf, buf.length, read), () -> "read: " + api.GetLastError());
            total += read.value;
        } while (read.value > 0);
        return total;
    }

    @Test
    void WI_01_aResponseReadToTheEndLeavesItsConnectionToTheNextRequest() {
        long first = send();
        assertEquals(3 * PIECE, readAll(first));
        assertTrue(api.InternetCloseHandle(first));
        long second = send();
        assertEquals(3 * PIECE, readAll(second));
        assertTrue(api.InternetCloseHandle(second));
        assertEquals(1, net.attempts(), "one connection for both requests");
        assertEquals(2, net.requests().size());
    }

    @Test
    void WI_01_aResponseClosedHalfReadTakesItsConnectionWithIt() {
        long first = send();
        byte[] buf = new byte[10];
        IntRef read = new IntRef();
        assertTrue(api.InternetReadFile(first, buf, buf.length, read));
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, buf);
        assertTrue(api.InternetCloseHandle(first));
        assertTrue(net.closedByEngine() >= 1, "the half-read connection was closed, not kept");
        long second = send();
        assertEquals(3 * PIECE, readAll(second));
        assertTrue(api.InternetCloseHandle(second));
        assertEquals(2, net.attempts(), "the second request needed a new connection");
    }

    @Test
    void aServerThatClosesAfterItsResponseIsNotAskedAgain() {
        net.respond(Response.ok(1, PIECE).closing());
        for (int i = 0; i < 2; i++) {
            long req = send();
            assertEquals(PIECE, readAll(req));
            assertTrue(api.InternetCloseHandle(req));
        }
        assertEquals(2, net.attempts());
    }

    @Test
    void aConnectionLostMidBodyEndsTheReadWithTheTransportsError() {
        int lost = Win32Error.ERROR_INTERNET_CONNECTION_RESET.code();
        net.respond(Response.ok(3, PIECE).failingAfter(1, lost));
        long req = send();
        byte[] buf = new byte[3 * PIECE];
        IntRef read = new IntRef();
        int total = 0;
        boolean ok;
        do {
            ok = api.InternetReadFile(req, buf, buf.length, read);
            total += ok ? read.value : 0;
        } while (ok && read.value > 0);
        assertFalse(ok, "the read fails once the piece that came is read");
        assertEquals(lost, api.GetLastError());
        assertTrue(total <= PIECE, "nothing beyond what arrived: " + total);
        assertTrue(api.InternetCloseHandle(req));
    }

    @Test
    void aFailedConnectFailsTheSendWithItsError() {
        int refused = Win32Error.ERROR_INTERNET_CANNOT_CONNECT.code();
        net.connects(ConnectOutcome.FAIL, refused);
        long req = api.HttpOpenRequest(conn, "GET", "/", null, null, null, 0, 2);
        assertFalse(api.HttpSendRequest(req, null, 0, null, 0));
        assertEquals(refused, api.GetLastError());
        assertTrue(api.InternetCloseHandle(req));
    }

    @Test
    void WI_07_closingARequestWhoseServerNeverAnswersEndsTheBlockedSend() throws Exception {
        net.respond(Response.stall());
        long req = api.HttpOpenRequest(conn, "GET", "/", null, null, null, 0, 2);
        CompletableFuture<Integer> call = CompletableFuture.supplyAsync(
                () -> api.HttpSendRequest(req, null, 0, null, 0) ? 0 : api.GetLastError());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (net.requests().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(2);
        }
        assertEquals(1, net.requests().size(), "the request went out");
        assertTrue(api.InternetCloseHandle(req));
        assertEquals(Win32Error.ERROR_INTERNET_OPERATION_CANCELLED.code(), call.get(5, TimeUnit.SECONDS));
    }
}

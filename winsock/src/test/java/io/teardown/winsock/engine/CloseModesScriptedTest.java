package io.teardown.winsock.engine;

import io.teardown.winsock.front.WinsockFront;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.winsock.Linger;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.engine.ScriptedConnection.Ending;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine's close modes and connection failures without a socket: a {@link ScriptedTransport} plays the
 * network, so the test decides what the peer has acknowledged, when the send buffer is full, when the peer
 * sends FIN or RST and when a write fails — states a loopback socket reaches only by racing the kernel. The
 * contract suites prove the same rules end to end on real sockets (WS-04 … WS-07, WS-11). Plain sends also
 * write what the "kernel" takes at once on the calling thread ({@link Connection#writeNow}) and queue only
 * the rest, in order, with the same results and failures (docs/winsock.md, "Where a call runs";
 * {@code NettyDirectSendTest} does the same on real sockets).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CloseModesScriptedTest {
    private static final byte[] DATA = "hello".getBytes(StandardCharsets.US_ASCII);

    private Session session;
    private ScriptedTransport net;
    private WinsockFront<?> ws;

    @BeforeEach
    void open() {
        session = Session.open();
        net = new ScriptedTransport();
        ws = new WinsockFront<>(session, new EmulatedWinsockDriver(session, net));
        assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
    }

    @AfterEach
    void close() {
        session.close();
        ws.close();
        net.shutdown();
    }

    private long connected() {
        long s = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        assertEquals(0, ws.connect(s, SockAddr.inet("127.0.0.1", 40001)), () -> "connect: " + ws.WSAGetLastError());
        return s;
    }

    private void fails(int result, Win32Error expected) {
        assertEquals(Ws2_32.SOCKET_ERROR, result);
        assertEquals(expected.code(), ws.WSAGetLastError(), () -> Win32Error.describe(ws.WSAGetLastError()));
    }

    @Test
    void WS_04_defaultCloseReturnsAtOnceAndClosesGracefullyWithDataUnacknowledged() {
        long s = connected();
        ScriptedConnection c = net.last().holdAcknowledgement(true);
        assertEquals(DATA.length, ws.send(s, DATA, DATA.length, 0));
        assertEquals(0, ws.closesocket(s));
        assertEquals(Ending.GRACEFUL, c.ending());
        assertArrayEquals(DATA, c.written());
    }

    @Test
    void WS_05_abortiveCloseResets() {
        long s = connected();
        ScriptedConnection c = net.last().holdAcknowledgement(true);
        assertEquals(DATA.length, ws.send(s, DATA, DATA.length, 0));
        assertEquals(0, ws.setsockopt(s, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, Linger.ABORTIVE));
        assertEquals(0, ws.closesocket(s));
        assertEquals(Ending.RESET, c.ending());
    }

    @Test
    void WS_06_blockingLingerWaitsForTheAcknowledgementThenClosesGracefully() throws Exception {
        long s = connected();
        ScriptedConnection c = net.last().holdAcknowledgement(true);
        assertEquals(DATA.length, ws.send(s, DATA, DATA.length, 0));
        assertEquals(0, ws.setsockopt(s, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, new Linger(1, 30)));
        CompletableFuture<Integer> closed = CompletableFuture.supplyAsync(() -> ws.closesocket(s));
        Thread.sleep(200);
        assertFalse(closed.isDone(), "the close waits while the peer has not acknowledged");
        assertTrue(c.isOpen());
        c.acknowledge();
        assertEquals(0, closed.get(10, TimeUnit.SECONDS));
        assertEquals(Ending.GRACEFUL, c.ending());
    }

    @Test
    void WS_06_blockingLingerResetsAtItsDeadlineAndStillReturnsZero() {
        long s = connected();
        ScriptedConnection c = net.last().holdAcknowledgement(true);
        assertEquals(DATA.length, ws.send(s, DATA, DATA.length, 0));
        assertEquals(0, ws.setsockopt(s, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, new Linger(1, 1)));
        assertEquals(0, ws.closesocket(s));
        assertEquals(Ending.RESET, c.ending());
    }

    @Test
    void WS_07_nonBlockingLingerWouldBlockWhileUnacknowledgedAndClosesOnceAcknowledged() {
        long s = connected();
        ScriptedConnection c = net.last().holdAcknowledgement(true);
        assertEquals(DATA.length, ws.send(s, DATA, DATA.length, 0));
        assertEquals(0, ws.ioctlsocket(s, Ws2_32.FIONBIO, new IntRef(1)));
        assertEquals(0, ws.setsockopt(s, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, new Linger(1, 5)));
        fails(ws.closesocket(s), Win32Error.WSAEWOULDBLOCK);
        assertTrue(c.isOpen(), "no disconnect started");
        assertEquals(DATA.length, ws.send(s, DATA, DATA.length, 0), "the socket stays valid");
        c.acknowledge();
        assertEquals(0, ws.closesocket(s));
        assertEquals(Ending.GRACEFUL, c.ending());
    }

    @Test
    void WS_07_withoutAcknowledgementsTheTransportsQueueDecides() {
        net.knowsAcknowledgement(false);
        long s = connected();
        ScriptedConnection c = net.last().stallWrites();
        assertEquals(0, ws.ioctlsocket(s, Ws2_32.FIONBIO, new IntRef(1)));
        assertEquals(DATA.length, ws.send(s, DATA, DATA.length, 0), "queued in the transport");
        assertEquals(0, ws.setsockopt(s, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, new Linger(1, 5)));
        fails(ws.closesocket(s), Win32Error.WSAEWOULDBLOCK);
        assertTrue(c.isOpen(), "no disconnect started");
        c.drain();
        assertEquals(0, ws.closesocket(s));
        assertEquals(Ending.GRACEFUL, c.ending());
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + i / 251);
        }
        return b;
    }

    @Test
    void whatTheKernelDoesNotTakeAtOnceIsQueuedBehindWhatItTook() {
        long s = connected();
        ScriptedConnection c = net.last().takesNow(3).stallWrites();
        assertEquals(DATA.length, ws.send(s, DATA, DATA.length, 0));
        assertEquals(3, c.takenNow(), "written on the calling thread");
        assertEquals(2, c.queuedBytes(), "the rest queued in the transport");
        assertArrayEquals(DATA, c.written());

        assertEquals(0, ws.ioctlsocket(s, Ws2_32.FIONBIO, new IntRef(1)));
        fails(ws.send(s, DATA, DATA.length, 0), Win32Error.WSAEWOULDBLOCK); // the queue is full, as before
        c.drain();
        assertEquals(DATA.length, ws.send(s, DATA, DATA.length, 0));
        assertEquals(6, c.takenNow());
        assertArrayEquals("hellohello".getBytes(StandardCharsets.US_ASCII), c.written());
        assertEquals(0, ws.closesocket(s));
    }

    @Test
    void aLargeBlockingSendKeepsItsOrderAcrossChunks() {
        long s = connected();
        ScriptedConnection c = net.last().takesNow(1000); // part of every 64 KiB chunk, the rest queued
        byte[] data = pattern(200 * 1024 + 17);
        assertEquals(data.length, ws.send(s, data, data.length, 0));
        assertEquals(4 * 1000, c.takenNow(), "four chunks, each partly written at once");
        assertArrayEquals(data, c.written());

        c.takesNow(Integer.MAX_VALUE);
        assertEquals(data.length, ws.send(s, data, data.length, 0));
        assertEquals(4 * 1000 + data.length, c.takenNow(), "all on the calling thread");
        assertEquals(2 * data.length, c.written().length);
        assertEquals(0, ws.closesocket(s));
    }

    @Test
    void aResetMetByTheDirectWriteFailsTheSocketAtOnce() {
        long s = connected();
        net.last().takesNow(Integer.MAX_VALUE).failWrites(new IOException("connection reset (scripted)"));
        assertEquals(DATA.length, ws.send(s, DATA, DATA.length, 0), "handed over; the direct write met the reset");
        fails(ws.recv(s, new byte[8], 8, 0), Win32Error.WSAECONNRESET); // at once: no read would report it later
        fails(ws.send(s, DATA, DATA.length, 0), Win32Error.WSAECONNRESET);
        assertEquals(0, ws.closesocket(s));
    }

    @Test
    void aFullSendBufferMakesNonBlockingSendsWouldBlockUntilItDrains() {
        long s = connected();
        ScriptedConnection c = net.last().stallWrites();
        assertEquals(0, ws.ioctlsocket(s, Ws2_32.FIONBIO, new IntRef(1)));
        assertEquals(DATA.length, ws.send(s, DATA, DATA.length, 0), "queued in the transport");
        fails(ws.send(s, DATA, DATA.length, 0), Win32Error.WSAEWOULDBLOCK);
        c.drain();
        assertEquals(DATA.length, ws.send(s, DATA, DATA.length, 0));
        assertEquals(2 * DATA.length, c.written().length);
        assertEquals(0, ws.closesocket(s));
    }

    @Test
    void aFailedWriteFailsTheNextSendWithConnReset() {
        long s = connected();
        ScriptedConnection c = net.last().failWrites(new IOException("broken pipe (scripted)"));
        assertEquals(DATA.length, ws.send(s, DATA, DATA.length, 0), "handed to the transport");
        fails(ws.send(s, DATA, DATA.length, 0), Win32Error.WSAECONNRESET);
        assertEquals(0, ws.closesocket(s));
    }

    @Test
    void thePeersFinEndsTheStreamAfterItsData() {
        long s = connected();
        ScriptedConnection c = net.last();
        c.receive(DATA);
        c.fin();
        byte[] buf = new byte[16];
        assertEquals(DATA.length, ws.recv(s, buf, buf.length, 0));
        assertEquals(0, ws.recv(s, buf, buf.length, 0), "end of stream");
        assertEquals(0, ws.closesocket(s));
        assertEquals(Ending.GRACEFUL, c.ending());
    }

    @Test
    void WS_05_thePeersResetFailsTheNextReceive() {
        long s = connected();
        net.last().rst();
        fails(ws.recv(s, new byte[16], 16, 0), Win32Error.WSAECONNRESET);
        assertEquals(0, ws.closesocket(s));
    }

    @Test
    void WS_05_aResetAfterThePeersFinFailsTheReceiveThatWouldSeeTheEnd() {
        long s = connected();
        ScriptedConnection c = net.last().resetArrivesAfterFin();
        c.fin();
        fails(ws.recv(s, new byte[16], 16, 0), Win32Error.WSAECONNRESET);
        assertEquals(0, ws.closesocket(s));
    }

    @Test
    void WS_11_shutdownSendSendsFinAndTheSocketStillReceives() {
        long s = connected();
        ScriptedConnection c = net.last();
        assertEquals(0, ws.shutdown(s, Ws2_32.SD_SEND));
        assertTrue(c.finSent());
        assertTrue(c.isOpen());
        fails(ws.send(s, DATA, DATA.length, 0), Win32Error.WSAESHUTDOWN);
        c.receive(DATA);
        assertEquals(DATA.length, ws.recv(s, new byte[16], 16, 0));
        assertEquals(0, ws.closesocket(s));
    }

    @Test
    void aRefusedConnectFailsWithConnRefused() {
        net.connects(ScriptedTransport.ConnectOutcome.REFUSE);
        long s = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        fails(ws.connect(s, SockAddr.inet("127.0.0.1", 40001)), Win32Error.WSAECONNREFUSED);
        assertEquals(0, ws.closesocket(s));
        assertTrue(net.connections().isEmpty());
    }
}

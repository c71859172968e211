package io.teardown.testkit.winsock;

import static io.teardown.testkit.winsock.Wsa.connect;
import static io.teardown.testkit.winsock.Wsa.err;
import static io.teardown.testkit.winsock.Wsa.event;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.fill;
import static io.teardown.testkit.winsock.Wsa.getInt;
import static io.teardown.testkit.winsock.Wsa.observeAsync;
import static io.teardown.testkit.winsock.Wsa.ok;
import static io.teardown.testkit.winsock.Wsa.pair;
import static io.teardown.testkit.winsock.Wsa.stalledConnection;
import static io.teardown.testkit.winsock.Wsa.started;
import static io.teardown.testkit.winsock.Wsa.tcp;
import static io.teardown.testkit.winsock.Wsa.waitForEvents;
import static io.teardown.winsock.Ws2_32.AF_INET;
import static io.teardown.winsock.Ws2_32.FD_ACCEPT;
import static io.teardown.winsock.Ws2_32.FD_ACCEPT_BIT;
import static io.teardown.winsock.Ws2_32.FD_CLOSE;
import static io.teardown.winsock.Ws2_32.FD_CLOSE_BIT;
import static io.teardown.winsock.Ws2_32.FD_CONNECT;
import static io.teardown.winsock.Ws2_32.FD_CONNECT_BIT;
import static io.teardown.winsock.Ws2_32.FD_READ;
import static io.teardown.winsock.Ws2_32.FD_WRITE;
import static io.teardown.winsock.Ws2_32.FIONBIO;
import static io.teardown.winsock.Ws2_32.INVALID_SOCKET;
import static io.teardown.winsock.Ws2_32.WSA_WAIT_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.testkit.winsock.JdkPeer.Ending;
import io.teardown.testkit.winsock.JdkPeer.Observation;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.winsock.Ws2_32;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The winsock contract, network events at the close (WS-10, <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>): no {@code FD_CLOSE} for the
 * closer, one for the peer, and the events of connect, accept and a drained send buffer, through the flat
 * facade {@link Ws2_32} only, against independent peers written with plain JDK sockets ({@link JdkPeer}).
 * Each backend runs this class from its tests; the Netty backend runs it once per transport (epoll and forced
 * NIO).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class NetworkEventsContract {
    /** For JUnit and subclasses. */
    public NetworkEventsContract() {
    }

    /** WS-10: no FD_CLOSE for the closing side; the peer gets exactly one, with 0 for a graceful close. */
    @TestTemplate
    public void WS_10_noFdCloseForTheCloserAndOneGracefulFdCloseForThePeer(TestBackend b) {
        Ws2_32 ws = started(b.session());
        long[] sockets = pair(ws);
        long closer = sockets[0];
        long peer = sockets[1];
        long closerEv = event(ws);
        long peerEv = event(ws);
        ok(ws, ws.WSAEventSelect(closer, closerEv, FD_CLOSE), "WSAEventSelect(closer)");
        ok(ws, ws.WSAEventSelect(peer, peerEv, FD_READ | FD_CLOSE), "WSAEventSelect(peer)");
        byte[] data = Payload.bytes(0, 10);
        assertEquals(10, ws.send(closer, data, 10, 0));
        assertEquals(0, ws.closesocket(closer));
        WSANETWORKEVENTS ne = waitForEvents(ws, peer, peerEv, FD_READ);
        assertEquals(FD_READ, ne.lNetworkEvents & FD_READ);
        byte[] buf = new byte[32];
        assertEquals(10, ws.recv(peer, buf, 32, 0), () -> err(ws));
        ne = waitForEvents(ws, peer, peerEv, FD_CLOSE);
        assertEquals(FD_CLOSE, ne.lNetworkEvents & FD_CLOSE, "the peer got FD_CLOSE");
        assertEquals(0, ne.iErrorCode[FD_CLOSE_BIT]);
        assertEquals(WSA_WAIT_TIMEOUT, ws.WSAWaitForMultipleEvents(1, new long[] {closerEv}, false, 300, false),
                "closesocket posts no FD_CLOSE to the closing side");
        assertEquals(WSA_WAIT_TIMEOUT, ws.WSAWaitForMultipleEvents(1, new long[] {peerEv}, false, 300, false),
                "only one FD_CLOSE");
        assertEquals(0, ws.recv(peer, buf, 32, 0), "end of stream");
        ok(ws, ws.closesocket(peer), "closesocket(peer)");
        assertTrue(ws.WSACloseEvent(closerEv));
        assertTrue(ws.WSACloseEvent(peerEv));
    }

    /** WS-10 context: FD_CONNECT/FD_WRITE/FD_ACCEPT with non-blocking connect and accept. */
    @TestTemplate
    public void WS_10_networkEventsForNonBlockingConnectAndAccept(TestBackend b) {
        Ws2_32 ws = started(b.session());
        long l = tcp(ws, AF_INET);
        long lev = event(ws);
        ok(ws, ws.bind(l, SockAddr.inet("127.0.0.1", 0)), "bind");
        ok(ws, ws.listen(l, 4), "listen");
        ok(ws, ws.WSAEventSelect(l, lev, FD_ACCEPT), "WSAEventSelect(listener)");
        long a0 = ws.accept(l, null, null);
        assertEquals(INVALID_SOCKET, a0);
        assertEquals(Win32Error.WSAEWOULDBLOCK.code(), ws.WSAGetLastError(), "non-blocking accept with nothing pending");
        SockAddr at = new SockAddr();
        ok(ws, ws.getsockname(l, at, new IntRef(SockAddr.SIZE_IN)), "getsockname");
        long c = tcp(ws, AF_INET);
        long cev = event(ws);
        ok(ws, ws.WSAEventSelect(c, cev, FD_CONNECT | FD_WRITE), "WSAEventSelect(client)");
        fails(ws, ws.connect(c, SockAddr.inet("127.0.0.1", at.port)), Win32Error.WSAEWOULDBLOCK, "non-blocking connect");
        WSANETWORKEVENTS ne = waitForEvents(ws, c, cev, FD_CONNECT | FD_WRITE);
        assertEquals(FD_CONNECT | FD_WRITE, ne.lNetworkEvents & (FD_CONNECT | FD_WRITE));
        assertEquals(0, ne.iErrorCode[FD_CONNECT_BIT]);
        ne = waitForEvents(ws, l, lev, FD_ACCEPT);
        assertEquals(0, ne.iErrorCode[FD_ACCEPT_BIT]);
        long a = ws.accept(l, null, null);
        assertNotEquals(INVALID_SOCKET, a, () -> err(ws));
        fails(ws, ws.ioctlsocket(c, FIONBIO, new IntRef(0)), Win32Error.WSAEINVAL, "FIONBIO 0 while WSAEventSelect is active");
        ok(ws, ws.closesocket(a), "closesocket(accepted)");
        ok(ws, ws.closesocket(c), "closesocket(client)");
        ok(ws, ws.closesocket(l), "closesocket(listener)");
        assertTrue(ws.WSACloseEvent(lev));
        assertTrue(ws.WSACloseEvent(cev));
    }

    /** WS-10 context: a refused non-blocking connect reports FD_CONNECT with WSAECONNREFUSED (and SO_ERROR). */
    @TestTemplate
    public void WS_10_refusedNonBlockingConnectReportsTheErrorInFdConnect(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // free again once closed: nothing listens there
        }
        long c = tcp(ws, AF_INET);
        long ev = event(ws);
        ok(ws, ws.WSAEventSelect(c, ev, FD_CONNECT), "WSAEventSelect");
        fails(ws, ws.connect(c, SockAddr.inet("127.0.0.1", port)), Win32Error.WSAEWOULDBLOCK, "non-blocking connect");
        WSANETWORKEVENTS ne = waitForEvents(ws, c, ev, FD_CONNECT);
        assertEquals(FD_CONNECT, ne.lNetworkEvents & FD_CONNECT);
        assertEquals(Win32Error.WSAECONNREFUSED.code(), ne.iErrorCode[FD_CONNECT_BIT]);
        assertEquals(Win32Error.WSAECONNREFUSED.code(), getInt(ws, c, Ws2_32.SO_ERROR));
        assertEquals(0, getInt(ws, c, Ws2_32.SO_ERROR), "SO_ERROR is cleared by reading it");
        ok(ws, ws.closesocket(c), "closesocket");
        assertTrue(ws.WSACloseEvent(ev));
    }

    /** WS-10 context: a peer that never reads fills the send buffer (WSAEWOULDBLOCK); FD_WRITE comes back once it reads. */
    @TestTemplate
    public void WS_10_fdWriteIsPostedAgainWhenThePeerDrains(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (JdkPeer peer = JdkPeer.listen(InetAddress.getLoopbackAddress(), 8192)) {
            AtomicLong sent = new AtomicLong();
            long s = stalledConnection(ws, peer, sent);
            Socket p = peer.accept();
            long ev = event(ws);
            ok(ws, ws.WSAEventSelect(s, ev, FD_WRITE), "WSAEventSelect");
            ok(ws, ws.WSAEnumNetworkEvents(s, ev, new WSANETWORKEVENTS()), "WSAEnumNetworkEvents"); // clear
            sent.addAndGet(fill(ws, s, sent.get())); // ends with WSAEWOULDBLOCK: the peer does not read
            Future<Observation> seen = observeAsync(pool, p);
            WSANETWORKEVENTS ne = waitForEvents(ws, s, ev, FD_WRITE);
            assertEquals(FD_WRITE, ne.lNetworkEvents & FD_WRITE, "FD_WRITE once there is room again");
            assertEquals(0, ne.iErrorCode[Ws2_32.FD_WRITE_BIT]);
            assertEquals(0, ws.closesocket(s));
            assertEquals(new Observation(sent.get(), true, Ending.EOF, ""), seen.get(30, TimeUnit.SECONDS));
            assertTrue(ws.WSACloseEvent(ev));
        } finally {
            pool.shutdownNow();
        }
    }
}

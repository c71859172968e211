package io.teardown.testkit.winsock;

import static io.teardown.testkit.winsock.ExtensionFunctions.ADDR;
import static io.teardown.testkit.winsock.ExtensionFunctions.pendingAcceptEx;
import static io.teardown.testkit.winsock.ExtensionFunctions.read;
import static io.teardown.testkit.winsock.ExtensionFunctions.updateAcceptContext;
import static io.teardown.testkit.winsock.Wsa.completesOnce;
import static io.teardown.testkit.winsock.Wsa.connect;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.failsBool;
import static io.teardown.testkit.winsock.Wsa.listener;
import static io.teardown.testkit.winsock.Wsa.ok;
import static io.teardown.testkit.winsock.Wsa.started;
import static io.teardown.testkit.winsock.Wsa.stillPending;
import static io.teardown.testkit.winsock.Wsa.tcp;
import static io.teardown.winsock.Ws2_32.SO_UPDATE_ACCEPT_CONTEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAOVERLAPPED;
import io.teardown.winsock.Ws2_32;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * WS-18, {@code AcceptEx} and {@code GetAcceptExSockaddrs}: each way a pending accept ends — completed
 * at the connection or with its first data, emptied by the client's FIN, failed by its RST, aborted by
 * closing the listener or the accept socket, taken back by {@code CancelIoEx} — with its status and bytes
 * in the very {@code OVERLAPPED} it was given, delivered exactly once; and bad input in Windows' order.
 * Peers are plain JDK sockets. Windows' answers are those Wine's
 * {@code dlls/ws2_32/tests/sock.c} records; the shared helpers are in {@link ExtensionFunctions}.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class AcceptExContract {
    private final ExtensionFunctions fx = new ExtensionFunctions();

    /** For JUnit and subclasses. */
    public AcceptExContract() {
    }

    // ---------------------------------------------------------------- AcceptEx

    /**
     * WS-18: AcceptEx with a receive buffer completes with the first data only (not at the connection),
     * with both addresses readable by GetAcceptExSockaddrs; the socket is a full one only after
     * SO_UPDATE_ACCEPT_CONTEXT.
     */
    @TestTemplate
    public void WS_18_acceptExCompletesWithFirstDataAndAddresses(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        SockAddr at = new SockAddr();
        long l = listener(ws, at);
        byte[] buf = new byte[64 + 2 * ADDR];
        WSAOVERLAPPED ov = new WSAOVERLAPPED(fx.event(ws));
        long a = pendingAcceptEx(ws, l, buf, 64, ov);
        try (Socket client = new Socket(at.address, at.port)) {
            stillPending(ws, ov, "AcceptEx before any data");
            client.getOutputStream().write(Payload.bytes(0, 5));
            completesOnce(ws, ov, 0, 5, "AcceptEx");
            assertArrayEquals(Payload.bytes(0, 5), Arrays.copyOf(buf, 5));
            SockAddr local = new SockAddr();
            SockAddr remote = new SockAddr();
            IntRef localLen = new IntRef();
            IntRef remoteLen = new IntRef();
            ws.GetAcceptExSockaddrs(buf, 64, ADDR, ADDR, local, localLen, remote, remoteLen);
            assertEquals(SockAddr.SIZE_IN, localLen.value);
            assertEquals(SockAddr.SIZE_IN, remoteLen.value);
            assertEquals(new InetSocketAddress(at.address, at.port), local.toInetSocketAddress());
            assertEquals(client.getLocalSocketAddress(), remote.toInetSocketAddress());
            // not a full socket yet
            fails(ws, ws.getpeername(a, new SockAddr(), new IntRef(SockAddr.SIZE_IN6)), Win32Error.WSAENOTCONN,
                    "getpeername before SO_UPDATE_ACCEPT_CONTEXT");
            fails(ws, ws.getsockname(a, new SockAddr(), new IntRef(SockAddr.SIZE_IN6)), Win32Error.WSAENOTCONN,
                    "getsockname before SO_UPDATE_ACCEPT_CONTEXT");
            fails(ws, ws.shutdown(a, Ws2_32.SD_SEND), Win32Error.WSAENOTCONN, "shutdown before SO_UPDATE_ACCEPT_CONTEXT");
            byte[] reply = Payload.bytes(5, 3);
            assertEquals(3, ws.send(a, reply, 3, 0), "send works before the update");
            assertArrayEquals(reply, read(client, 3));
            updateAcceptContext(ws, a, l);
            SockAddr peer = new SockAddr();
            ok(ws, ws.getpeername(a, peer, new IntRef(SockAddr.SIZE_IN6)), "getpeername");
            assertEquals(client.getLocalSocketAddress(), peer.toInetSocketAddress());
            client.getOutputStream().write(Payload.bytes(100, 4));
            byte[] more = new byte[4];
            assertEquals(4, ws.recv(a, more, 4, Ws2_32.MSG_WAITALL));
            assertArrayEquals(Payload.bytes(100, 4), more);
            assertEquals(0, ws.closesocket(a));
            assertEquals(-1, client.getInputStream().read(), "graceful close: FIN");
        }
        assertEquals(0, ws.closesocket(l));
        fx.closeEvents(ws);
    }

    /** WS-18: without a receive buffer AcceptEx completes at the connection; a connection queued earlier is taken. */
    @TestTemplate
    public void WS_18_acceptExTakesQueuedConnectionAndCompletesAtConnect(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        SockAddr at = new SockAddr();
        long l = listener(ws, at);
        try (Socket first = new Socket(at.address, at.port); Socket second = new Socket()) {
            first.getOutputStream().write(Payload.bytes(0, 7)); // queued before any AcceptEx
            Thread.sleep(200);
            byte[] buf = new byte[2 * ADDR];
            WSAOVERLAPPED ov = new WSAOVERLAPPED(fx.event(ws));
            long a = pendingAcceptEx(ws, l, buf, 0, ov);
            completesOnce(ws, ov, 0, 0, "AcceptEx of a queued connection");
            updateAcceptContext(ws, a, l);
            byte[] got = new byte[7];
            assertEquals(7, ws.recv(a, got, 7, Ws2_32.MSG_WAITALL), "data that arrived before AcceptEx");
            assertArrayEquals(Payload.bytes(0, 7), got);
            WSAOVERLAPPED ov2 = new WSAOVERLAPPED(fx.event(ws));
            long a2 = pendingAcceptEx(ws, l, buf, 0, ov2);
            second.connect(new InetSocketAddress(at.address, at.port));
            completesOnce(ws, ov2, 0, 0, "AcceptEx at the connection");
            SockAddr remote = new SockAddr();
            ws.GetAcceptExSockaddrs(buf, 0, ADDR, ADDR, new SockAddr(), new IntRef(), remote, new IntRef());
            assertEquals(second.getLocalSocketAddress(), remote.toInetSocketAddress());
            assertEquals(0, ws.closesocket(a));
            assertEquals(0, ws.closesocket(a2));
            assertEquals(-1, first.getInputStream().read());
        }
        assertEquals(0, ws.closesocket(l));
        fx.closeEvents(ws);
    }

    /** WS-18: the client closes before sending: AcceptEx waiting for data completes with 0 bytes, successfully. */
    @TestTemplate
    public void WS_18_acceptExCompletesEmptyWhenClientClosesFirst(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        SockAddr at = new SockAddr();
        long l = listener(ws, at);
        WSAOVERLAPPED ov = new WSAOVERLAPPED(fx.event(ws));
        long a = pendingAcceptEx(ws, l, new byte[32 + 2 * ADDR], 32, ov);
        new Socket(at.address, at.port).close();
        completesOnce(ws, ov, 0, 0, "AcceptEx after the client's FIN");
        assertEquals(0, ws.closesocket(a));
        assertEquals(0, ws.closesocket(l));
        fx.closeEvents(ws);
    }

    /** WS-18: the peer resets while AcceptEx waits for data: it fails with ERROR_NETNAME_DELETED (64), once. */
    @TestTemplate
    public void WS_18_acceptExFailsWhenPeerResets(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        SockAddr at = new SockAddr();
        long l = listener(ws, at);
        WSAOVERLAPPED ov = new WSAOVERLAPPED(fx.event(ws));
        long a = pendingAcceptEx(ws, l, new byte[32 + 2 * ADDR], 32, ov);
        Socket client = new Socket(at.address, at.port);
        Thread.sleep(200);
        client.setSoLinger(true, 0);
        client.close();
        completesOnce(ws, ov, Win32Error.ERROR_NETNAME_DELETED.code(), 0, "AcceptEx after the peer's RST");
        assertEquals(0, ws.closesocket(a));
        assertEquals(0, ws.closesocket(l));
        fx.closeEvents(ws);
    }

    /**
     * WS-18: closing the listener completes a pending AcceptEx with 995 and 0 bytes, exactly once; the
     * accept socket is untouched (still needs, and accepts, its closesocket).
     */
    @TestTemplate
    public void WS_18_closingListenerAbortsPendingAcceptEx(TestBackend b) {
        Ws2_32 ws = started(b.session());
        long l = listener(ws, new SockAddr());
        WSAOVERLAPPED ov = new WSAOVERLAPPED(fx.event(ws));
        long a = pendingAcceptEx(ws, l, new byte[16 + 2 * ADDR], 16, ov);
        assertEquals(0, ws.closesocket(l));
        completesOnce(ws, ov, Win32Error.ERROR_OPERATION_ABORTED.code(), 0, "AcceptEx after closesocket(listener)");
        assertEquals(0, ws.closesocket(a));
        fx.closeEvents(ws);
    }

    /**
     * WS-18 with KO-15: {@code CancelIoEx} on the listener takes back a queued AcceptEx — 995 and 0 bytes,
     * exactly once — and leaves its accept socket free for the next AcceptEx, which then takes the
     * connection; with nothing left to cancel, 1168.
     */
    @TestTemplate
    public void WS_18_cancelIoExTakesBackAQueuedAcceptEx(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        SockAddr at = new SockAddr();
        long l = listener(ws, at);
        WSAOVERLAPPED ov = new WSAOVERLAPPED(fx.event(ws));
        long a = pendingAcceptEx(ws, l, new byte[2 * ADDR], 0, ov);
        assertTrue(k.CancelIoEx(l, ov), () -> "CancelIoEx(listener, ov): " + k.GetLastError());
        completesOnce(ws, ov, Win32Error.ERROR_OPERATION_ABORTED.code(), 0, "AcceptEx after CancelIoEx");
        assertFalse(k.CancelIoEx(l, ov), "nothing left to cancel");
        assertEquals(Win32Error.ERROR_NOT_FOUND.code(), k.GetLastError());

        WSAOVERLAPPED ov2 = new WSAOVERLAPPED(fx.event(ws));
        failsBool(ws, ws.AcceptEx(l, a, new byte[2 * ADDR], 0, ADDR, ADDR, new IntRef(), ov2),
                Win32Error.ERROR_IO_PENDING, "AcceptEx into the same accept socket again");
        try (Socket client = new Socket(at.address, at.port)) {
            completesOnce(ws, ov2, 0, 0, "AcceptEx with no receive buffer, once the connection is in");
        }
        assertEquals(0, ws.closesocket(a));
        assertEquals(0, ws.closesocket(l));
        fx.closeEvents(ws);
    }

    /**
     * WS-18: closing the accept socket completes its AcceptEx with 995 while no connection came, and with
     * 995 or 1236 once one came; the listener keeps working and gives a later connection to accept.
     */
    @TestTemplate
    public void WS_18_closingAcceptSocketAbortsPendingAcceptEx(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        SockAddr at = new SockAddr();
        long l = listener(ws, at);
        WSAOVERLAPPED ov = new WSAOVERLAPPED(fx.event(ws));
        long a = pendingAcceptEx(ws, l, new byte[16 + 2 * ADDR], 16, ov);
        assertEquals(0, ws.closesocket(a));
        completesOnce(ws, ov, Win32Error.ERROR_OPERATION_ABORTED.code(), 0, "AcceptEx after closesocket(accept socket)");

        WSAOVERLAPPED ov2 = new WSAOVERLAPPED(fx.event(ws));
        long a2 = pendingAcceptEx(ws, l, new byte[16 + 2 * ADDR], 16, ov2);
        try (Socket client = new Socket(at.address, at.port)) {
            stillPending(ws, ov2, "AcceptEx waiting for data");
            assertEquals(0, ws.closesocket(a2));
            assertEquals(Ws2_32.WSA_WAIT_EVENT_0, ws.WSAWaitForMultipleEvents(1, new long[] {ov2.hEvent}, false, 10_000,
                    false));
            int status = (int) ov2.Internal;
            assertTrue(status == Win32Error.ERROR_OPERATION_ABORTED.code()
                    || status == Win32Error.ERROR_CONNECTION_ABORTED.code(), () -> "status " + Win32Error.describe(status));
            completesOnce(ws, ov2, status, 0, "AcceptEx after closesocket(connected accept socket)");
            client.setSoTimeout(10_000);
            assertEquals(-1, client.getInputStream().read(), "the connection was closed with the socket");
        }
        try (Socket later = new Socket(at.address, at.port)) {
            long s = ws.accept(l, null, null);
            assertNotEquals(Ws2_32.INVALID_SOCKET, s, "the listener still accepts");
            assertEquals(0, ws.closesocket(s));
        }
        assertEquals(0, ws.closesocket(l));
        fx.closeEvents(ws);
    }

    /** WS-18: bad input, in the order Windows checks it; the OVERLAPPED reads STATUS_PENDING after each failure. */
    @TestTemplate
    public void WS_18_acceptExRejectsBadInput(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        byte[] buf = new byte[2 * ADDR];
        IntRef n = new IntRef();
        WSAOVERLAPPED ov = new WSAOVERLAPPED(fx.event(ws));
        long l = tcp(ws);
        ok(ws, ws.bind(l, SockAddr.inet("127.0.0.1", 0)), "bind");
        long a = tcp(ws);
        failsBool(ws, ws.AcceptEx(0x7777, a, buf, 0, ADDR, ADDR, n, ov), Win32Error.WSAENOTSOCK, "AcceptEx(bad listener)");
        assertEquals(WSAOVERLAPPED.STATUS_PENDING, ov.Internal);
        failsBool(ws, ws.AcceptEx(l, a, buf, 0, ADDR, ADDR, n, ov), Win32Error.WSAEINVAL, "AcceptEx(not listening)");
        ok(ws, ws.listen(l, 5), "listen");
        SockAddr at = new SockAddr();
        ok(ws, ws.getsockname(l, at, new IntRef(SockAddr.SIZE_IN6)), "getsockname");
        failsBool(ws, ws.AcceptEx(l, 0x7777, buf, 0, ADDR, ADDR, n, ov), Win32Error.WSAENOTSOCK, "AcceptEx(bad acceptor)");
        failsBool(ws, ws.AcceptEx(l, a, null, 0, ADDR, ADDR, n, ov), Win32Error.WSAEFAULT, "AcceptEx(NULL buffer)");
        failsBool(ws, ws.AcceptEx(l, a, buf, 0, ADDR, ADDR, n, null), Win32Error.ERROR_INVALID_PARAMETER,
                "AcceptEx(NULL OVERLAPPED)");
        long udp = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_DGRAM, Ws2_32.IPPROTO_UDP);
        failsBool(ws, ws.AcceptEx(l, udp, buf, 0, ADDR, ADDR, n, ov), Win32Error.WSAEINVAL, "AcceptEx(UDP acceptor)");
        long bound = tcp(ws);
        ok(ws, ws.bind(bound, SockAddr.inet("127.0.0.1", 0)), "bind");
        failsBool(ws, ws.AcceptEx(l, bound, buf, 0, ADDR, ADDR, n, ov), Win32Error.WSAEINVAL, "AcceptEx(bound acceptor)");
        failsBool(ws, ws.AcceptEx(l, a, buf, 0, ADDR, ADDR, n, ov), Win32Error.ERROR_IO_PENDING, "AcceptEx");
        WSAOVERLAPPED ov2 = new WSAOVERLAPPED(fx.event(ws));
        failsBool(ws, ws.AcceptEx(l, a, buf, 0, ADDR, ADDR, n, ov2), Win32Error.WSAEINVAL, "AcceptEx into the same socket");
        fails(ws, ws.connect(a, at), Win32Error.WSAEINVAL, "connect on a socket being accepted into");
        ok(ws, ws.bind(udp, SockAddr.inet("127.0.0.1", 0)), "bind");
        failsBool(ws, ws.ConnectEx(a, at, at.size(), null, 0, n, ov2), Win32Error.WSAEINVAL,
                "ConnectEx on a socket being accepted into");
        // too small an address block: ERROR_INSUFFICIENT_BUFFER at the connection, which stays queued
        assertEquals(0, ws.closesocket(a));
        completesOnce(ws, ov, Win32Error.ERROR_OPERATION_ABORTED.code(), 0, "AcceptEx aborted by its socket's close");
        long small = tcp(ws);
        WSAOVERLAPPED ov3 = new WSAOVERLAPPED(fx.event(ws));
        failsBool(ws, ws.AcceptEx(l, small, buf, 0, 3, ADDR, n, ov3), Win32Error.ERROR_IO_PENDING, "AcceptEx(local 3)");
        try (Socket client = new Socket(at.address, at.port)) {
            completesOnce(ws, ov3, Win32Error.ERROR_INSUFFICIENT_BUFFER.code(), 0, "AcceptEx with a 3-byte local block");
            long s = ws.accept(l, null, null);
            assertNotEquals(Ws2_32.INVALID_SOCKET, s, "the connection stayed queued for accept");
            assertEquals(0, ws.closesocket(s));
        }
        for (long s : new long[] {small, udp, bound, l}) {
            assertEquals(0, ws.closesocket(s));
        }
        fx.closeEvents(ws);
    }

}

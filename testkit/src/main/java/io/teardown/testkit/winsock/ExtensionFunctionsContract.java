package io.teardown.testkit.winsock;

import static io.teardown.testkit.winsock.Wsa.completesOnce;
import static io.teardown.testkit.winsock.Wsa.connect;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.failsBool;
import static io.teardown.testkit.winsock.Wsa.listener;
import static io.teardown.testkit.winsock.Wsa.ok;
import static io.teardown.testkit.winsock.Wsa.started;
import static io.teardown.testkit.winsock.Wsa.stillPending;
import static io.teardown.testkit.winsock.Wsa.tcp;
import static io.teardown.winsock.Ws2_32.SOL_SOCKET;
import static io.teardown.winsock.Ws2_32.SO_UPDATE_ACCEPT_CONTEXT;
import static io.teardown.winsock.Ws2_32.SO_UPDATE_CONNECT_CONTEXT;
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
import io.teardown.winsock.GUID;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAOVERLAPPED;
import io.teardown.winsock.Ws2_32;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * WS-18: the extension functions ({@code AcceptEx}, {@code GetAcceptExSockaddrs}, {@code ConnectEx},
 * {@code DisconnectEx}) through the flat facade, each ending every way it can — completed, failed by
 * the peer, aborted by {@code closesocket} — with its status and bytes in the very {@code OVERLAPPED}
 * it was given, delivered exactly once. Peers are plain JDK sockets. Windows' answers are those Wine's
 * {@code dlls/ws2_32/tests/sock.c} records.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class ExtensionFunctionsContract {
    private static final int ADDR = SockAddr.SIZE_IN + 16;

    private final List<Long> events = new ArrayList<>();

    /** For JUnit and subclasses. */
    public ExtensionFunctionsContract() {
    }

    /** An event for an OVERLAPPED, closed by {@link #closeEvents} at the end of the test. */
    private long event(Ws2_32 ws) {
        long e = Wsa.event(ws);
        events.add(e);
        return e;
    }

    private void closeEvents(Ws2_32 ws) {
        for (long e : events) {
            assertTrue(ws.WSACloseEvent(e), "WSACloseEvent");
        }
        events.clear();
    }

    private static byte[] socketValue(long s) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (s >>> (8 * i));
        }
        return b;
    }

    private static void updateAcceptContext(Ws2_32 ws, long accepted, long listener) {
        ok(ws, ws.setsockopt(accepted, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, socketValue(listener), 8),
                "setsockopt(SO_UPDATE_ACCEPT_CONTEXT)");
    }

    private static byte[] read(Socket s, int n) throws Exception {
        s.setSoTimeout(10_000);
        return s.getInputStream().readNBytes(n);
    }

    /** A pending AcceptEx of {@code listener} into a new socket; returns the accept socket. */
    private long pendingAcceptEx(Ws2_32 ws, long listener, byte[] buf, int receive, WSAOVERLAPPED ov) {
        long a = tcp(ws);
        failsBool(ws, ws.AcceptEx(listener, a, buf, receive, ADDR, ADDR, new IntRef(), ov), Win32Error.ERROR_IO_PENDING,
                "AcceptEx");
        return a;
    }

    // ---------------------------------------------------------------- WSAIoctl

    /** WS-18: the four GUIDs give distinct non-zero pointers; an unknown GUID WSAEINVAL, touching nothing. */
    @TestTemplate
    public void WS_18_extensionFunctionPointersByGuid(TestBackend b) {
        Ws2_32 ws = started(b.session());
        long s = tcp(ws);
        Set<Long> seen = new HashSet<>();
        for (GUID g : List.of(Ws2_32.WSAID_ACCEPTEX, Ws2_32.WSAID_CONNECTEX, Ws2_32.WSAID_DISCONNECTEX,
                Ws2_32.WSAID_GETACCEPTEXSOCKADDRS)) {
            byte[] out = new byte[8];
            IntRef size = new IntRef(-1);
            ok(ws, ws.WSAIoctl(s, Ws2_32.SIO_GET_EXTENSION_FUNCTION_POINTER, g.bytes(), GUID.SIZE, out, 8, size, null,
                    null), "WSAIoctl " + g);
            assertEquals(8, size.value);
            long p = 0;
            for (int i = 0; i < 8; i++) {
                p |= (out[i] & 0xFFL) << (8 * i);
            }
            assertNotEquals(0L, p, "a non-zero function pointer");
            assertTrue(seen.add(p), "one pointer per function");
        }
        IntRef size = new IntRef(0xBEEF);
        WSAOVERLAPPED ov = new WSAOVERLAPPED(event(ws));
        ov.Internal = 0xDEAD;
        byte[] bogus = GUID.of(0xdeadbeef, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).bytes();
        fails(ws, ws.WSAIoctl(s, Ws2_32.SIO_GET_EXTENSION_FUNCTION_POINTER, bogus, GUID.SIZE, new byte[8], 8, size, ov,
                null), Win32Error.WSAEINVAL, "WSAIoctl(bogus GUID)");
        assertEquals(0xBEEF, size.value, "size untouched");
        assertEquals(0xDEAD, ov.Internal, "OVERLAPPED untouched");
        fails(ws, ws.WSAIoctl(s, Ws2_32.SIO_GET_EXTENSION_FUNCTION_POINTER, Ws2_32.WSAID_ACCEPTEX.bytes(), GUID.SIZE,
                new byte[8], 8, null, ov, null), Win32Error.WSAEFAULT, "WSAIoctl without lpcbBytesReturned");
        // overlapped and successful at once: the completion is still delivered, 0 bytes
        ok(ws, ws.WSAIoctl(s, Ws2_32.SIO_GET_EXTENSION_FUNCTION_POINTER, Ws2_32.WSAID_ACCEPTEX.bytes(), GUID.SIZE,
                new byte[8], 8, size, ov, null), "overlapped WSAIoctl");
        completesOnce(ws, ov, 0, 0, "overlapped WSAIoctl");
        fails(ws, ws.WSAIoctl(0x7777, Ws2_32.SIO_GET_EXTENSION_FUNCTION_POINTER, Ws2_32.WSAID_ACCEPTEX.bytes(),
                GUID.SIZE, new byte[8], 8, size, null, null), Win32Error.WSAENOTSOCK, "WSAIoctl(not a socket)");
        assertEquals(0, ws.closesocket(s));
        closeEvents(ws);
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
        WSAOVERLAPPED ov = new WSAOVERLAPPED(event(ws));
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
        closeEvents(ws);
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
            WSAOVERLAPPED ov = new WSAOVERLAPPED(event(ws));
            long a = pendingAcceptEx(ws, l, buf, 0, ov);
            completesOnce(ws, ov, 0, 0, "AcceptEx of a queued connection");
            updateAcceptContext(ws, a, l);
            byte[] got = new byte[7];
            assertEquals(7, ws.recv(a, got, 7, Ws2_32.MSG_WAITALL), "data that arrived before AcceptEx");
            assertArrayEquals(Payload.bytes(0, 7), got);
            WSAOVERLAPPED ov2 = new WSAOVERLAPPED(event(ws));
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
        closeEvents(ws);
    }

    /** WS-18: the client closes before sending: AcceptEx waiting for data completes with 0 bytes, successfully. */
    @TestTemplate
    public void WS_18_acceptExCompletesEmptyWhenClientClosesFirst(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        SockAddr at = new SockAddr();
        long l = listener(ws, at);
        WSAOVERLAPPED ov = new WSAOVERLAPPED(event(ws));
        long a = pendingAcceptEx(ws, l, new byte[32 + 2 * ADDR], 32, ov);
        new Socket(at.address, at.port).close();
        completesOnce(ws, ov, 0, 0, "AcceptEx after the client's FIN");
        assertEquals(0, ws.closesocket(a));
        assertEquals(0, ws.closesocket(l));
        closeEvents(ws);
    }

    /** WS-18: the peer resets while AcceptEx waits for data: it fails with ERROR_NETNAME_DELETED (64), once. */
    @TestTemplate
    public void WS_18_acceptExFailsWhenPeerResets(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        SockAddr at = new SockAddr();
        long l = listener(ws, at);
        WSAOVERLAPPED ov = new WSAOVERLAPPED(event(ws));
        long a = pendingAcceptEx(ws, l, new byte[32 + 2 * ADDR], 32, ov);
        Socket client = new Socket(at.address, at.port);
        Thread.sleep(200);
        client.setSoLinger(true, 0);
        client.close();
        completesOnce(ws, ov, Win32Error.ERROR_NETNAME_DELETED.code(), 0, "AcceptEx after the peer's RST");
        assertEquals(0, ws.closesocket(a));
        assertEquals(0, ws.closesocket(l));
        closeEvents(ws);
    }

    /**
     * WS-18: closing the listener completes a pending AcceptEx with 995 and 0 bytes, exactly once; the
     * accept socket is untouched (still needs, and accepts, its closesocket).
     */
    @TestTemplate
    public void WS_18_closingListenerAbortsPendingAcceptEx(TestBackend b) {
        Ws2_32 ws = started(b.session());
        long l = listener(ws, new SockAddr());
        WSAOVERLAPPED ov = new WSAOVERLAPPED(event(ws));
        long a = pendingAcceptEx(ws, l, new byte[16 + 2 * ADDR], 16, ov);
        assertEquals(0, ws.closesocket(l));
        completesOnce(ws, ov, Win32Error.ERROR_OPERATION_ABORTED.code(), 0, "AcceptEx after closesocket(listener)");
        assertEquals(0, ws.closesocket(a));
        closeEvents(ws);
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
        WSAOVERLAPPED ov = new WSAOVERLAPPED(event(ws));
        long a = pendingAcceptEx(ws, l, new byte[2 * ADDR], 0, ov);
        assertTrue(k.CancelIoEx(l, ov), () -> "CancelIoEx(listener, ov): " + k.GetLastError());
        completesOnce(ws, ov, Win32Error.ERROR_OPERATION_ABORTED.code(), 0, "AcceptEx after CancelIoEx");
        assertFalse(k.CancelIoEx(l, ov), "nothing left to cancel");
        assertEquals(Win32Error.ERROR_NOT_FOUND.code(), k.GetLastError());

        WSAOVERLAPPED ov2 = new WSAOVERLAPPED(event(ws));
        failsBool(ws, ws.AcceptEx(l, a, new byte[2 * ADDR], 0, ADDR, ADDR, new IntRef(), ov2),
                Win32Error.ERROR_IO_PENDING, "AcceptEx into the same accept socket again");
        try (Socket client = new Socket(at.address, at.port)) {
            completesOnce(ws, ov2, 0, 0, "AcceptEx with no receive buffer, once the connection is in");
        }
        assertEquals(0, ws.closesocket(a));
        assertEquals(0, ws.closesocket(l));
        closeEvents(ws);
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
        WSAOVERLAPPED ov = new WSAOVERLAPPED(event(ws));
        long a = pendingAcceptEx(ws, l, new byte[16 + 2 * ADDR], 16, ov);
        assertEquals(0, ws.closesocket(a));
        completesOnce(ws, ov, Win32Error.ERROR_OPERATION_ABORTED.code(), 0, "AcceptEx after closesocket(accept socket)");

        WSAOVERLAPPED ov2 = new WSAOVERLAPPED(event(ws));
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
        closeEvents(ws);
    }

    /** WS-18: bad input, in the order Windows checks it; the OVERLAPPED reads STATUS_PENDING after each failure. */
    @TestTemplate
    public void WS_18_acceptExRejectsBadInput(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        byte[] buf = new byte[2 * ADDR];
        IntRef n = new IntRef();
        WSAOVERLAPPED ov = new WSAOVERLAPPED(event(ws));
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
        WSAOVERLAPPED ov2 = new WSAOVERLAPPED(event(ws));
        failsBool(ws, ws.AcceptEx(l, a, buf, 0, ADDR, ADDR, n, ov2), Win32Error.WSAEINVAL, "AcceptEx into the same socket");
        fails(ws, ws.connect(a, at), Win32Error.WSAEINVAL, "connect on a socket being accepted into");
        ok(ws, ws.bind(udp, SockAddr.inet("127.0.0.1", 0)), "bind");
        failsBool(ws, ws.ConnectEx(a, at, at.size(), null, 0, n, ov2), Win32Error.WSAEINVAL,
                "ConnectEx on a socket being accepted into");
        // too small an address block: ERROR_INSUFFICIENT_BUFFER at the connection, which stays queued
        assertEquals(0, ws.closesocket(a));
        completesOnce(ws, ov, Win32Error.ERROR_OPERATION_ABORTED.code(), 0, "AcceptEx aborted by its socket's close");
        long small = tcp(ws);
        WSAOVERLAPPED ov3 = new WSAOVERLAPPED(event(ws));
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
        closeEvents(ws);
    }

    // ---------------------------------------------------------------- ConnectEx

    /**
     * WS-18: ConnectEx connects a bound socket, sends its data and completes with the bytes sent; the
     * socket is a full one only after SO_UPDATE_CONNECT_CONTEXT.
     */
    @TestTemplate
    public void WS_18_connectExSendsDataAndCompletes(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            SockAddr to = SockAddr.of(peer.address(), peer.port());
            long s = tcp(ws);
            IntRef n = new IntRef();
            WSAOVERLAPPED ov = new WSAOVERLAPPED(event(ws));
            failsBool(ws, ws.ConnectEx(s, to, to.size(), null, 0, n, ov), Win32Error.WSAEINVAL, "ConnectEx(unbound)");
            ok(ws, ws.bind(s, SockAddr.inet("127.0.0.1", 0)), "bind");
            failsBool(ws, ws.ConnectEx(s, to, to.size(), null, 0, n, null), Win32Error.ERROR_INVALID_PARAMETER,
                    "ConnectEx(NULL OVERLAPPED)");
            failsBool(ws, ws.ConnectEx(0x7777, to, to.size(), null, 0, n, ov), Win32Error.WSAENOTSOCK,
                    "ConnectEx(not a socket)");
            byte[] data = Payload.bytes(0, 3);
            failsBool(ws, ws.ConnectEx(s, to, to.size(), data, 3, n, ov), Win32Error.ERROR_IO_PENDING, "ConnectEx");
            Socket p = peer.accept();
            completesOnce(ws, ov, 0, 3, "ConnectEx");
            assertArrayEquals(data, read(p, 3));
            fails(ws, ws.getpeername(s, new SockAddr(), new IntRef(SockAddr.SIZE_IN6)), Win32Error.WSAENOTCONN,
                    "getpeername before SO_UPDATE_CONNECT_CONTEXT");
            fails(ws, ws.connect(s, to), Win32Error.WSAEINVAL, "connect before SO_UPDATE_CONNECT_CONTEXT");
            ok(ws, ws.setsockopt(s, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, null, 0), "SO_UPDATE_CONNECT_CONTEXT");
            SockAddr peerAddr = new SockAddr();
            ok(ws, ws.getpeername(s, peerAddr, new IntRef(SockAddr.SIZE_IN6)), "getpeername");
            assertEquals(p.getLocalSocketAddress(), peerAddr.toInetSocketAddress());
            fails(ws, ws.connect(s, to), Win32Error.WSAEISCONN, "connect after the update");
            failsBool(ws, ws.ConnectEx(s, to, to.size(), null, 0, n, new WSAOVERLAPPED(event(ws))),
                    Win32Error.WSAEISCONN, "ConnectEx on a connected socket");
            assertEquals(0, ws.closesocket(s));
            assertEquals(-1, p.getInputStream().read());
        }
        closeEvents(ws);
    }

    /** WS-18: ConnectEx to a port nobody listens on completes with ERROR_CONNECTION_REFUSED (1225), once. */
    @TestTemplate
    public void WS_18_connectExRefused(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        long s = tcp(ws);
        ok(ws, ws.bind(s, SockAddr.inet("127.0.0.1", 0)), "bind");
        WSAOVERLAPPED ov = new WSAOVERLAPPED(event(ws));
        SockAddr to = SockAddr.inet("127.0.0.1", closedPort);
        failsBool(ws, ws.ConnectEx(s, to, to.size(), null, 0, new IntRef(), ov), Win32Error.ERROR_IO_PENDING, "ConnectEx");
        completesOnce(ws, ov, Win32Error.ERROR_CONNECTION_REFUSED.code(), 0, "ConnectEx refused");
        assertEquals(0, ws.closesocket(s));
        closeEvents(ws);
    }

    /**
     * WS-18: a pending ConnectEx (the peer's accept queue is full, so the SYN waits) aborted by closesocket
     * completes once with ERROR_OPERATION_ABORTED (995) and 0 bytes.
     */
    @TestTemplate
    public void WS_18_pendingConnectExAbortedByClosesocket(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        List<SocketChannel> fillers = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            WSAOVERLAPPED ov = new WSAOVERLAPPED(event(ws));
            long s = pendingConnectEx(ws, full, fillers, ov);
            assertEquals(0, ws.closesocket(s));
            completesOnce(ws, ov, Win32Error.ERROR_OPERATION_ABORTED.code(), 0, "ConnectEx after closesocket");
        } finally {
            for (SocketChannel c : fillers) {
                c.close();
            }
        }
        closeEvents(ws);
    }

    /**
     * WS-18 with KO-15: {@code CancelIoEx} takes back a pending ConnectEx — 995 and 0 bytes, exactly once —
     * as Windows cancels any pending socket I/O (Wine's afd.c shows pending AFD requests ending with
     * STATUS_CANCELLED; .NET's cancellable ConnectAsync is CancelIoEx on its ConnectEx); with nothing left
     * to cancel, 1168. The socket stays open for closesocket.
     */
    @TestTemplate
    public void WS_18_cancelIoExTakesBackAPendingConnectEx(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        List<SocketChannel> fillers = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            WSAOVERLAPPED ov = new WSAOVERLAPPED(event(ws));
            long s = pendingConnectEx(ws, full, fillers, ov);
            assertTrue(k.CancelIoEx(s, ov), () -> "CancelIoEx(socket, ov): " + k.GetLastError());
            completesOnce(ws, ov, Win32Error.ERROR_OPERATION_ABORTED.code(), 0, "ConnectEx after CancelIoEx");
            assertFalse(k.CancelIoEx(s, ov), "nothing left to cancel");
            assertEquals(Win32Error.ERROR_NOT_FOUND.code(), k.GetLastError());
            assertEquals(0, ws.closesocket(s));
        } finally {
            for (SocketChannel c : fillers) {
                c.close();
            }
        }
        closeEvents(ws);
    }

    /**
     * A bound socket with a ConnectEx pending on {@code ov}: {@code full}'s accept queue is filled first
     * (never accepted), so the kernel drops the SYN and the connect waits. Aborts the test where the system
     * completes the connect anyway.
     */
    private long pendingConnectEx(Ws2_32 ws, ServerSocket full, List<SocketChannel> fillers, WSAOVERLAPPED ov)
            throws Exception {
        InetSocketAddress at = new InetSocketAddress(full.getInetAddress(), full.getLocalPort());
        for (int i = 0; i < 8; i++) { // never accepted: the kernel's queue fills, later SYNs are dropped
            SocketChannel c = SocketChannel.open();
            c.configureBlocking(false);
            c.connect(at);
            fillers.add(c);
        }
        Thread.sleep(300);
        long s = tcp(ws);
        ok(ws, ws.bind(s, SockAddr.inet("127.0.0.1", 0)), "bind");
        SockAddr to = SockAddr.of(at);
        failsBool(ws, ws.ConnectEx(s, to, to.size(), null, 0, new IntRef(), ov), Win32Error.ERROR_IO_PENDING,
                "ConnectEx");
        boolean pending = ws.WSAWaitForMultipleEvents(1, new long[] {ov.hEvent}, false, 300, false)
                == Ws2_32.WSA_WAIT_TIMEOUT;
        if (!pending) {
            assertEquals(0, ws.closesocket(s));
            closeEvents(ws);
            Assumptions.abort("this system completed the connect although the accept queue was full");
        }
        return s;
    }

    // ---------------------------------------------------------------- DisconnectEx

    /**
     * WS-18: DisconnectEx sends FIN after the queued data and keeps the socket: later sends fail with
     * WSAESHUTDOWN, the peer can still send back. Overlapped it pends and completes once with 0 bytes;
     * without an OVERLAPPED it returns TRUE (also a second time).
     */
    @TestTemplate
    public void WS_18_disconnectExSendsFinAndKeepsSocket(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long unconnected = tcp(ws);
            failsBool(ws, ws.DisconnectEx(unconnected, null, 0, 0), Win32Error.WSAENOTCONN, "DisconnectEx(unconnected)");
            failsBool(ws, ws.DisconnectEx(0x7777, null, 0, 0), Win32Error.WSAENOTSOCK, "DisconnectEx(not a socket)");
            long s = connect(ws, peer);
            Socket p = peer.accept();
            byte[] data = Payload.bytes(0, 100_000);
            assertEquals(data.length, ws.send(s, data, data.length, 0));
            WSAOVERLAPPED ov = new WSAOVERLAPPED(event(ws));
            failsBool(ws, ws.DisconnectEx(s, ov, 0, 0), Win32Error.ERROR_IO_PENDING, "DisconnectEx");
            completesOnce(ws, ov, 0, 0, "DisconnectEx");
            JdkPeer.Observation o = JdkPeer.observe(p, Duration.ofSeconds(20));
            assertEquals(JdkPeer.Ending.EOF, o.ending(), "FIN after the data: " + o);
            assertEquals(data.length, o.bytes());
            assertTrue(o.intact());
            fails(ws, ws.send(s, data, 1, 0), Win32Error.WSAESHUTDOWN, "send after DisconnectEx");
            fails(ws, ws.connect(s, SockAddr.of(peer.address(), peer.port())), Win32Error.WSAEISCONN,
                    "connect after DisconnectEx");
            p.getOutputStream().write(Payload.bytes(7, 5));
            byte[] back = new byte[5];
            assertEquals(5, ws.recv(s, back, 5, Ws2_32.MSG_WAITALL), "the peer can still send back");
            assertArrayEquals(Payload.bytes(7, 5), back);
            assertTrue(ws.DisconnectEx(s, null, 0, 0), "synchronous DisconnectEx: " + Wsa.err(ws));
            assertTrue(ws.DisconnectEx(s, null, 0, 0), "a second one too");
            failsBool(ws, ws.DisconnectEx(s, null, 0x10, 0), Win32Error.WSAEINVAL, "DisconnectEx(bad flags)");
            assertEquals(0, ws.closesocket(s));
            assertEquals(0, ws.closesocket(unconnected));
        }
        closeEvents(ws);
    }

    /**
     * WS-18: DisconnectEx(TF_REUSE_SOCKET) lets go of the connection (the peer sees FIN) and the socket
     * can be given to AcceptEx again; it still needs its closesocket at the end.
     */
    @TestTemplate
    public void WS_18_disconnectExReuseSocketForAcceptExAgain(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        SockAddr at = new SockAddr();
        long l = listener(ws, at);
        byte[] buf = new byte[2 * ADDR];
        WSAOVERLAPPED ov = new WSAOVERLAPPED(event(ws));
        long a = pendingAcceptEx(ws, l, buf, 0, ov);
        try (Socket first = new Socket(at.address, at.port)) {
            completesOnce(ws, ov, 0, 0, "first AcceptEx");
            assertEquals(2, ws.send(a, Payload.bytes(0, 2), 2, 0));
            WSAOVERLAPPED dov = new WSAOVERLAPPED(event(ws));
            failsBool(ws, ws.DisconnectEx(a, dov, Ws2_32.TF_REUSE_SOCKET, 0), Win32Error.ERROR_IO_PENDING,
                    "DisconnectEx(TF_REUSE_SOCKET)");
            completesOnce(ws, dov, 0, 0, "DisconnectEx(TF_REUSE_SOCKET)");
            JdkPeer.Observation o = JdkPeer.observe(first, Duration.ofSeconds(20));
            assertEquals(JdkPeer.Ending.EOF, o.ending(), "" + o);
            assertEquals(2, o.bytes());
        }
        failsBool(ws, ws.AcceptEx(l, a, buf, 0, ADDR, ADDR, new IntRef(), ov), Win32Error.ERROR_IO_PENDING,
                "AcceptEx into the reused socket");
        try (Socket second = new Socket(at.address, at.port)) {
            completesOnce(ws, ov, 0, 0, "second AcceptEx");
            assertEquals(3, ws.send(a, Payload.bytes(0, 3), 3, 0));
            assertArrayEquals(Payload.bytes(0, 3), read(second, 3));
            assertEquals(0, ws.closesocket(a));
            assertEquals(-1, second.getInputStream().read());
        }
        assertEquals(0, ws.closesocket(l));
        closeEvents(ws);
    }

    /** WS-18: a socket made by WSASocket without WSA_FLAG_OVERLAPPED ignores the OVERLAPPED of WSARecv: it completes as recv. */
    @TestTemplate
    public void WS_18_nonOverlappedSocketIgnoresOverlapped(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = ws.WSASocketW(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP, null, 0, 0);
            assertNotEquals(Ws2_32.INVALID_SOCKET, s);
            ok(ws, ws.connect(s, SockAddr.of(peer.address(), peer.port())), "connect");
            Socket p = peer.accept();
            p.getOutputStream().write(Payload.bytes(0, 4));
            byte[] buf = new byte[4];
            WSAOVERLAPPED ov = new WSAOVERLAPPED(event(ws));
            IntRef n = new IntRef();
            assertEquals(0, ws.WSARecv(s, new WSABUF[] {new WSABUF(buf)}, 1, n, new IntRef(), ov, null));
            assertTrue(n.value > 0);
            assertEquals(Ws2_32.WSA_WAIT_TIMEOUT, ws.WSAWaitForMultipleEvents(1, new long[] {ov.hEvent}, false, 200,
                    false), "no completion for a non-overlapped socket");
            fails(ws, (int) ws.WSASocketW(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, 0, null, 1, 0), Win32Error.WSAEINVAL,
                    "WSASocket(g = 1)");
            assertEquals(0, ws.closesocket(s));
            InputStream in = p.getInputStream();
            p.setSoTimeout(10_000);
            assertEquals(-1, in.read());
        }
        closeEvents(ws);
    }
}

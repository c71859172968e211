package io.teardown.testkit.winsock;

import static io.teardown.testkit.winsock.ExtensionFunctions.ADDR;
import static io.teardown.testkit.winsock.ExtensionFunctions.pendingAcceptEx;
import static io.teardown.testkit.winsock.ExtensionFunctions.read;
import static io.teardown.testkit.winsock.Wsa.completesOnce;
import static io.teardown.testkit.winsock.Wsa.connect;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.failsBool;
import static io.teardown.testkit.winsock.Wsa.listener;
import static io.teardown.testkit.winsock.Wsa.ok;
import static io.teardown.testkit.winsock.Wsa.started;
import static io.teardown.testkit.winsock.Wsa.tcp;
import static io.teardown.winsock.Ws2_32.SOL_SOCKET;
import static io.teardown.winsock.Ws2_32.SO_UPDATE_CONNECT_CONTEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * WS-18, {@code ConnectEx} and {@code DisconnectEx}: a connect that sends its first data, is refused,
 * aborted by {@code closesocket} or taken back by {@code CancelIoEx}; a disconnect that sends FIN and
 * keeps the socket for another {@code AcceptEx} — each with its status in the very {@code OVERLAPPED}
 * it was given, delivered exactly once.
 * Peers are plain JDK sockets. Windows' answers are those Wine's
 * {@code dlls/ws2_32/tests/sock.c} records; the shared helpers are in {@link ExtensionFunctions}.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class ConnectExContract {
    private final ExtensionFunctions fx = new ExtensionFunctions();

    /** For JUnit and subclasses. */
    public ConnectExContract() {
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
            WSAOVERLAPPED ov = new WSAOVERLAPPED(fx.event(ws));
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
            failsBool(ws, ws.ConnectEx(s, to, to.size(), null, 0, n, new WSAOVERLAPPED(fx.event(ws))),
                    Win32Error.WSAEISCONN, "ConnectEx on a connected socket");
            assertEquals(0, ws.closesocket(s));
            assertEquals(-1, p.getInputStream().read());
        }
        fx.closeEvents(ws);
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
        WSAOVERLAPPED ov = new WSAOVERLAPPED(fx.event(ws));
        SockAddr to = SockAddr.inet("127.0.0.1", closedPort);
        failsBool(ws, ws.ConnectEx(s, to, to.size(), null, 0, new IntRef(), ov), Win32Error.ERROR_IO_PENDING, "ConnectEx");
        completesOnce(ws, ov, Win32Error.ERROR_CONNECTION_REFUSED.code(), 0, "ConnectEx refused");
        assertEquals(0, ws.closesocket(s));
        fx.closeEvents(ws);
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
            WSAOVERLAPPED ov = new WSAOVERLAPPED(fx.event(ws));
            long s = pendingConnectEx(ws, full, fillers, ov);
            assertEquals(0, ws.closesocket(s));
            completesOnce(ws, ov, Win32Error.ERROR_OPERATION_ABORTED.code(), 0, "ConnectEx after closesocket");
        } finally {
            for (SocketChannel c : fillers) {
                c.close();
            }
        }
        fx.closeEvents(ws);
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
            WSAOVERLAPPED ov = new WSAOVERLAPPED(fx.event(ws));
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
        fx.closeEvents(ws);
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
            fx.closeEvents(ws);
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
            WSAOVERLAPPED ov = new WSAOVERLAPPED(fx.event(ws));
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
        fx.closeEvents(ws);
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
        WSAOVERLAPPED ov = new WSAOVERLAPPED(fx.event(ws));
        long a = pendingAcceptEx(ws, l, buf, 0, ov);
        try (Socket first = new Socket(at.address, at.port)) {
            completesOnce(ws, ov, 0, 0, "first AcceptEx");
            assertEquals(2, ws.send(a, Payload.bytes(0, 2), 2, 0));
            WSAOVERLAPPED dov = new WSAOVERLAPPED(fx.event(ws));
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
        fx.closeEvents(ws);
    }
}

package io.teardown.backend.netty.winsock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.backend.netty.io.NettyIo;
import io.teardown.testkit.hardening.ResourceProbe;
import io.teardown.testkit.winsock.Payload;
import io.teardown.winsock.Linger;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.engine.Connection;
import io.teardown.winsock.engine.ConnectionEvents;
import io.teardown.winsock.engine.ReceivedBytes;
import io.teardown.winsock.engine.StreamOptions;
import io.teardown.winsock.spi.WinsockDiagnostics;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The connect made on the calling thread ({@link DirectConnect}, docs/winsock.md "Where a call runs") and
 * the closes of the connections it makes, on both transports, against plain JDK peers: a loopback connect is
 * done within the call; a connect the kernel has not finished (the listener's accept queue is full, so the
 * kernel drops the SYN until there is room) is waited for by the event loop, and a {@code closesocket}
 * from another thread fails a blocking one with {@code WSAEINTR} (WS-14) or abandons a non-blocking one;
 * FIN follows every queued byte (WS-04) and RST discards them (WS-05).
 */
@Timeout(60)
class NettyDirectConnectTest {
    private static final int SOCKET_ERROR = Ws2_32.SOCKET_ERROR;

    private static Session session(String transport) {
        return Session.builder().backend("netty").property("teardown.netty.transport", transport).build();
    }

    private static Ws2_32 started(Session s) {
        Ws2_32 ws = Ws2_32.of(s);
        assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
        return ws;
    }

    private static SockAddr address(ServerSocket server) {
        return SockAddr.inet("127.0.0.1", server.getLocalPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void aLoopbackConnectIsDoneWithinTheCall(String transport) throws Exception {
        try (Session s = session(transport);
             ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5_000);
            NettyWinsockTransport net = new NettyWinsockTransport(s, () -> NettyIo.of(s));
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
            StreamOptions options = new StreamOptions(64 * 1024, 64 * 1024, true);
            // On loopback the kernel runs the handshake inside the connect call, so the future is complete
            // when connectNow returns and no event loop was needed. A handshake the kernel deferred (its
            // softirq handed to ksoftirqd on a busy machine) is finished by the loop instead: allowed, so
            // a few attempts, of which one must have been done within the call.
            Connection c = null;
            for (int attempt = 0; attempt < 5 && c == null; attempt++) {
                CompletableFuture<Connection> f = net.connectNow(to, null, options, new DiscardingEvents());
                if (f.isDone()) {
                    c = f.get();
                } else {
                    f.get(5, TimeUnit.SECONDS).reset();
                    server.accept().close();
                }
            }
            assertTrue(c != null, "a loopback connect is done within the call");
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(5_000);
                byte[] data = Payload.bytes(0, 1000);
                assertEquals(data.length, c.writeNow(data, 0, data.length), "the adopted channel writes from here");
                assertTrue(Payload.matches(peer.getInputStream().readNBytes(data.length), data.length, 0));
                c.closeGracefully();
                assertEquals(-1, peer.getInputStream().read(), "FIN");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void aRefusedConnectFailsWithConnRefused(String transport) throws Exception {
        int port;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = gone.getLocalPort();
        }
        try (Session s = session(transport)) {
            Ws2_32 ws = started(s);
            long sock = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
            assertEquals(SOCKET_ERROR, ws.connect(sock, SockAddr.inet("127.0.0.1", port)));
            assertEquals(Win32Error.WSAECONNREFUSED.code(), ws.WSAGetLastError());
            assertEquals(0, ws.closesocket(sock));
            ws.WSACleanup();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void closeFromAnotherThreadDuringABlockingConnectFailsItWithWsaeintr(String transport) throws Exception {
        try (Session s = session(transport);
             FullListener full = new FullListener()) {
            Ws2_32 ws = started(s);
            WinsockDiagnostics diagnostics = WinsockDiagnostics.of(s).orElseThrow();
            long sock = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
            AtomicIntegerArray result = new AtomicIntegerArray(2);
            Thread connecting = new Thread(() -> {
                result.set(0, ws.connect(sock, full.address()));
                result.set(1, ws.WSAGetLastError());
            }, "connecting");
            connecting.start();
            // The connect waits for the event loop that watches the handshake (the SYN is dropped while the
            // listener's queue is full); wait until it parks, then close from here.
            assertTrue(ResourceProbe.eventually(Duration.ofSeconds(10),
                    () -> connecting.getState() == Thread.State.TIMED_WAITING), "the connect blocks");
            assertEquals(0, ws.closesocket(sock), "closesocket from another thread");
            connecting.join(10_000);
            assertEquals(SOCKET_ERROR, result.get(0));
            assertEquals(Win32Error.WSAEINTR.code(), result.get(1), "WS-14: a blocked connect fails with WSAEINTR");
            assertTrue(ResourceProbe.eventually(Duration.ofSeconds(10), () -> diagnostics.openTransportChannels() == 0),
                    () -> diagnostics.openTransportChannels() + " channels open: the abandoned attempt left nothing");
            ws.WSACleanup();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void aConnectTheKernelFinishesLaterIsCompletedByTheEventLoop(String transport) throws Exception {
        try (Session s = session(transport);
             FullListener full = new FullListener()) {
            Ws2_32 ws = started(s);
            long sock = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
            long ev = ws.WSACreateEvent();
            assertEquals(0, ws.WSAEventSelect(sock, ev, Ws2_32.FD_CONNECT | Ws2_32.FD_READ));
            assertEquals(SOCKET_ERROR, ws.connect(sock, full.address()));
            assertEquals(Win32Error.WSAEWOULDBLOCK.code(), ws.WSAGetLastError());
            assertEquals(SOCKET_ERROR, ws.connect(sock, full.address()));
            assertEquals(Win32Error.WSAEALREADY.code(), ws.WSAGetLastError(), "still connecting");
            full.makeRoom(); // the kernel's next SYN retransmission (about 1 s later) gets through
            WSANETWORKEVENTS ne = new WSANETWORKEVENTS();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((ne.lNetworkEvents & Ws2_32.FD_CONNECT) == 0 && System.nanoTime() < until) {
                ws.WSAWaitForMultipleEvents(1, new long[] {ev}, false, 500, false);
                WSANETWORKEVENTS now = new WSANETWORKEVENTS();
                assertEquals(0, ws.WSAEnumNetworkEvents(sock, ev, now));
                ne.lNetworkEvents |= now.lNetworkEvents;
                ne.iErrorCode[Ws2_32.FD_CONNECT_BIT] |= now.iErrorCode[Ws2_32.FD_CONNECT_BIT];
            }
            assertEquals(Ws2_32.FD_CONNECT, ne.lNetworkEvents & Ws2_32.FD_CONNECT, "FD_CONNECT once the loop saw it");
            assertEquals(0, ne.iErrorCode[Ws2_32.FD_CONNECT_BIT]);
            try (Socket peer = full.acceptOurs()) {
                peer.setSoTimeout(5_000);
                byte[] data = Payload.bytes(0, 4096);
                assertEquals(data.length, ws.send(sock, data, data.length, 0));
                assertTrue(Payload.matches(peer.getInputStream().readNBytes(data.length), data.length, 0));
                peer.getOutputStream().write(new byte[] {1, 2, 3});
                byte[] back = new byte[3];
                int got = 0;
                long recvUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (got < 3 && System.nanoTime() < recvUntil) {
                    int n = ws.recv(sock, back, 3, 0); // non-blocking (WSAEventSelect): may say WSAEWOULDBLOCK
                    if (n > 0) {
                        got += n;
                    } else {
                        Thread.sleep(10);
                    }
                }
                assertArrayEquals(new byte[] {1, 2, 3}, back, "the loop reads the adopted channel");
                assertEquals(0, ws.closesocket(sock));
                assertEquals(-1, peer.getInputStream().read(), "FIN");
            }
            ws.WSACloseEvent(ev);
            ws.WSACleanup();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void closeRacingANonBlockingConnectInProgressLeavesNothingOpen(String transport) throws Exception {
        try (Session s = session(transport);
             FullListener full = new FullListener()) {
            Ws2_32 ws = started(s);
            WinsockDiagnostics diagnostics = WinsockDiagnostics.of(s).orElseThrow();
            long sock = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
            assertEquals(0, ws.ioctlsocket(sock, Ws2_32.FIONBIO, new IntRef(1)));
            assertEquals(SOCKET_ERROR, ws.connect(sock, full.address()));
            assertEquals(Win32Error.WSAEWOULDBLOCK.code(), ws.WSAGetLastError());
            assertEquals(0, ws.closesocket(sock), "closesocket while the connect is in progress");
            assertTrue(ResourceProbe.eventually(Duration.ofSeconds(10), () -> diagnostics.openTransportChannels() == 0),
                    () -> diagnostics.openTransportChannels() + " channels open: the attempt was given up");
            full.makeRoom();
            // Our socket is closed: its SYN is not retransmitted, so nothing of ours reaches the listener.
            assertThrows(java.net.SocketTimeoutException.class, full::acceptOurs);
            ws.WSACleanup();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void finFollowsEveryQueuedByte(String transport) throws Exception {
        try (Session s = session(transport);
             ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5_000);
            Ws2_32 ws = started(s);
            long sock = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
            assertEquals(0, ws.connect(sock, address(server)));
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(10_000);
                // The peer does not read yet: sends fill the kernel's buffers and then the transport's queue
                // (the event loop writes it as room comes), and the FIN must wait for all of it (WS-04).
                long sent = fill(ws, sock);
                assertEquals(0, ws.closesocket(sock));
                byte[] got = peer.getInputStream().readAllBytes(); // to the FIN
                assertEquals(sent, got.length, "every byte before the FIN");
                assertTrue(Payload.matches(got, got.length, 0));
            }
            ws.WSACleanup();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void rstWhileTheLoopIsWritingDiscardsTheData(String transport) throws Exception {
        try (Session s = session(transport);
             ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5_000);
            Ws2_32 ws = started(s);
            long sock = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
            assertEquals(0, ws.connect(sock, address(server)));
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(10_000);
                long sent = fill(ws, sock); // the loop holds the rest, waiting for room
                assertEquals(0, ws.setsockopt(sock, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, Linger.ABORTIVE));
                assertEquals(0, ws.closesocket(sock));
                InputStream in = peer.getInputStream();
                byte[] buf = new byte[64 * 1024];
                long read = 0;
                SocketException reset = null;
                try {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        read += n;
                    }
                } catch (SocketException e) {
                    reset = e;
                }
                assertTrue(reset != null && String.valueOf(reset.getMessage()).contains("reset"),
                        "the peer sees the RST (WS-05), not an end of the stream: " + reset);
                assertTrue(read < sent, "queued data was discarded: " + read + " of " + sent);
            }
            ws.WSACleanup();
        }
    }

    /**
     * Sends the {@link Payload} on a non-blocking socket until {@code WSAEWOULDBLOCK}: the peer reads
     * nothing meanwhile, so the kernel's buffers are full and the transport's queue holds the last sends.
     * Returns how many bytes were sent.
     */
    private static long fill(Ws2_32 ws, long sock) {
        assertEquals(0, ws.ioctlsocket(sock, Ws2_32.FIONBIO, new IntRef(1)));
        long sent = 0;
        for (;;) {
            byte[] chunk = Payload.bytes(sent, 16 * 1024);
            int n = ws.send(sock, chunk, chunk.length, 0);
            if (n == SOCKET_ERROR) {
                assertEquals(Win32Error.WSAEWOULDBLOCK.code(), ws.WSAGetLastError());
                return sent;
            }
            sent += n;
        }
    }

    /**
     * A JDK listener whose accept queue (backlog 1) is filled by plain JDK connections, so the kernel drops
     * further SYNs: a connect to it stays in progress until {@link #makeRoom} accepts the fillers.
     */
    private static final class FullListener implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final List<SocketChannel> fillers = new ArrayList<>();
        private final List<Socket> accepted = new ArrayList<>();

        FullListener() throws IOException, InterruptedException {
            for (int i = 0; i < 16; i++) {
                SocketChannel f = SocketChannel.open();
                f.configureBlocking(false);
                if (!f.connect(server.getLocalSocketAddress())) {
                    Thread.sleep(100);
                    if (!f.finishConnect()) {
                        f.close(); // its SYN was dropped: the queue is full (closed, it retransmits nothing)
                        return;
                    }
                }
                fillers.add(f);
            }
            throw new IllegalStateException("the accept queue never filled");
        }

        SockAddr address() {
            return SockAddr.inet("127.0.0.1", server.getLocalPort());
        }

        /** Accepts every filler that completed, so the queue has room again. */
        void makeRoom() throws IOException {
            server.setSoTimeout(200);
            for (;;) {
                try {
                    accepted.add(server.accept());
                } catch (java.net.SocketTimeoutException drained) {
                    return;
                }
            }
        }

        /** The next connection that is not a filler (waits up to 5 s; fillers that connect late are skipped). */
        Socket acceptOurs() throws IOException {
            server.setSoTimeout(5_000);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (;;) {
                Socket c = server.accept();
                if (!isFiller(c)) {
                    return c;
                }
                accepted.add(c);
                if (System.nanoTime() > until) {
                    throw new java.net.SocketTimeoutException("only fillers");
                }
            }
        }

        private boolean isFiller(Socket c) throws IOException {
            for (SocketChannel f : fillers) {
                if (((InetSocketAddress) f.getLocalAddress()).getPort() == c.getPort()) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() throws IOException {
            for (Socket c : accepted) {
                c.close();
            }
            for (SocketChannel f : fillers) {
                f.close();
            }
            server.close();
        }
    }
}

package io.teardown.backend.netty.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.Session;
import io.teardown.backend.netty.io.NettyIo;
import io.teardown.testkit.winsock.Payload;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.engine.Connection;
import io.teardown.winsock.engine.ConnectionEvents;
import io.teardown.winsock.engine.Listener;
import io.teardown.winsock.engine.ReceivedBytes;
import io.teardown.winsock.engine.StreamOptions;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Connection#writeNow} on real sockets: a send's system call runs on the calling thread on both
 * transports (NIO through the JDK channel, epoll on the channel's descriptor; docs/winsock.md, "Where a
 * call runs"); however a send is split between the calling thread and the event loop, the peer receives
 * every byte once, in order; and a direct write that meets the peer's reset fails the socket (WS-05).
 */
@Timeout(60)
class NettyDirectSendTest {
    private static Session session(String transport) {
        return Session.builder().backend("netty").property("teardown.netty.transport", transport).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void writesOnTheCallingThread(String transport) throws Exception {
        try (Session s = session(transport);
             ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5_000);
            NettyWinsockTransport net = new NettyWinsockTransport(s, () -> NettyIo.of(s));
            Connection c = net.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
                    null, new StreamOptions(64 * 1024, 64 * 1024, true), new DiscardingEvents()).get(5, TimeUnit.SECONDS);
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(5_000);
                byte[] data = Payload.bytes(0, 100);
                int now = c.writeNow(data, 0, data.length);
                assertEquals(data.length, now, "an empty send buffer takes it all at once");
                byte[] first = peer.getInputStream().readNBytes(data.length);
                assertTrue(Payload.matches(first, first.length, 0), "the bytes written on the calling thread");
                int offset = now;
                byte[] rest = Payload.bytes(offset, data.length);
                CompletableFuture<Throwable> written = new CompletableFuture<>();
                c.write(rest, 0, rest.length, written::complete);
                assertEquals(null, written.get(5, TimeUnit.SECONDS));
                byte[] got = peer.getInputStream().readNBytes(rest.length);
                assertTrue(Payload.matches(got, got.length, offset), "then the queued write");
            } finally {
                c.reset();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void anAcceptedConnectionWritesAsAConnectedOneDoes(String transport) throws Exception {
        try (Session s = session(transport)) {
            NettyWinsockTransport net = new NettyWinsockTransport(s, () -> NettyIo.of(s));
            CompletableFuture<Connection> accepted = new CompletableFuture<>();
            Listener listener = net.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8,
                    new StreamOptions(64 * 1024, 64 * 1024, true), c -> {
                        accepted.complete(c);
                        return new DiscardingEvents();
                    });
            try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), listener.localAddress().getPort())) {
                peer.setSoTimeout(5_000);
                Connection c = accepted.get(5, TimeUnit.SECONDS);
                byte[] data = Payload.bytes(0, 100);
                int now = c.writeNow(data, 0, data.length);
                assertEquals(data.length, now);
                byte[] got = peer.getInputStream().readNBytes(now);
                assertTrue(Payload.matches(got, got.length, 0), "the bytes written on the calling thread");
                c.reset();
            } finally {
                listener.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void aSlowPeerReceivesEveryByteOnceInOrder(String transport) throws Exception {
        try (Session s = session(transport);
             ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(4096); // a small window: sends are split between the calling thread and the loop
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.setSoTimeout(5_000);
            Ws2_32 ws = Ws2_32.of(s);
            assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
            long sock = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
            assertEquals(0, ws.setsockopt(sock, Ws2_32.SOL_SOCKET, Ws2_32.SO_SNDBUF, 4096));
            assertEquals(0, ws.connect(sock, SockAddr.inet("127.0.0.1", server.getLocalPort())));
            long total = 0;
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(10_000);
                CompletableFuture<Long> checked = CompletableFuture.supplyAsync(() -> readAndCheck(peer));
                for (int size = 1; total < 2_000_000; size = size * 7 % 70_001 + 1) {
                    byte[] chunk = Payload.bytes(total, size);
                    assertEquals(size, ws.send(sock, chunk, size, 0), () -> "send: " + ws.WSAGetLastError());
                    total += size;
                }
                assertEquals(0, ws.shutdown(sock, Ws2_32.SD_SEND));
                assertEquals(total, checked.get(30, TimeUnit.SECONDS), "every byte, in order, then the FIN");
            }
            assertEquals(0, ws.closesocket(sock));
            assertEquals(0, ws.WSACleanup());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void anInterruptedThreadsSendNeitherClosesTheSocketNorClearsTheInterrupt(String transport) throws Exception {
        // A JDK channel closes itself when a thread blocked in it is interrupted; the direct write is a
        // non-blocking one, which must not (the socket would be lost to a Thread.interrupt()).
        try (Session s = session(transport);
             ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5_000);
            Ws2_32 ws = Ws2_32.of(s);
            assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
            long sock = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
            assertEquals(0, ws.connect(sock, SockAddr.inet("127.0.0.1", server.getLocalPort())));
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(5_000);
                byte[] data = Payload.bytes(0, 100);
                Thread.currentThread().interrupt();
                int sent;
                try {
                    sent = ws.send(sock, data, data.length, 0);
                } finally {
                    assertTrue(Thread.interrupted(), "the interrupt is still pending");
                }
                assertEquals(data.length, sent, () -> "send: " + ws.WSAGetLastError());
                byte[] more = Payload.bytes(data.length, data.length);
                assertEquals(more.length, ws.send(sock, more, more.length, 0), "the socket is still open");
                byte[] got = peer.getInputStream().readNBytes(2 * data.length);
                assertTrue(Payload.matches(got, got.length, 0), "both sends arrived");
            }
            assertEquals(0, ws.closesocket(sock));
            assertEquals(0, ws.WSACleanup());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void WS_05_aSendAfterThePeersResetNeverTurnsTheResetIntoAnEndOfStream(String transport) throws Exception {
        // The kernel reports a reset once: a send that meets it on the calling thread takes the error,
        // and the loop's next read sees only an end of the stream (found by the Winsock model test on NIO).
        try (Session s = session(transport);
             ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5_000);
            Ws2_32 ws = Ws2_32.of(s);
            assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
            byte[] data = Payload.bytes(0, 64);
            byte[] buf = new byte[64];
            for (int i = 0; i < 20; i++) {
                long sock = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
                assertEquals(0, ws.connect(sock, SockAddr.inet("127.0.0.1", server.getLocalPort())));
                try (Socket peer = server.accept()) {
                    peer.setSoLinger(true, 0);
                }
                Thread.sleep(i % 3); // the RST is on its way or in: both orders are met
                int sent = ws.send(sock, data, data.length, 0);
                int sendError = ws.WSAGetLastError();
                int got = ws.recv(sock, buf, buf.length, 0);
                int error = ws.WSAGetLastError();
                assertTrue(sent == data.length || sendError == 10054, "send: " + sent + " / " + sendError);
                assertEquals(Ws2_32.SOCKET_ERROR, got, "recv after the peer's reset returned " + got);
                assertEquals(10054, error, "WSAECONNRESET");
                assertEquals(0, ws.closesocket(sock));
            }
            assertEquals(0, ws.WSACleanup());
        }
    }

    /** Reads to the end of the stream, pausing now and then, and checks the pattern; returns the count. */
    private static long readAndCheck(Socket peer) {
        try {
            InputStream in = peer.getInputStream();
            byte[] buf = new byte[3000];
            long position = 0;
            for (int reads = 0;; reads++) {
                int n = in.read(buf);
                if (n < 0) {
                    return position;
                }
                if (!Payload.matches(buf, n, position)) {
                    throw new AssertionError("wrong bytes at " + position);
                }
                position += n;
                if (reads % 64 == 0) {
                    Thread.sleep(1); // let the sender's kernel buffer fill
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.teardown.backend.netty.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.Session;
import io.teardown.testkit.hardening.ResourceProbe;
import io.teardown.testkit.winsock.JdkPeer;
import io.teardown.testkit.winsock.Payload;
import io.teardown.winsock.Linger;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockDiagnostics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WS-05 through {@link LoopResets}: more hard closes at once than one pass of a loop closes channels
 * (on epoll the RST goes out from the closing thread, the channel's close follows in batches; on NIO the
 * close is the RST). Every peer reads "Connection reset" after part of the data, never the end of the
 * stream, and every channel and descriptor is released.
 */
@Timeout(60)
class NettyResetBatchTest {
    private static final int SOCKETS = 3 * LoopResets.CLOSES_PER_PASS + 7;

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void WS_05_manyHardClosesAtOnceEachResetOnceAndReleaseEverything(String transport) throws Exception {
        int fds = ResourceProbe.openFileDescriptors();
        try (Session s = Session.builder().backend("netty").property("teardown.netty.transport", transport).build();
             ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(4096); // the peers' small window keeps data queued at the closer
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), SOCKETS);
            server.setSoTimeout(5_000);
            Ws2_32 ws = Ws2_32.of(s);
            assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
            WinsockDiagnostics diagnostics = WinsockDiagnostics.of(s).orElseThrow();
            int open = diagnostics.openTransportChannels();
            int n = 64 * 1024;
            long[] socks = new long[SOCKETS];
            List<Socket> peers = new ArrayList<>();
            try {
                for (int i = 0; i < SOCKETS; i++) {
                    socks[i] = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
                    assertNotEquals(Ws2_32.INVALID_SOCKET, socks[i]);
                    assertEquals(0, ws.connect(socks[i], SockAddr.inet("127.0.0.1", server.getLocalPort())));
                    peers.add(server.accept());
                    assertEquals(n, ws.send(socks[i], Payload.bytes(i, n), n, 0));
                    assertEquals(0, ws.setsockopt(socks[i], Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, new Linger(1, 0)));
                }
                for (long sock : socks) {
                    assertEquals(0, ws.closesocket(sock)); // WS-05: returns at once, RST
                }
                for (Socket peer : peers) {
                    JdkPeer.Observation o = JdkPeer.observe(peer, Duration.ofSeconds(10));
                    assertEquals(JdkPeer.Ending.RESET, o.ending(), o::toString);
                    assertTrue(o.bytes() < n, o::toString);
                }
                assertTrue(ResourceProbe.eventually(Duration.ofSeconds(15), () -> diagnostics.openTransportChannels() <= open),
                        () -> diagnostics.openTransportChannels() + " channels still open: every reset channel is closed by its loop");
            } finally {
                for (Socket peer : peers) {
                    peer.close();
                }
            }
            assertEquals(0, ws.WSACleanup());
        }
        assertTrue(ResourceProbe.eventually(Duration.ofSeconds(15), () -> ResourceProbe.openFileDescriptors() <= fds + ResourceProbe.DESCRIPTOR_SLACK),
                "no descriptor left");
    }
}

package io.teardown.backend.netty.winsock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import io.teardown.winsock.TcpSocket;
import io.teardown.winsock.Winsock;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link TcpSocket#send(byte[], int, int)} and {@link TcpSocket#recv(byte[], int, int)} against a JDK peer. */
@Timeout(30)
class NettyTcpSocketRangeTest {

    @Test
    void sendAndRecvUseOnlyTheGivenRange() throws Exception {
        try (Session session = Session.builder().backend("netty").build();
             ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             TcpSocket socket = Winsock.of(session).connect(
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
             Socket peer = server.accept()) {
            byte[] out = "--hello++".getBytes(StandardCharsets.US_ASCII);
            assertEquals(5, socket.send(out, 2, 5));
            InputStream in = peer.getInputStream();
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), in.readNBytes(5));

            OutputStream peerOut = peer.getOutputStream();
            peerOut.write("world".getBytes(StandardCharsets.US_ASCII));
            peerOut.flush();
            byte[] buf = new byte[10];
            Arrays.fill(buf, (byte) '.');
            int got = 0;
            while (got < 5) {
                got += socket.recv(buf, 3 + got, 5 - got);
            }
            assertEquals("...world..", new String(buf, StandardCharsets.US_ASCII));

            peer.shutdownOutput();
            assertEquals(0, socket.recv(buf, 9, 1), "graceful close reads as 0");
        }
    }

    @Test
    void aRangeOutsideTheArrayIsWsaefaultAsForTheFlatCall() throws Exception {
        try (Session session = Session.builder().backend("netty").build();
             ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             TcpSocket socket = Winsock.of(session).connect(
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
             Socket peer = server.accept()) {
            byte[] buf = new byte[4];
            for (org.junit.jupiter.api.function.Executable bad : List.<org.junit.jupiter.api.function.Executable>of(
                    () -> socket.recv(buf, 2, 3), () -> socket.recv(buf, -1, 1), () -> socket.send(buf, 3, 2),
                    () -> socket.send(buf, 0, 5))) {
                Win32Exception e = assertThrows(Win32Exception.class, bad);
                assertTrue(e.is(Win32Error.WSAEFAULT), e::getMessage);
            }
            peer.getOutputStream().write(1);
            assertEquals(1, socket.recv(buf, 3, 1), "the socket still works after a rejected range");
            assertEquals(1, buf[3]);
        }
    }
}

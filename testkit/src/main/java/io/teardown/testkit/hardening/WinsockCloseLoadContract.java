package io.teardown.testkit.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.HandleSpace;
import io.teardown.api.LeakTracking;
import io.teardown.api.Session;

import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.winsock.Linger;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.Ws2_32;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11, part 3 (Winsock): 1 000 connections closed concurrently from 8 threads with mixed linger
 * modes — default (WS-04), hard (WS-05), lingering with time to spare (WS-06) — each checked by an
 * independent JDK-socket peer: the default and lingering closes deliver every byte then FIN, the hard
 * close resets. Afterwards no socket, thread or descriptor is left.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(180)
public class WinsockCloseLoadContract {
    private static final int CONNECTIONS = 1_000;
    private static final int BATCH = 250;
    private static final byte[] DATA = "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** What the peer saw on one connection. */
    private enum Seen { DATA_THEN_FIN, RESET, OTHER }

    /** For JUnit and subclasses. */
    public WinsockCloseLoadContract() {
    }

    @TestTemplate
    void WS_04_05_06_aThousandConcurrentClosesWithMixedLingerModes(TestBackend b) throws Exception {
        int fds = ResourceProbe.openFileDescriptors();
        String name = "winsock-close-load";
        int fin = 0;
        int rst = 0;
        List<String> wrong = new ArrayList<>();
        try (Session s = Session.builder().backend(b.name()).name(name).leakTracking(LeakTracking.OFF).build();
             ServerSocket listener = new ServerSocket(0, BATCH, InetAddress.getLoopbackAddress())) {
            Ws2_32 ws = Ws2_32.of(s);
            assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
            ExecutorService closers = Executors.newFixedThreadPool(8);
            ExecutorService peers = Executors.newFixedThreadPool(16);
            for (int base = 0; base < CONNECTIONS; base += BATCH) {
                long[] sockets = new long[BATCH];
                List<Future<Seen>> seen = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    long sock = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
                    assertNotEquals(Ws2_32.INVALID_SOCKET, sock);
                    assertEquals(0, ws.connect(sock, SockAddr.inet("127.0.0.1", listener.getLocalPort()), SockAddr.SIZE_IN),
                            () -> "connect: " + ws.WSAGetLastError());
                    Socket peer = listener.accept();
                    assertEquals(DATA.length, ws.send(sock, DATA, DATA.length, 0));
                    int mode = (base + i) % 3;
                    if (mode == 1) {
                        assertEquals(0, ws.setsockopt(sock, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, new Linger(1, 0)));
                    } else if (mode == 2) {
                        assertEquals(0, ws.setsockopt(sock, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, new Linger(1, 5)));
                    }
                    sockets[i] = sock;
                    seen.add(peers.submit(() -> observe(peer)));
                }
                List<Future<Integer>> closes = new ArrayList<>();
                for (long sock : sockets) {
                    closes.add(closers.submit(() -> ws.closesocket(sock)));
                }
                for (Future<Integer> c : closes) {
                    assertEquals(0, c.get(30, TimeUnit.SECONDS), "closesocket returns 0 in every mode");
                }
                for (int i = 0; i < BATCH; i++) {
                    int mode = (base + i) % 3;
                    Seen got = seen.get(i).get(30, TimeUnit.SECONDS);
                    Seen want = mode == 1 ? Seen.RESET : Seen.DATA_THEN_FIN;
                    if (got == Seen.DATA_THEN_FIN) {
                        fin++;
                    } else if (got == Seen.RESET) {
                        rst++;
                    }
                    if (got != want) {
                        wrong.add("connection " + (base + i) + " mode " + mode + ": " + got);
                    }
                }
            }
            closers.shutdown();
            peers.shutdown();
            assertTrue(closers.awaitTermination(10, TimeUnit.SECONDS) && peers.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(0, s.handles(HandleSpace.KERNEL).size(), "every socket freed");
            assertEquals(0, ws.WSACleanup());
        }
        System.out.println("Winsock close load: " + CONNECTIONS + " connections, peers saw " + fin + " FIN, " + rst
                + " RST; wrong " + wrong.size());
        assertEquals(List.of(), wrong);
        assertTrue(ResourceProbe.eventually(Duration.ofSeconds(15), () -> ResourceProbe.threadsNamed(name).isEmpty()),
                () -> "threads left: " + ResourceProbe.threadsNamed(name));
        if (fds >= 0) {
            assertTrue(ResourceProbe.eventually(Duration.ofSeconds(15), () -> ResourceProbe.openFileDescriptors() <= fds + ResourceProbe.DESCRIPTOR_SLACK),
                    () -> "descriptors: before " + fds + ", after " + ResourceProbe.openFileDescriptors());
        }
    }

    /** Reads to the end: all the data then end-of-stream is a FIN; a reset at any point is an RST. */
    private static Seen observe(Socket peer) {
        try (peer; InputStream in = peer.getInputStream()) {
            peer.setSoTimeout(20_000);
            byte[] all = in.readAllBytes();
            return java.util.Arrays.equals(all, DATA) ? Seen.DATA_THEN_FIN : Seen.OTHER;
        } catch (SocketException reset) {
            return Seen.RESET;
        } catch (IOException other) {
            return Seen.OTHER;
        }
    }
}

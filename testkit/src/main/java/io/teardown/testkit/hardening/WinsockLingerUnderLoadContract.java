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
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 22: lingering closes return at their deadline on a loaded machine. N blocking sockets, each
 * with {@code SO_LINGER {1,T}} and 16 KiB its peer never reads, closed at once from N threads while two
 * busy threads run in another process ({@link BusyPeerProcess}, which is also the plain-JDK peer).
 * Every {@code closesocket} returns 0 no later than {@link #SLACK} after its deadline (call + T), every
 * peer reads "Connection reset" (WS-06), and no socket, thread or descriptor is left. The soak run
 * ({@code -Dteardown.soak=true}) does the same with 10 000 closes and T = 2 s, issue 22's case.
 *
 * <p>Only where the transport sees acknowledgements (on the Netty backend: epoll, not NIO, where a lingering
 * close with data handed to the kernel ends gracefully, docs/winsock.md): a backend's subclass says where it
 * cannot run ({@link #cannotRun()}) and how its session is set up for it ({@link #configure}).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(600)
public class WinsockLingerUnderLoadContract {
    /**
     * How late past its deadline a lingering {@code closesocket} of the CI-sized run (400 closes) may
     * return. The engine itself adds no wait on epoll (the closer's own timer ends its wait at the
     * deadline and its RST is one system call) and at most 750 ms on NIO; the rest is the CPU the
     * closers get on a two-core machine running busy threads beside them — measured 0.05–1.1 s at most
     * with other builds on the machine (docs/RELIABILITY.md, "Lingering closes under load").
     */
    static final Duration SLACK = Duration.ofMillis(2_000);
    /**
     * The soak's 10 000 closes are the first burst of a fresh JVM: 10 000 threads run the close's code
     * for the first time at once, on two loaded cores, and the slowest 1 % returned up to 10–25 s late
     * in such runs; warm, the same burst stayed within 2 s (docs/RELIABILITY.md).
     */
    static final Duration SOAK_SLACK = Duration.ofSeconds(30);
    private static final int PENDING = 16 * 1024;
    private static final int BUSY_THREADS = 2;

    /** For JUnit and subclasses. */
    public WinsockLingerUnderLoadContract() {
    }

    /**
     * Why the backend cannot run this test here, or empty: a transport that cannot see acknowledgements ends a
     * lingering close with data handed to the kernel gracefully, so there is no deadline to keep.
     */
    protected Optional<String> cannotRun() {
        return Optional.empty();
    }

    /** Backend-specific settings of the test's session (the Netty backend's subclass selects epoll). */
    protected void configure(Session.Builder session) {
    }

    @TestTemplate
    void WS_06_lingeringClosesReturnByDeadlineUnderLoad(TestBackend b) throws Exception {
        closeUnderLoad(b, 400, 1, SLACK);
    }

    @TestTemplate
    void WS_06_tenThousandLingeringClosesReturnByDeadlineUnderLoad_soak(TestBackend b) throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("teardown.soak"), "soak only (-Dteardown.soak=true)");
        closeUnderLoad(b, 10_000, 2, SOAK_SLACK);
    }

    private void closeUnderLoad(TestBackend b, int n, int lingerSeconds, Duration slack) throws Exception {
        Optional<String> cannot = cannotRun();
        Assumptions.assumeTrue(cannot.isEmpty(), () -> cannot.orElse(""));
        int fds = ResourceProbe.openFileDescriptors();
        String name = "linger-under-load-" + n;
        long[] began = new long[n];
        long[] returned = new long[n];
        int[] results = new int[n];
        Thread[] closers = new Thread[n];
        Session.Builder config = Session.builder().backend(b.name()).name(name).leakTracking(LeakTracking.OFF);
        configure(config);
        try (BusyPeerProcess peer = new BusyPeerProcess(BUSY_THREADS, 600);
             Session s = config.build()) {
            Ws2_32 ws = Ws2_32.of(s);
            assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
            byte[] data = new byte[PENDING];
            long[] sockets = new long[n];
            for (int i = 0; i < n; i++) {
                long sock = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
                assertNotEquals(Ws2_32.INVALID_SOCKET, sock);
                assertEquals(0, ws.setsockopt(sock, Ws2_32.SOL_SOCKET, Ws2_32.SO_SNDBUF, PENDING * 2));
                assertEquals(0, ws.connect(sock, SockAddr.inet("127.0.0.1", peer.port())), () -> "connect: " + ws.WSAGetLastError());
                assertEquals(PENDING, ws.send(sock, data, PENDING, 0));
                assertEquals(0, ws.setsockopt(sock, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, new Linger(1, lingerSeconds)));
                sockets[i] = sock;
                if ((i + 1) % 1_000 == 0 || i + 1 == n) {
                    // the kernel's accept queue holds at most somaxconn connections: let the peer catch up
                    int want = i + 1;
                    assertTrue(peer.awaitHeld(want) >= want, "the peer accepted every connection");
                }
            }
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < n; i++) {
                int index = i;
                closers[i] = new Thread(null, () -> {
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    began[index] = System.nanoTime();
                    results[index] = ws.closesocket(sockets[index]);
                    returned[index] = System.nanoTime();
                }, name + "-closer-" + i, 256 * 1024);
                closers[i].start();
            }
            assertTrue(ready.await(60, TimeUnit.SECONDS));
            go.countDown();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(lingerSeconds + 120L);
            for (Thread t : closers) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
                assertTrue(!t.isAlive(), () -> t.getName() + " still in closesocket");
            }
            long[] late = new long[n];
            for (int i = 0; i < n; i++) {
                assertEquals(0, results[i], "closesocket returns 0 after a lingering close (WS-06)");
                late[i] = returned[i] - began[i] - TimeUnit.SECONDS.toNanos(lingerSeconds);
            }
            Arrays.sort(late);
            System.out.printf(java.util.Locale.ROOT, "%d lingering closes (linger %d s) beside %d busy threads: returned"
                            + " after the deadline p50 %d ms, p99 %d ms, max %d ms (slack %d ms)%n", n, lingerSeconds, BUSY_THREADS,
                    late[n / 2] / 1_000_000, late[(int) (n * 0.99)] / 1_000_000, late[n - 1] / 1_000_000, slack.toMillis());
            assertTrue(late[0] >= -TimeUnit.MILLISECONDS.toNanos(1), "no close returned before its deadline: " + late[0] / 1_000_000 + " ms");
            assertTrue(late[n - 1] <= slack.toNanos(), "the latest close returned " + late[n - 1] / 1_000_000
                    + " ms after its deadline, more than the slack of " + slack.toMillis() + " ms");
            assertEquals(n, peer.resets(n), "every peer reads \"Connection reset\"");
            assertEquals(0, s.handles(HandleSpace.KERNEL).size(), "every socket freed");
            assertEquals(0, ws.WSACleanup());
        }
        assertTrue(ResourceProbe.eventually(Duration.ofSeconds(15), () -> ResourceProbe.threadsNamed(name).isEmpty()),
                () -> "threads left: " + ResourceProbe.threadsNamed(name));
        if (fds >= 0) {
            assertTrue(ResourceProbe.eventually(Duration.ofSeconds(15), () -> ResourceProbe.openFileDescriptors() <= fds + ResourceProbe.DESCRIPTOR_SLACK),
                    () -> "descriptors: before " + fds + ", after " + ResourceProbe.openFileDescriptors());
        }
    }
}

package io.teardown.benchmarks.winsock;

import io.teardown.api.Session;
import io.teardown.winsock.Linger;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.Ws2_32;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Many lingering closes at once (WS-06): {@code sockets} blocking sockets, each with {@code SO_LINGER
 * {1,2}} and data the peer never reads (so it stays unacknowledged), closed concurrently, one thread
 * per socket (a lingering {@code closesocket} waits in its calling thread). Measured: wall time from
 * releasing the threads until the last {@code closesocket} returned — about the 2 s linger, and it
 * must stay flat in N (target: N = 10 000 within 1.2× of N = 1). Baseline: {@link Socket} with
 * {@code setSoLinger(true, 2)} closed the same way (the kernel's own linger). Raw Netty is not a
 * baseline here: it runs every {@code SO_LINGER > 0} close on its one {@code GlobalEventExecutor}
 * thread, N × 2 s.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, batchSize = 1)
@Measurement(iterations = 3, batchSize = 1)
@Fork(1)
public class LingeringCloseBenchmark {
    /** Unacknowledged bytes per socket: more than the peer's 4 KiB receive window takes. */
    private static final int PENDING = 16 * 1024;
    /** Connections set up between two checks that the peer accepted them (well below somaxconn). */
    private static final int ACCEPT_BATCH = 1000;

    /**
     * The peer process, the session and N, shared by every thread of the trial. With thread scope (as
     * fields of the benchmark class, earlier) JMH made a second instance, with a peer of its own, for
     * the measured iterations, which run in another worker thread than the warm-up: one invocation's
     * setup connected to one peer while its teardown reset the connections of the other, which had
     * none, and waited out its bound; the first peer kept every connection until it ran out of
     * descriptors.
     */
    @State(Scope.Benchmark)
    public static class Fixture {
        @Param({"1", "100", "10000"})
        public int sockets;

        /** {@code l_linger} of every socket (s); {@link LingerStress} varies it, the benchmark keeps 2. */
        int linger = 2;
        /** {@code teardown.netty.transport} ({@code epoll}, {@code nio}), or null for the default. */
        String transport;

        PeerProcess peer;
        Session session;
        Ws2_32 ws;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            peer = new PeerProcess(JdkPeer.Behaviour.HOLD);
            session = transport == null ? Session.open()
                    : Session.builder().property("teardown.netty.transport", transport).build();
            ws = Ws2_32.of(session);
            ws.WSAStartup((short) 0x0202, new WSAData());
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            ws.WSACleanup();
            session.close();
            peer.close();
        }
    }

    /**
     * N threads parked at a start gate, each about to close one socket. The gate unparks every thread
     * itself rather than opening a {@link CountDownLatch}: a latch wakes its waiters as a chain, each
     * woken thread waking the next, so with 10 000 threads on two loaded cores the last one started
     * seconds after the first whatever the threads then did (a plain 2 s sleep behind a latch took
     * 12 s here); unparking them all from one loop puts both implementations at the same start.
     */
    abstract static class Gate {
        private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
        private volatile boolean open;
        private volatile boolean dismissed;
        private CountDownLatch done;
        private Thread[] threads;
        /** When each close began and returned ({@link System#nanoTime}), and when the gate opened: for {@link LingerTimeline}. */
        long[] began;
        long[] returned;
        /** Each close's own CPU (ns), from the gate to its return. */
        long[] cpu;
        long released;
        private Object[] warm;

        void arm(int n, IntConsumer close) throws InterruptedException {
            open = false;
            dismissed = false;
            done = new CountDownLatch(n);
            threads = new Thread[n];
            began = new long[n];
            returned = new long[n];
            cpu = new long[n];
            warm = new Object[n];
            CountDownLatch ready = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                int index = i;
                threads[i] = new Thread(null, () -> {
                    // A thread's first allocation takes a whole TLAB, sized for the few threads that ran
                    // before: 10 000 new threads allocating for the first time inside the timed close
                    // filled eden with empty TLABs and caused a dozen collections, each stopping 10 000
                    // threads (the implementation that allocated anything at all paid for all of them).
                    // A real closer has run before (it opened and wrote its socket), so allocate first.
                    warm[index] = new long[2];
                    ready.countDown();
                    try {
                        while (!open) {
                            LockSupport.park(this);
                        }
                        // The close's own CPU: the thread's start and its gate wait are not the close's.
                        long cpuBefore = CPU.getCurrentThreadCpuTime();
                        began[index] = System.nanoTime();
                        close.accept(index);
                        returned[index] = System.nanoTime();
                        cpu[index] = CPU.getCurrentThreadCpuTime() - cpuBefore;
                    } finally {
                        done.countDown();
                    }
                    // A thread that ends rebuilds the JVM's list of threads under its lock (10 000 entries
                    // here), which is the JVM's work, not closesocket's: done while others still close,
                    // those exits took CPU and that lock from the closes being measured. A program's
                    // closing threads would go on living too.
                    while (!dismissed) {
                        LockSupport.park(this);
                    }
                }, "lingering-close-" + i, 256 * 1024);
                threads[i].setDaemon(true);
                threads[i].start();
            }
            ready.await();
        }

        /**
         * Opens the gate and waits until every close returned. The bound is only a guard against a
         * hung engine: a close's own waits end 750 ms after its deadline (docs/winsock.md, "WS-06
         * under load"), so on a busy machine what takes long is mostly the setup, not this.
         */
        long release() throws InterruptedException {
            start();
            try {
                if (!await(TimeUnit.SECONDS.toNanos(120))) {
                    throw new IllegalStateException("lingering closes did not return within 120 s: " + pending() + " still closing");
                }
                return done.getCount();
            } finally {
                dismiss();
            }
        }

        /** Lets the closing threads end (each waits for this once its close returned). */
        void dismiss() {
            dismissed = true;
            for (Thread t : threads) {
                LockSupport.unpark(t);
            }
        }

        /** Opens the gate and returns at once. */
        void start() {
            released = System.nanoTime();
            open = true;
            for (Thread t : threads) {
                LockSupport.unpark(t);
            }
        }

        /** Waits up to {@code nanos} until every close returned; true if they all did. */
        boolean await(long nanos) throws InterruptedException {
            return done.await(nanos, TimeUnit.NANOSECONDS);
        }

        /** Closes not returned yet. */
        long pending() {
            return done.getCount();
        }

        /**
         * Waits for the closing threads to end, 30 s at most in all: 10 s per thread, as before, could
         * keep a teardown waiting for hours behind closes that never returned.
         */
        void join() throws InterruptedException {
            dismiss();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (Thread t : threads) {
                long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                t.join(left);
            }
        }
    }

    /** N Teardown sockets with unacknowledged data and linger {1,2}. */
    @State(Scope.Thread)
    public static class TeardownSockets extends Gate {
        @Setup(Level.Invocation)
        public void open(Fixture b) throws InterruptedException {
            byte[] data = new byte[PENDING];
            long[] handles = new long[b.sockets];
            SockAddr address = SockAddr.inet("127.0.0.1", b.peer.port());
            for (int i = 0; i < b.sockets; i++) {
                long s = b.ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
                b.ws.setsockopt(s, Ws2_32.SOL_SOCKET, Ws2_32.SO_SNDBUF, PENDING * 2);
                if (b.ws.connect(s, address) != 0 || b.ws.send(s, data, data.length, 0) != data.length
                        || b.ws.setsockopt(s, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, new Linger(1, b.linger)) != 0) {
                    throw new IllegalStateException("socket " + i + ": " + b.ws.WSAGetLastError());
                }
                handles[i] = s;
                paceAccepts(b, i + 1);
            }
            arm(b.sockets, i -> b.ws.closesocket(handles[i]));
        }

        @TearDown(Level.Invocation)
        public void drop(Fixture b) throws Exception {
            join();
            b.peer.dropHeld(b.sockets);
        }
    }

    /** N java.net.Sockets, same data, {@code setSoLinger(true, 2)}. */
    @State(Scope.Thread)
    public static class JavaSockets extends Gate {
        @Setup(Level.Invocation)
        public void open(Fixture b) throws Exception {
            byte[] data = new byte[PENDING];
            Socket[] sockets = new Socket[b.sockets];
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), b.peer.port());
            for (int i = 0; i < b.sockets; i++) {
                Socket s = new Socket();
                s.setSendBufferSize(PENDING * 2);
                s.connect(address);
                s.getOutputStream().write(data);
                s.setSoLinger(true, 2);
                sockets[i] = s;
                paceAccepts(b, i + 1);
            }
            arm(b.sockets, i -> {
                try {
                    sockets[i].close();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }

        @TearDown(Level.Invocation)
        public void drop(Fixture b) throws Exception {
            join();
            b.peer.dropHeld(b.sockets);
        }
    }

    /**
     * Every {@value #ACCEPT_BATCH} connections, and after the last, waits until the peer accepted them
     * all: the kernel's accept queue holds at most {@code net.core.somaxconn} (4 096 here), and a
     * connection that overflows it reaches the peer seconds later, by retransmission — where it was
     * counted against the next invocation, which then ran out of descriptors.
     */
    static void paceAccepts(Fixture b, int connected) {
        if (connected % ACCEPT_BATCH == 0 || connected == b.sockets) {
            try {
                b.peer.awaitHeld(connected);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Releases the N threads; returns when the last closesocket has returned. */
    @Benchmark
    public long teardownLingeringClose(TeardownSockets s) throws InterruptedException {
        return s.release();
    }

    /** java.net.Socket with the kernel's own linger of 2 s, N closed concurrently. */
    @Benchmark
    public long javaSocketLingeringClose(JavaSockets s) throws InterruptedException {
        return s.release();
    }
}

package io.teardown.benchmarks.memory;

import com.google.gson.GsonBuilder;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.teardown.benchmarks.netty.RawNetty;
import io.teardown.kernel.Kernel32;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.Ws2_32;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Retained heap per handle, measured as the growth of the used heap after a full GC while
 * {@code count} handles are open (so the figure includes the handle table's slot and everything the
 * handle keeps reachable, minus nothing). Not a JMH benchmark: a size is not a timing, and one careful
 * measurement per case is enough. Run it in its own JVM ({@code benchmarks/run.sh} does) so nothing
 * else is on the heap.
 *
 * <ul>
 *   <li>{@code kernelHandleEntry}: {@code DuplicateHandle} of one event {@code count} times — the cost
 *       of one more kernel handle table entry (target ≤ 64 B).</li>
 *   <li>{@code kernelEvent}: {@code CreateEvent} {@code count} times — a handle plus its object.</li>
 *   <li>{@code javaEvent}: the plain-Java counterpart of an event (a lock, a condition, a flag) kept in
 *       an array.</li>
 *   <li>{@code teardownSocket} and {@code nettyChannel}: {@code count / 100} connected loopback TCP
 *       sockets (at most 2 000) through the flat {@code Ws2_32} facade, and as many raw Netty channels on the same
 *       transport. Both figures include the peer's accepted {@link java.net.Socket} (same JVM), which
 *       the difference {@code teardownSocketOverNetty} cancels out (target ≤ 512 B).</li>
 * </ul>
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.teardown.benchmarks.memory.MemoryFootprint COUNT OUT.json}
 */
public final class MemoryFootprint {
    private MemoryFootprint() {
    }

    /** One measured case. */
    public record Footprint(String name, int count, double bytesPerHandle, String baseline) {
    }

    /** Entry point. */
    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<Footprint> out = measure(count);
        for (Footprint f : out) {
            System.out.printf("%-20s %,10d handles %8.1f B each%n", f.name(), f.count(), f.bytesPerHandle());
        }
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), new GsonBuilder().setPrettyPrinting().create().toJson(out),
                    StandardCharsets.UTF_8);
        }
    }

    /** Measures every case with {@code count} handles. */
    public static List<Footprint> measure(int count) {
        List<Footprint> out = new ArrayList<>();
        try (Session session = Session.open()) {
            Kernel32 k = Kernel32.of(session);
            long process = k.GetCurrentProcess();
            long event = k.CreateEvent(null, true, false, null);
            LongRef copy = new LongRef();
            long[] handles = new long[count];
            long before = usedAfterGc();
            for (int i = 0; i < count; i++) {
                if (!k.DuplicateHandle(process, event, process, copy, 0, false, Kernel32.DUPLICATE_SAME_ACCESS)) {
                    throw new IllegalStateException("DuplicateHandle failed: " + k.GetLastError());
                }
                handles[i] = copy.value;
            }
            long after = usedAfterGc();
            out.add(new Footprint("kernelHandleEntry", count, (after - before) / (double) count, "target ≤ 64 B"));
            closeAll(k, handles);

            before = usedAfterGc();
            for (int i = 0; i < count; i++) {
                handles[i] = k.CreateEvent(null, true, false, null);
            }
            after = usedAfterGc();
            out.add(new Footprint("kernelEvent", count, (after - before) / (double) count, "javaEvent"));
            closeAll(k, handles);
            k.CloseHandle(event);
        }
        Object[] events = new Object[count];
        long before = usedAfterGc();
        for (int i = 0; i < count; i++) {
            events[i] = new JavaEvent();
        }
        long after = usedAfterGc();
        out.add(new Footprint("javaEvent", count, (after - before) / (double) count, "—"));
        events[0] = null;
        try {
            // Both ends live in this JVM: 2 000 connections stay well inside a 20 000 descriptor limit.
            sockets(Math.max(10, Math.min(2000, count / 100)), out);
        } catch (Exception e) {
            throw new IllegalStateException("socket footprint failed", e);
        }
        return out;
    }

    private static void sockets(int n, List<Footprint> out) throws Exception {
        java.util.concurrent.ConcurrentLinkedQueue<java.net.Socket> accepted = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 4096, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept());
                    }
                } catch (IOException e) {
                    // the server closed
                }
            }, "footprint-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            double teardown;
            try (Session session = Session.open()) {
                Ws2_32 ws = Ws2_32.of(session);
                ws.WSAStartup((short) 0x0202, new WSAData());
                SockAddr address = SockAddr.inet("127.0.0.1", server.getLocalPort());
                long[] sockets = new long[n];
                ws.closesocket(connect(ws, address)); // load and warm the classes outside the measurement
                long before = usedAfterGc();
                for (int i = 0; i < n; i++) {
                    sockets[i] = connect(ws, address);
                }
                awaitAccepted(accepted, n + 1);
                teardown = (usedAfterGc() - before) / (double) n;
                for (long s : sockets) {
                    ws.closesocket(s);
                }
                ws.WSACleanup();
            }
            drop(accepted);
            double netty;
            try (RawNetty raw = new RawNetty()) {
                Bootstrap b = new Bootstrap().group(raw.group()).channel(raw.channelClass())
                        .handler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                // a bare channel: what a raw Netty user has per connection at least
                            }
                        });
                java.net.InetSocketAddress address = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(),
                        server.getLocalPort());
                b.connect(address).sync().channel().close().sync();
                awaitAccepted(accepted, 1);
                drop(accepted);
                Channel[] channels = new Channel[n];
                long before = usedAfterGc();
                for (int i = 0; i < n; i++) {
                    channels[i] = b.connect(address).sync().channel();
                }
                awaitAccepted(accepted, n);
                netty = (usedAfterGc() - before) / (double) n;
                for (Channel c : channels) {
                    c.close().sync();
                }
            }
            drop(accepted);
            out.add(new Footprint("teardownSocket", n, teardown, "nettyChannel"));
            out.add(new Footprint("nettyChannel", n, netty, "—"));
            out.add(new Footprint("teardownSocketOverNetty", n, teardown - netty, "target ≤ 512 B"));
        }
    }

    private static long connect(Ws2_32 ws, SockAddr address) {
        long s = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        if (s == Ws2_32.INVALID_SOCKET || ws.connect(s, address) != 0) {
            throw new IllegalStateException("connect failed: " + ws.WSAGetLastError());
        }
        return s;
    }

    private static void awaitAccepted(java.util.Queue<java.net.Socket> accepted, int n) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (accepted.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private static void drop(java.util.Queue<java.net.Socket> accepted) throws IOException {
        java.net.Socket s;
        while ((s = accepted.poll()) != null) {
            s.close();
        }
    }

    private static void closeAll(Kernel32 k, long[] handles) {
        for (long h : handles) {
            if (!k.CloseHandle(h)) {
                throw new IllegalStateException("CloseHandle failed: " + k.GetLastError());
            }
        }
    }

    /** Used heap after a few full collections, once it stops shrinking. */
    static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return now;
            }
            used = now;
        }
        return used;
    }

    /** A manual-reset event in plain Java. */
    static final class JavaEvent {
        final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        final java.util.concurrent.locks.Condition signalled = lock.newCondition();
        boolean set;
    }

    /** Just the figures, for the report. */
    public static Map<String, Double> asMap(List<Footprint> list) {
        Map<String, Double> m = new LinkedHashMap<>();
        list.forEach(f -> m.put(f.name(), f.bytesPerHandle()));
        return m;
    }
}

package io.teardown.benchmarks.winsock;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * The winsock benchmarks' companion for a loaded machine: runs the same {@link EchoBenchmark} and
 * {@link SocketChurnBenchmark} methods in a plain loop and prints, per operation, what load barely
 * moves — voluntary context switches of the whole JVM (thread wake-ups, from
 * {@code /proc/self/task/}{@code *}{@code /status}; Linux only), CPU time of the event loops and of the
 * calling thread — beside throughput and latency percentiles, raw Netty and Teardown alternating in one
 * JVM. Not a JMH benchmark.
 *
 * <pre>java -cp benchmarks.jar io.teardown.benchmarks.winsock.WinsockWakeups echo|churn BYTES|graceful|abortive N ROUNDS [teardown]</pre>
 */
public final class WinsockWakeups {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private WinsockWakeups() {
    }

    /** {@code echo BYTES N ROUNDS [teardown]} or {@code churn graceful|abortive N ROUNDS [teardown]}. */
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        boolean baseline = args.length < 5 || !args[4].equals("teardown"); // "teardown": only Teardown (profiling)
        if (args[0].equals("echo")) {
            EchoBenchmark echo = new EchoBenchmark();
            echo.bytes = Integer.parseInt(args[1]);
            echo.setUp();
            try {
                for (int r = 0; r < rounds; r++) {
                    if (baseline) {
                        measure("nettyEcho " + args[1], echo::nettyEcho, n);
                    }
                    measure("teardownEcho " + args[1], echo::teardownEcho, n);
                }
            } finally {
                echo.tearDown();
            }
        } else {
            SocketChurnBenchmark churn = new SocketChurnBenchmark();
            churn.close = args[1];
            churn.setUp();
            try {
                for (int r = 0; r < rounds; r++) {
                    if (baseline) {
                        measure("nettyChurn " + args[1], churn::nettyChurn, n);
                    }
                    measure("teardownChurn " + args[1], churn::teardownChurn, n);
                }
            } finally {
                churn.tearDown();
            }
        }
    }

    private static void measure(String name, Callable<?> op, int n) throws Exception {
        long[] latency = new long[n];
        long switches = contextSwitches();
        long loop = eventLoopCpu();
        long all = processCpu();
        long caller = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            op.call();
            latency[i] = System.nanoTime() - t;
        }
        long wall = System.nanoTime() - start;
        long callerCpu = THREADS.getCurrentThreadCpuTime() - caller;
        long loopCpu = eventLoopCpu() - loop;
        long allCpu = processCpu() - all;
        switches = contextSwitches() - switches;
        Arrays.sort(latency);
        System.out.printf("%-24s %8.0f ops/s  p50 %7.1f us  p90 %7.1f us  vol-cs/op %5.2f  loop cpu/op %6.1f us"
                        + "  caller cpu/op %6.1f us  process cpu/op %6.1f us%n", name, n * 1e9 / wall,
                latency[n / 2] / 1e3, latency[n * 9 / 10] / 1e3, switches / (double) n, loopCpu / 1e3 / n,
                callerCpu / 1e3 / n, allCpu / 1e3 / n);
    }

    private static long processCpu() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : 0;
    }

    /** Voluntary context switches of every thread of this JVM so far (0 where /proc is missing). */
    private static long contextSwitches() throws IOException {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return 0;
        }
        long sum = 0;
        try (DirectoryStream<Path> each = Files.newDirectoryStream(tasks)) {
            for (Path t : each) {
                try {
                    for (String line : Files.readAllLines(t.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches")) {
                            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (NoSuchFileException ended) {
                    // the thread ended meanwhile
                }
            }
        }
        return sum;
    }

    /** CPU time of the Teardown and raw-Netty event-loop threads so far. */
    private static long eventLoopCpu() {
        long sum = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith("teardown-epoll")
                    || info.getThreadName().startsWith("teardown-nio")
                    || info.getThreadName().startsWith("multiThreadIoEventLoopGroup"))) {
                sum += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }
}

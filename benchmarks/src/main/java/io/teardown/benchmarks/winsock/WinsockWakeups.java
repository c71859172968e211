package io.teardown.benchmarks.winsock;

import io.teardown.benchmarks.stats.ThreadStats;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The winsock benchmarks' companion for a loaded machine: runs the same {@link EchoBenchmark} and
 * {@link SocketChurnBenchmark} methods in a plain loop and prints, per operation, what load barely
 * moves — voluntary context switches of the whole JVM (thread wake-ups, from
 * {@code /proc/self/task/}{@code *}{@code /status}; Linux only), CPU time of the event loops and of the
 * calling thread — beside throughput and latency percentiles, {@code java.net.Socket}, raw Netty and
 * Teardown alternating in one JVM. Not a JMH benchmark. {@code -Dteardown.netty.transport=nio} runs
 * Teardown and raw Netty on NIO.
 *
 * <pre>java -cp benchmarks.jar io.teardown.benchmarks.winsock.WinsockWakeups echo|churn BYTES|graceful|abortive N ROUNDS [teardown]</pre>
 */
public final class WinsockWakeups {

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
                        measure("javaSocketEcho " + args[1], echo::javaSocketEcho, n);
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
                        measure("javaSocketChurn " + args[1], churn::javaSocketChurn, n);
                        measure("nettyChurn " + args[1], churn::nettyChurn, n);
                    }
                    measure("teardownChurn " + args[1], churn::teardownChurn, n);
                }
            } finally {
                churn.tearDown();
            }
        }
    }

    /** With {@code -Dwakeups.byThread=true}: also the wake-ups per operation of each kind of thread. */
    private static final boolean BY_THREAD = Boolean.getBoolean("wakeups.byThread");

    private static void measure(String name, Callable<?> op, int n) throws Exception {
        long[] latency = new long[n];
        Map<String, Long> byThread = BY_THREAD ? ThreadStats.switchesByThread() : Map.of();
        ThreadStats.Sample before = ThreadStats.Sample.now();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            op.call();
            latency[i] = System.nanoTime() - t;
        }
        long wall = System.nanoTime() - start;
        ThreadStats.Sample d = ThreadStats.Sample.now().minus(before);
        Arrays.sort(latency);
        System.out.printf("%-26s %8.0f ops/s  p50 %7.1f us  p90 %7.1f us  vol-cs/op %5.2f  loop cpu/op %6.1f us"
                        + "  caller cpu/op %6.1f us  process cpu/op %6.1f us%n", name, n * 1e9 / wall,
                latency[n / 2] / 1e3, latency[n * 9 / 10] / 1e3, d.switches() / (double) n, d.eventLoopCpu() / 1e3 / n,
                d.callerCpu() / 1e3 / n, d.processCpu() / 1e3 / n);
        if (BY_THREAD) {
            System.out.println(ThreadStats.switchesPerOperation(byThread, ThreadStats.switchesByThread(), n));
        }
    }
}

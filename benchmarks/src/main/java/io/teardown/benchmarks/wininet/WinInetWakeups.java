package io.teardown.benchmarks.wininet;

import io.teardown.benchmarks.stats.ThreadStats;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The WinINet benchmarks' companion for a loaded machine: runs the same {@link WinInetGetBenchmark}
 * and {@link WinInetCancelBenchmark} methods in a plain loop and prints, per operation, what load
 * barely moves — voluntary context switches of the whole JVM (thread wake-ups, from
 * {@code /proc/self/task/}{@code *}{@code /status}; Linux only), CPU time of the event loop and of the
 * calling thread — beside throughput and latency percentiles. Used for the "WinINet GET path" section
 * of docs/PERFORMANCE.md. Not a JMH benchmark.
 *
 * <pre>java -Dsun.net.httpserver.nodelay=true -cp benchmarks.jar io.teardown.benchmarks.wininet.WinInetWakeups SIZE N ROUNDS</pre>
 */
public final class WinInetWakeups {

    private WinInetWakeups() {
    }

    /** Runs GETs of {@code args[0]} bytes ({@code args[1]} per round) and {@code args[1]} closes, {@code args[2]} rounds. */
    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        WinInetGetBenchmark get = new WinInetGetBenchmark();
        get.size = size;
        get.setUp();
        try {
            for (int r = 0; r < rounds; r++) {
                measure("nettyGet", get::nettyGet, n);
                measure("teardownSyncGet", get::teardownSyncGet, n);
                measure("teardownAsyncGet", get::teardownAsyncGet, n);
            }
        } finally {
            get.tearDown();
        }
        WinInetCancelBenchmark cancel = new WinInetCancelBenchmark();
        cancel.setUp();
        try {
            for (int r = 0; r < rounds; r++) {
                closes("nettyCloseToInactive", cancel, cancel::nettyCloseToInactive, n);
                closes("teardownCloseToRequestComplete", cancel, cancel::teardownCloseToRequestComplete, n);
            }
        } finally {
            cancel.tearDown();
        }
    }

    private static void measure(String name, Callable<?> op, int n) throws Exception {
        long[] latency = new long[n];
        Map<String, Long> before = BY_THREAD ? byThread() : Map.of();
        ThreadStats.Sample counters = ThreadStats.Sample.now();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            op.call();
            latency[i] = System.nanoTime() - t;
        }
        long wall = System.nanoTime() - start;
        Map<String, Long> perThread = BY_THREAD ? byThread() : Map.of();
        ThreadStats.Sample d = ThreadStats.Sample.now().minus(counters);
        Arrays.sort(latency);
        System.out.printf("%-32s %8.0f ops/s  p50 %8.1f us  p90 %8.1f us  vol-cs/op %6.2f  event-loop cpu/op %8.1f us"
                        + "  caller cpu/op %8.1f us%n", name, n * 1e9 / wall, latency[n / 2] / 1e3,
                latency[n * 9 / 10] / 1e3, d.switches() / (double) n, d.eventLoopCpu() / 1e3 / n, d.callerCpu() / 1e3 / n);
        printByThread(before, perThread, n);
    }

    private static void closes(String name, WinInetCancelBenchmark b, Callable<?> close, int n) throws Exception {
        long[] latency = new long[n];
        long switches = 0;
        for (int i = 0; i < n; i++) {
            b.pendingRead();
            long before = ThreadStats.contextSwitches();
            long t = System.nanoTime();
            close.call();
            latency[i] = System.nanoTime() - t;
            switches += ThreadStats.contextSwitches() - before;
            b.closeLeftovers();
        }
        Arrays.sort(latency);
        System.out.printf("%-32s p50 %8.1f us  p99 %8.1f us  p99.9 %8.1f us  max %8.1f us  vol-cs/close %5.2f%n", name,
                latency[n / 2] / 1e3, latency[n * 99 / 100] / 1e3, latency[n * 999 / 1000] / 1e3, latency[n - 1] / 1e3, switches / (double) n);
    }

    /**
     * With {@code -Dwakeups.byThread=true}: the voluntary context switches per operation of each kind of
     * thread (name without its trailing number), to see which hop a change removed.
     */
    private static final boolean BY_THREAD = Boolean.getBoolean("wakeups.byThread");

    private static void printByThread(Map<String, Long> before, Map<String, Long> after, int n) {
        if (!BY_THREAD) {
            return;
        }
        System.out.println(ThreadStats.switchesPerOperation(before, after, n));
    }

    private static Map<String, Long> byThread() throws IOException {
        return ThreadStats.switchesByThread();
    }


}

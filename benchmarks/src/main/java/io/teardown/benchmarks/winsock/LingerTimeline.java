package io.teardown.benchmarks.winsock;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where the time of N concurrent lingering closes goes (not JMH): drives {@link LingeringCloseBenchmark}'s
 * own state objects in a plain loop, alternating Teardown and {@code java.net.Socket}, and splits each
 * invocation into the gate's spread (release until the last thread began its close), each close's own
 * duration (began → returned: the 2 s linger plus what the implementation adds) and the total the
 * benchmark reports (release → last return).
 *
 * <pre>java -cp benchmarks.jar io.teardown.benchmarks.winsock.LingerTimeline 10000 3</pre>
 */
public final class LingerTimeline {
    private LingerTimeline() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        LingeringCloseBenchmark.Fixture b = new LingeringCloseBenchmark.Fixture();
        b.sockets = n;
        b.setUp();
        try {
            for (int r = 0; r < rounds; r++) {
                LingeringCloseBenchmark.TeardownSockets t = new LingeringCloseBenchmark.TeardownSockets();
                t.open(b);
                long cpu = io.teardown.benchmarks.stats.ThreadStats.processCpu();
                java.util.Map<String, Long> threads = threadCpu();
                long[] gc = gc();
                t.release();
                report("teardown", r, t, io.teardown.benchmarks.stats.ThreadStats.processCpu() - cpu);
                printThreadCpu(threads, threadCpu(), gc);
                t.drop(b);
                LingeringCloseBenchmark.JavaSockets j = new LingeringCloseBenchmark.JavaSockets();
                j.open(b);
                cpu = io.teardown.benchmarks.stats.ThreadStats.processCpu();
                threads = threadCpu();
                gc = gc();
                j.release();
                report("java.net", r, j, io.teardown.benchmarks.stats.ThreadStats.processCpu() - cpu);
                printThreadCpu(threads, threadCpu(), gc);
                j.drop(b);
            }
        } finally {
            b.tearDown();
        }
    }

    /**
     * CPU time (ms) by thread name, digits dropped, of the threads alive now, from /proc/self/task; threads
     * that ended in between are not counted, so the closers appear only in the closers' own figure.
     */
    static java.util.Map<String, Long> threadCpu() throws java.io.IOException {
        java.util.Map<String, Long> byName = new java.util.TreeMap<>();
        long tick = 10; // ms per clock tick (USER_HZ 100)
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) tasks::iterator) {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * tick;
                    byName.merge(name, ms, Long::sum);
                } catch (java.io.IOException | RuntimeException gone) {
                    // the thread ended while we read
                }
            }
        }
        return byName;
    }

    private static void printThreadCpu(java.util.Map<String, Long> before, java.util.Map<String, Long> after, long[] gcBefore) {
        long[] gc = gc();
        StringBuilder sb = new StringBuilder("    GC: " + (gc[0] - gcBefore[0]) + " collections, " + (gc[1] - gcBefore[1])
                + " ms; other threads' CPU (ms):");
        after.forEach((name, ms) -> {
            long d = ms - before.getOrDefault(name, 0L);
            if (d >= 20 && !name.startsWith("lingering-close")) {
                sb.append(' ').append(name).append('=').append(d);
            }
        });
        System.out.println(sb);
    }

    /** Collections and their total time (ms) so far, all collectors. */
    static long[] gc() {
        long n = 0;
        long ms = 0;
        for (var b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionCount());
            ms += Math.max(0, b.getCollectionTime());
        }
        return new long[] {n, ms};
    }

    private static void report(String what, int round, LingeringCloseBenchmark.Gate g, long processCpu) {
        int n = g.began.length;
        long lastBegan = Arrays.stream(g.began).max().orElse(0);
        long lastReturned = Arrays.stream(g.returned).max().orElse(0);
        long[] own = new long[n];
        for (int i = 0; i < n; i++) {
            own[i] = g.returned[i] - g.began[i];
        }
        Arrays.sort(own);
        double cpu = Arrays.stream(g.cpu).sum() / 1e6;
        System.out.printf(Locale.ROOT,
                "%s round %d N=%d: total %.0f ms; gate spread %.0f ms; close p0 %.0f p50 %.0f p99 %.0f max %.0f ms;"
                        + " closers' CPU %.0f ms (%.0f µs each, from the gate); whole process %.0f ms%n",
                what, round, n, ms(lastReturned - g.released), ms(lastBegan - g.released),
                ms(own[0]), ms(own[n / 2]), ms(own[(int) (n * 0.99)]), ms(own[n - 1]), cpu, cpu * 1000 / n, processCpu / 1e6);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}

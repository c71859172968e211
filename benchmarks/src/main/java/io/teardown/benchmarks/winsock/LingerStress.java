package io.teardown.benchmarks.winsock;

import io.teardown.benchmarks.stats.ThreadStats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 22's stress harness (not JMH): N lingering closes at once ({@code SO_LINGER {1,T}}, 16 KiB the
 * peer never reads, one thread per close, the peer in its own process) while busy threads run in
 * another process ({@link CpuLoad}). Per run it prints how long after its deadline (call + T) each
 * {@code closesocket} returned, the closers' CPU, the process's CPU while closes were only waiting, and
 * how the peer saw each connection end (WS-06: every one with "Connection reset"); then it checks that
 * no closing thread, linger watcher or descriptor is left. If no close returns for {@code stall}
 * seconds it dumps the threads ({@link StallDump}: what spins, what waits) and exits with 2; a run
 * that misses the bound exits with 1 after the remaining runs.
 *
 * <pre>java -cp benchmarks.jar io.teardown.benchmarks.winsock.LingerStress \
 *     sockets=10000 linger=2 load=2 runs=10 slack=1000 stall=30 transport=epoll</pre>
 */
public final class LingerStress {
    private static final int DESCRIPTOR_SLACK = 16; // jar files and the like, opened once per JVM

    private LingerStress() {
    }

    /** The options, each {@code key=value} on the command line. */
    record Options(int sockets, int linger, int load, int runs, long slackMillis, long stallSeconds, String transport) {
        static Options parse(String[] args) {
            Map<String, String> m = new HashMap<>();
            for (String a : args) {
                int eq = a.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("expected key=value: " + a);
                }
                m.put(a.substring(0, eq), a.substring(eq + 1));
            }
            Options o = new Options(Integer.parseInt(m.getOrDefault("sockets", "1000")),
                    Integer.parseInt(m.getOrDefault("linger", "2")),
                    Integer.parseInt(m.getOrDefault("load", "2")),
                    Integer.parseInt(m.getOrDefault("runs", "1")),
                    Long.parseLong(m.getOrDefault("slack", "1000")),
                    Long.parseLong(m.getOrDefault("stall", "30")),
                    m.getOrDefault("transport", "epoll"));
            m.keySet().removeAll(List.of("sockets", "linger", "load", "runs", "slack", "stall", "transport"));
            if (!m.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + m.keySet());
            }
            return o;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        System.out.printf(Locale.ROOT, "%s, %d cores, load %d busy threads in another process%n", o, Runtime.getRuntime().availableProcessors(), o.load);
        int failed = 0;
        LingeringCloseBenchmark.Fixture b = new LingeringCloseBenchmark.Fixture();
        b.sockets = o.sockets;
        b.linger = o.linger;
        b.transport = o.transport;
        Progress progress = new Progress();
        Thread watchdog = watchdog(progress, o.stallSeconds);
        try (CpuLoad load = CpuLoad.start(o.load, (o.stallSeconds + 120L) * Math.max(1, o.runs) + 600)) {
            b.setUp();
            try {
                for (int r = 0; r < o.runs; r++) {
                    if (!run(b, o, r, progress)) {
                        failed++;
                    }
                }
            } finally {
                b.tearDown();
            }
        }
        watchdog.interrupt();
        System.out.println(failed == 0 ? "PASS: " + o.runs + " run(s)" : "FAIL: " + failed + " of " + o.runs + " run(s)");
        System.exit(failed == 0 ? 0 : 1);
    }

    /** One run; true if every close met the bound, every peer saw the RST and nothing was left. */
    private static boolean run(LingeringCloseBenchmark.Fixture b, Options o, int round, Progress progress) throws Exception {
        int fds = descriptors();
        LingeringCloseBenchmark.TeardownSockets t = new LingeringCloseBenchmark.TeardownSockets();
        long opening = System.nanoTime();
        t.open(b);
        // On a loaded machine setting up N connections and N threads can take longer than the closes:
        // say so, so that a slow run is not mistaken for a stall of the closes.
        System.out.printf(Locale.ROOT, "run %d: %d connections and closing threads set up in %d ms%n", round, b.sockets,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opening));
        progress.closing(true);
        List<long[]> samples = new ArrayList<>(); // {time, process CPU, closes begun, closes returned}
        t.start();
        long pending = t.pending();
        while (pending > 0) {
            t.await(TimeUnit.MILLISECONDS.toNanos(100));
            long[] sample = {System.nanoTime(), ThreadStats.processCpu(), count(t.began), count(t.returned)};
            samples.add(sample);
            if (samples.size() % 50 == 0) { // every ~5 s: a slow run shows where it is, a frozen JVM stops printing
                System.out.printf(Locale.ROOT, "run %d: %.0f s, %d closes begun, %d returned%n", round,
                        (sample[0] - samples.get(0)[0]) / 1e9, sample[2], sample[3]);
            }
            long p = t.pending();
            if (p != pending) {
                progress.step();
            }
            pending = p;
        }
        progress.closing(false);
        t.join();
        String verdict = b.peer.verdict(b.sockets, 2_000);
        progress.step();
        String left = leftovers(fds);
        long lingerNanos = TimeUnit.SECONDS.toNanos(o.linger);
        long[] late = new long[b.sockets];
        for (int i = 0; i < late.length; i++) {
            late[i] = t.returned[i] - t.began[i] - lingerNanos;
        }
        Arrays.sort(late);
        long[] cpu = t.cpu.clone();
        Arrays.sort(cpu);
        long maxLate = TimeUnit.NANOSECONDS.toMillis(late[late.length - 1]);
        boolean allReset = verdict.startsWith("reset=" + b.sockets + " ");
        boolean pass = maxLate <= o.slackMillis && allReset && left.isEmpty();
        System.out.printf(Locale.ROOT,
                "run %d N=%d linger=%d s: %s; total %.0f ms, gate spread %.0f ms; returned after the deadline:"
                        + " min %.0f p50 %.0f p99 %.0f max %d ms (slack %d ms); closers' CPU p50 %.0f max %.0f µs;"
                        + " CPU while only waiting %s; peer: %s%s%n",
                round, b.sockets, o.linger, pass ? "ok" : "FAILED",
                ms(max(t.returned) - t.released), ms(max(t.began) - t.released),
                ms(late[0]), ms(late[late.length / 2]), ms(late[(int) (late.length * 0.99)]), maxLate, o.slackMillis,
                cpu[cpu.length / 2] / 1e3, cpu[cpu.length - 1] / 1e3, waitingCpu(samples, b.sockets), verdict,
                left.isEmpty() ? "" : "; LEFT: " + left);
        return pass;
    }

    /**
     * The process's CPU (percent of one core) over the samples in which every close had begun and none
     * returned: what waiting costs, which must be near zero (no busy loop). "n/a" when the gate's spread
     * left no such window (then the closers' own CPU above tells the same).
     */
    private static String waitingCpu(List<long[]> samples, int n) {
        long cpu = 0;
        long time = 0;
        for (int i = 1; i < samples.size(); i++) {
            long[] a = samples.get(i - 1);
            long[] z = samples.get(i);
            if (a[2] == n && z[3] == a[3]) {
                cpu += z[1] - a[1];
                time += z[0] - a[0];
            }
        }
        return time < TimeUnit.MILLISECONDS.toNanos(200) ? "n/a"
                : String.format(Locale.ROOT, "%.1f %% of a core over %.1f s", 100.0 * cpu / time, time / 1e9);
    }

    /** What a run left behind: closing threads, a linger watcher, descriptors (each given 5 s to go). */
    private static String leftovers(int fdsBefore) throws IOException, InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String left;
        do {
            List<String> l = new ArrayList<>();
            int closers = 0;
            int watchers = 0;
            for (ThreadInfo ti : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false, 0)) {
                if (ti.getThreadName().startsWith("lingering-close-")) {
                    closers++;
                } else if (ti.getThreadName().startsWith("teardown-linger-watch")) {
                    watchers++;
                }
            }
            if (closers > 0) {
                l.add(closers + " closing threads");
            }
            if (watchers > 0) {
                l.add(watchers + " linger watchers");
            }
            int fds = descriptors();
            if (fds > fdsBefore + DESCRIPTOR_SLACK) {
                l.add((fds - fdsBefore) + " descriptors");
            }
            left = String.join(", ", l);
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < until);
        return left;
    }

    /** What the watchdog watches: steps, and whether closes are under way. */
    private static final class Progress {
        private volatile long steps;
        private volatile boolean closing;

        void step() {
            steps++; // one writer at a time: the harness's main thread
        }

        void closing(boolean on) {
            closing = on;
            step();
        }
    }

    /**
     * Exits with 2 after a thread dump if {@code progress} stands still for {@code stallSeconds} (during
     * the closes) or ten times that (setting up N connections and threads on a loaded machine is slow).
     */
    private static Thread watchdog(Progress progress, long stallSeconds) {
        Thread w = new Thread(() -> {
            long seen = progress.steps;
            long since = System.nanoTime();
            try {
                for (;;) {
                    Thread.sleep(1_000);
                    long p = progress.steps;
                    if (p != seen) {
                        seen = p;
                        since = System.nanoTime();
                    } else if (System.nanoTime() - since > TimeUnit.SECONDS.toNanos(stallSeconds) * (progress.closing ? 1 : 10)) {
                        StallDump.print(System.out, "no progress for " + (System.nanoTime() - since) / 1_000_000_000 + " s");
                        Runtime.getRuntime().halt(2);
                    }
                }
            } catch (InterruptedException done) {
                // the harness ended
            }
        }, "linger-stress-watchdog");
        w.setDaemon(true);
        w.start();
        return w;
    }

    private static int descriptors() throws IOException {
        Path fd = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fd)) {
            return 0;
        }
        try (var s = Files.list(fd)) {
            return (int) s.count();
        }
    }

    private static long count(long[] stamps) {
        long n = 0;
        for (long s : stamps) {
            if (s != 0) {
                n++;
            }
        }
        return n;
    }

    private static long max(long[] a) {
        return Arrays.stream(a).max().orElse(0);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}

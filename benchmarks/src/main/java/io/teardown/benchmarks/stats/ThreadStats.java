package io.teardown.benchmarks.stats;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the stand-alone harnesses ({@code WinsockWakeups}, {@code WinInetWakeups}, {@code LingerTimeline})
 * count besides time, read before and after a loop: thread wake-ups (voluntary context switches from
 * {@code /proc/self/task}), the event loops' CPU time and the whole process's. On a loaded two-core
 * machine these move far less than throughput does, so a change is judged by them.
 */
public final class ThreadStats {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadStats() {
    }

    /** CPU time of the calling thread so far (ns). */
    public static long callerCpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** CPU time of the whole process so far (ns; 0 where the JVM cannot tell). */
    public static long processCpu() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : 0;
    }

    /** Voluntary context switches of every thread of this JVM so far (0 where /proc is missing). */
    public static long contextSwitches() throws IOException {
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

    /**
     * Voluntary context switches so far of each kind of thread of this JVM: the thread's name without its
     * trailing number ({@code iocp-worker-1} counts as {@code iocp-worker}), from {@code /proc/self/task}.
     */
    public static Map<String, Long> switchesByThread() throws IOException {
        Map<String, Long> out = new HashMap<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : all) {
                try {
                    String name = Files.readString(t.resolve("comm")).trim().replaceAll("[-#]?[0-9]+$", "");
                    for (String line : Files.readAllLines(t.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches")) {
                            out.merge(name, Long.parseLong(line.substring(line.indexOf(':') + 1).trim()), Long::sum);
                        }
                    }
                } catch (NoSuchFileException ended) {
                    // the thread ended meanwhile
                }
            }
        }
        return out;
    }

    /**
     * {@code "    by thread:  name 1.02  …"}: the voluntary context switches per operation of each kind of thread
     * between two {@link #switchesByThread()} readings {@code n} operations apart (those of at least 0.05).
     */
    public static String switchesPerOperation(Map<String, Long> before, Map<String, Long> after, int n) {
        StringBuilder sb = new StringBuilder("    by thread:");
        new TreeMap<>(after).forEach((k, v) -> {
            double d = (v - before.getOrDefault(k, 0L)) / (double) n;
            if (d >= 0.05) {
                sb.append(String.format("  %s %.2f", k, d));
            }
        });
        return sb.toString();
    }

    /** CPU time (ns) of the Teardown and raw-Netty event-loop threads alive now. */
    public static long eventLoopCpu() {
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

    /**
     * The counters at one moment: {@code now()} before a loop, {@code now().minus(before)} after it.
     * Times in ns.
     */
    public record Sample(long switches, long eventLoopCpu, long callerCpu, long processCpu) {
        public static Sample now() throws IOException {
            return new Sample(contextSwitches(), ThreadStats.eventLoopCpu(), ThreadStats.callerCpu(),
                    ThreadStats.processCpu());
        }

        public Sample minus(Sample before) {
            return new Sample(switches - before.switches, eventLoopCpu - before.eventLoopCpu,
                    callerCpu - before.callerCpu, processCpu - before.processCpu);
        }
    }
}

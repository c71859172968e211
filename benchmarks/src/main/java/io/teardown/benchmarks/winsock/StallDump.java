package io.teardown.benchmarks.winsock;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A thread dump for a harness that stopped making progress, shaped for 10 000 threads: first what
 * spins (the threads that used the most CPU over one second, each with its stack), then what waits
 * (every distinct stack once, with how many threads sit in it). {@code jstack} prints 10 000 stacks.
 */
final class StallDump {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int DEPTH = 14;

    private StallDump() {
    }

    static void print(PrintStream out, String why) {
        out.println("=== stall: " + why + " ===");
        long[] ids = THREADS.getAllThreadIds();
        Map<Long, Long> before = cpu(ids);
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<Long, Long> after = cpu(ids);
        ThreadInfo[] infos = THREADS.getThreadInfo(ids, DEPTH);
        List<ThreadInfo> live = new ArrayList<>();
        for (ThreadInfo t : infos) {
            if (t != null) {
                live.add(t);
            }
        }
        out.println("--- what spins: CPU used over the last second, top 10 of " + live.size() + " threads ---");
        live.stream()
                .sorted(Comparator.comparingLong((ThreadInfo t) -> delta(before, after, t.getThreadId())).reversed())
                .limit(10)
                .forEach(t -> {
                    out.printf("%5d ms  \"%s\" %s%n", TimeUnit.NANOSECONDS.toMillis(delta(before, after, t.getThreadId())),
                            t.getThreadName(), t.getThreadState());
                    for (StackTraceElement e : t.getStackTrace()) {
                        out.println("            at " + e);
                    }
                });
        out.println("--- what waits: every distinct stack, with its number of threads ---");
        Map<String, List<String>> byStack = new LinkedHashMap<>();
        for (ThreadInfo t : live) {
            StringBuilder key = new StringBuilder(t.getThreadState().toString());
            for (StackTraceElement e : t.getStackTrace()) {
                key.append("\n            at ").append(e);
            }
            byStack.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(t.getThreadName());
        }
        byStack.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, List<String>> e) -> e.getValue().size()).reversed())
                .forEach(e -> out.println(e.getValue().size() + " thread(s), e.g. \"" + e.getValue().get(0) + "\": " + e.getKey()));
        out.flush();
    }

    private static Map<Long, Long> cpu(long[] ids) {
        Map<Long, Long> m = new HashMap<>();
        for (long id : ids) {
            m.put(id, THREADS.getThreadCpuTime(id));
        }
        return m;
    }

    private static long delta(Map<Long, Long> before, Map<Long, Long> after, long id) {
        long a = after.getOrDefault(id, -1L);
        long b = before.getOrDefault(id, -1L);
        return a < 0 || b < 0 ? 0 : a - b;
    }
}

package io.teardown.benchmarks.handles;

import io.teardown.api.HandleSpace;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Looking up a live handle in Teardown's {@link HandleTable}, against the two things a user would
 * otherwise use: a plain {@code Object[]} read and {@link ConcurrentHashMap#get}. Each invocation looks
 * up one of the open handles, walking them in a pseudo-random order so caches see a realistic spread.
 * Run with {@code -prof gc} to see bytes allocated per lookup (target: 0).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class HandleLookupBenchmark {
    /** A minimal entry: what a kernel-object handle points at. */
    static final class Entry implements HandleEntry {
        final int id;

        Entry(int id) {
            this.id = id;
        }

        @Override
        public String typeName() {
            return "Event";
        }

        @Override
        public void reclaim() {
        }
    }

    @Param({"1000", "100000", "1000000"})
    public int open;

    private HandleTable<Entry> table;
    private Object[] array;
    private ConcurrentHashMap<Long, Entry> map;
    private long[] handles;
    private int mask;

    @Setup(Level.Trial)
    public void setUp() {
        table = new HandleTable<>(HandleSpace.KERNEL, false, false);
        array = new Object[open + 1];
        map = new ConcurrentHashMap<>();
        int size = Integer.highestOneBit(open);
        handles = new long[size];
        mask = size - 1;
        for (int i = 0; i < open; i++) {
            Entry e = new Entry(i);
            long h = table.insert(e);
            array[(int) (h >>> 2)] = e;
            map.put(h, e);
            if (i < size) {
                handles[i] = h;
            }
        }
        // Shuffle deterministically so successive lookups hit scattered slots.
        java.util.Random r = new java.util.Random(42);
        for (int i = size - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            long t = handles[i];
            handles[i] = handles[j];
            handles[j] = t;
        }
    }

    /** Per-thread cursor, so two threads do not share one counter. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    @Threads(1)
    public Object teardownTable1(Cursor c) {
        return table.get(handles[c.next++ & mask]);
    }

    @Benchmark
    @Threads(1)
    public Object plainArray1(Cursor c) {
        return array[(int) (handles[c.next++ & mask] >>> 2)];
    }

    @Benchmark
    @Threads(1)
    public Object concurrentHashMap1(Cursor c) {
        return map.get(handles[c.next++ & mask]);
    }

    @Benchmark
    @Threads(2)
    public Object teardownTable2(Cursor c) {
        return table.get(handles[c.next++ & mask]);
    }

    @Benchmark
    @Threads(2)
    public Object plainArray2(Cursor c) {
        return array[(int) (handles[c.next++ & mask] >>> 2)];
    }

    @Benchmark
    @Threads(2)
    public Object concurrentHashMap2(Cursor c) {
        return map.get(handles[c.next++ & mask]);
    }
}

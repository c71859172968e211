package io.teardown.benchmarks.handles;

import io.teardown.api.HandleSpace;
import io.teardown.api.handle.HandleTable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Open-then-close pairs on two threads: Teardown's table (insert + close, which reclaims and recycles
 * the slot) against a {@link ConcurrentHashMap} keyed by a counter (put + remove).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
@State(Scope.Benchmark)
public class HandleChurnBenchmark {
    private final HandleTable<HandleLookupBenchmark.Entry> table = new HandleTable<>(HandleSpace.KERNEL, false, false);
    private final ConcurrentHashMap<Long, HandleLookupBenchmark.Entry> map = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final HandleLookupBenchmark.Entry entry = new HandleLookupBenchmark.Entry(1);

    @Benchmark
    public Object teardownOpenClose() {
        long h = table.insert(entry);
        return table.close(h);
    }

    @Benchmark
    public Object concurrentHashMapPutRemove() {
        long k = counter.getAndAdd(4);
        map.put(k, entry);
        return map.remove(k);
    }
}

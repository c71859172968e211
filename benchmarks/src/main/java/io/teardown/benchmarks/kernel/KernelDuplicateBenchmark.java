package io.teardown.benchmarks.kernel;

import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.kernel.Kernel32;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code DuplicateHandle} + {@code CloseHandle} of the copy through the flat {@link Kernel32} facade (a
 * handle-count increment and decrement in the emulated object manager, KO-02), against taking and
 * dropping a counted reference to a Java object (an {@code AtomicInteger} reference count).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class KernelDuplicateBenchmark {
    private Session session;
    private Kernel32 k;
    private long process;
    private long event;
    private final LongRef copy = new LongRef();

    @Setup
    public void open() {
        session = Session.open();
        k = Kernel32.of(session);
        process = k.GetCurrentProcess();
        event = k.CreateEvent(null, true, false, null);
        if (event == 0) {
            throw new IllegalStateException("CreateEvent failed: " + k.GetLastError());
        }
    }

    @TearDown
    public void close() {
        k.CloseHandle(event);
        session.close();
    }

    /** DuplicateHandle of an open event, then CloseHandle of the copy. */
    @Benchmark
    public long teardownDuplicateClose() {
        if (!k.DuplicateHandle(process, event, process, copy, 0, false, Kernel32.DUPLICATE_SAME_ACCESS)
                || !k.CloseHandle(copy.value)) {
            throw new IllegalStateException("DuplicateHandle/CloseHandle failed: " + k.GetLastError());
        }
        return copy.value;
    }

    /** The plain-Java counterpart: take and drop a counted reference to a shared object. */
    @Benchmark
    public int referenceCountRetainRelease() {
        shared.retain();
        return shared.release();
    }

    private final Counted shared = new Counted();

    /** A reference-counted Java object (what a handle count is). */
    static final class Counted {
        private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger(1);

        void retain() {
            count.incrementAndGet();
        }

        int release() {
            return count.decrementAndGet();
        }
    }
}

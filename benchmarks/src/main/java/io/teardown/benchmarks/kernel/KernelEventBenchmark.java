package io.teardown.benchmarks.kernel;

import io.teardown.api.Session;
import io.teardown.kernel.Kernel32;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
 * An event's whole life through the flat {@link Kernel32} facade (the emulated object manager, KO-01,
 * KO-02): {@code CreateEvent} → {@code SetEvent} → {@code WaitForSingleObject} (signalled, returns at
 * once) → {@code CloseHandle}, against a plain {@link ReentrantLock} with a {@link Condition} and a
 * flag: create, signal, wait for the flag.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class KernelEventBenchmark {
    private Session session;
    private Kernel32 k;
    private long event;

    @Setup
    public void open() {
        session = Session.open();
        k = Kernel32.of(session);
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

    /** CreateEvent, SetEvent, WaitForSingleObject (already signalled), CloseHandle. */
    @Benchmark
    public int teardownEventLifecycle() {
        long h = k.CreateEvent(null, true, false, null);
        k.SetEvent(h);
        int r = k.WaitForSingleObject(h, Kernel32.INFINITE);
        if (!k.CloseHandle(h) || r != Kernel32.WAIT_OBJECT_0) {
            throw new IllegalStateException("event round trip failed: " + r + " / " + k.GetLastError());
        }
        return r;
    }

    /** The same life with a lock, a condition and a flag: what an event is made of in plain Java. */
    @Benchmark
    public int lockConditionLifecycle() throws InterruptedException {
        JavaEvent e = new JavaEvent();
        e.set();
        return e.await();
    }

    /** A manual-reset event made of a lock, a condition and a flag. */
    static final class JavaEvent {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition signalled = lock.newCondition();
        private boolean set;

        void set() {
            lock.lock();
            try {
                set = true;
                signalled.signalAll();
            } finally {
                lock.unlock();
            }
        }

        int await() throws InterruptedException {
            lock.lock();
            try {
                while (!set) {
                    signalled.await();
                }
                return 0;
            } finally {
                lock.unlock();
            }
        }
    }
}

package io.teardown.benchmarks.wlan;

import io.teardown.wlan.WLAN_NOTIFICATION_DATA;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.engine.NotificationDispatcher;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The WLAN engine's notification dispatch (one queue and one callback thread per client session):
 * notifications dispatched per second (target ≥ 1 M/s), and {@code WlanCloseHandle}'s dispatcher close
 * with 100 000 notifications queued behind a running callback (target ≤ 10 ms; WL-05).
 */
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WlanDispatchBenchmark {
    private static final int BATCH = 10_000;
    private static final int QUEUED = 100_000;
    private static final WLAN_NOTIFICATION_DATA NOTIFICATION = new WLAN_NOTIFICATION_DATA(
            WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_scan_complete, UUID.randomUUID(), null);

    /** A session's dispatcher with a callback that counts. */
    @State(Scope.Benchmark)
    public static class Dispatch {
        final AtomicLong delivered = new AtomicLong();
        NotificationDispatcher dispatcher;

        @Setup
        public void open() {
            dispatcher = new NotificationDispatcher("bench-callback");
            dispatcher.register(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, false,
                    (d, c) -> delivered.lazySet(delivered.get() + 1), null);
        }

        @TearDown
        public void close() {
            dispatcher.close();
        }
    }

    /** Enqueues a batch from this thread (as the I/O thread does) and waits until all were delivered. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public long dispatch(Dispatch s) {
        long target = s.delivered.get() + BATCH;
        for (int i = 0; i < BATCH; i++) {
            s.dispatcher.enqueue(NOTIFICATION);
        }
        while (s.delivered.get() < target) {
            Thread.onSpinWait();
        }
        return target;
    }

    /** A dispatcher whose callback is held inside a notification, with 100 000 more queued. */
    @State(Scope.Thread)
    public static class Queued {
        NotificationDispatcher dispatcher;
        CountDownLatch gate;

        @Setup(Level.Invocation)
        public void fill() throws InterruptedException {
            dispatcher = new NotificationDispatcher("bench-callback");
            gate = new CountDownLatch(1);
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch g = gate;
            dispatcher.register(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, false, (d, c) -> {
                entered.countDown();
                try {
                    g.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, null);
            dispatcher.enqueue(NOTIFICATION);
            entered.await();
            for (int i = 0; i < QUEUED; i++) {
                dispatcher.enqueue(NOTIFICATION);
            }
        }
    }

    /** Lets the running callback return and closes: the 100 000 queued are discarded, none delivered. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 20, batchSize = 1)
    @Measurement(iterations = 50, batchSize = 1)
    public NotificationDispatcher.Closed closeWith100kQueued(Queued s) {
        s.gate.countDown();
        return s.dispatcher.close();
    }
}

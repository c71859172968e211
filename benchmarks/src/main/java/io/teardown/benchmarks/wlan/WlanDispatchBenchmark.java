package io.teardown.benchmarks.wlan;

import io.teardown.wlan.WLAN_NOTIFICATION_DATA;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.engine.NotificationDispatcher;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The WLAN engine's notification dispatch (one queue and one callback thread per client session,
 * WL-05/WL-06), against the plain-Java equivalent: one single-thread {@link ExecutorService} per
 * session running the callback.
 *
 * <ul>
 *   <li>Notifications dispatched per second with 1 and 8 sessions (target ≥ 1 M/s): a batch is
 *       enqueued round-robin over the sessions from the benchmark thread (as the service connection's
 *       I/O thread does) and the invocation ends when every callback ran.</li>
 *   <li>{@code WlanCloseHandle}'s dispatcher close with 100 000 notifications queued behind a running
 *       callback (target ≤ 10 ms; WL-05 discards them, WL-06 waits for the running one), against
 *       {@code shutdownNow} + {@code awaitTermination} of an executor holding the same backlog.</li>
 * </ul>
 */
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WlanDispatchBenchmark {
    private static final int BATCH = 10_000;
    private static final int QUEUED = 100_000;
    private static final WLAN_NOTIFICATION_DATA NOTIFICATION = new WLAN_NOTIFICATION_DATA(
            WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_scan_complete, UUID.randomUUID(), null);

    /** {@code sessions} dispatchers (Teardown) and as many single-thread executors (baseline), each counting. */
    @State(Scope.Benchmark)
    public static class Dispatch {
        @Param({"1", "8"})
        public int sessions;

        final AtomicLong delivered = new AtomicLong();
        NotificationDispatcher[] dispatchers;
        ExecutorService[] executors;
        Runnable count;

        @Setup
        public void open() {
            dispatchers = new NotificationDispatcher[sessions];
            executors = new ExecutorService[sessions];
            count = delivered::incrementAndGet;
            for (int i = 0; i < sessions; i++) {
                dispatchers[i] = new NotificationDispatcher("bench-callback-" + i);
                dispatchers[i].register(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, false,
                        (d, c) -> delivered.incrementAndGet(), null);
                executors[i] = Executors.newSingleThreadExecutor();
            }
        }

        @TearDown
        public void close() throws InterruptedException {
            for (int i = 0; i < sessions; i++) {
                dispatchers[i].close();
                executors[i].shutdown();
                executors[i].awaitTermination(10, TimeUnit.SECONDS);
            }
        }

        void awaitDelivered(long target) {
            while (delivered.get() < target) {
                Thread.onSpinWait();
            }
        }
    }

    /** Enqueues a batch round-robin over the sessions' dispatchers and waits until all were delivered. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public long teardownDispatch(Dispatch s) {
        long target = s.delivered.get() + BATCH;
        NotificationDispatcher[] d = s.dispatchers;
        for (int i = 0; i < BATCH; i++) {
            d[i % d.length].enqueue(NOTIFICATION);
        }
        s.awaitDelivered(target);
        return target;
    }

    /** The same batch through one single-thread executor per session. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public long executorDispatch(Dispatch s) {
        long target = s.delivered.get() + BATCH;
        ExecutorService[] e = s.executors;
        for (int i = 0; i < BATCH; i++) {
            e[i % e.length].execute(s.count);
        }
        s.awaitDelivered(target);
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
                await(g);
            }, null);
            dispatcher.enqueue(NOTIFICATION);
            entered.await();
            for (int i = 0; i < QUEUED; i++) {
                dispatcher.enqueue(NOTIFICATION);
            }
        }
    }

    /** The executor counterpart: a task is running (held at a gate) and 100 000 more are queued. */
    @State(Scope.Thread)
    public static class QueuedExecutor {
        ExecutorService executor;
        CountDownLatch gate;

        @Setup(Level.Invocation)
        public void fill() throws InterruptedException {
            executor = Executors.newSingleThreadExecutor();
            gate = new CountDownLatch(1);
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch g = gate;
            executor.execute(() -> {
                entered.countDown();
                await(g);
            });
            entered.await();
            Runnable nothing = () -> { };
            for (int i = 0; i < QUEUED; i++) {
                executor.execute(nothing);
            }
        }
    }

    /** Lets the running callback return and closes: the 100 000 queued are discarded, none delivered. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 20, batchSize = 1)
    @Measurement(iterations = 50, batchSize = 1)
    public NotificationDispatcher.Closed teardownCloseWith100kQueued(Queued s) {
        s.gate.countDown();
        return s.dispatcher.close();
    }

    /** Lets the running task return, drops the 100 000 queued ({@code shutdownNow}) and waits for the thread. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 20, batchSize = 1)
    @Measurement(iterations = 50, batchSize = 1)
    public int executorShutdownNowWith100kQueued(QueuedExecutor s) throws InterruptedException {
        s.gate.countDown();
        int dropped = s.executor.shutdownNow().size();
        if (!s.executor.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("executor did not stop");
        }
        return dropped;
    }

    private static void await(CountDownLatch gate) {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

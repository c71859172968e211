package io.teardown.wininet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.wininet.InternetStatusCallback;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The session's callback thread: callbacks queued one by one or as a batch run in queue order on that
 * one thread, and a synchronous call's drain returns only after every callback queued before it ran —
 * at once when there is none.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CallbackDispatcherTest {
    @Test
    void singleAndBatchedCallbacksRunInQueueOrderOnTheCallbackThread() {
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        InternetStatusCallback cb = (h, c, s, i, l) -> {
            order.add(s);
            threads.add(Thread.currentThread().getName());
        };
        try (CallbackDispatcher d = new CallbackDispatcher("cb-test")) {
            d.post(cb, 4, 1, 0, null, 0);
            List<CallbackDispatcher.Call> batch = new ArrayList<>();
            for (int s = 1; s <= 5; s++) {
                batch.add(new CallbackDispatcher.Call(cb, 4, 1, s, null, 0));
            }
            d.postAll(batch);
            d.post(cb, 4, 1, 6, null, 0);
            d.drain(Duration.ofSeconds(5));
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), order);
            assertTrue(threads.stream().allMatch("cb-test"::equals), threads::toString);
        }
    }

    @Test
    void drainWaitsForACallbackStillRunning() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InternetStatusCallback blocking = (h, c, s, i, l) -> {
            entered.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (CallbackDispatcher d = new CallbackDispatcher("cb-test")) {
            d.post(blocking, 4, 1, 0, null, 0);
            assertTrue(entered.await(5, TimeUnit.SECONDS));
            CountDownLatch drained = new CountDownLatch(1);
            Thread waiter = new Thread(() -> {
                d.drain(Duration.ofSeconds(5));
                drained.countDown();
            });
            waiter.start();
            assertFalse(drained.await(100, TimeUnit.MILLISECONDS), "drain returned while the callback ran");
            release.countDown();
            assertTrue(drained.await(5, TimeUnit.SECONDS));
            waiter.join();
        }
    }

    @Test
    void aCallbackThatDrainsDoesNotWaitForItself() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        try (CallbackDispatcher d = new CallbackDispatcher("cb-test")) {
            d.post((h, c, s, i, l) -> {
                d.post((h2, c2, s2, i2, l2) -> { }, 4, 1, 1, null, 0); // queued behind the running one
                d.drain(Duration.ofSeconds(5)); // would wait for itself: must return at once
                done.countDown();
            }, 4, 1, 0, null, 0);
            assertTrue(done.await(2, TimeUnit.SECONDS), "drain on the callback thread waited");
        }
    }
}

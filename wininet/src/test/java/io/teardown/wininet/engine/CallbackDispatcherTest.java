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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The session's callback queue: callbacks queued one by one or as a batch run in queue order on the
 * callback thread, one at a time; HANDLE_CREATED / HANDLE_CLOSING (WI-10: any thread) run on the caller
 * only when nothing is queued before them or running, never on an I/O thread; a synchronous call's drain
 * returns only after every callback queued before it ran — at once when there is none.
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

    private static final int CREATED = io.teardown.wininet.WinInet.INTERNET_STATUS_HANDLE_CREATED;
    private static final int CLOSING = io.teardown.wininet.WinInet.INTERNET_STATUS_HANDLE_CLOSING;
    private static final int SENDING = io.teardown.wininet.WinInet.INTERNET_STATUS_SENDING_REQUEST;

    private static CallbackDispatcher.Call call(InternetStatusCallback cb, int status) {
        return new CallbackDispatcher.Call(cb, 4, 1, status, null, 0);
    }

    @Test
    void handleCreatedAndClosingRunOnTheCallerWhenNothingElseIsQueued() {
        List<String> seen = new CopyOnWriteArrayList<>();
        InternetStatusCallback cb = (h, c, s, i, l) -> seen.add(s + "@" + Thread.currentThread().getName());
        String me = Thread.currentThread().getName();
        try (CallbackDispatcher d = new CallbackDispatcher("cb-test")) {
            d.postAll(List.of(call(cb, CREATED)), true);
            assertTrue(seen.isEmpty(), "a deferred HANDLE_CREATED waits for runHereOrWake");
            assertTrue(d.runHereOrWake(true));
            d.postAll(List.of(call(cb, CLOSING), call(cb, CLOSING)), true);
            assertTrue(d.runHereOrWake(true));
            assertEquals(List.of(CREATED + "@" + me, CLOSING + "@" + me, CLOSING + "@" + me), seen);
            d.drain(Duration.ofSeconds(5)); // nothing pending: returns at once
        }
    }

    @Test
    void aBatchWithAProgressCallbackIsNeverRunOnTheCaller() {
        List<String> seen = new CopyOnWriteArrayList<>();
        InternetStatusCallback cb = (h, c, s, i, l) -> seen.add(s + "@" + Thread.currentThread().getName());
        try (CallbackDispatcher d = new CallbackDispatcher("cb-test")) {
            d.postAll(List.of(call(cb, SENDING), call(cb, CLOSING)), true); // not deferred: wakes the thread
            assertFalse(d.runHereOrWake(true));
            d.drain(Duration.ofSeconds(5));
            assertEquals(List.of(SENDING + "@cb-test", CLOSING + "@cb-test"), seen);
        }
    }

    @Test
    void anIoThreadNeverRunsCallbacks() {
        List<String> seen = new CopyOnWriteArrayList<>();
        InternetStatusCallback cb = (h, c, s, i, l) -> seen.add(s + "@" + Thread.currentThread().getName());
        try (CallbackDispatcher d = new CallbackDispatcher("cb-test")) {
            d.postAll(List.of(call(cb, CLOSING)), true);
            assertFalse(d.runHereOrWake(false));
            d.drain(Duration.ofSeconds(5));
            assertEquals(List.of(CLOSING + "@cb-test"), seen);
        }
    }

    @Test
    void handleClosingQueuedBehindARunningCallbackWaitsItsTurnOnTheCallbackThread() throws InterruptedException {
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        InternetStatusCallback cb = (h, c, s, i, l) -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                if (s == SENDING) {
                    entered.countDown();
                    release.await(5, TimeUnit.SECONDS);
                }
                seen.add(s + "@" + Thread.currentThread().getName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
        };
        try (CallbackDispatcher d = new CallbackDispatcher("cb-test")) {
            d.post(cb, 4, 1, SENDING, null, 0);
            assertTrue(entered.await(5, TimeUnit.SECONDS));
            d.postAll(List.of(call(cb, CLOSING)), true);
            assertFalse(d.runHereOrWake(true), "ran beside a running callback");
            release.countDown();
            d.drain(Duration.ofSeconds(5));
            assertEquals(List.of(SENDING + "@cb-test", CLOSING + "@cb-test"), seen);
            assertEquals(0, overlaps.get());
        }
    }

    @Test
    void whatACallerRunCallbackPostsGoesToTheCallbackThreadAfterIt() {
        List<String> seen = new CopyOnWriteArrayList<>();
        String me = Thread.currentThread().getName();
        try (CallbackDispatcher d = new CallbackDispatcher("cb-test")) {
            InternetStatusCallback cb = (h, c, s, i, l) -> {
                seen.add(s + "@" + Thread.currentThread().getName());
                if (s == CREATED) {
                    d.post((h2, c2, s2, i2, l2) -> seen.add(s2 + "@" + Thread.currentThread().getName()), 4, 1, SENDING, null, 0);
                    d.postAll(List.of(call((h3, c3, s3, i3, l3) -> seen.add(s3 + "@" + Thread.currentThread().getName()),
                            CLOSING)), true);
                    assertFalse(d.runHereOrWake(true), "nested: the outer caller owns the queue");
                    d.drain(Duration.ofSeconds(5)); // must not wait for itself
                }
            };
            d.postAll(List.of(call(cb, CREATED)), true);
            assertTrue(d.runHereOrWake(true));
            d.drain(Duration.ofSeconds(5));
            assertEquals(List.of(CREATED + "@" + me, SENDING + "@cb-test", CLOSING + "@cb-test"), seen);
        }
    }

    @Test
    void closeRunsWhatWasQueuedAndDropsWhatComesAfter() {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        InternetStatusCallback cb = (h, c, s, i, l) -> seen.add(s);
        CallbackDispatcher d = new CallbackDispatcher("cb-test");
        d.post(cb, 4, 1, SENDING, null, 0);
        d.close();
        d.post(cb, 4, 1, CLOSING, null, 0);
        d.drain(Duration.ofSeconds(5));
        assertEquals(List.of(SENDING), seen);
    }
}

package io.teardown.wlan.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.wlan.WLAN_NOTIFICATION_DATA;
import io.teardown.wlan.WlanApi;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dispatcher's ordering and close rules (WL-05, WL-06, WL-07) with plain threads. */
@Timeout(30)
class NotificationDispatcherTest {
    private static final int ACM = WlanApi.WLAN_NOTIFICATION_SOURCE_ACM;
    private static final UUID IFACE = UUID.randomUUID();

    private static WLAN_NOTIFICATION_DATA n(int code) {
        return new WLAN_NOTIFICATION_DATA(ACM, code, IFACE, null);
    }

    @Test
    void deliversInOrderOnOneThreadWithTheContext() throws Exception {
        NotificationDispatcher d = new NotificationDispatcher("test-callback");
        List<Integer> codes = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        Object context = new Object();
        AtomicReference<Object> seenContext = new AtomicReference<>();
        CountDownLatch all = new CountDownLatch(1000);
        d.register(ACM, false, (data, c) -> {
            codes.add(data.NotificationCode);
            threads.add(Thread.currentThread().getName());
            seenContext.set(c);
            all.countDown();
        }, context);
        for (int i = 0; i < 1000; i++) {
            d.enqueue(n(i));
        }
        assertTrue(all.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, codes.get(i));
        }
        assertEquals(1, threads.stream().distinct().count());
        assertEquals("test-callback", threads.get(0));
        assertSame(context, seenContext.get());
        NotificationDispatcher.Closed first = d.close(); // the last callback may still be returning
        assertTrue(first == NotificationDispatcher.Closed.IDLE || first == NotificationDispatcher.Closed.WAITED, first::name);
        assertEquals(NotificationDispatcher.Closed.ALREADY, d.close());
    }

    @Test
    void unregisteredSourcesAndDuplicatesAreDropped() throws Exception {
        NotificationDispatcher d = new NotificationDispatcher("test-callback");
        List<Integer> codes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        d.register(ACM, true, (data, c) -> {
            codes.add(data.NotificationCode);
            if (data.NotificationCode == 99) {
                done.countDown();
            }
        }, null);
        d.enqueue(new WLAN_NOTIFICATION_DATA(WlanApi.WLAN_NOTIFICATION_SOURCE_MSM, 1, IFACE, null));
        d.enqueue(n(2));
        d.enqueue(n(2));
        d.enqueue(n(3));
        d.enqueue(n(2));
        d.enqueue(n(99));
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(2, 3, 2, 99), codes);
        d.close();
    }

    @Test
    void closeDiscardsAHundredThousandQueuedAndWaitsForTheRunningCallback() throws Exception {
        NotificationDispatcher d = new NotificationDispatcher("test-callback");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        d.register(ACM, false, (data, c) -> {
            calls.incrementAndGet();
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, null);
        d.enqueue(n(0));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        for (int i = 1; i <= 100_000; i++) {
            d.enqueue(n(i));
        }
        assertEquals(100_000, d.queued());
        CompletableFuture<NotificationDispatcher.Closed> closing = CompletableFuture.supplyAsync(d::close);
        Thread.sleep(50);
        assertFalse(closing.isDone(), "close waits for the running callback (WL-06)");
        assertEquals(0, d.queued(), "the queue was dropped at once (WL-05)");
        release.countDown();
        assertEquals(NotificationDispatcher.Closed.WAITED, closing.get(10, TimeUnit.SECONDS));
        Thread.sleep(20);
        assertEquals(1, calls.get(), "nothing after the running callback");
        d.enqueue(n(7));
        assertEquals(0, d.queued(), "a closed dispatcher accepts nothing");
    }

    @Test
    void closeFromInsideTheCallbackDoesNotWaitForItself() throws Exception {
        NotificationDispatcher d = new NotificationDispatcher("test-callback");
        CompletableFuture<NotificationDispatcher.Closed> inside = new CompletableFuture<>();
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Boolean> inCallback = new AtomicReference<>();
        d.register(ACM, false, (data, c) -> {
            calls.incrementAndGet();
            inCallback.set(d.inCallback());
            inside.complete(d.close());
        }, null);
        for (int i = 0; i < 100; i++) {
            d.enqueue(n(i));
        }
        assertEquals(NotificationDispatcher.Closed.FROM_CALLBACK, inside.get(10, TimeUnit.SECONDS));
        assertTrue(inCallback.get());
        assertFalse(d.inCallback(), "other threads are never inside the callback");
        Thread.sleep(20);
        assertEquals(1, calls.get());
        assertEquals(NotificationDispatcher.Closed.ALREADY, d.close());
    }

    @Test
    void aThrowingCallbackDoesNotStopDelivery() throws Exception {
        NotificationDispatcher d = new NotificationDispatcher("test-callback");
        CountDownLatch second = new CountDownLatch(1);
        d.register(ACM, false, (data, c) -> {
            if (data.NotificationCode == 1) {
                throw new IllegalStateException("callback bug (expected by the test)");
            }
            second.countDown();
        }, null);
        d.enqueue(n(1));
        d.enqueue(n(2));
        assertTrue(second.await(10, TimeUnit.SECONDS));
        d.close();
    }
}

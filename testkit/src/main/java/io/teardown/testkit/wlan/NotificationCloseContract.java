package io.teardown.testkit.wlan;

import static io.teardown.testkit.wlan.WlanCalls.INVALID_HANDLE;
import static io.teardown.testkit.wlan.WlanCalls.OK;
import static io.teardown.testkit.wlan.WlanCalls.WAIT;
import static io.teardown.testkit.wlan.WlanCalls.await;
import static io.teardown.testkit.wlan.WlanCalls.open;
import static io.teardown.testkit.wlan.WlanCalls.scriptable;
import static io.teardown.testkit.wlan.WlanCalls.scriptableService;
import static io.teardown.testkit.wlan.WlanCalls.sleep;
import static io.teardown.wlan.WlanApi.WLAN_NOTIFICATION_SOURCE_ACM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.service.WlanService;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WLAN contract, notifications at the close (WL-05 … WL-07, <a href="https://github.com/teardown-io/teardown/blob/main/docs/wlan.md">docs/wlan.md</a>): outstanding ones are
 * discarded, a running callback is waited for, and a close from inside the session's own callback is refused
 * with {@code ERROR_POSSIBLE_DEADLOCK} (or deferred when configured), through the flat {@code WlanApi} facade
 * only; on the Netty backend the other end is the session's embedded {@link WlanService} over its real
 * loopback connection, which tests script (interfaces, networks, notification floods, stop and crash); tests
 * that must script it are skipped on a backend whose service cannot be scripted (Windows' own).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("wlan")
@Timeout(60)
public class NotificationCloseContract {
    /** For JUnit and subclasses. */
    public NotificationCloseContract() {
    }

    @TestTemplate
    void WL_05_noNotificationAfterCloseReturnsUnderAFlood(TestBackend b) throws Exception {
        WlanService service = scriptable(b);
        UUID wifi = service.addInterface("Busy Wi-Fi");
        WlanApi wlan = WlanApi.of(b.session());
        for (int round = 0; round < 5; round++) {
            long h = open(wlan);
            AtomicBoolean closeReturned = new AtomicBoolean();
            AtomicInteger late = new AtomicInteger();
            AtomicInteger delivered = new AtomicInteger();
            CountDownLatch many = new CountDownLatch(100);
            assertEquals(OK, wlan.WlanRegisterNotification(h, WLAN_NOTIFICATION_SOURCE_ACM, false, (d, c) -> {
                if (closeReturned.get()) {
                    late.incrementAndGet();
                }
                delivered.incrementAndGet();
                many.countDown();
            }, null, null, null));
            assertEquals(1, service.broadcast(WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_scan_complete,
                    wifi, null, 20_000));
            assertTrue(many.await(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(OK, wlan.WlanCloseHandle(h, null));
            closeReturned.set(true);
            int atClose = delivered.get();
            Thread.sleep(20);
            assertEquals(0, late.get(), "a notification was delivered after WlanCloseHandle returned");
            assertEquals(atClose, delivered.get());
        }
    }

    @TestTemplate
    void WL_05_queuedNotificationsBehindASleepingCallbackAreDiscarded(TestBackend b) throws Exception {
        WlanService service = scriptable(b);
        UUID wifi = service.addInterface("Slow Wi-Fi");
        WlanApi wlan = WlanApi.of(b.session());
        long h = open(wlan);
        AtomicInteger delivered = new AtomicInteger();
        CountDownLatch entered = new CountDownLatch(1);
        assertEquals(OK, wlan.WlanRegisterNotification(h, WLAN_NOTIFICATION_SOURCE_ACM, false, (d, c) -> {
            delivered.incrementAndGet();
            entered.countDown();
            sleep(30);
        }, null, null, null));
        service.broadcast(WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_scan_complete, wifi, null, 5_000);
        assertTrue(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        assertEquals(OK, wlan.WlanCloseHandle(h, null));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        int atClose = delivered.get();
        assertTrue(atClose < 100, "the queue of 5000 was not delivered: " + atClose);
        assertTrue(tookMs < 5_000, "close waited for one callback, not the queue: " + tookMs + " ms");
        Thread.sleep(100);
        assertEquals(atClose, delivered.get(), "queued notifications were discarded");
    }

    @TestTemplate
    void WL_06_closeWaitsForTheRunningCallback(TestBackend b) throws Exception {
        WlanService service = scriptable(b);
        UUID wifi = service.addInterface("Waiting Wi-Fi");
        WlanApi wlan = WlanApi.of(b.session());
        long h = open(wlan);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean callbackFinished = new AtomicBoolean();
        assertEquals(OK, wlan.WlanRegisterNotification(h, WLAN_NOTIFICATION_SOURCE_ACM, false, (d, c) -> {
            entered.countDown();
            await(release);
            sleep(20);
            callbackFinished.set(true);
        }, null, null, null));
        assertEquals(OK, wlan.WlanScan(h, wifi, null, null, null));
        assertTrue(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        CompletableFuture<Boolean> closer = CompletableFuture.supplyAsync(() -> {
            int rc = wlan.WlanCloseHandle(h, null);
            return rc == OK && callbackFinished.get();
        });
        Thread.sleep(100);
        assertFalse(closer.isDone(), "close returned while the callback was still running");
        release.countDown();
        assertTrue(closer.get(WAIT.toSeconds(), TimeUnit.SECONDS), "close returned 0 after the callback finished");
    }

    @TestTemplate
    void WL_07_closeInsideOwnCallbackIsRefusedWithPossibleDeadlock(TestBackend b) throws Exception {
        WlanService service = scriptable(b);
        UUID wifi = service.addInterface("Reentrant Wi-Fi");
        WlanApi wlan = WlanApi.of(b.session());
        long h = open(wlan);
        CompletableFuture<Integer> inside = new CompletableFuture<>();
        assertEquals(OK, wlan.WlanRegisterNotification(h, WLAN_NOTIFICATION_SOURCE_ACM, false,
                (d, c) -> inside.complete(wlan.WlanCloseHandle(h, null)), null, null, null));
        assertEquals(OK, wlan.WlanScan(h, wifi, null, null, null));
        assertEquals(Win32Error.ERROR_POSSIBLE_DEADLOCK.code(), inside.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(OK, wlan.WlanEnumInterfaces(h, null, new Ref<>()), "the refused close closed nothing");
        assertEquals(OK, wlan.WlanCloseHandle(h, null));
    }

    @TestTemplate
    void WL_07_closeOfAnotherSessionInsideACallbackIsAllowed(TestBackend b) throws Exception {
        WlanService service = scriptable(b);
        UUID wifi = service.addInterface("Neighbour Wi-Fi");
        WlanApi wlan = WlanApi.of(b.session());
        long h = open(wlan);
        long other = open(wlan);
        CompletableFuture<Integer> inside = new CompletableFuture<>();
        assertEquals(OK, wlan.WlanRegisterNotification(h, WLAN_NOTIFICATION_SOURCE_ACM, false,
                (d, c) -> inside.complete(wlan.WlanCloseHandle(other, null)), null, null, null));
        assertEquals(OK, wlan.WlanScan(h, wifi, null, null, null));
        assertEquals(OK, inside.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(OK, wlan.WlanCloseHandle(h, null));
    }

    @TestTemplate
    void WL_07_closeInsideOwnCallbackIsDeferredWhenConfigured(TestBackend b) throws Exception {
        Session session = b.open(x -> x.property("teardown.wlan.closeInCallback", "defer"));
        WlanService service = scriptableService(b, session);
        UUID wifi = service.addInterface("Deferring Wi-Fi");
        WlanApi wlan = WlanApi.of(session);
        long h = open(wlan);
        assertTrue(service.awaitClients(1, WAIT));
        CompletableFuture<Integer> inside = new CompletableFuture<>();
        AtomicInteger calls = new AtomicInteger();
        assertEquals(OK, wlan.WlanRegisterNotification(h, WLAN_NOTIFICATION_SOURCE_ACM, false, (d, c) -> {
            calls.incrementAndGet();
            inside.complete(wlan.WlanCloseHandle(h, null));
        }, null, null, null));
        service.broadcast(WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_scan_complete, wifi, null, 100);
        assertEquals(OK, inside.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(service.awaitClients(0, WAIT), "the connection closes once the callback returned");
        assertEquals(INVALID_HANDLE, wlan.WlanEnumInterfaces(h, null, new Ref<>()));
        Thread.sleep(50);
        assertEquals(1, calls.get(), "the queue behind the deferred close was discarded");
    }
}

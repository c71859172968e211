package io.teardown.backend.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.CallbackReference;
import com.sun.jna.Function;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import io.teardown.wlan.WlanApi;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@link WlanNotifications} with a recording {@link WlanApiLibrary}: callbacks are held until
 * {@code WlanCloseHandle} has returned (WL-05, WL-06), and closing from inside the session's own
 * callback is refused instead of deadlocking (WL-07).
 */
@Timeout(30)
class WlanNotificationsTest {
    private static final HANDLE CLIENT = new HANDLE(new Pointer(0x1000));
    private static final int ERROR_INVALID_HANDLE = 6;
    private static final int ERROR_INVALID_PARAMETER = 87;

    private final ThreadLocalLastError slot = new ThreadLocalLastError();
    private final RecordingWlanApi wlan = new RecordingWlanApi(slot);
    private final CallbackKeeper<Long> keeper = new CallbackKeeper<>();
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private final WlanNotifications notifications = new WlanNotifications(wlan, keeper, uncaught::add);
    private final List<Integer> codes = new CopyOnWriteArrayList<>();

    private static WLAN_NOTIFICATION_DATA data(int code) {
        WLAN_NOTIFICATION_DATA d = new WLAN_NOTIFICATION_DATA();
        d.NotificationSource = WlanApi.WLAN_NOTIFICATION_SOURCE_ACM;
        d.NotificationCode = code;
        return d;
    }

    @Test
    void registerHoldsTheCallbackFromBeforeTheCall() {
        wlan.during("WlanRegisterNotification", args -> assertTrue(keeper.holdsAny(0x1000L)));
        assertEquals(0, notifications.register(CLIENT, WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, true,
                d -> codes.add(d.NotificationCode), null));
        assertTrue(keeper.holds(0x1000L, wlan.registered.get()));
        wlan.registered.get().callback(data(WlanApi.wlan_notification_acm_scan_complete), null);
        assertEquals(List.of(7), codes);
    }

    @Test
    void callbacksAreReleasedOnlyAfterWlanCloseHandleReturned() {
        notifications.register(CLIENT, WlanApi.WLAN_NOTIFICATION_SOURCE_ALL, false, d -> { }, null);
        wlan.during("WlanCloseHandle", args -> assertTrue(keeper.holdsAny(0x1000L),
                "WlanCloseHandle may still be waiting for a running callback (WL-06)"));
        assertEquals(0, notifications.close(CLIENT));
        assertFalse(keeper.holdsAny(0x1000L));
        assertEquals(List.of("WlanCloseHandle(4096, null)"), wlan.callsOf("WlanCloseHandle"));
    }

    @Test
    void aFailedRegistrationKeepsTheEarlierOne() {
        notifications.register(CLIENT, WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, true, d -> { }, null);
        WlanApiLibrary.WLAN_NOTIFICATION_CALLBACK first = wlan.registered.get();
        wlan.answer("WlanRegisterNotification", ERROR_INVALID_PARAMETER, null);
        assertEquals(ERROR_INVALID_PARAMETER,
                notifications.register(CLIENT, WlanApi.WLAN_NOTIFICATION_SOURCE_MSM, true, d -> { }, null));
        assertTrue(keeper.holds(0x1000L, first));
        assertEquals(1, keeper.release(0x1000L), "only the registration that succeeded is held");
    }

    @Test
    void closeFromInsideTheCallbackIsRefusedNotDeadlocked() {
        AtomicInteger inside = new AtomicInteger(-1);
        notifications.register(CLIENT, WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, true,
                d -> inside.set(notifications.close(CLIENT)), null);
        wlan.registered.get().callback(data(WlanApi.wlan_notification_acm_disconnected), null);
        assertEquals(1131, inside.get(), "ERROR_POSSIBLE_DEADLOCK (WL-07)");
        assertTrue(wlan.callsOf("WlanCloseHandle").isEmpty(), "WlanCloseHandle was never called");
        assertTrue(keeper.holdsAny(0x1000L));
        assertEquals(0, notifications.close(CLIENT), "after the callback returned, close works");
        assertFalse(keeper.holdsAny(0x1000L));
    }

    @Test
    void onlyTheCallbackThreadIsInside() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        notifications.register(CLIENT, WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, true, d -> {
            entered.countDown();
            try {
                assertTrue(leave.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, null);
        WlanApiLibrary.WLAN_NOTIFICATION_CALLBACK cb = wlan.registered.get();
        CompletableFuture<Void> service = CompletableFuture.runAsync(() -> cb.callback(data(7), null));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        assertFalse(notifications.insideCallback(CLIENT), "another thread may close (Windows then waits, WL-06)");
        leave.countDown();
        service.get(10, TimeUnit.SECONDS);
    }

    @Test
    void rejectedClosesKeepTheCallbacks() {
        notifications.register(CLIENT, WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, true, d -> { }, null);
        wlan.answer("WlanCloseHandle", ERROR_INVALID_HANDLE, null);
        assertEquals(ERROR_INVALID_HANDLE, notifications.close(CLIENT));
        wlan.answer("WlanCloseHandle", ERROR_INVALID_PARAMETER, null);
        assertEquals(ERROR_INVALID_PARAMETER, notifications.close(CLIENT));
        assertTrue(keeper.holdsAny(0x1000L), "Windows closed nothing (WL-02, WL-03)");
    }

    @Test
    void aThrowingListenerIsReportedAndLeavesTheSessionClosable() {
        IllegalStateException boom = new IllegalStateException("listener bug");
        notifications.register(CLIENT, WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, true, d -> {
            throw boom;
        }, null);
        wlan.registered.get().callback(data(7), null);
        assertEquals(List.of(boom), uncaught);
        assertEquals(0, notifications.close(CLIENT), "the thread is no longer marked as inside");
    }

    @Test
    @EnabledOnOs(value = OS.WINDOWS, disabledReason = "JNA creates stdcall trampolines only on Windows "
            + "(elsewhere: 'Invalid calling convention 63')")
    void jnaReadsTheNotificationStructForTheDispatcher() {
        // The WLAN service's path: native code calls JNA's trampoline with a PWLAN_NOTIFICATION_DATA;
        // JNA builds the Structure (in this opened package) and calls the dispatcher.
        notifications.register(CLIENT, WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, true,
                d -> codes.add(d.NotificationSource * 1000 + d.NotificationCode), null);
        WLAN_NOTIFICATION_DATA d = data(WlanApi.wlan_notification_acm_connection_complete);
        d.write();
        Pointer trampoline = CallbackReference.getFunctionPointer(wlan.registered.get());
        Function.getFunction(trampoline).invoke(void.class, new Object[] {d.getPointer(), Pointer.NULL});
        assertEquals(List.of(8 * 1000 + 10), codes);
        assertTrue(uncaught.isEmpty());
    }
}

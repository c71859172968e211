package io.teardown.backend.windows.wlan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.platform.win32.Guid.GUID;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.backend.windows.jna.RecordingWlanApi;
import io.teardown.backend.windows.jna.ThreadLocalLastError;
import io.teardown.backend.windows.jna.WlanApiLibrary;
import io.teardown.wlan.WLAN_NOTIFICATION_DATA;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.front.WlanFront;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The wlan front over {@link NativeWlanDriver} and a recording wlanapi (no DLL): handle values are
 * session values, only open ones reach "Windows", the close racing a call waits for it, WL-07 is
 * refused in Java, callbacks stay reachable while registered.
 */
@Timeout(10)
class NativeWlanApiTest {
    private static final UUID IFACE = UUID.fromString("0d6a9e2f-1b3c-4d5e-8f70-112233445566");

    private final ThreadLocalLastError slot = new ThreadLocalLastError();
    private final RecordingWlanApi lib = new RecordingWlanApi(slot);
    private final Session session = Session.builder().name("native-wlan-test").build();
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private final WlanApi wlan = new WlanFront(session, new NativeWlanDriver(lib, uncaught::add));
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        session.close();
        assertTrue(uncaught.isEmpty(), uncaught::toString);
    }

    private long open() {
        IntRef negotiated = new IntRef();
        LongRef client = new LongRef();
        assertEquals(0, wlan.WlanOpenHandle(2, null, negotiated, client));
        assertEquals(2, negotiated.value);
        return client.value;
    }

    private static io.teardown.backend.windows.jna.WLAN_NOTIFICATION_DATA notification(int code) {
        io.teardown.backend.windows.jna.WLAN_NOTIFICATION_DATA d = new io.teardown.backend.windows.jna.WLAN_NOTIFICATION_DATA();
        d.NotificationSource = WlanApi.WLAN_NOTIFICATION_SOURCE_ACM;
        d.NotificationCode = code;
        d.InterfaceGuid = NativeWlanDriver.guid(IFACE);
        return d;
    }

    @Test
    void handlesAreSessionValuesAndTheOsValueNeverLeaks() {
        long h = open();
        assertEquals(0, h % 4, "a session table value");
        assertNotEquals(0x1000L, h);
        assertEquals(0, wlan.WlanScan(h, IFACE, null, null, null));
        assertEquals(List.of("WlanScan(4096)"), lib.callsOf("WlanScan"), "the OS value reached wlanapi");
        assertEquals(0, wlan.WlanCloseHandle(h, null));
        assertEquals(List.of("WlanCloseHandle(4096, null)"), lib.callsOf("WlanCloseHandle"));
    }

    @Test
    void errorsAreReturnedAndTheLastErrorIsLeftAlone() {
        session.lastError().set(1234);
        lib.answer("WlanOpenHandle", 1062, null);
        assertEquals(1062, wlan.WlanOpenHandle(2, null, new IntRef(), new LongRef()));
        lib.answer("WlanOpenHandle", 0, null);
        long h = open();
        lib.answer("WlanScan", 1722, null);
        assertEquals(1722, wlan.WlanScan(h, IFACE, null, null, null));
        assertEquals(1234, session.lastError().get(), "WL-01");
        assertEquals(0, wlan.WlanCloseHandle(h, null));
    }

    @Test
    void nullHandleOrReservedIs87AndReachesNothing() {
        long h = open();
        assertEquals(87, wlan.WlanCloseHandle(0, null));
        assertEquals(87, wlan.WlanCloseHandle(h, new Object()));
        assertEquals(87, wlan.WlanScan(0, IFACE, null, null, null));
        assertEquals(87, wlan.WlanOpenHandle(2, new Object(), new IntRef(), new LongRef()));
        assertTrue(lib.callsOf("WlanCloseHandle").isEmpty());
        assertTrue(lib.callsOf("WlanScan").isEmpty());
        assertEquals(0, wlan.WlanCloseHandle(h, null), "a rejected call closed nothing (WL-02)");
    }

    @Test
    void unknownClosedAndForeignValuesAre6AndNeverReachWlanapi() {
        long h = open();
        assertEquals(0, wlan.WlanCloseHandle(h, null));
        lib.calls.clear();
        assertEquals(6, wlan.WlanCloseHandle(h, null), "WL-03 closed");
        assertEquals(6, wlan.WlanScan(h, IFACE, null, null, null), "WL-08");
        assertEquals(6, wlan.WlanDisconnect(0x1000, IFACE, null), "the raw OS value is not a session handle");
        assertEquals(6, wlan.WlanEnumInterfaces(h + 400, null, new io.teardown.api.Ref<>()), "never issued");
        assertTrue(lib.calls.isEmpty(), lib.calls::toString);
    }

    @Test
    void aRecycledValueReachesTheNewClientNeverTheOldOsHandle() {
        long first = open();
        assertEquals(0, wlan.WlanCloseHandle(first, null));
        long second = open();
        assertEquals(first, second, "the table reuses the slot, as Windows does");
        assertEquals(0, wlan.WlanScan(second, IFACE, null, null, null));
        assertEquals(List.of("WlanScan(4112)"), lib.callsOf("WlanScan"));
        assertEquals(0, wlan.WlanCloseHandle(second, null));
    }

    @Test
    void closeFromTheOwnCallbackIsRefusedWithoutCallingWindows() throws Exception {
        long h = open();
        AtomicInteger insideClose = new AtomicInteger(-1);
        assertEquals(0, wlan.WlanRegisterNotification(h, WlanApi.WLAN_NOTIFICATION_SOURCE_ALL, false,
                (data, ctx) -> insideClose.set(wlan.WlanCloseHandle(h, null)), null, null, null));
        // wlanapi calls the callback on a service thread.
        pool.submit(() -> lib.registeredBy.get(0x1000L).callback(notification(7), null)).get(5, TimeUnit.SECONDS);
        assertEquals(1131, insideClose.get(), "WL-07");
        assertTrue(lib.callsOf("WlanCloseHandle").isEmpty(), "WlanCloseHandle never reached Windows");
        assertEquals(0, wlan.WlanCloseHandle(h, null), "outside the callback the close works");
        assertEquals(1, lib.callsOf("WlanCloseHandle").size());
    }

    @Test
    void notificationsAreConvertedAndNoneIsDeliveredAfterClose() throws Exception {
        long h = open();
        List<WLAN_NOTIFICATION_DATA> seen = new CopyOnWriteArrayList<>();
        Object context = new Object();
        List<Object> contexts = new CopyOnWriteArrayList<>();
        IntRef previous = new IntRef();
        previous.value = -1;
        assertEquals(0, wlan.WlanRegisterNotification(h, WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, true,
                (data, ctx) -> {
                    seen.add(data);
                    contexts.add(ctx);
                }, context, null, previous));
        assertEquals(0, previous.value);
        var callback = lib.registeredBy.get(0x1000L);
        pool.submit(() -> callback.callback(notification(7), null)).get(5, TimeUnit.SECONDS);
        assertEquals(1, seen.size());
        assertEquals(7, seen.get(0).NotificationCode);
        assertEquals(IFACE, seen.get(0).InterfaceGuid);
        assertEquals(context, contexts.get(0));
        assertEquals(0, wlan.WlanCloseHandle(h, null));
        // A notification wlanapi still had queued must not reach the program (WL-05).
        pool.submit(() -> callback.callback(notification(8), null)).get(5, TimeUnit.SECONDS);
        assertEquals(1, seen.size());
    }

    @Test
    void closeRacingACallTakesEffectWhenTheCallReturns() throws Exception {
        long h = open();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        lib.during("WlanScan", args -> {
            inside.countDown();
            assertTrue(proceed.await(5, TimeUnit.SECONDS));
        });
        Future<Integer> scan = pool.submit(() -> wlan.WlanScan(h, IFACE, null, null, null));
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        assertEquals(0, wlan.WlanCloseHandle(h, null), "the close returns at once");
        assertTrue(lib.callsOf("WlanCloseHandle").isEmpty(), "the OS handle stays open under the call (WS-14 style)");
        assertEquals(6, wlan.WlanDisconnect(h, IFACE, null), "but the value is already invalid for new calls");
        proceed.countDown();
        assertEquals(0, scan.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("WlanScan(4096)", "WlanCloseHandle(4096, null)"),
                lib.calls.stream().filter(c -> c.startsWith("WlanScan") || c.startsWith("WlanCloseHandle")).toList());
    }

    @Test
    void closeWaitsForARunningCallback() throws Exception {
        long h = open();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        assertEquals(0, wlan.WlanRegisterNotification(h, WlanApi.WLAN_NOTIFICATION_SOURCE_ALL, false, (d, c) -> {
            inside.countDown();
            try {
                proceed.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, null, null, null));
        var callback = lib.registeredBy.get(0x1000L);
        Future<?> delivery = pool.submit(() -> callback.callback(notification(7), null));
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        Future<Integer> close = pool.submit(() -> wlan.WlanCloseHandle(h, null));
        Thread.sleep(100);
        assertFalse(close.isDone(), "WL-06: the close waits for the running callback");
        proceed.countDown();
        assertEquals(0, close.get(5, TimeUnit.SECONDS));
        delivery.get(5, TimeUnit.SECONDS);
    }

    @Test
    void theCallbackStaysReachableUntilTheClose() throws Exception {
        long h = open();
        assertEquals(0, wlan.WlanRegisterNotification(h, WlanApi.WLAN_NOTIFICATION_SOURCE_ALL, false,
                (d, c) -> { }, null, null, null));
        WeakReference<Object> given = new WeakReference<>(lib.registeredBy.remove(0x1000L));
        lib.registered.set(null);
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        assertNotNull(given.get(), "the dispatcher wlanapi may call is held while registered");
        assertEquals(0, wlan.WlanCloseHandle(h, null));
        for (int i = 0; i < 50 && given.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(given.get(), "released once WlanCloseHandle returned");
    }

    @Test
    void sessionCloseClosesTheOsHandle() {
        open();
        session.close();
        assertEquals(List.of("WlanCloseHandle(4096, null)"), lib.callsOf("WlanCloseHandle"));
    }

    @Test
    void guidsRoundTrip() {
        GUID g = NativeWlanDriver.guid(IFACE);
        assertEquals(0x0d6a9e2f, g.Data1);
        assertEquals((short) 0x1b3c, g.Data2);
        assertEquals(IFACE, NativeWlanDriver.uuid(g));
    }
}

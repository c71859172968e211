package io.teardown.testkit.wlan;

import static io.teardown.wlan.WlanApi.WLAN_NOTIFICATION_SOURCE_ACM;
import static io.teardown.wlan.WlanApi.WLAN_NOTIFICATION_SOURCE_ALL;
import static io.teardown.wlan.WlanApi.WLAN_NOTIFICATION_SOURCE_MSM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.wlan.DOT11_SSID;
import io.teardown.wlan.WLAN_AVAILABLE_NETWORK_LIST;
import io.teardown.wlan.WLAN_CONNECTION_PARAMETERS;
import io.teardown.wlan.WLAN_INTERFACE_INFO_LIST;
import io.teardown.wlan.WLAN_NOTIFICATION_DATA;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.service.WlanService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WLAN contract (WL-01 … WL-08, <a href="https://github.com/teardown-io/teardown/blob/main/docs/wlan.md">docs/wlan.md</a>): every backend's {@code WlanApi} must pass it. It
 * drives the flat facade only; on the Netty backend the other end is the session's embedded
 * {@link WlanService}, reached over its real loopback connection, which the tests script (interfaces,
 * networks, notification floods, stop and crash). Tests that need to script the service are skipped on
 * a backend whose service cannot be scripted (Windows' own).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("wlan")
@Timeout(60)
public class WlanContract {
    private static final int OK = 0;
    private static final int INVALID_PARAMETER = Win32Error.ERROR_INVALID_PARAMETER.code();
    private static final int INVALID_HANDLE = Win32Error.ERROR_INVALID_HANDLE.code();
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** For JUnit. */
    public WlanContract() {
    }

    // ---------------------------------------------------------------- WL-01

    @TestTemplate
    void WL_01_openNegotiatesVersionAndCloseReturnsSuccessLeavingLastError(TestBackend b) throws Exception {
        WlanApi wlan = WlanApi.of(b.session());
        for (int version : new int[] {WlanApi.WLAN_API_VERSION_1_0, WlanApi.WLAN_API_VERSION_2_0}) {
            b.session().lastError().set(1234);
            IntRef negotiated = new IntRef(-1);
            LongRef h = new LongRef();
            assertEquals(OK, wlan.WlanOpenHandle(version, null, negotiated, h));
            assertEquals(version, negotiated.value);
            assertNotEquals(0L, h.value);
            assertEquals(0L, h.value & 3, "handle values are multiples of 4");
            assertEquals(1234, b.session().lastError().get(), "WlanOpenHandle leaves the last error");
            assertEquals(OK, wlan.WlanCloseHandle(h.value, null));
            assertEquals(1234, b.session().lastError().get(), "WlanCloseHandle leaves the last error");
        }
    }

    @TestTemplate
    void WL_01_closeClosesTheConnectionToTheService(TestBackend b) throws Exception {
        WlanService service = scriptable(b);
        WlanApi wlan = WlanApi.of(b.session());
        long h = open(wlan);
        assertTrue(service.awaitClients(1, WAIT), "the client session is a connection to the service");
        assertEquals(OK, wlan.WlanCloseHandle(h, null));
        assertTrue(service.awaitClients(0, WAIT), "WlanCloseHandle closed the connection");
    }

    @TestTemplate
    void WL_01_unsupportedVersionGivesNotSupportedWithOutputsUntouched(TestBackend b) {
        WlanApi wlan = WlanApi.of(b.session());
        for (int version : new int[] {0, 3, 4, -1, Integer.MAX_VALUE}) {
            IntRef negotiated = new IntRef(77);
            LongRef h = new LongRef(88);
            assertEquals(Win32Error.ERROR_NOT_SUPPORTED.code(), wlan.WlanOpenHandle(version, null, negotiated, h),
                    "version " + version);
            assertEquals(77, negotiated.value);
            assertEquals(88L, h.value);
        }
    }

    @TestTemplate
    void WL_01_openRejectsReservedAndNullOutParameters(TestBackend b) {
        WlanApi wlan = WlanApi.of(b.session());
        IntRef negotiated = new IntRef(5);
        LongRef h = new LongRef(9);
        assertEquals(INVALID_PARAMETER, wlan.WlanOpenHandle(2, new Object(), negotiated, h));
        assertEquals(INVALID_PARAMETER, wlan.WlanOpenHandle(2, null, null, h));
        assertEquals(INVALID_PARAMETER, wlan.WlanOpenHandle(2, null, negotiated, null));
        assertEquals(5, negotiated.value);
        assertEquals(9L, h.value);
    }

    @TestTemplate
    void WL_01_sessionsAreIndependent(TestBackend b) {
        WlanApi wlan = WlanApi.of(b.session());
        long first = open(wlan);
        long second = open(wlan);
        assertNotEquals(first, second);
        AtomicInteger secondSaw = new AtomicInteger();
        assertEquals(OK, wlan.WlanRegisterNotification(second, WLAN_NOTIFICATION_SOURCE_ALL, false,
                (d, c) -> secondSaw.incrementAndGet(), null, null, null));
        assertEquals(OK, wlan.WlanCloseHandle(first, null));
        Ref<WLAN_INTERFACE_INFO_LIST> list = new Ref<>();
        assertEquals(OK, wlan.WlanEnumInterfaces(second, null, list), "closing one session leaves the other");
        assertNotNull(list.value);
        assertEquals(INVALID_HANDLE, wlan.WlanEnumInterfaces(first, null, new Ref<>()));
        assertEquals(OK, wlan.WlanCloseHandle(second, null));
    }

    @TestTemplate
    void WL_01_scanConnectSignalAndDisconnectAreNotified(TestBackend b) throws Exception {
        WlanService service = scriptable(b);
        UUID wifi = service.addInterface("Contract Wi-Fi");
        service.addNetwork(wifi, "Office", 90, true);
        service.addNetwork(wifi, "Cafe", 40, false);
        WlanApi wlan = WlanApi.of(b.session());
        long h = open(wlan);
        LinkedBlockingQueue<WLAN_NOTIFICATION_DATA> seen = new LinkedBlockingQueue<>();
        Object context = new Object();
        AtomicReference<Object> contextSeen = new AtomicReference<>();
        IntRef previous = new IntRef(-1);
        assertEquals(OK, wlan.WlanRegisterNotification(h, WLAN_NOTIFICATION_SOURCE_ACM | WLAN_NOTIFICATION_SOURCE_MSM,
                false, (d, c) -> {
                    contextSeen.set(c);
                    seen.add(d);
                }, context, null, previous));
        assertEquals(0, previous.value);

        Ref<WLAN_INTERFACE_INFO_LIST> interfaces = new Ref<>();
        assertEquals(OK, wlan.WlanEnumInterfaces(h, null, interfaces));
        assertEquals(1, interfaces.value.dwNumberOfItems);
        assertEquals(wifi, interfaces.value.InterfaceInfo[0].InterfaceGuid);
        assertEquals(WlanApi.wlan_interface_state_disconnected, interfaces.value.InterfaceInfo[0].isState);
        wlan.WlanFreeMemory(interfaces.value);

        assertEquals(OK, wlan.WlanScan(h, wifi, null, null, null));
        awaitCode(seen, WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_scan_complete, wifi);
        assertEquals(context, contextSeen.get(), "the callback gets pCallbackContext");

        Ref<WLAN_AVAILABLE_NETWORK_LIST> networks = new Ref<>();
        assertEquals(OK, wlan.WlanGetAvailableNetworkList(h, wifi, 0, null, networks));
        assertEquals(2, networks.value.dwNumberOfItems);
        assertEquals("Office", networks.value.Network[0].dot11Ssid.text());
        assertEquals(90, networks.value.Network[0].wlanSignalQuality);
        assertTrue(networks.value.Network[0].bSecurityEnabled);

        assertEquals(OK, wlan.WlanConnect(h, wifi, WLAN_CONNECTION_PARAMETERS.profile("Office"), null));
        awaitCode(seen, WLAN_NOTIFICATION_SOURCE_MSM, WlanApi.wlan_notification_msm_connected, wifi);
        WLAN_NOTIFICATION_DATA complete = awaitCode(seen, WLAN_NOTIFICATION_SOURCE_ACM,
                WlanApi.wlan_notification_acm_connection_complete, wifi);
        assertEquals(WlanService.WLAN_REASON_CODE_SUCCESS, complete.dataAsUlong());
        assertEquals(OK, wlan.WlanGetAvailableNetworkList(h, wifi, 0, null, networks));
        assertEquals(WlanApi.WLAN_AVAILABLE_NETWORK_CONNECTED,
                networks.value.Network[0].dwFlags & WlanApi.WLAN_AVAILABLE_NETWORK_CONNECTED);

        service.setSignalQuality(wifi, "Office", 25);
        WLAN_NOTIFICATION_DATA signal = awaitCode(seen, WLAN_NOTIFICATION_SOURCE_MSM,
                WlanApi.wlan_notification_msm_signal_quality_change, wifi);
        assertEquals(25, signal.dataAsUlong());

        assertEquals(OK, wlan.WlanDisconnect(h, wifi, null));
        awaitCode(seen, WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_disconnected, wifi);

        assertEquals(OK, wlan.WlanConnect(h, wifi, WLAN_CONNECTION_PARAMETERS.profile("Nowhere"), null),
                "WlanConnect only starts the attempt");
        WLAN_NOTIFICATION_DATA failed = awaitCode(seen, WLAN_NOTIFICATION_SOURCE_ACM,
                WlanApi.wlan_notification_acm_connection_attempt_fail, wifi);
        assertEquals(WlanService.WLAN_REASON_CODE_NETWORK_NOT_AVAILABLE, failed.dataAsUlong());

        assertEquals(Win32Error.ERROR_NOT_FOUND.code(), wlan.WlanScan(h, UUID.randomUUID(), null, null, null));
        assertEquals(OK, wlan.WlanRegisterNotification(h, WlanApi.WLAN_NOTIFICATION_SOURCE_NONE, false, null, null,
                null, previous));
        assertEquals(WLAN_NOTIFICATION_SOURCE_ACM | WLAN_NOTIFICATION_SOURCE_MSM, previous.value);
        assertEquals(OK, wlan.WlanCloseHandle(h, null));
    }

    // ---------------------------------------------------------------- WL-02

    @TestTemplate
    void WL_02_nullHandleGivesInvalidParameter(TestBackend b) {
        WlanApi wlan = WlanApi.of(b.session());
        UUID any = UUID.randomUUID();
        assertEquals(INVALID_PARAMETER, wlan.WlanCloseHandle(0, null));
        assertEquals(INVALID_PARAMETER, wlan.WlanEnumInterfaces(0, null, new Ref<>()));
        assertEquals(INVALID_PARAMETER, wlan.WlanScan(0, any, null, null, null));
        assertEquals(INVALID_PARAMETER, wlan.WlanGetAvailableNetworkList(0, any, 0, null, new Ref<>()));
        assertEquals(INVALID_PARAMETER, wlan.WlanConnect(0, any, WLAN_CONNECTION_PARAMETERS.profile("x"), null));
        assertEquals(INVALID_PARAMETER, wlan.WlanDisconnect(0, any, null));
        assertEquals(INVALID_PARAMETER, wlan.WlanRegisterNotification(0, WLAN_NOTIFICATION_SOURCE_ACM, false,
                (d, c) -> { }, null, null, null));
    }

    @TestTemplate
    void WL_02_reservedPointerGivesInvalidParameterAndClosesNothing(TestBackend b) {
        WlanApi wlan = WlanApi.of(b.session());
        long h = open(wlan);
        Object reserved = new Object();
        UUID any = UUID.randomUUID();
        assertEquals(INVALID_PARAMETER, wlan.WlanCloseHandle(h, reserved));
        assertEquals(INVALID_PARAMETER, wlan.WlanEnumInterfaces(h, reserved, new Ref<>()));
        assertEquals(INVALID_PARAMETER, wlan.WlanScan(h, any, null, null, reserved));
        assertEquals(INVALID_PARAMETER, wlan.WlanGetAvailableNetworkList(h, any, 0, reserved, new Ref<>()));
        assertEquals(INVALID_PARAMETER, wlan.WlanConnect(h, any, WLAN_CONNECTION_PARAMETERS.profile("x"), reserved));
        assertEquals(INVALID_PARAMETER, wlan.WlanDisconnect(h, any, reserved));
        assertEquals(INVALID_PARAMETER, wlan.WlanRegisterNotification(h, WLAN_NOTIFICATION_SOURCE_ACM, false,
                (d, c) -> { }, null, reserved, null));
        // Checked before the lookup: a closed or bogus handle with a reserved pointer is still 87.
        assertEquals(INVALID_PARAMETER, wlan.WlanCloseHandle(0x7FFC, reserved));
        Ref<WLAN_INTERFACE_INFO_LIST> list = new Ref<>();
        assertEquals(OK, wlan.WlanEnumInterfaces(h, null, list), "the rejected close closed nothing");
        assertEquals(OK, wlan.WlanCloseHandle(h, null));
        assertEquals(INVALID_PARAMETER, wlan.WlanCloseHandle(h, reserved), "87 wins over 6");
    }

    @TestTemplate
    void WL_02_nullInterfaceOrOutPointerGivesInvalidParameter(TestBackend b) {
        WlanApi wlan = WlanApi.of(b.session());
        long h = open(wlan);
        UUID any = UUID.randomUUID();
        assertEquals(INVALID_PARAMETER, wlan.WlanEnumInterfaces(h, null, null));
        assertEquals(INVALID_PARAMETER, wlan.WlanScan(h, null, null, null, null));
        assertEquals(INVALID_PARAMETER, wlan.WlanGetAvailableNetworkList(h, null, 0, null, new Ref<>()));
        assertEquals(INVALID_PARAMETER, wlan.WlanGetAvailableNetworkList(h, any, 0, null, null));
        assertEquals(INVALID_PARAMETER, wlan.WlanConnect(h, null, WLAN_CONNECTION_PARAMETERS.profile("x"), null));
        assertEquals(INVALID_PARAMETER, wlan.WlanConnect(h, any, null, null));
        assertEquals(INVALID_PARAMETER, wlan.WlanDisconnect(h, null, null));
        assertEquals(INVALID_PARAMETER, wlan.WlanRegisterNotification(h, WLAN_NOTIFICATION_SOURCE_ACM, false, null,
                null, null, null), "a source without a callback");
        assertEquals(OK, wlan.WlanCloseHandle(h, null));
    }

    // ---------------------------------------------------------------- WL-03

    @TestTemplate
    void WL_03_unknownHandleGivesInvalidHandle(TestBackend b) {
        WlanApi wlan = WlanApi.of(b.session());
        UUID any = UUID.randomUUID();
        for (long bogus : new long[] {4, 0x1234, 0x7FFF_FFFCL, -1, -4, Long.MIN_VALUE, 0xDEAD_BEEF_0000L}) {
            assertEquals(INVALID_HANDLE, wlan.WlanCloseHandle(bogus, null), "handle " + bogus);
            assertEquals(INVALID_HANDLE, wlan.WlanEnumInterfaces(bogus, null, new Ref<>()));
            assertEquals(INVALID_HANDLE, wlan.WlanScan(bogus, any, null, null, null));
            assertEquals(INVALID_HANDLE, wlan.WlanRegisterNotification(bogus, WLAN_NOTIFICATION_SOURCE_ACM, false,
                    (d, c) -> { }, null, null, null));
        }
    }

    @TestTemplate
    void WL_03_closedHandleGivesInvalidHandleOnSecondClose(TestBackend b) {
        WlanApi wlan = WlanApi.of(b.session());
        long h = open(wlan);
        assertEquals(OK, wlan.WlanCloseHandle(h, null));
        assertEquals(INVALID_HANDLE, wlan.WlanCloseHandle(h, null));
    }

    @TestTemplate
    void WL_03_handleOfAnotherSessionIsUnknown(TestBackend b) {
        Assumptions.assumeFalse(b.name().equals("native"),
                "on Windows every session of one process shares the process's WLAN handles");
        Session other = b.open(x -> { });
        WlanApi mine = WlanApi.of(b.session());
        WlanApi theirs = WlanApi.of(other);
        long first = open(theirs);
        long second = open(theirs);
        // `mine` has issued nothing: the other session's values are not handles here (separate tables).
        assertEquals(INVALID_HANDLE, mine.WlanEnumInterfaces(second, null, new Ref<>()));
        assertEquals(INVALID_HANDLE, mine.WlanCloseHandle(second, null));
        assertEquals(OK, theirs.WlanEnumInterfaces(second, null, new Ref<>()), "the foreign close closed nothing");
        assertEquals(OK, theirs.WlanCloseHandle(first, null));
        assertEquals(OK, theirs.WlanCloseHandle(second, null));
    }

    // ---------------------------------------------------------------- WL-04

    @TestTemplate
    void WL_04_serviceNotRunningGivesServiceNotActiveBeforeVersionCheck(TestBackend b) {
        WlanService service = scriptable(b);
        WlanApi wlan = WlanApi.of(b.session());
        service.stop();
        IntRef negotiated = new IntRef(7);
        LongRef h = new LongRef(8);
        assertEquals(Win32Error.ERROR_SERVICE_NOT_ACTIVE.code(), wlan.WlanOpenHandle(2, null, negotiated, h));
        assertEquals(Win32Error.ERROR_SERVICE_NOT_ACTIVE.code(), wlan.WlanOpenHandle(99, null, negotiated, h),
                "1062 is checked before the version");
        assertEquals(7, negotiated.value);
        assertEquals(8L, h.value);
        service.start();
        long again = open(wlan);
        assertEquals(OK, wlan.WlanCloseHandle(again, null));
    }

    @TestTemplate
    void WL_04_serviceCrashMidSessionGivesRpcErrorsAndCloseStillReleases(TestBackend b) throws Exception {
        WlanService service = scriptable(b);
        UUID wifi = service.addInterface("Doomed Wi-Fi");
        WlanApi wlan = WlanApi.of(b.session());
        long h = open(wlan);
        assertTrue(service.awaitClients(1, WAIT));
        service.crash();
        int unavailable = Win32Error.RPC_S_SERVER_UNAVAILABLE.code();
        assertEquals(unavailable, wlan.WlanEnumInterfaces(h, null, new Ref<>()));
        assertEquals(unavailable, wlan.WlanScan(h, wifi, null, null, null));
        assertEquals(unavailable, wlan.WlanGetAvailableNetworkList(h, wifi, 0, null, new Ref<>()));
        assertEquals(unavailable, wlan.WlanConnect(h, wifi, WLAN_CONNECTION_PARAMETERS.profile("x"), null));
        assertEquals(unavailable, wlan.WlanDisconnect(h, wifi, null));
        assertEquals(unavailable, wlan.WlanRegisterNotification(h, WLAN_NOTIFICATION_SOURCE_ACM, false,
                (d, c) -> { }, null, null, null));
        assertEquals(OK, wlan.WlanCloseHandle(h, null), "close still releases the client handle");
        assertEquals(INVALID_HANDLE, wlan.WlanEnumInterfaces(h, null, new Ref<>()));
        assertEquals(Win32Error.ERROR_SERVICE_NOT_ACTIVE.code(), wlan.WlanOpenHandle(2, null, new IntRef(), new LongRef()));
    }

    @TestTemplate
    void WL_04_serviceStoppedGracefullyMidSessionGivesRpcErrors(TestBackend b) throws Exception {
        WlanService service = scriptable(b);
        WlanApi wlan = WlanApi.of(b.session());
        long h = open(wlan);
        assertTrue(service.awaitClients(1, WAIT));
        service.stop();
        assertEquals(Win32Error.RPC_S_SERVER_UNAVAILABLE.code(), awaitFailure(() -> wlan.WlanEnumInterfaces(h, null, new Ref<>())));
        service.start();
        assertEquals(Win32Error.RPC_S_SERVER_UNAVAILABLE.code(), wlan.WlanEnumInterfaces(h, null, new Ref<>()),
                "a restarted service does not revive an old session");
        assertEquals(OK, wlan.WlanCloseHandle(h, null));
        long fresh = open(wlan);
        assertEquals(OK, wlan.WlanEnumInterfaces(fresh, null, new Ref<>()));
        assertEquals(OK, wlan.WlanCloseHandle(fresh, null));
    }

    @TestTemplate
    void WL_04_serviceKilledMidNotificationFloodDoesNotHang(TestBackend b) throws Exception {
        WlanService service = scriptable(b);
        UUID wifi = service.addInterface("Flooded Wi-Fi");
        WlanApi wlan = WlanApi.of(b.session());
        long h = open(wlan);
        AtomicInteger delivered = new AtomicInteger();
        CountDownLatch first = new CountDownLatch(1);
        assertEquals(OK, wlan.WlanRegisterNotification(h, WLAN_NOTIFICATION_SOURCE_MSM, false, (d, c) -> {
            delivered.incrementAndGet();
            first.countDown();
        }, null, null, null));
        CompletableFuture<Integer> flood = CompletableFuture.supplyAsync(() -> service.broadcast(
                WLAN_NOTIFICATION_SOURCE_MSM, WlanApi.wlan_notification_msm_signal_quality_change, wifi,
                new byte[] {50, 0, 0, 0}, 20_000));
        assertTrue(first.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        service.crash();
        flood.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(Win32Error.RPC_S_SERVER_UNAVAILABLE.code(), awaitFailure(() -> wlan.WlanEnumInterfaces(h, null, new Ref<>())));
        assertEquals(OK, wlan.WlanCloseHandle(h, null));
        int atClose = delivered.get();
        Thread.sleep(50);
        assertEquals(atClose, delivered.get(), "nothing delivered after close returned");
    }

    @TestTemplate
    void WL_04_hungServiceGivesRpcCallFailedAndCloseDoesNotHang(TestBackend b) throws Exception {
        Session session = b.open(x -> x.property("teardown.wlan.rpcTimeoutMillis", "300"));
        WlanService service = scriptableService(b, session);
        WlanApi wlan = WlanApi.of(session);
        long h = open(wlan);
        service.freeze();
        try {
            long t0 = System.nanoTime();
            assertEquals(Win32Error.RPC_S_CALL_FAILED.code(), wlan.WlanEnumInterfaces(h, null, new Ref<>()));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < WAIT.toMillis(), "the call gave up");
            assertEquals(OK, wlan.WlanCloseHandle(h, null), "close does not need the service's answer");
        } finally {
            service.thaw();
        }
        long fresh = open(wlan);
        assertEquals(OK, wlan.WlanEnumInterfaces(fresh, null, new Ref<>()));
        assertEquals(OK, wlan.WlanCloseHandle(fresh, null));
    }

    // ---------------------------------------------------------------- WL-05

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

    // ---------------------------------------------------------------- WL-06

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

    // ---------------------------------------------------------------- WL-07

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

    // ---------------------------------------------------------------- WL-08

    @TestTemplate
    void WL_08_everyFunctionFailsWithInvalidHandleAfterClose(TestBackend b) {
        WlanApi wlan = WlanApi.of(b.session());
        long h = open(wlan);
        assertEquals(OK, wlan.WlanCloseHandle(h, null));
        UUID any = UUID.randomUUID();
        Ref<WLAN_INTERFACE_INFO_LIST> list = new Ref<>();
        assertEquals(INVALID_HANDLE, wlan.WlanEnumInterfaces(h, null, list));
        assertNull(list.value);
        assertEquals(INVALID_HANDLE, wlan.WlanScan(h, any, new DOT11_SSID("x"), null, null));
        assertEquals(INVALID_HANDLE, wlan.WlanGetAvailableNetworkList(h, any, 0, null, new Ref<>()));
        assertEquals(INVALID_HANDLE, wlan.WlanConnect(h, any, WLAN_CONNECTION_PARAMETERS.profile("x"), null));
        assertEquals(INVALID_HANDLE, wlan.WlanDisconnect(h, any, null));
        assertEquals(INVALID_HANDLE, wlan.WlanRegisterNotification(h, WLAN_NOTIFICATION_SOURCE_ACM, false,
                (d, c) -> { }, null, null, null));
        assertEquals(INVALID_HANDLE, wlan.WlanCloseHandle(h, null));
    }

    @TestTemplate
    void WL_08_closeRacingCallsOnOtherThreadsIsSafe(TestBackend b) throws Exception {
        WlanApi wlan = WlanApi.of(b.session());
        for (int round = 0; round < 10; round++) {
            long h = open(wlan);
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Integer>> users = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                users.add(CompletableFuture.supplyAsync(() -> {
                    await(go);
                    int last = OK;
                    for (int i = 0; i < 20 && last == OK; i++) {
                        last = wlan.WlanEnumInterfaces(h, null, new Ref<>());
                    }
                    return last;
                }));
            }
            go.countDown();
            assertEquals(OK, wlan.WlanCloseHandle(h, null));
            for (CompletableFuture<Integer> u : users) {
                int rc = u.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertTrue(rc == OK || rc == INVALID_HANDLE, "a call racing close returns 0 or 6, not " + rc);
            }
            assertEquals(INVALID_HANDLE, wlan.WlanEnumInterfaces(h, null, new Ref<>()));
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The session's emulated service; skips the test where the WLAN service cannot be scripted. */
    private static WlanService scriptable(TestBackend b) {
        return scriptableService(b, b.session());
    }

    private static WlanService scriptableService(TestBackend b, Session session) {
        Assumptions.assumeFalse(b.name().equals("native"),
                "Windows' own WLAN service cannot be scripted, stopped or crashed by a test");
        return WlanService.embedded(session);
    }

    private static long open(WlanApi wlan) {
        IntRef negotiated = new IntRef();
        LongRef h = new LongRef();
        assertEquals(OK, wlan.WlanOpenHandle(WlanApi.WLAN_API_VERSION_2_0, null, negotiated, h));
        return h.value;
    }

    private static WLAN_NOTIFICATION_DATA awaitCode(LinkedBlockingQueue<WLAN_NOTIFICATION_DATA> q, int source, int code,
                                                   UUID iface) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        for (;;) {
            WLAN_NOTIFICATION_DATA d = q.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (d == null) {
                throw new AssertionError("no notification " + source + "/" + code + " within " + WAIT);
            }
            if (d.NotificationSource == source && d.NotificationCode == code && iface.equals(d.InterfaceGuid)) {
                return d;
            }
        }
    }

    /** Repeats a call until it fails (the loss of a connection is seen asynchronously); returns the failure. */
    private static int awaitFailure(java.util.function.IntSupplier call) throws InterruptedException {
        AtomicLong end = new AtomicLong(System.nanoTime() + WAIT.toNanos());
        int rc;
        while ((rc = call.getAsInt()) == OK) {
            if (System.nanoTime() - end.get() > 0) {
                throw new AssertionError("the call kept succeeding");
            }
            Thread.sleep(5);
        }
        return rc;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

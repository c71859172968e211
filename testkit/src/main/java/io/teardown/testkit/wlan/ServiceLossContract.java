package io.teardown.testkit.wlan;

import static io.teardown.testkit.wlan.WlanCalls.INVALID_HANDLE;
import static io.teardown.testkit.wlan.WlanCalls.OK;
import static io.teardown.testkit.wlan.WlanCalls.WAIT;
import static io.teardown.testkit.wlan.WlanCalls.awaitFailure;
import static io.teardown.testkit.wlan.WlanCalls.open;
import static io.teardown.testkit.wlan.WlanCalls.scriptable;
import static io.teardown.testkit.wlan.WlanCalls.scriptableService;
import static io.teardown.wlan.WlanApi.WLAN_NOTIFICATION_SOURCE_ACM;
import static io.teardown.wlan.WlanApi.WLAN_NOTIFICATION_SOURCE_MSM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.wlan.WLAN_CONNECTION_PARAMETERS;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.service.WlanService;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WLAN contract, the service not running or lost (WL-04, <a href="https://github.com/teardown-io/teardown/blob/main/docs/wlan.md">docs/wlan.md</a>): 1062 before the version check,
 * RPC errors mid-session, and a close that still releases the handle without hanging, through the flat {@code
 * WlanApi} facade only; on the Netty backend the other end is the session's embedded {@link WlanService} over
 * its real loopback connection, which tests script (interfaces, networks, notification floods, stop and
 * crash); tests that must script it are skipped on a backend whose service cannot be scripted (Windows' own).
 *
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("wlan")
@Timeout(60)
public class ServiceLossContract {
    /** For JUnit and subclasses. */
    public ServiceLossContract() {
    }

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
}

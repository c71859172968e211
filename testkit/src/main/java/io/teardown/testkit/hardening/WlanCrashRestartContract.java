package io.teardown.testkit.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LeakTracking;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;

import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.service.WlanService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11, part 3 (WLAN): the service killed in the middle of a notification flood, with callbacks
 * running on several client handles, then restarted — twenty times in one session. Beyond the
 * contract's single crash (WL_04_serviceKilledMidNotificationFloodDoesNotHang): every old handle
 * reports an RPC error and still closes with 0 (WL-04), nothing is delivered after a close returned
 * (WL-05), new handles on the restarted service work and get notifications, and after the session
 * closes no thread, handle or descriptor is left. The service is the embedded one: skipped on the native backend.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("wlan")
@Timeout(120)
public class WlanCrashRestartContract {
    /** For JUnit and subclasses. */
    public WlanCrashRestartContract() {
    }

    @TestTemplate
    void WL_04_killedMidFloodAndRestartedTwentyTimes(TestBackend b) throws Exception {
        Assumptions.assumeFalse(b.name().equals("native"), "Windows' own WLAN service cannot be crashed by a test");
        int fds = ResourceProbe.openFileDescriptors();
        String name = "crash-restart-" + UUID.randomUUID();
        AtomicInteger late = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        try (Session s = Session.builder().backend(b.name()).name(name).leakTracking(LeakTracking.OFF)
                .property("teardown.wlan.rpcTimeoutMillis", "1000").build()) {
            WlanService service = WlanService.embedded(s);
            UUID wifi = service.addInterface("Crashing Wi-Fi");
            WlanApi wlan = WlanApi.of(s);
            for (int round = 0; round < 20; round++) {
                List<long[]> handles = new ArrayList<>(); // {value, closed flag}
                CountDownLatch flowing = new CountDownLatch(5);
                for (int i = 0; i < 5; i++) {
                    LongRef h = new LongRef();
                    assertEquals(0, wlan.WlanOpenHandle(2, null, new IntRef(), h), "round " + round);
                    long[] state = {h.value, 0};
                    handles.add(state);
                    assertEquals(0, wlan.WlanRegisterNotification(h.value, WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, false,
                            (d, c) -> {
                                if (state[1] != 0) {
                                    late.incrementAndGet();
                                }
                                delivered.incrementAndGet();
                                flowing.countDown();
                            }, null, null, null));
                }
                service.broadcast(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_scan_complete,
                        wifi, null, 500);
                assertTrue(flowing.await(10, TimeUnit.SECONDS), "notifications flow");
                service.crash();
                for (long[] h : handles) {
                    int rc = wlan.WlanEnumInterfaces(h[0], null, new Ref<>());
                    assertTrue(rc == Win32Error.RPC_S_SERVER_UNAVAILABLE.code() || rc == Win32Error.RPC_S_CALL_FAILED.code(),
                            "an RPC error after the crash: " + rc);
                    assertEquals(0, wlan.WlanCloseHandle(h[0], null), "WL-04: close still releases");
                    h[1] = 1;
                }
                service.start();
            }
            LongRef h = new LongRef();
            assertEquals(0, wlan.WlanOpenHandle(2, null, new IntRef(), h));
            assertEquals(0, wlan.WlanEnumInterfaces(h.value, null, new Ref<>()), "the restarted service serves");
            assertEquals(0, wlan.WlanCloseHandle(h.value, null));
            assertEquals(0, s.handles(HandleSpace.WLAN).size());
        }
        System.out.println("WLAN crash/restart: 20 crashes mid-flood, " + delivered.get()
                + " notifications delivered, late " + late.get());
        assertEquals(0, late.get(), "WL-05: nothing after a close returned");
        assertTrue(ResourceProbe.eventually(Duration.ofSeconds(15), () -> ResourceProbe.threadsNamed(name).isEmpty()),
                () -> "threads left: " + ResourceProbe.threadsNamed(name));
        if (fds >= 0) {
            assertTrue(ResourceProbe.eventually(Duration.ofSeconds(15), () -> ResourceProbe.openFileDescriptors() <= fds + ResourceProbe.DESCRIPTOR_SLACK),
                    () -> "descriptors: before " + fds + ", after " + ResourceProbe.openFileDescriptors());
        }
    }
}

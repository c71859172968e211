package io.teardown.backend.netty.wlan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LeakReport;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.service.WlanService;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nothing outlives a session: its callback threads, its connections and its embedded service's threads
 * end, and handles left open are reported and released.
 */
@Timeout(60)
class WlanLeakTest {
    @Test
    void closingASessionWithOpenFloodedHandlesLeavesNoThreadBehind() throws Exception {
        List<LeakReport> leaks = new CopyOnWriteArrayList<>();
        String name = "wlan-leak-" + UUID.randomUUID();
        WlanService service;
        try (Session session = Session.builder().backend("netty").name(name).leakListener(leaks::add).build()) {
            service = WlanService.embedded(session);
            UUID wifi = service.addInterface("Leaky Wi-Fi");
            WlanApi wlan = WlanApi.of(session);
            for (int i = 0; i < 20; i++) {
                LongRef h = new LongRef();
                assertEquals(0, wlan.WlanOpenHandle(2, null, new IntRef(), h));
                assertEquals(0, wlan.WlanRegisterNotification(h.value, WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, false,
                        (d, c) -> sleepQuietly(), null, null, null));
            }
            assertTrue(service.awaitClients(20, Duration.ofSeconds(10)));
            service.broadcast(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_scan_complete,
                    wifi, null, 2_000);
        }
        assertEquals(20, leaks.size(), "every handle left open is reported");
        assertEquals(0, service.clients());
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(n -> n.equals("wlan-callback-" + name)).toList();
            if (!left.isEmpty()) {
                Thread.sleep(10);
            }
        } while (!left.isEmpty() && System.nanoTime() - end < 0);
        assertEquals(List.of(), left, "callback threads ended with their handles");
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

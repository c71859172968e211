package io.teardown.backend.netty.wlan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.CloseEvent;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import io.teardown.wlan.WLAN_NOTIFICATION_DATA;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.WlanClient;
import io.teardown.wlan.WlanNetwork;
import io.teardown.wlan.service.WlanService;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The object API ({@link WlanClient}) on the Netty backend: same rules, {@link Win32Exception} for failures. */
@Timeout(30)
class WlanClientTest {
    @Test
    void clientScansConnectsAndCloses() throws Exception {
        List<CloseEvent> closes = new CopyOnWriteArrayList<>();
        try (Session session = Session.builder().backend("netty").build()) {
            session.closeEvents().addListener(closes::add);
            WlanService service = WlanService.embedded(session);
            UUID wifi = service.addInterface("Object API Wi-Fi");
            service.addNetwork(wifi, "Home", 77, true);
            LinkedBlockingQueue<WLAN_NOTIFICATION_DATA> seen = new LinkedBlockingQueue<>();
            long handle;
            try (WlanClient client = WlanClient.of(session)) {
                handle = client.handle();
                assertEquals(2, client.negotiatedVersion());
                assertEquals(wifi, client.interfaces().get(0).guid());
                client.onNotification(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, seen::add);
                client.scan(wifi);
                assertEquals(List.of(new WlanNetwork("Home", 77, true, false)), client.availableNetworks(wifi));
                client.connect(wifi, "Home");
                WLAN_NOTIFICATION_DATA d;
                do {
                    d = seen.poll(10, TimeUnit.SECONDS);
                } while (d != null && d.NotificationCode != WlanApi.wlan_notification_acm_connection_complete);
                assertTrue(d != null, "connection_complete arrived");
                assertTrue(client.availableNetworks(wifi).get(0).connected());
                client.disconnect(wifi);
                Win32Exception e = assertThrows(Win32Exception.class, () -> client.scan(UUID.randomUUID()));
                assertTrue(e.is(Win32Error.ERROR_NOT_FOUND));
            }
            assertEquals(1, closes.size());
            assertEquals("WlanCloseHandle", closes.get(0).function());
            assertEquals(handle, closes.get(0).handle());
            assertEquals(0, closes.get(0).error());
            assertEquals(0, session.leaksReported());
        }
    }

    @Test
    void closingInsideTheOwnCallbackThrowsPossibleDeadlock() throws Exception {
        try (Session session = Session.builder().backend("netty").build()) {
            WlanService service = WlanService.embedded(session);
            UUID wifi = service.addInterface("Reentrant");
            try (WlanClient client = WlanClient.of(session)) {
                CompletableFuture<Integer> code = new CompletableFuture<>();
                client.onNotification(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, n -> {
                    try {
                        client.close();
                        code.complete(0);
                    } catch (Win32Exception e) {
                        code.complete(e.code());
                    }
                });
                client.scan(wifi);
                assertEquals(Win32Error.ERROR_POSSIBLE_DEADLOCK.code(), code.get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void nioTransportSeesACrashAsServerUnavailable() throws Exception {
        try (Session session = Session.builder().backend("netty").property("teardown.netty.transport", "nio").build()) {
            WlanService service = WlanService.embedded(session);
            UUID wifi = service.addInterface("NIO Wi-Fi");
            try (WlanClient client = WlanClient.of(session)) {
                assertEquals(wifi, client.interfaces().get(0).guid());
                service.crash();
                Win32Exception e = null;
                for (int i = 0; i < 1000 && e == null; i++) {
                    try {
                        client.interfaces();
                        Thread.sleep(5);
                    } catch (Win32Exception failed) {
                        e = failed;
                    }
                }
                assertTrue(e != null && e.is(Win32Error.RPC_S_SERVER_UNAVAILABLE), String.valueOf(e));
            }
        }
    }

    @Test
    void openFailsWithTheFlatCode() {
        try (Session session = Session.builder().backend("netty").build()) {
            WlanService.embedded(session).stop();
            Win32Exception e = assertThrows(Win32Exception.class, () -> WlanClient.of(session));
            assertEquals(Win32Error.ERROR_SERVICE_NOT_ACTIVE.code(), e.code());
            WlanService.embedded(session).start();
            Win32Exception v = assertThrows(Win32Exception.class, () -> WlanClient.of(session, 3));
            assertEquals(Win32Error.ERROR_NOT_SUPPORTED.code(), v.code());
        }
    }
}

package io.teardown.examples.demo;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.wlan.WLAN_AVAILABLE_NETWORK;
import io.teardown.wlan.WLAN_AVAILABLE_NETWORK_LIST;
import io.teardown.wlan.WLAN_CONNECTION_PARAMETERS;
import io.teardown.wlan.WLAN_NOTIFICATION_DATA;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.service.WlanService;
import io.teardown.wlan.spi.WlanProviders;
import java.io.PrintWriter;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code teardown demo wlan}: starts the embedded WLAN service, scripts a scan and a connection, then
 * shows {@code WlanCloseHandle} waiting for a slow callback while the queued notifications are dropped
 * (WL-05, WL-06), a close refused inside its own callback with {@code ERROR_POSSIBLE_DEADLOCK} (WL-07),
 * and a stopped service (WL-04).
 */
public final class WlanDemo implements Demo {
    private static final int ACM = WlanApi.WLAN_NOTIFICATION_SOURCE_ACM;
    private static final int MSM = WlanApi.WLAN_NOTIFICATION_SOURCE_MSM;

    /** For {@link Demos}. */
    public WlanDemo() {
    }

    @Override
    public String name() {
        return "wlan";
    }

    @Override
    public String summary() {
        return "WlanCloseHandle: scan and connect on the embedded WLAN service, a close racing a slow callback,"
                + " a close refused inside a callback";
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        try (Session probe = Session.open()) {
            String chosen = WlanProviders.REGISTRY.select(probe).name();
            if (!chosen.equals("netty")) {
                out.println("The wlan backend here is '" + chosen + "'; this demo scripts the emulated WLAN service,"
                        + " so it uses the netty backend for wlan.");
            }
        }
        try (Session session = Session.builder().backend("wlan", "netty").build()) {
            run(session, out);
        }
        out.flush();
    }

    private static void run(Session session, PrintWriter out) throws Exception {
        WlanService service = WlanService.embedded(session);
        UUID wifi = service.addInterface("Demo Wi-Fi adapter");
        service.addNetwork(wifi, "HomeNet", 82, true);
        service.addNetwork(wifi, "CoffeeShop", 41, false);
        out.println("WLAN service: " + service);

        WlanApi wlan = WlanApi.of(session);
        IntRef negotiated = new IntRef();
        LongRef client = new LongRef();
        expect(0, wlan.WlanOpenHandle(WlanApi.WLAN_API_VERSION_2_0, null, negotiated, client), "WlanOpenHandle");
        out.printf("WlanOpenHandle(2) = 0: handle 0x%x, negotiated version %d%n", client.value, negotiated.value);

        LinkedBlockingQueue<WLAN_NOTIFICATION_DATA> seen = new LinkedBlockingQueue<>();
        expect(0, wlan.WlanRegisterNotification(client.value, ACM | MSM, false, (d, c) -> seen.add(d), null, null, null),
                "WlanRegisterNotification");

        expect(0, wlan.WlanScan(client.value, wifi, null, null, null), "WlanScan");
        await(seen, ACM, WlanApi.wlan_notification_acm_scan_complete);
        out.println("scan complete (ACM notification " + WlanApi.wlan_notification_acm_scan_complete + ")");
        Ref<WLAN_AVAILABLE_NETWORK_LIST> list = new Ref<>();
        expect(0, wlan.WlanGetAvailableNetworkList(client.value, wifi, 0, null, list), "WlanGetAvailableNetworkList");
        for (WLAN_AVAILABLE_NETWORK n : list.value.Network) {
            out.printf("  %-12s quality %3d %s%n", n.dot11Ssid.text(), n.wlanSignalQuality,
                    n.bSecurityEnabled ? "secured" : "open");
        }
        wlan.WlanFreeMemory(list.value);

        expect(0, wlan.WlanConnect(client.value, wifi, WLAN_CONNECTION_PARAMETERS.profile("HomeNet"), null), "WlanConnect");
        WLAN_NOTIFICATION_DATA done = await(seen, ACM, WlanApi.wlan_notification_acm_connection_complete);
        out.println("connected to HomeNet (connection_complete, reason " + done.dataAsUlong() + ")");
        service.setSignalQuality(wifi, "HomeNet", 30);
        WLAN_NOTIFICATION_DATA signal = await(seen, MSM, WlanApi.wlan_notification_msm_signal_quality_change);
        out.println("signal quality dropped to " + signal.dataAsUlong() + " (MSM signal_quality_change)");
        expect(0, wlan.WlanCloseHandle(client.value, null), "WlanCloseHandle");
        out.println("WlanCloseHandle = 0");

        closeRacingASlowCallback(session, service, wifi, out);
        closeInsideTheCallback(session, wifi, out);

        service.stop();
        int rc = wlan.WlanOpenHandle(2, null, new IntRef(), new LongRef());
        expect(Win32Error.ERROR_SERVICE_NOT_ACTIVE.code(), rc, "WlanOpenHandle with the service stopped");
        out.println("service stopped: WlanOpenHandle = " + rc + " (ERROR_SERVICE_NOT_ACTIVE)");
    }

    private static void closeRacingASlowCallback(Session session, WlanService service, UUID wifi, PrintWriter out)
            throws Exception {
        WlanApi wlan = WlanApi.of(session);
        LongRef h = new LongRef();
        expect(0, wlan.WlanOpenHandle(2, null, new IntRef(), h), "WlanOpenHandle");
        AtomicInteger delivered = new AtomicInteger();
        CountDownLatch entered = new CountDownLatch(1);
        expect(0, wlan.WlanRegisterNotification(h.value, ACM, false, (d, c) -> {
            delivered.incrementAndGet();
            entered.countDown();
            sleep(200); // a slow callback
        }, null, null, null), "WlanRegisterNotification");
        int flood = 10_000;
        service.broadcast(ACM, WlanApi.wlan_notification_acm_scan_complete, wifi, null, flood);
        if (!entered.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no notification arrived");
        }
        long t0 = System.nanoTime();
        expect(0, wlan.WlanCloseHandle(h.value, null), "WlanCloseHandle");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        int atClose = delivered.get();
        sleep(100);
        if (delivered.get() != atClose) {
            throw new IllegalStateException("a notification was delivered after WlanCloseHandle returned");
        }
        out.printf("close racing a slow callback: WlanCloseHandle = 0 after waiting %d ms for the running callback;"
                + " %d of %d notifications delivered, the rest dropped, none after the close%n", ms, atClose, flood);
    }

    private static void closeInsideTheCallback(Session session, UUID wifi, PrintWriter out) throws Exception {
        WlanApi wlan = WlanApi.of(session);
        LongRef h = new LongRef();
        expect(0, wlan.WlanOpenHandle(2, null, new IntRef(), h), "WlanOpenHandle");
        CompletableFuture<Integer> inside = new CompletableFuture<>();
        expect(0, wlan.WlanRegisterNotification(h.value, ACM, false,
                (d, c) -> inside.complete(wlan.WlanCloseHandle(h.value, null)), null, null, null),
                "WlanRegisterNotification");
        expect(0, wlan.WlanScan(h.value, wifi, null, null, null), "WlanScan");
        int rc = inside.get(10, TimeUnit.SECONDS);
        expect(Win32Error.ERROR_POSSIBLE_DEADLOCK.code(), rc, "WlanCloseHandle inside the callback");
        out.println("WlanCloseHandle inside its own callback = " + rc
                + " (ERROR_POSSIBLE_DEADLOCK; Windows would hang here)");
        expect(0, wlan.WlanCloseHandle(h.value, null), "WlanCloseHandle");
        out.println("the same handle closed from outside the callback: 0");
    }

    private static WLAN_NOTIFICATION_DATA await(LinkedBlockingQueue<WLAN_NOTIFICATION_DATA> q, int source, int code)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (;;) {
            WLAN_NOTIFICATION_DATA d = q.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (d == null) {
                throw new IllegalStateException("notification " + code + " did not arrive");
            }
            if (d.NotificationSource == source && d.NotificationCode == code) {
                return d;
            }
        }
    }

    private static void expect(int expected, int actual, String what) {
        if (expected != actual) {
            throw new IllegalStateException(what + " returned " + actual + " (" + Win32Error.describe(actual)
                    + "), expected " + expected);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

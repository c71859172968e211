package io.teardown.wlan.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.CloseEvent;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.wlan.DOT11_SSID;
import io.teardown.wlan.WLAN_AVAILABLE_NETWORK_LIST;
import io.teardown.wlan.WLAN_CONNECTION_PARAMETERS;
import io.teardown.wlan.WLAN_INTERFACE_INFO_LIST;
import io.teardown.wlan.WLAN_NOTIFICATION_CALLBACK;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.spi.WlanDriver;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The front's own decisions over a scripted driver: when the driver's client is released (a close racing
 * a call, WL-08), what a close reports (close events), and WL-07's deferral as a driver capability.
 */
@Timeout(10)
class WlanFrontTest {
    private final List<Session> sessions = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        sessions.forEach(Session::close);
    }

    private Session session(String... properties) {
        Session.Builder b = Session.builder();
        for (int i = 0; i < properties.length; i += 2) {
            b.property(properties[i], properties[i + 1]);
        }
        Session s = b.build();
        sessions.add(s);
        return s;
    }

    private static long open(WlanApi wlan) {
        LongRef h = new LongRef();
        assertEquals(0, wlan.WlanOpenHandle(2, null, new IntRef(), h));
        return h.value;
    }

    @Test
    void aCloseRacingACallReleasesTheClientWhenTheCallReturns() throws Exception {
        Session s = session();
        List<CloseEvent> closes = new CopyOnWriteArrayList<>();
        s.closeEvents().addListener(closes::add);
        ScriptedDriver driver = new ScriptedDriver(false);
        WlanApi wlan = new WlanFront(s, driver);
        long h = open(wlan);
        CompletableFuture<Integer> scan = CompletableFuture.supplyAsync(() -> wlan.WlanScan(h, UUID.randomUUID(), null, null, null));
        assertTrue(driver.insideScan.await(5, TimeUnit.SECONDS));
        assertEquals(0, wlan.WlanCloseHandle(h, null), "the close returns at once");
        assertEquals(List.of("open", "scan", "stop"), driver.calls, "released only once the call returns");
        assertEquals(6, wlan.WlanDisconnect(h, UUID.randomUUID(), null), "the value is invalid for new calls at once");
        driver.finishScan.countDown();
        assertEquals(0, scan.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("open", "scan", "stop", "release"), driver.calls);
        assertEquals(CloseEvent.Outcome.DEFERRED_BEHIND_CALL, closes.get(0).outcome());
        assertEquals("WlanClient", closes.get(0).type());
    }

    @Test
    void aCloseWithNothingInFlightReleasesAtOnceAndReportsHowItStopped() {
        Session s = session();
        List<CloseEvent> closes = new CopyOnWriteArrayList<>();
        s.closeEvents().addListener(closes::add);
        ScriptedDriver driver = new ScriptedDriver(false);
        WlanApi wlan = new WlanFront(s, driver);
        long h = open(wlan);
        driver.stopped = WlanDriver.Stopped.WAITED_FOR_CALLBACK;
        assertEquals(0, wlan.WlanCloseHandle(h, null));
        assertEquals(List.of("open", "release", "stop"), driver.calls);
        assertEquals(6, wlan.WlanCloseHandle(h, null));
        assertEquals(List.of(CloseEvent.Outcome.WAITED_FOR_CALLBACK, CloseEvent.Outcome.INVALID),
                closes.stream().map(CloseEvent::outcome).toList());
    }

    @Test
    void theDriversReleaseErrorIsTheCloseResult() {
        ScriptedDriver driver = new ScriptedDriver(false);
        driver.releaseError = 1722;
        WlanApi wlan = new WlanFront(session(), driver);
        long h = open(wlan);
        assertEquals(1722, wlan.WlanCloseHandle(h, null));
        assertEquals(6, wlan.WlanScan(h, UUID.randomUUID(), null, null, null), "the handle is gone all the same");
    }

    @Test
    void deferringACloseFromTheOwnCallbackNeedsADriverThatCan() {
        ScriptedDriver cannot = new ScriptedDriver(false);
        WlanApi refusing = new WlanFront(session(WlanFront.CLOSE_IN_CALLBACK_PROPERTY, "defer"), cannot);
        long h = open(refusing);
        cannot.inCallback = true;
        assertEquals(1131, refusing.WlanCloseHandle(h, null), "WL-07: refused whatever the setting");
        assertEquals(List.of("open"), cannot.calls, "nothing stopped, nothing released");

        ScriptedDriver can = new ScriptedDriver(true);
        WlanApi deferring = new WlanFront(session(WlanFront.CLOSE_IN_CALLBACK_PROPERTY, "defer"), can);
        long d = open(deferring);
        can.inCallback = true;
        can.stopped = WlanDriver.Stopped.FROM_OWN_CALLBACK;
        assertEquals(0, deferring.WlanCloseHandle(d, null));
        assertEquals(List.of("open", "release", "stop"), can.calls);

        ScriptedDriver byDefault = new ScriptedDriver(true);
        WlanApi refusingByDefault = new WlanFront(session(), byDefault);
        long r = open(refusingByDefault);
        byDefault.inCallback = true;
        assertEquals(1131, refusingByDefault.WlanCloseHandle(r, null), "refuse is the default");
    }

    @Test
    void aFailedOpenLeavesTheOutputsAndTheTableAlone() {
        ScriptedDriver driver = new ScriptedDriver(false);
        driver.openError = 1062;
        Session s = session();
        WlanApi wlan = new WlanFront(s, driver);
        IntRef negotiated = new IntRef();
        negotiated.value = -7;
        LongRef h = new LongRef();
        h.value = -9;
        assertEquals(1062, wlan.WlanOpenHandle(2, null, negotiated, h));
        assertEquals(-7, negotiated.value);
        assertEquals(-9, h.value);
        assertEquals(0, s.handles(io.teardown.api.HandleSpace.WLAN).size());
    }

    /** A driver that records what reached it; its scan can be held inside the call. */
    private static final class ScriptedDriver implements WlanDriver {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch insideScan = new CountDownLatch(1);
        final CountDownLatch finishScan = new CountDownLatch(1);
        final boolean defers;
        volatile boolean inCallback;
        volatile Stopped stopped = Stopped.IDLE;
        volatile int releaseError;
        volatile int openError;

        ScriptedDriver(boolean defers) {
            this.defers = defers;
        }

        @Override
        public Opened open(int dwClientVersion) {
            calls.add("open");
            if (openError != 0) {
                return new Opened.Failed(openError);
            }
            return new Opened.Session(new Client() {
                @Override
                public boolean inOwnCallback() {
                    return inCallback;
                }

                @Override
                public Stopped stopNotifications() {
                    calls.add("stop");
                    return stopped;
                }

                @Override
                public int release() {
                    calls.add("release");
                    return releaseError;
                }
            }, dwClientVersion);
        }

        @Override
        public boolean closesFromOwnCallback() {
            return defers;
        }

        @Override
        public int scan(Client client, UUID pInterfaceGuid, DOT11_SSID pDot11Ssid, byte[] pIeData) {
            calls.add("scan");
            insideScan.countDown();
            try {
                return finishScan.await(5, TimeUnit.SECONDS) ? 0 : 1460;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1460;
            }
        }

        @Override
        public int enumInterfaces(Client client, Ref<WLAN_INTERFACE_INFO_LIST> ppInterfaceList) {
            calls.add("enumInterfaces");
            return 0;
        }

        @Override
        public int getAvailableNetworkList(Client client, UUID pInterfaceGuid, int dwFlags,
                                           Ref<WLAN_AVAILABLE_NETWORK_LIST> ppAvailableNetworkList) {
            calls.add("getAvailableNetworkList");
            return 0;
        }

        @Override
        public int connect(Client client, UUID pInterfaceGuid, WLAN_CONNECTION_PARAMETERS pConnectionParameters) {
            calls.add("connect");
            return 0;
        }

        @Override
        public int disconnect(Client client, UUID pInterfaceGuid) {
            calls.add("disconnect");
            return 0;
        }

        @Override
        public int registerNotification(Client client, int dwNotifSource, boolean bIgnoreDuplicate,
                                        WLAN_NOTIFICATION_CALLBACK funcCallback, Object pCallbackContext,
                                        IntRef pdwPrevNotifSource) {
            calls.add("registerNotification");
            return 0;
        }
    }
}

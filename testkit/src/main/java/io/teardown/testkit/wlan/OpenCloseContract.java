package io.teardown.testkit.wlan;

import static io.teardown.testkit.wlan.WlanCalls.INVALID_HANDLE;
import static io.teardown.testkit.wlan.WlanCalls.INVALID_PARAMETER;
import static io.teardown.testkit.wlan.WlanCalls.OK;
import static io.teardown.testkit.wlan.WlanCalls.WAIT;
import static io.teardown.testkit.wlan.WlanCalls.awaitCode;
import static io.teardown.testkit.wlan.WlanCalls.open;
import static io.teardown.testkit.wlan.WlanCalls.scriptable;
import static io.teardown.wlan.WlanApi.WLAN_NOTIFICATION_SOURCE_ACM;
import static io.teardown.wlan.WlanApi.WLAN_NOTIFICATION_SOURCE_ALL;
import static io.teardown.wlan.WlanApi.WLAN_NOTIFICATION_SOURCE_MSM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Win32Error;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.wlan.WLAN_AVAILABLE_NETWORK_LIST;
import io.teardown.wlan.WLAN_CONNECTION_PARAMETERS;
import io.teardown.wlan.WLAN_INTERFACE_INFO_LIST;
import io.teardown.wlan.WLAN_NOTIFICATION_DATA;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.service.WlanService;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WLAN contract, opening and closing a client session (WL-01, <a href="https://github.com/teardown-io/teardown/blob/main/docs/wlan.md">docs/wlan.md</a>): version negotiation, the
 * connection to the service, independent sessions, notifications of scan, connect and disconnect, through the
 * flat {@code WlanApi} facade only; on the Netty backend the other end is the session's embedded {@link
 * WlanService} over its real loopback connection, which tests script (interfaces, networks, notification
 * floods, stop and crash); tests that must script it are skipped on a backend whose service cannot be
 * scripted (Windows' own).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("wlan")
@Timeout(60)
public class OpenCloseContract {
    /** For JUnit and subclasses. */
    public OpenCloseContract() {
    }

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
}

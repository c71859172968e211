package io.teardown.testkit.wlan;

import static io.teardown.wlan.WlanApi.WLAN_NOTIFICATION_SOURCE_ACM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.wlan.DOT11_SSID;
import io.teardown.wlan.WLAN_CONNECTION_PARAMETERS;
import io.teardown.wlan.WLAN_INTERFACE_INFO_LIST;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.front.WlanFront;
import io.teardown.wlan.spi.WlanDriver;
import java.util.List;
import java.util.UUID;

/**
 * The rules the WLAN front applies before any driver is reached (WL-02, WL-03), checked against the
 * front over a {@link RecordingWlanDriver}: a rejected value returns Windows' error and never reaches
 * the driver. Each check takes the driver of the backend under test, so the same checks run on the
 * portable engine, on the JNA driver on Windows, and on the JNA driver over recording bindings
 * anywhere. {@link WlanFrontContract} runs them on each backend.
 */
public final class WlanFrontRules {
    private static final int OK = 0;
    private static final int INVALID_PARAMETER = Win32Error.ERROR_INVALID_PARAMETER.code();
    private static final int INVALID_HANDLE = Win32Error.ERROR_INVALID_HANDLE.code();
    private static final List<String> NOTHING = List.of();

    private WlanFrontRules() {
    }

    /** WL-02: a NULL client handle gives 87 for every function, and nothing reaches the driver. */
    public static void nullHandleNeverReachesTheDriver(Session session, WlanDriver driver) {
        RecordingWlanDriver recorded = new RecordingWlanDriver(driver);
        WlanApi wlan = new WlanFront(session, recorded);
        everyCallGives(INVALID_PARAMETER, wlan, 0, null);
        assertEquals(NOTHING, recorded.calls(), "a NULL handle reached the driver");
    }

    /**
     * WL-02: a non-NULL {@code pReserved} gives 87 before the handle is looked up, for a live, a bogus
     * and a closed handle alike; the rejected close closes nothing, and nothing reaches the driver.
     */
    public static void reservedPointerNeverReachesTheDriver(Session session, WlanDriver driver) {
        RecordingWlanDriver recorded = new RecordingWlanDriver(driver);
        WlanApi wlan = new WlanFront(session, recorded);
        Object reserved = new Object();
        assertEquals(INVALID_PARAMETER, wlan.WlanOpenHandle(2, reserved, new IntRef(), new LongRef()));
        assertEquals(NOTHING, recorded.calls(), "a rejected WlanOpenHandle reached the driver");
        long h = open(wlan);
        recorded.clear();
        everyCallGives(INVALID_PARAMETER, wlan, h, reserved);
        everyCallGives(INVALID_PARAMETER, wlan, 0x7FFC, reserved);
        assertEquals(NOTHING, recorded.calls(), "a call with pReserved reached the driver");
        assertEquals(OK, wlan.WlanCloseHandle(h, null), "the rejected close closed nothing");
        assertEquals(List.of("release", "stopNotifications"), recorded.calls().stream().sorted().toList(),
                "the accepted close reached the driver, once");
        recorded.clear();
        everyCallGives(INVALID_PARAMETER, wlan, h, reserved);
        assertEquals(NOTHING, recorded.calls(), "87 wins over 6, and reaches nothing");
    }

    /**
     * WL-02: NULL interface GUIDs, out-pointers and connection parameters, a connection mode without
     * what it needs, an unknown mode or notification source and a source without a callback give 87 on
     * an open handle, and nothing reaches the driver.
     */
    public static void nullArgumentsNeverReachTheDriver(Session session, WlanDriver driver) {
        RecordingWlanDriver recorded = new RecordingWlanDriver(driver);
        WlanApi wlan = new WlanFront(session, recorded);
        assertEquals(INVALID_PARAMETER, wlan.WlanOpenHandle(2, null, null, new LongRef()));
        assertEquals(INVALID_PARAMETER, wlan.WlanOpenHandle(2, null, new IntRef(), null));
        assertEquals(NOTHING, recorded.calls(), "WlanOpenHandle without an out-pointer reached the driver");
        long h = open(wlan);
        recorded.clear();
        UUID any = UUID.randomUUID();
        assertEquals(INVALID_PARAMETER, wlan.WlanEnumInterfaces(h, null, null));
        assertEquals(INVALID_PARAMETER, wlan.WlanScan(h, null, null, null, null));
        assertEquals(INVALID_PARAMETER, wlan.WlanGetAvailableNetworkList(h, null, 0, null, new Ref<>()));
        assertEquals(INVALID_PARAMETER, wlan.WlanGetAvailableNetworkList(h, any, 0, null, null));
        assertEquals(INVALID_PARAMETER, wlan.WlanConnect(h, null, WLAN_CONNECTION_PARAMETERS.profile("x"), null));
        assertEquals(INVALID_PARAMETER, wlan.WlanConnect(h, any, null, null));
        WLAN_CONNECTION_PARAMETERS noProfile = WLAN_CONNECTION_PARAMETERS.profile("x");
        noProfile.strProfile = null;
        assertEquals(INVALID_PARAMETER, wlan.WlanConnect(h, any, noProfile, null), "profile mode without a profile");
        WLAN_CONNECTION_PARAMETERS noSsid = WLAN_CONNECTION_PARAMETERS.profile("x");
        noSsid.wlanConnectionMode = WlanApi.wlan_connection_mode_discovery_secure;
        noSsid.pDot11Ssid = null;
        assertEquals(INVALID_PARAMETER, wlan.WlanConnect(h, any, noSsid, null), "discovery without an SSID");
        WLAN_CONNECTION_PARAMETERS unknownMode = WLAN_CONNECTION_PARAMETERS.profile("x");
        unknownMode.wlanConnectionMode = 7;
        assertEquals(INVALID_PARAMETER, wlan.WlanConnect(h, any, unknownMode, null), "an unknown connection mode");
        assertEquals(INVALID_PARAMETER, wlan.WlanDisconnect(h, null, null));
        assertEquals(INVALID_PARAMETER, wlan.WlanRegisterNotification(h, WLAN_NOTIFICATION_SOURCE_ACM, false, null,
                null, null, null), "a source without a callback");
        assertEquals(INVALID_PARAMETER, wlan.WlanRegisterNotification(h, 0x10000, false, (d, c) -> { },
                null, null, null), "an unknown source");
        assertEquals(NOTHING, recorded.calls(), "a rejected argument reached the driver");
        assertEquals(OK, wlan.WlanCloseHandle(h, null));
    }

    /** WL-03: values that name no open client give 6 for every function, and nothing reaches the driver. */
    public static void unknownHandlesNeverReachTheDriver(Session session, WlanDriver driver) {
        RecordingWlanDriver recorded = new RecordingWlanDriver(driver);
        WlanApi wlan = new WlanFront(session, recorded);
        for (long bogus : new long[] {4, 0x1234, 0x7FFF_FFFCL, -1, -4, Long.MIN_VALUE, 0xDEAD_BEEF_0000L}) {
            everyCallGives(INVALID_HANDLE, wlan, bogus, null);
        }
        assertEquals(NOTHING, recorded.calls(), "an unknown handle reached the driver");
    }

    /**
     * WL-03, WL-08: once closed, a handle gives 6 for every function, a second close included, and
     * nothing reaches the driver; the close released the client exactly once.
     */
    public static void closedHandleNeverReachesTheDriver(Session session, WlanDriver driver) {
        RecordingWlanDriver recorded = new RecordingWlanDriver(driver);
        WlanApi wlan = new WlanFront(session, recorded);
        long h = open(wlan);
        assertEquals(OK, wlan.WlanCloseHandle(h, null));
        recorded.clear();
        Ref<WLAN_INTERFACE_INFO_LIST> list = new Ref<>();
        assertEquals(INVALID_HANDLE, wlan.WlanEnumInterfaces(h, null, list));
        assertNull(list.value, "the out-parameter stays untouched");
        everyCallGives(INVALID_HANDLE, wlan, h, null);
        assertEquals(NOTHING, recorded.calls(), "a closed handle reached the driver");
    }

    /** Calls every function that takes a client handle (the close last) and expects {@code error} from each. */
    private static void everyCallGives(int error, WlanApi wlan, long h, Object reserved) {
        UUID any = UUID.randomUUID();
        String at = " (handle 0x" + Long.toHexString(h) + ")";
        assertEquals(error, wlan.WlanEnumInterfaces(h, reserved, new Ref<>()), "WlanEnumInterfaces" + at);
        assertEquals(error, wlan.WlanScan(h, any, new DOT11_SSID("x"), null, reserved), "WlanScan" + at);
        assertEquals(error, wlan.WlanGetAvailableNetworkList(h, any, 0, reserved, new Ref<>()),
                "WlanGetAvailableNetworkList" + at);
        assertEquals(error, wlan.WlanConnect(h, any, WLAN_CONNECTION_PARAMETERS.profile("x"), reserved), "WlanConnect" + at);
        assertEquals(error, wlan.WlanDisconnect(h, any, reserved), "WlanDisconnect" + at);
        assertEquals(error, wlan.WlanRegisterNotification(h, WLAN_NOTIFICATION_SOURCE_ACM, false, (d, c) -> { },
                null, reserved, null), "WlanRegisterNotification" + at);
        assertEquals(error, wlan.WlanCloseHandle(h, reserved), "WlanCloseHandle" + at);
    }

    private static long open(WlanApi wlan) {
        IntRef negotiated = new IntRef();
        LongRef h = new LongRef();
        assertEquals(OK, wlan.WlanOpenHandle(WlanApi.WLAN_API_VERSION_2_0, null, negotiated, h));
        return h.value;
    }
}

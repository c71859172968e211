package io.teardown.testkit.wlan;

import static io.teardown.testkit.wlan.WlanCalls.INVALID_HANDLE;
import static io.teardown.testkit.wlan.WlanCalls.INVALID_PARAMETER;
import static io.teardown.testkit.wlan.WlanCalls.OK;
import static io.teardown.testkit.wlan.WlanCalls.open;
import static io.teardown.wlan.WlanApi.WLAN_NOTIFICATION_SOURCE_ACM;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.wlan.WLAN_CONNECTION_PARAMETERS;
import io.teardown.wlan.WLAN_INTERFACE_INFO_LIST;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.service.WlanService;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WLAN contract, bad arguments and unknown handles (WL-02, WL-03, <a href="https://github.com/teardown-io/teardown/blob/main/docs/wlan.md">docs/wlan.md</a>): a null handle or a
 * reserved pointer gives {@code ERROR_INVALID_PARAMETER} before the lookup, an unknown, closed or foreign
 * handle {@code ERROR_INVALID_HANDLE}, through the flat {@code WlanApi} facade only; on the Netty backend the
 * other end is the session's embedded {@link WlanService} over its real loopback connection, which tests
 * script (interfaces, networks, notification floods, stop and crash); tests that must script it are skipped
 * on a backend whose service cannot be scripted (Windows' own).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("wlan")
@Timeout(60)
public class HandleArgumentsContract {
    /** For JUnit and subclasses. */
    public HandleArgumentsContract() {
    }

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
}

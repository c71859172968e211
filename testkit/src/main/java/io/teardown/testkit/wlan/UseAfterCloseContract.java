package io.teardown.testkit.wlan;

import static io.teardown.testkit.wlan.WlanCalls.INVALID_HANDLE;
import static io.teardown.testkit.wlan.WlanCalls.OK;
import static io.teardown.testkit.wlan.WlanCalls.WAIT;
import static io.teardown.testkit.wlan.WlanCalls.await;
import static io.teardown.testkit.wlan.WlanCalls.open;
import static io.teardown.wlan.WlanApi.WLAN_NOTIFICATION_SOURCE_ACM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.Ref;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.wlan.DOT11_SSID;
import io.teardown.wlan.WLAN_CONNECTION_PARAMETERS;
import io.teardown.wlan.WLAN_INTERFACE_INFO_LIST;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.service.WlanService;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WLAN contract, use after close (WL-08, <a href="https://github.com/teardown-io/teardown/blob/main/docs/wlan.md">docs/wlan.md</a>): every function fails with {@code
 * ERROR_INVALID_HANDLE}, also racing the close on other threads, through the flat {@code WlanApi} facade
 * only; on the Netty backend the other end is the session's embedded {@link WlanService} over its real
 * loopback connection, which tests script (interfaces, networks, notification floods, stop and crash); tests
 * that must script it are skipped on a backend whose service cannot be scripted (Windows' own).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("wlan")
@Timeout(60)
public class UseAfterCloseContract {
    /** For JUnit and subclasses. */
    public UseAfterCloseContract() {
    }

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
}

package io.teardown.backend.windows.wlan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.Session;
import io.teardown.backend.windows.jna.RecordingWlanApi;
import io.teardown.backend.windows.jna.ThreadLocalLastError;
import io.teardown.testkit.wlan.WlanFrontRules;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The front's WL-02 and WL-03 checks ({@link WlanFrontRules}, the ones {@code WlanFrontContract} runs on
 * each backend) over the native driver and recording wlanapi bindings, on any OS: nothing the front
 * rejects reaches the driver, and so nothing reaches wlanapi but the open and the close.
 */
@Timeout(10)
class NativeWlanFrontRulesTest {
    private final RecordingWlanApi lib = new RecordingWlanApi(new ThreadLocalLastError());
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private final NativeWlanDriver driver = new NativeWlanDriver(lib, uncaught::add);
    private final Session session = Session.builder().name("native-wlan-front").build();

    @AfterEach
    void tearDown() {
        session.close();
        assertTrue(uncaught.isEmpty(), uncaught::toString);
    }

    /** What reached wlanapi, by function name. */
    private List<String> reached() {
        return lib.calls.stream().map(c -> c.substring(0, c.indexOf('('))).toList();
    }

    @Test
    void WL_02_nullHandleNeverReachesWlanapi() {
        WlanFrontRules.nullHandleNeverReachesTheDriver(session, driver);
        assertEquals(List.of(), reached());
    }

    @Test
    void WL_02_reservedPointerNeverReachesWlanapi() {
        WlanFrontRules.reservedPointerNeverReachesTheDriver(session, driver);
        assertEquals(List.of("WlanOpenHandle", "WlanCloseHandle"), reached());
    }

    @Test
    void WL_02_nullArgumentsNeverReachWlanapi() {
        WlanFrontRules.nullArgumentsNeverReachTheDriver(session, driver);
        assertEquals(List.of("WlanOpenHandle", "WlanCloseHandle"), reached());
    }

    @Test
    void WL_03_unknownHandlesNeverReachWlanapi() {
        WlanFrontRules.unknownHandlesNeverReachTheDriver(session, driver);
        assertEquals(List.of(), reached());
    }

    @Test
    void WL_03_closedHandleNeverReachesWlanapi() {
        WlanFrontRules.closedHandleNeverReachesTheDriver(session, driver);
        assertEquals(List.of("WlanOpenHandle", "WlanCloseHandle"), reached());
    }
}

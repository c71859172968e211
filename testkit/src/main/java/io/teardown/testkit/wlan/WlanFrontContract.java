package io.teardown.testkit.wlan;

import io.teardown.api.Session;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.wlan.spi.WlanDriver;
import io.teardown.wlan.spi.WlanProviders;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * WL-02 and WL-03 against the WLAN front over each backend's own driver, recorded
 * ({@link WlanFrontRules}): what the front rejects returns Windows' error and never reaches the driver,
 * on any backend. The flat-API view of the same rules is in {@link HandleArgumentsContract}.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("wlan")
@Timeout(60)
public class WlanFrontContract {
    /** For JUnit. */
    public WlanFrontContract() {
    }

    private static WlanDriver driver(Session session) {
        return WlanProviders.REGISTRY.select(session).create(session);
    }

    @TestTemplate
    void WL_02_nullHandleNeverReachesTheDriver(TestBackend b) {
        WlanFrontRules.nullHandleNeverReachesTheDriver(b.session(), driver(b.session()));
    }

    @TestTemplate
    void WL_02_reservedPointerNeverReachesTheDriverAndClosesNothing(TestBackend b) {
        WlanFrontRules.reservedPointerNeverReachesTheDriver(b.session(), driver(b.session()));
    }

    @TestTemplate
    void WL_02_nullArgumentsNeverReachTheDriver(TestBackend b) {
        WlanFrontRules.nullArgumentsNeverReachTheDriver(b.session(), driver(b.session()));
    }

    @TestTemplate
    void WL_03_unknownHandlesNeverReachTheDriver(TestBackend b) {
        WlanFrontRules.unknownHandlesNeverReachTheDriver(b.session(), driver(b.session()));
    }

    @TestTemplate
    void WL_03_closedHandleNeverReachesTheDriver(TestBackend b) {
        WlanFrontRules.closedHandleNeverReachesTheDriver(b.session(), driver(b.session()));
    }
}

package io.teardown.testkit.wininet;

import io.teardown.api.Session;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.wininet.spi.WinInetDriver;
import io.teardown.wininet.spi.WinInetProviders;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rules the WinINet front decides before any backend works (WI-02, WI-07, WI-08), run on every
 * backend with the backend's own driver behind a recorder ({@link WinInetFrontRules}): a value the front
 * rejects — an invalid or closed handle, a child of a closed parent, a handle of the wrong type, a bad
 * argument — returns Windows' error and never reaches the driver, and a close racing a call releases the
 * handle only when that call returns. The flat-API view of the same rules is in {@link WinInetContract}.
 * See <a href="https://github.com/teardown-io/teardown/blob/main/docs/wininet.md">docs/wininet.md</a>,
 * "Where the code is". Backends run it with a one-line subclass.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("wininet")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class WinInetFrontContract {
    /** For JUnit and the backends' subclasses. */
    public WinInetFrontContract() {
    }

    /** A new driver of the session's backend (the front over it closes it). */
    private static WinInetDriver driver(Session session) {
        return WinInetProviders.REGISTRY.select(session).create(session);
    }

    @TestTemplate
    void WI_08_invalidAndClosedHandlesNeverReachTheDriver(TestBackend b) {
        WinInetFrontRules.invalidAndClosedHandlesNeverReachTheDriver(b.session(), driver(b.session()));
    }

    @TestTemplate
    void WI_08_badArgumentsNeverReachTheDriver(TestBackend b) {
        WinInetFrontRules.badArgumentsNeverReachTheDriver(b.session(), driver(b.session()));
    }

    @TestTemplate
    void WI_02_childrenOfAClosedParentNeverReachTheDriver(TestBackend b) {
        WinInetFrontRules.childrenOfAClosedParentNeverReachTheDriver(b.session(), driver(b.session()));
    }

    @TestTemplate
    void WI_02_wrongHandleTypesNeverReachTheDriver(TestBackend b) {
        WinInetFrontRules.wrongHandleTypesNeverReachTheDriver(b.session(), driver(b.session()));
    }

    @TestTemplate
    void WI_07_aCloseRacingACallReleasesTheHandleWhenTheCallReturns(TestBackend b) throws Exception {
        WinInetFrontRules.aCloseRacingACallReleasesTheHandleWhenTheCallReturns(b.session(), driver(b.session()));
    }
}

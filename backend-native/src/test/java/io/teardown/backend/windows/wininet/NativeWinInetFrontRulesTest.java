package io.teardown.backend.windows.wininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.Session;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.RecordingWinInet;
import io.teardown.backend.windows.jna.ThreadLocalLastError;
import io.teardown.testkit.wininet.WinInetFrontRules;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The front's WI-02, WI-07 and WI-08 checks ({@link WinInetFrontRules}, the ones {@code WinInetFrontContract}
 * runs on each backend) over the native driver and recording wininet bindings, on any OS: nothing the
 * front rejects reaches the driver, and so nothing reaches wininet but the handles' creation and close.
 */
@Timeout(30)
class NativeWinInetFrontRulesTest {
    private static final long ROOT = 0xCC0004L;
    private static final long CONNECT = 0xCC0008L;
    private static final long REQUEST = 0xCC000CL;

    private final ThreadLocalLastError slot = new ThreadLocalLastError();
    private final RecordingWinInet lib = new RecordingWinInet(slot);
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private final Session session = Session.builder().name("native-wininet-front").build();
    private final NativeWinInetDriver driver = new NativeWinInetDriver(session, lib, new NativeCalls(slot), uncaught::add);

    @BeforeEach
    void script() {
        lib.answer("InternetOpen", ROOT, 0);
        lib.answer("InternetConnect", CONNECT, 0);
        lib.answer("HttpOpenRequest", REQUEST, 0);
        lib.answer("InternetCloseHandle", 1, null);
        lib.answer("HttpAddRequestHeaders", 1, null);
    }

    @AfterEach
    void tearDown() {
        session.close();
        assertTrue(uncaught.isEmpty(), uncaught::toString);
    }

    /** What reached wininet, by function name. */
    private List<String> reached() {
        return lib.calls.stream().map(c -> c.substring(0, c.indexOf('('))).toList();
    }

    @Test
    void WI_08_invalidAndClosedHandlesNeverReachWininet() {
        WinInetFrontRules.invalidAndClosedHandlesNeverReachTheDriver(session, driver);
        assertEquals(List.of("InternetOpen", "InternetConnect", "HttpOpenRequest", "InternetCloseHandle",
                "InternetCloseHandle"), reached(), "the request's close and the session's");
    }

    @Test
    void WI_08_badArgumentsNeverReachWininet() {
        WinInetFrontRules.badArgumentsNeverReachTheDriver(session, driver);
        assertEquals(List.of("InternetOpen", "InternetConnect", "HttpOpenRequest", "InternetCloseHandle"), reached());
    }

    @Test
    void WI_02_childrenOfAClosedParentNeverReachWininet() {
        WinInetFrontRules.childrenOfAClosedParentNeverReachTheDriver(session, driver);
        assertEquals(List.of("InternetOpen", "InternetConnect", "HttpOpenRequest", "InternetCloseHandle"), reached(),
                "WinINet closes the children with their parent");
    }

    @Test
    void WI_02_wrongHandleTypesNeverReachWininet() {
        WinInetFrontRules.wrongHandleTypesNeverReachTheDriver(session, driver);
        assertEquals(List.of("InternetOpen", "InternetConnect", "HttpOpenRequest", "InternetCloseHandle"), reached());
    }

    @Test
    void WI_07_theOsCloseWaitsForTheCallInFlight() throws Exception {
        WinInetFrontRules.aCloseRacingACallReleasesTheHandleWhenTheCallReturns(session, driver);
        assertEquals(List.of("InternetOpen", "InternetConnect", "HttpOpenRequest", "HttpAddRequestHeaders",
                "InternetCloseHandle", "InternetCloseHandle"), reached(), "the request's OS close after the call");
    }
}

package io.teardown.backend.windows.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.teardown.api.Session;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.RecordingWs2_32;
import io.teardown.backend.windows.jna.ThreadLocalLastError;
import io.teardown.backend.windows.kernel.FakeKernel;
import io.teardown.backend.windows.jna.Kernel32Library;
import io.teardown.testkit.winsock.WinsockFrontRules;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Winsock front's checks ({@link WinsockFrontRules}, the ones {@code WinsockFrontContract} runs on each
 * backend) over the native driver and recording ws2_32 bindings, on any OS: nothing the front rejects
 * reaches the driver, and so nothing reaches ws2_32 but the calls the rules make on purpose.
 */
@Timeout(10)
class NativeWinsockFrontRulesTest {
    private static final long OS_SOCKET = 0x200;
    private static final long OS_EVENT = 0x300;

    private final ThreadLocalLastError slot = new ThreadLocalLastError();
    private final RecordingWs2_32 lib = new RecordingWs2_32(slot);
    private final FakeKernel kernel = new FakeKernel(slot);
    private final Session session = Session.builder().name("native-winsock-front").build();
    private final NativeWinsockDriver driver = new NativeWinsockDriver(session, lib, kernel.as(Kernel32Library.class),
            new NativeCalls(slot));

    @BeforeEach
    void bindings() {
        lib.answer("socket", OS_SOCKET, 0);
        lib.answer("WSACreateEvent", OS_EVENT, 0);
        lib.answer("WSACloseEvent", 1, null);
        kernel.objects.put(OS_EVENT, "Event");
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    /** What reached ws2_32, by function name. */
    private List<String> reached() {
        return lib.calls.stream().map(c -> c.substring(0, c.indexOf('('))).toList();
    }

    @Test
    void WS_01_nothingReachesWs2_32BeforeStartup() {
        WinsockFrontRules.notStartedNeverReachesTheDriver(session, driver);
        assertEquals(List.of("WSAStartup", "socket", "closesocket", "WSACleanup"), reached(),
                "only the startup, the socket, its destruction by the final cleanup, and the cleanup");
    }

    @Test
    void WS_02_closedAndUnknownValuesNeverReachWs2_32() {
        WinsockFrontRules.closedAndUnknownValuesNeverReachTheDriver(session, driver);
        assertEquals(List.of("WSAStartup", "socket", "closesocket"), reached());
    }

    @Test
    void WS_02_kernelObjectsNeverReachWs2_32AsSockets() {
        WinsockFrontRules.kernelObjectsNeverReachTheSocketWork(session, driver);
        assertEquals(List.of("WSAStartup", "WSACreateEvent", "WSACloseEvent"), reached());
    }

    @Test
    void WS_08_badOptionSizesNeverReachWs2_32() {
        WinsockFrontRules.badOptionSizesNeverReachTheDriver(session, driver);
        assertEquals(List.of("WSAStartup", "socket", "socket", "closesocket", "closesocket"), reached());
    }
}

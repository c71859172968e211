package io.teardown.backend.windows.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.teardown.api.Session;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.RecordingWs2_32;
import io.teardown.backend.windows.jna.ThreadLocalLastError;
import io.teardown.backend.windows.kernel.FakeKernel;
import io.teardown.backend.windows.jna.Kernel32Library;
import io.teardown.testkit.winsock.WinsockFrontRules;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
    private final List<String> waits = new CopyOnWriteArrayList<>();
    private final NativeWinsockDriver driver = new NativeWinsockDriver(session, lib, waiting(kernel.as(Kernel32Library.class)),
            new NativeCalls(slot));

    /** The fake kernel, answering {@code WaitForMultipleObjects} too: the first handle is signalled. */
    private Kernel32Library waiting(Kernel32Library fake) {
        return (Kernel32Library) Proxy.newProxyInstance(Kernel32Library.class.getClassLoader(),
                new Class<?>[] {Kernel32Library.class}, (proxy, method, args) -> {
                    if (method.getName().equals("WaitForMultipleObjects")) {
                        waits.add("WaitForMultipleObjects(" + args[0] + ")");
                        return 0;
                    }
                    try {
                        return method.invoke(fake, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

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

    /**
     * KO-13: a rejected event value or wait count reaches neither ws2_32 nor kernel32; the calls on the open
     * event reach them with its OS handle.
     */
    @Test
    void KO_13_rejectedEventHandlesNeverReachWindows() {
        WinsockFrontRules.rejectedEventHandlesNeverReachTheDriver(session, driver);
        assertEquals(List.of("WSAStartup", "socket", "WSACreateEvent", "WSACreateEvent", "WSACloseEvent",
                "WSAEventSelect", "WSAEnumNetworkEvents", "WSAEventSelect", "WSACloseEvent",
                "getsockopt", "closesocket"), reached(), "(the socket is non-blocking: its close reads SO_LINGER, WS-07)");
        assertEquals(List.of("WaitForMultipleObjects(1)"), waits, "only the wait on the open event reached kernel32");
        assertEquals(List.of("SetEvent(0x300)", "ResetEvent(0x300)"), kernel.calls.stream()
                .filter(c -> c.startsWith("SetEvent") || c.startsWith("ResetEvent")).toList());
    }

    @Test
    void WS_08_badOptionSizesNeverReachWs2_32() {
        WinsockFrontRules.badOptionSizesNeverReachTheDriver(session, driver);
        assertEquals(List.of("WSAStartup", "socket", "socket", "closesocket", "closesocket"), reached());
    }
}

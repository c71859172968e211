package io.teardown.testkit.winsock;

import static io.teardown.winsock.Ws2_32.AF_INET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockDriver;
import io.teardown.winsock.spi.WinsockProviders;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rules the Winsock front decides before any backend works (WS-01, WS-02, WS-08, WS-15, and the event
 * values of KO-13), run on every
 * backend with the backend's own driver behind a recorder: each test checks what the flat call returns and
 * that a value or argument the front rejects never reaches the driver. The rules are in SEMANTICS.md; see
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>, "Where
 * the code is". Backends run it with a one-line subclass.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class WinsockFrontContract {
    /** For JUnit and the backends' subclasses. */
    public WinsockFrontContract() {
    }

    /** The session's backend driver: a second one, next to the session's own {@code Ws2_32}. */
    private static WinsockDriver<?> driver(Session s) {
        return WinsockProviders.REGISTRY.select(s).create(s);
    }

    @TestTemplate
    void WS_01_callsBeforeStartupNeverReachTheDriver(TestBackend b) {
        WinsockFrontRules.notStartedNeverReachesTheDriver(b.session(), driver(b.session()));
    }

    @TestTemplate
    void WS_02_closedAndUnknownValuesNeverReachTheDriver(TestBackend b) {
        WinsockFrontRules.closedAndUnknownValuesNeverReachTheDriver(b.session(), driver(b.session()));
    }

    @TestTemplate
    void WS_02_kernelObjectsNeverReachTheSocketWork(TestBackend b) {
        WinsockFrontRules.kernelObjectsNeverReachTheSocketWork(b.session(), driver(b.session()));
    }

    @TestTemplate
    void WS_08_badOptionSizesNeverReachTheDriver(TestBackend b) {
        WinsockFrontRules.badOptionSizesNeverReachTheDriver(b.session(), driver(b.session()));
    }

    /** KO-13: an event value or a wait count the front rejects never reaches the driver's event functions. */
    @TestTemplate
    void KO_13_rejectedEventHandlesNeverReachTheDriver(TestBackend b) {
        WinsockFrontRules.rejectedEventHandlesNeverReachTheDriver(b.session(), driver(b.session()));
    }

    /** WS-02: a {@code DuplicateHandle} copy of a socket is a kernel handle, no socket: nothing reaches the driver. */
    @TestTemplate
    void WS_02_duplicateHandleCopyNeverReachesTheDriver(TestBackend b) {
        Session session = b.session();
        WinsockFrontRules.Recorded r = WinsockFrontRules.front(session, driver(session));
        Ws2_32 ws = r.ws();
        Kernel32 k = Kernel32.of(session);
        assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
        long s = Wsa.tcp(ws, AF_INET);
        LongRef copy = new LongRef();
        long me = k.GetCurrentProcess();
        assertTrue(k.DuplicateHandle(me, s, me, copy, 0, false, Kernel32.DUPLICATE_SAME_ACCESS), "DuplicateHandle");
        assertNotEquals(s, copy.value);
        r.recorder().clear();
        WinsockFrontRules.everyCallFails(ws, copy.value, Win32Error.WSAENOTSOCK.code(), "a DuplicateHandle copy");
        assertEquals(List.of(), r.recorder().workNames(), "the copy reached no socket work");
        assertTrue(k.CloseHandle(copy.value), "the copy is an ordinary kernel handle");
        assertEquals(0, ws.closesocket(s), "the original is still a socket");
        assertEquals(List.of("beginClose"), r.recorder().workNames());
    }

    /**
     * WS-15: the closer choice. {@code CloseHandle} (the kernel front) closes a socket; afterwards the value
     * is no socket, and {@code closesocket} on it fails with WSAENOTSOCK without reaching the driver.
     */
    @TestTemplate
    void WS_15_aSocketClosedWithCloseHandleNeverReachesTheDriversClose(TestBackend b) {
        Session session = b.session();
        WinsockFrontRules.Recorded r = WinsockFrontRules.front(session, driver(session));
        Ws2_32 ws = r.ws();
        assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
        long s = Wsa.tcp(ws, AF_INET);
        assertTrue(Kernel32.of(session).CloseHandle(s), "CloseHandle on a socket returns non-zero (WS-15)");
        r.recorder().clear();
        WinsockFrontRules.everyCallFails(ws, s, Win32Error.WSAENOTSOCK.code(), "a socket closed with CloseHandle");
        assertEquals(List.of(), r.recorder().workNames(), "nothing reached the driver");
    }
}

package io.teardown.testkit.winsock;

import static io.teardown.winsock.Ws2_32.AF_INET;
import static io.teardown.winsock.Ws2_32.FIONBIO;
import static io.teardown.winsock.Ws2_32.INVALID_SOCKET;
import static io.teardown.winsock.Ws2_32.IPPROTO_TCP;
import static io.teardown.winsock.Ws2_32.SOCKET_ERROR;
import static io.teardown.winsock.Ws2_32.SOCK_STREAM;
import static io.teardown.winsock.Ws2_32.SOL_SOCKET;
import static io.teardown.winsock.Ws2_32.SO_LINGER;
import static io.teardown.winsock.Ws2_32.SO_RCVBUF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.winsock.WSAOVERLAPPED;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockDriver;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The checks the Winsock front makes before any driver works (WS-01, WS-02, WS-08, WS-15, and KO-13's event
 * values), written once
 * and run over any driver: each rule builds the front over a recorder of the given driver and asserts both
 * what the flat call returns and that nothing it rejected reached the driver. {@link WinsockFrontContract}
 * runs them on each backend's own driver; backend-native runs them over its driver on recording bindings
 * on every OS (the driver's own sockets and events are whatever the bindings answer). See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>, "Where the code is".
 */
public final class WinsockFrontRules {
    private static final short VERSION_2_2 = 0x0202;
    private static final int NOTSOCK = Win32Error.WSAENOTSOCK.code();
    private static final int EFAULT = Win32Error.WSAEFAULT.code();

    private WinsockFrontRules() {
    }

    /** The front over a recorder of {@code driver}; the session closes the recorder and the driver. */
    record Recorded(Ws2_32 ws, RecordingWinsockDriver recorder) {
    }

    static Recorded front(Session session, WinsockDriver<?> driver) {
        RecordingWinsockDriver recorder = RecordingWinsockDriver.over(driver);
        session.component(RecordingWinsockDriver.class, x -> recorder);
        return new Recorded(WinsockDriver.front(session, recorder.driver()), recorder);
    }

    private static void fails(Ws2_32 ws, int result, int error, String what) {
        int e = ws.WSAGetLastError();
        assertEquals(SOCKET_ERROR, result, what + " should fail");
        assertEquals(error, e, () -> what + ": expected " + Win32Error.describe(error) + " but got " + Win32Error.describe(e));
    }

    /** Every socket call on {@code value} with good arguments; each must fail with {@code error}. */
    static void everyCallFails(Ws2_32 ws, long value, int error, String what) {
        byte[] four = new byte[4];
        fails(ws, ws.send(value, four, 4, 0), error, "send(" + what + ")");
        fails(ws, ws.recv(value, four, 4, 0), error, "recv(" + what + ")");
        fails(ws, ws.shutdown(value, 1), error, "shutdown(" + what + ")");
        fails(ws, ws.listen(value, 5), error, "listen(" + what + ")");
        fails(ws, ws.bind(value, SockAddr.inet("127.0.0.1", 0)), error, "bind(" + what + ")");
        fails(ws, ws.ioctlsocket(value, FIONBIO, new IntRef()), error, "ioctlsocket(" + what + ")");
        fails(ws, ws.getsockopt(value, SOL_SOCKET, SO_RCVBUF, four, new IntRef(4)), error, "getsockopt(" + what + ")");
        fails(ws, ws.setsockopt(value, SOL_SOCKET, SO_RCVBUF, 4096), error, "setsockopt(" + what + ")");
        fails(ws, ws.WSASend(value, new WSABUF[] {new WSABUF(four)}, 1, new IntRef(), 0, null, null), error,
                "WSASend(" + what + ")");
        fails(ws, ws.WSAEventSelect(value, 0, 0), error, "WSAEventSelect(" + what + ")");
        assertEquals(INVALID_SOCKET, ws.accept(value, null, null), "accept(" + what + ")");
        assertEquals(error, ws.WSAGetLastError(), "accept(" + what + ")");
        Overlapped ov = new WSAOVERLAPPED();
        assertFalse(ws.WSAGetOverlappedResult(value, ov, new IntRef(), false, new IntRef()), "WSAGetOverlappedResult");
        assertEquals(error, ws.WSAGetLastError(), "WSAGetOverlappedResult(" + what + ")");
        fails(ws, ws.closesocket(value), error, "closesocket(" + what + ")");
    }

    /** WS-01: before {@code WSAStartup} and after the final {@code WSACleanup} nothing reaches the driver. */
    public static void notStartedNeverReachesTheDriver(Session session, WinsockDriver<?> driver) {
        Recorded r = front(session, driver);
        Ws2_32 ws = r.ws();
        int notInitialised = Win32Error.WSANOTINITIALISED.code();
        assertEquals(INVALID_SOCKET, ws.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
        assertEquals(notInitialised, ws.WSAGetLastError());
        everyCallFails(ws, 4, notInitialised, "before WSAStartup");
        fails(ws, ws.WSACleanup(), notInitialised, "WSACleanup before WSAStartup");
        assertEquals(List.of(), r.recorder().workNames(), "nothing reached the driver before WSAStartup");
        assertEquals(0, ws.WSAStartup(VERSION_2_2, new WSAData()));
        long s = ws.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        assertNotEquals(INVALID_SOCKET, s, () -> "socket: " + Win32Error.describe(ws.WSAGetLastError()));
        assertEquals(0, ws.WSACleanup());
        r.recorder().clear();
        everyCallFails(ws, s, notInitialised, "after the final WSACleanup");
        assertEquals(List.of(), r.recorder().workNames(), "nothing reached the driver after the final WSACleanup");
    }

    /**
     * WS-02: values that name no open socket — never issued, closed, garbage — fail with WSAENOTSOCK and
     * never reach the driver; a valid close reaches it once.
     */
    public static void closedAndUnknownValuesNeverReachTheDriver(Session session, WinsockDriver<?> driver) {
        Recorded r = front(session, driver);
        Ws2_32 ws = r.ws();
        assertEquals(0, ws.WSAStartup(VERSION_2_2, new WSAData()));
        long s = ws.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        assertNotEquals(INVALID_SOCKET, s, () -> "socket: " + Win32Error.describe(ws.WSAGetLastError()));
        assertEquals(0, ws.closesocket(s));
        assertEquals(1, r.recorder().callsOf("beginClose").size(), "a valid close reaches the driver once");
        r.recorder().clear();
        for (long bad : new long[] {s, 0, -1, 4, 0x7FFF_FFFCL, 0x1234_5678_9ABCL, Long.MIN_VALUE}) {
            everyCallFails(ws, bad, NOTSOCK, "0x" + Long.toHexString(bad));
        }
        assertEquals(List.of(), r.recorder().workNames(), "no rejected value reached the driver");
    }

    /**
     * WS-02, WS-15: a kernel object (an event) is no socket: every socket call on it fails with
     * WSAENOTSOCK without reaching the driver's socket work, and the event stays intact.
     */
    public static void kernelObjectsNeverReachTheSocketWork(Session session, WinsockDriver<?> driver) {
        Recorded r = front(session, driver);
        Ws2_32 ws = r.ws();
        assertEquals(0, ws.WSAStartup(VERSION_2_2, new WSAData()));
        long ev = ws.WSACreateEvent();
        assertNotEquals(0L, ev);
        r.recorder().clear();
        everyCallFails(ws, ev, NOTSOCK, "an event");
        assertEquals(List.of(), r.recorder().workNames(), "no socket work for a kernel object");
        assertTrue(ws.WSASetEvent(ev), "the event is intact");
        assertTrue(ws.WSACloseEvent(ev));
    }

    /**
     * KO-13: the event functions' values are resolved by the front as the kernel front resolves its own. A
     * value that names no open kernel handle — 0, a closed event, never issued, garbage — fails with
     * {@code WSA_INVALID_HANDLE} (6), and as the event of {@code WSAEventSelect}/{@code WSAEnumNetworkEvents}
     * with {@code WSAEINVAL}; a wait's count outside 1 … {@code WSA_MAXIMUM_WAIT_EVENTS} (or past the array)
     * with {@code WSA_INVALID_PARAMETER} (87), before any handle is looked at. None of them reaches the
     * driver; the same calls on an open event do.
     */
    public static void rejectedEventHandlesNeverReachTheDriver(Session session, WinsockDriver<?> driver) {
        Recorded r = front(session, driver);
        Ws2_32 ws = r.ws();
        assertEquals(0, ws.WSAStartup(VERSION_2_2, new WSAData()));
        long s = ws.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        assertNotEquals(INVALID_SOCKET, s, () -> "socket: " + Win32Error.describe(ws.WSAGetLastError()));
        long ev = ws.WSACreateEvent();
        long closed = ws.WSACreateEvent();
        assertNotEquals(Ws2_32.WSA_INVALID_EVENT, ev);
        assertTrue(ws.WSACloseEvent(closed));
        r.recorder().clear();
        int invalid = Win32Error.ERROR_INVALID_HANDLE.code();
        int einval = Win32Error.WSAEINVAL.code();
        for (long bad : new long[] {0, closed, 0x7FFF_FFFCL, 0x1234_5678_9ABCL, Long.MIN_VALUE}) {
            String what = "0x" + Long.toHexString(bad);
            boolFails(ws, ws.WSASetEvent(bad), invalid, "WSASetEvent(" + what + ")");
            boolFails(ws, ws.WSAResetEvent(bad), invalid, "WSAResetEvent(" + what + ")");
            boolFails(ws, ws.WSACloseEvent(bad), invalid, "WSACloseEvent(" + what + ")");
            waitFails(ws, ws.WSAWaitForMultipleEvents(1, new long[] {bad}, false, 0, false), invalid, what);
            waitFails(ws, ws.WSAWaitForMultipleEvents(2, new long[] {ev, bad}, true, 0, false), invalid,
                    "an open event and " + what);
            fails(ws, ws.WSAEventSelect(s, bad, Ws2_32.FD_READ), einval, "WSAEventSelect(" + what + ")");
            if (bad != 0) {
                fails(ws, ws.WSAEnumNetworkEvents(s, bad, new WSANETWORKEVENTS()), einval,
                        "WSAEnumNetworkEvents(" + what + ")");
            }
        }
        int parameter = Win32Error.ERROR_INVALID_PARAMETER.code();
        long[] many = new long[Ws2_32.WSA_MAXIMUM_WAIT_EVENTS + 1];
        java.util.Arrays.fill(many, ev);
        waitFails(ws, ws.WSAWaitForMultipleEvents(0, new long[] {ev}, false, 0, false), parameter, "no events");
        waitFails(ws, ws.WSAWaitForMultipleEvents(many.length, many, false, 0, false), parameter,
                "WSA_MAXIMUM_WAIT_EVENTS + 1 events");
        waitFails(ws, ws.WSAWaitForMultipleEvents(2, new long[] {ev}, false, 0, false), parameter, "a count past the array");
        waitFails(ws, ws.WSAWaitForMultipleEvents(1, null, false, 0, false), parameter, "a NULL array");
        waitFails(ws, ws.WSAWaitForMultipleEvents(2, new long[] {0, 0}, false, 0, false), invalid, "NULL handles");
        assertEquals(List.of(), r.recorder().workNames(), "no rejected event value or count reached the driver");

        assertTrue(ws.WSASetEvent(ev), "an open event reaches the driver");
        assertEquals(Ws2_32.WSA_WAIT_EVENT_0, ws.WSAWaitForMultipleEvents(1, new long[] {ev}, false, 0, false));
        assertTrue(ws.WSAResetEvent(ev));
        assertEquals(0, ws.WSAEventSelect(s, ev, Ws2_32.FD_READ), () -> "WSAEventSelect: " + ws.WSAGetLastError());
        assertEquals(0, ws.WSAEnumNetworkEvents(s, ev, new WSANETWORKEVENTS()));
        assertEquals(0, ws.WSAEventSelect(s, 0, 0), "0 with no events ends the selection");
        assertTrue(ws.WSACloseEvent(ev));
        assertEquals(List.of("setEvent", "waitForMultipleEvents", "resetEvent", "eventSelect", "enumNetworkEvents",
                "eventSelect", "closableEvent", "closedEvent"), r.recorder().workNames());
        boolFails(ws, ws.WSACloseEvent(ev), invalid, "a second WSACloseEvent");
        assertEquals(0, ws.closesocket(s));
    }

    private static void boolFails(Ws2_32 ws, boolean result, int error, String what) {
        int e = ws.WSAGetLastError();
        assertFalse(result, what + " should fail");
        assertEquals(error, e, () -> what + ": expected " + Win32Error.describe(error) + " but got " + Win32Error.describe(e));
    }

    private static void waitFails(Ws2_32 ws, int result, int error, String what) {
        int e = ws.WSAGetLastError();
        assertEquals(Ws2_32.WSA_WAIT_FAILED, result, "WSAWaitForMultipleEvents(" + what + ") should fail");
        assertEquals(error, e, () -> "WSAWaitForMultipleEvents(" + what + "): expected " + Win32Error.describe(error)
                + " but got " + Win32Error.describe(e));
    }

    /**
     * WS-08: a NULL option buffer or a length shorter than the option gives WSAEFAULT before the socket is
     * looked up (so also for a value that is no socket), and never reaches the driver; a data call's
     * buffer is checked after the lookup (a non-socket is WSAENOTSOCK whatever its buffer).
     */
    public static void badOptionSizesNeverReachTheDriver(Session session, WinsockDriver<?> driver) {
        Recorded r = front(session, driver);
        Ws2_32 ws = r.ws();
        assertEquals(0, ws.WSAStartup(VERSION_2_2, new WSAData()));
        long s = ws.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        assertNotEquals(INVALID_SOCKET, s, () -> "socket: " + Win32Error.describe(ws.WSAGetLastError()));
        r.recorder().clear();
        LongFunction<String> at = v -> v == s ? "a socket" : "a closed value";
        long closed = ws.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        assertEquals(0, ws.closesocket(closed));
        r.recorder().clear();
        for (long v : new long[] {s, closed}) {
            fails(ws, ws.setsockopt(v, SOL_SOCKET, SO_LINGER, null, 4), EFAULT, "NULL optval, " + at.apply(v));
            fails(ws, ws.setsockopt(v, SOL_SOCKET, SO_LINGER, new byte[4], 2), EFAULT, "short SO_LINGER, " + at.apply(v));
            fails(ws, ws.setsockopt(v, SOL_SOCKET, SO_LINGER, new byte[4], -1), EFAULT, "negative optlen, " + at.apply(v));
            fails(ws, ws.setsockopt(v, SOL_SOCKET, SO_LINGER, new byte[2], 4), EFAULT, "optlen past the buffer, " + at.apply(v));
            fails(ws, ws.setsockopt(v, SOL_SOCKET, SO_RCVBUF, new byte[2], 2), EFAULT, "short int, " + at.apply(v));
            fails(ws, ws.getsockopt(v, SOL_SOCKET, SO_LINGER, new byte[4], new IntRef(3)), EFAULT,
                    "short getsockopt, " + at.apply(v));
            fails(ws, ws.getsockopt(v, SOL_SOCKET, SO_LINGER, null, new IntRef(4)), EFAULT, "NULL buffer, " + at.apply(v));
            fails(ws, ws.getsockopt(v, SOL_SOCKET, SO_LINGER, new byte[4], null), EFAULT, "NULL optlen, " + at.apply(v));
        }
        fails(ws, ws.send(s, null, 1, 0), EFAULT, "send(NULL) on a socket");
        fails(ws, ws.recv(s, new byte[4], 5, 0), EFAULT, "recv past the buffer on a socket");
        fails(ws, ws.send(closed, null, 1, 0), NOTSOCK, "send(NULL) on a closed value: the lookup comes first");
        fails(ws, ws.WSASend(s, null, 1, new IntRef(), 0, null, null), EFAULT, "WSASend(NULL)");
        assertEquals(List.of(), r.recorder().workNames(), "no rejected argument reached the driver");
        assertEquals(0, ws.closesocket(s));
    }
}

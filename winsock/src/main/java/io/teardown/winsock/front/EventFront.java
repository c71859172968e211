package io.teardown.winsock.front;

import io.teardown.api.HandleSpace;
import io.teardown.api.LastError;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.front.HandleArgs;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockDriver;
import io.teardown.winsock.spi.WinsockEventCalls;

/**
 * The front of the event functions: {@code WSACreateEvent} … {@code WSAWaitForMultipleEvents}, which are
 * kernel32's under Winsock's names (KO-13: no {@code WSAStartup} needed), and the event argument of
 * {@code WSAEventSelect}/{@code WSAEnumNetworkEvents} (WS-10). Every event value is resolved once, as the
 * kernel front resolves its own ({@link HandleArgs}: pseudo and standard handles, the tag bits, invalid
 * versus stale and its misuse report), and leased for the call; only a resolved handle reaches the
 * driver's {@link WinsockEventCalls}. In Windows' order: a wait's count (1 …
 * {@code WSA_MAXIMUM_WAIT_EVENTS}, held by the array) first, {@code WSA_INVALID_PARAMETER} (87); then each
 * handle, {@code WSA_INVALID_HANDLE} (6) — {@code WSAEINVAL} for the event of {@code WSAEventSelect} and
 * {@code WSAEnumNetworkEvents}, after their socket. {@code WSACloseEvent} closes the value in the kernel
 * table when the driver says it names an event it may close (6 otherwise). See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>.
 */
final class EventFront<S extends WinsockDriver.Socket> {
    private static final int INVALID_HANDLE = Win32Error.ERROR_INVALID_HANDLE.code();
    private static final int EINVAL = Win32Error.WSAEINVAL.code();

    private final SocketCalls<S> calls;
    private final WinsockEventCalls<S> events;
    private final HandleArgs args;
    private final HandleTable<HandleEntry> table;
    private final LastError lastError;

    EventFront(Session session, SocketCalls<S> calls, WinsockEventCalls<S> events) {
        this.calls = calls;
        this.events = events;
        // A standard-handle constant stands for what the session's kernel32 says it is now (KO-04), so
        // WSASetEvent(h) and SetEvent(h) answer alike for every h.
        this.args = new HandleArgs(session, which -> Kernel32.of(session).GetStdHandle(which));
        this.table = session.handles(HandleSpace.KERNEL);
        this.lastError = session.lastError();
    }

    private boolean failed(int error) {
        lastError.set(error);
        return false;
    }

    /** {@code WSAEventSelect}: the socket, then the event (WSAEINVAL if it names no open handle, or is 0 while events are selected). */
    int eventSelect(long s, long hEventObject, int lNetworkEvents) {
        return calls.onSocket(s, sock -> {
            if (hEventObject == 0) {
                return lNetworkEvents == 0 ? events.eventSelect(sock, null, 0) : calls.fail(EINVAL);
            }
            Integer r = args.with("WSAEventSelect", hEventObject, null, ev -> events.eventSelect(sock, ev, lNetworkEvents));
            return r == null ? calls.fail(EINVAL) : r;
        });
    }

    /** {@code WSAEnumNetworkEvents}: the socket, the structure (WSAEFAULT), then the event to reset, if any (WSAEINVAL). */
    int enumNetworkEvents(long s, long hEventObject, WSANETWORKEVENTS lpNetworkEvents) {
        return calls.onSocket(s, sock -> {
            if (lpNetworkEvents == null) {
                return calls.fail(SocketCalls.EFAULT);
            }
            if (hEventObject == 0) {
                return events.enumNetworkEvents(sock, null, lpNetworkEvents);
            }
            Integer r = args.with("WSAEnumNetworkEvents", hEventObject, null,
                    ev -> events.enumNetworkEvents(sock, ev, lpNetworkEvents));
            return r == null ? calls.fail(EINVAL) : r;
        });
    }

    long createEvent() {
        return events.createEvent();
    }

    /**
     * {@code WSACloseEvent}: {@code CloseHandle} on an event. The value resolved and leased, the driver's
     * check, the value out of the table (invalid for every new call at once), then the lease ends and
     * the entry's reclaim closes the object — unless another call in flight still leases it, whose end
     * does (WS-14's rule for events).
     */
    boolean closeEvent(long hEvent) {
        HandleEntry[] closed = new HandleEntry[1];
        boolean ok = args.with("WSACloseEvent", hEvent, false, h -> {
            if (h.pseudo() || !events.closableEvent(h)) {
                return failed(INVALID_HANDLE); // a pseudo-handle, or no event this driver may close
            }
            closed[0] = table.close(h.value());
            return closed[0] != null || failed(INVALID_HANDLE); // closed by another thread meanwhile
        });
        if (!ok) {
            return false;
        }
        int rc = events.closedEvent(closed[0]);
        return rc == 0 || failed(rc);
    }

    boolean setEvent(long hEvent) {
        return args.with("WSASetEvent", hEvent, false, events::setEvent);
    }

    boolean resetEvent(long hEvent) {
        return args.with("WSAResetEvent", hEvent, false, events::resetEvent);
    }

    int waitForMultipleEvents(int cEvents, long[] lphEvents, boolean fWaitAll, int dwTimeout, boolean fAlertable) {
        if (!HandleArgs.waitCount(cEvents, lphEvents)) { // MAXIMUM_WAIT_OBJECTS == WSA_MAXIMUM_WAIT_EVENTS
            lastError.set(Win32Error.ERROR_INVALID_PARAMETER);
            return Ws2_32.WSA_WAIT_FAILED;
        }
        return args.withAll("WSAWaitForMultipleEvents", lphEvents, cEvents, Ws2_32.WSA_WAIT_FAILED,
                h -> events.waitForMultipleEvents(h, fWaitAll, dwTimeout, fAlertable));
    }
}

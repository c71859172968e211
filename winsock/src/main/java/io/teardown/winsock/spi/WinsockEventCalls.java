package io.teardown.winsock.spi;

import io.teardown.api.handle.HandleEntry;
import io.teardown.kernel.spi.ResolvedHandle;
import io.teardown.winsock.WSANETWORKEVENTS;

/**
 * The event functions behind the Winsock front, one object per driver ({@link WinsockDriver#events()}):
 * the network events of a socket the front resolved and leased (WS-10), and the event objects, which are
 * kernel32's under Winsock's names (KO-13: no {@code WSAStartup} needed). The front resolves every event
 * value once, as the kernel front resolves its own ({@code io.teardown.kernel.front.HandleArgs}): a value
 * that names no open kernel handle — zero, closed, never issued, stale — fails with
 * {@code WSA_INVALID_HANDLE} (6), or {@code WSAEINVAL} as {@code WSAEventSelect}'s and
 * {@code WSAEnumNetworkEvents}' event, and a wait's count outside 1 … {@code WSA_MAXIMUM_WAIT_EVENTS}
 * with {@code WSA_INVALID_PARAMETER} (87), before any method here is called. A method gets a
 * {@link ResolvedHandle} — a pseudo-handle, or an open entry of the session's kernel table leased for the
 * call — and checks what only the object can tell (is it an event?), setting the session's last error on
 * failure as the C function does. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>.
 *
 * @param <S> the driver's socket type
 */
public interface WinsockEventCalls<S extends WinsockDriver.Socket> {
    /**
     * {@code WSAEventSelect}'s work: {@code hEventObject} is the resolved event, or null when the caller
     * passed 0 with {@code lNetworkEvents} 0 (no selection). A handle that is no event fails with
     * {@code WSAEINVAL}.
     */
    int eventSelect(S s, ResolvedHandle hEventObject, int lNetworkEvents);

    /**
     * {@code WSAEnumNetworkEvents}' work; {@code lpNetworkEvents} is non-null, {@code hEventObject} the
     * resolved event to reset, or null when the caller passed 0. A handle that is no event fails with
     * {@code WSAEINVAL}.
     */
    int enumNetworkEvents(S s, ResolvedHandle hEventObject, WSANETWORKEVENTS lpNetworkEvents);

    /** {@code WSACreateEvent}: a manual-reset, non-signalled kernel event's table value, or {@code WSA_INVALID_EVENT}. */
    long createEvent();

    /**
     * {@code WSACloseEvent}'s check: whether {@code hEvent} is a handle this driver lets {@code WSACloseEvent}
     * close. If it is, the front takes the value out of the kernel table, and the entry's reclaim closes the
     * object when the front's lease ends; if not, the front fails with 6 and closes nothing.
     */
    boolean closableEvent(ResolvedHandle hEvent);

    /**
     * The result of the close of an event the front has taken out of the table, once its lease has ended
     * ({@code entry} is what the table held; its reclaim has run unless another call still leases it): 0,
     * or the error the operating system's close reported.
     */
    default int closedEvent(HandleEntry entry) {
        return 0;
    }

    /** {@code WSASetEvent}. */
    boolean setEvent(ResolvedHandle hEvent);

    /** {@code WSAResetEvent}. */
    boolean resetEvent(ResolvedHandle hEvent);

    /**
     * {@code WSAWaitForMultipleEvents} on {@code lphEvents}, which holds exactly the handles to wait for
     * (the front has checked the count and resolved each of them, in order).
     */
    int waitForMultipleEvents(ResolvedHandle[] lphEvents, boolean fWaitAll, int dwTimeout, boolean fAlertable);
}

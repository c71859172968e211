package io.teardown.winsock.spi;

import io.teardown.winsock.WSANETWORKEVENTS;

/**
 * The event functions behind the Winsock front, one object per driver ({@link WinsockDriver#events()}):
 * the network events of a socket the front resolved and leased (WS-10), and the event objects, which are
 * kernel32's under Winsock's names (KO-13: errors 6 and 87, no {@code WSAStartup} needed; each driver
 * resolves the event values itself). See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>.
 *
 * @param <S> the driver's socket type
 */
public interface WinsockEventCalls<S extends WinsockDriver.Socket> {
    /** {@code WSAEventSelect}'s work; {@code hEventObject} is the driver's to resolve (any kernel event, KO-13). */
    int eventSelect(S s, long hEventObject, int lNetworkEvents);

    /** {@code WSAEnumNetworkEvents}'s work; {@code lpNetworkEvents} is non-null. */
    int enumNetworkEvents(S s, long hEventObject, WSANETWORKEVENTS lpNetworkEvents);

    /** {@code WSACreateEvent}. */
    long createEvent();

    /** {@code WSACloseEvent}. */
    boolean closeEvent(long hEvent);

    /** {@code WSASetEvent}. */
    boolean setEvent(long hEvent);

    /** {@code WSAResetEvent}. */
    boolean resetEvent(long hEvent);

    /** {@code WSAWaitForMultipleEvents}. */
    int waitForMultipleEvents(int cEvents, long[] lphEvents, boolean fWaitAll, int dwTimeout, boolean fAlertable);
}

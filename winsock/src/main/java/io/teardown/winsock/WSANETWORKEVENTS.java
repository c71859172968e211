package io.teardown.winsock;

/**
 * {@code WSANETWORKEVENTS}, filled by {@link Ws2_32#WSAEnumNetworkEvents}: the {@code FD_*} bits recorded
 * since the last call and one error code per bit index ({@code FD_READ_BIT} … {@code FD_CLOSE_BIT}).
 */
public final class WSANETWORKEVENTS {
    /** The recorded {@code FD_*} bits. */
    public int lNetworkEvents;
    /** The error code per event bit index ({@code FD_MAX_EVENTS} entries). */
    public final int[] iErrorCode = new int[Ws2_32.FD_MAX_EVENTS];

    /** An empty structure. */
    public WSANETWORKEVENTS() {
    }
}

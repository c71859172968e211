package io.teardown.backend.windows.jna;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code WSANETWORKEVENTS} ({@code winsock2.h}): {@code long lNetworkEvents; int
 * iErrorCode[FD_MAX_EVENTS];} — 44 bytes ({@code long} is 32-bit on Windows). Filled by
 * {@code WSAEnumNetworkEvents}; rule WS-10 reads {@code iErrorCode[FD_CLOSE_BIT]}.
 */
@FieldOrder({"lNetworkEvents", "iErrorCode"})
public final class WSANETWORKEVENTS extends Structure {
    /** The {@code FD_*} bits that occurred. */
    public int lNetworkEvents;
    /** Per-event error, indexed by {@code FD_*_BIT}. */
    public int[] iErrorCode = new int[Ws2_32Library.FD_MAX_EVENTS];

    /** Empty, to pass to {@code WSAEnumNetworkEvents}. */
    public WSANETWORKEVENTS() {
    }
}

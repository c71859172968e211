package io.teardown.backend.windows.jna;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * Winsock's {@code struct linger} ({@code winsock.h}): two {@code u_short}, 4 bytes. Linux's is two
 * {@code int}s; passing that shape to {@code setsockopt(SO_LINGER)} on Windows fails with
 * {@code WSAEFAULT} or sets a garbage timeout. Rules WS-04 … WS-08.
 */
@FieldOrder({"l_onoff", "l_linger"})
public final class linger extends Structure {
    /** Non-zero: linger on close; read as unsigned ({@code Short.toUnsignedInt}). */
    public short l_onoff;
    /** Linger time in seconds; read as unsigned. */
    public short l_linger;

    /** Both members zero (Windows' default: graceful close, returns at once). */
    public linger() {
    }

    /** The given pair, as {@code setsockopt(SO_LINGER)} takes it. */
    public linger(int onoff, int seconds) {
        this.l_onoff = (short) onoff;
        this.l_linger = (short) seconds;
    }
}

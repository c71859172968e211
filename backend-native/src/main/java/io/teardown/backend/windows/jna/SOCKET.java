package io.teardown.backend.windows.jna;

import com.sun.jna.IntegerType;
import com.sun.jna.Native;

/**
 * Winsock's {@code SOCKET}: {@code UINT_PTR}, an unsigned pointer-sized integer (4 bytes on Win32,
 * 8 on Win64). {@code INVALID_SOCKET} is {@code ~0}.
 */
public final class SOCKET extends IntegerType {
    private static final long serialVersionUID = 1L;

    /**
     * {@code INVALID_SOCKET} ({@code ~0}) as {@link #longValue()} reads it: all pointer-size bits set
     * (a long, not a shared {@code SOCKET}, because {@link IntegerType} is mutable).
     */
    public static final long INVALID_SOCKET = Native.POINTER_SIZE == 8 ? -1L : 0xFFFF_FFFFL;

    /** Zero; JNA needs a public no-argument constructor to build return values. */
    public SOCKET() {
        this(0);
    }

    /** A socket with the given descriptor value. */
    public SOCKET(long value) {
        super(Native.POINTER_SIZE, value, true);
    }

    /** Whether this is {@code INVALID_SOCKET}. */
    public boolean isInvalid() {
        return longValue() == INVALID_SOCKET;
    }
}

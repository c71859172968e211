package io.teardown.backend.windows.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;

/**
 * Conversions between the facades' handle values ({@code long}, as {@code HANDLE}/{@code SOCKET}/
 * {@code HINTERNET} are in the flat API) and the binding types. Windows treats handle values as
 * sign-extended ({@code HandleToLong}/{@code LongToHandle}): on Win32 the pseudo-handle
 * {@code GetCurrentProcess()} is {@code 0xFFFFFFFF} natively and {@code -1} here, as on Win64 (KO-04).
 */
public final class NativeHandles {
    private NativeHandles() {
    }

    /** The {@code HANDLE} for a value; 0 gives {@code null} (NULL). */
    public static HANDLE handle(long value) {
        return value == 0 ? null : new HANDLE(new Pointer(value));
    }

    /** The value of a {@code HANDLE}; {@code null} (NULL) gives 0. */
    public static long value(HANDLE handle) {
        return handle == null ? 0 : signExtend(Pointer.nativeValue(handle.getPointer()), Native.POINTER_SIZE);
    }

    /** The {@code HINTERNET} for a value (0: NULL). */
    public static HINTERNET hinternet(long value) {
        return value == 0 ? new HINTERNET() : new HINTERNET(new Pointer(value));
    }

    /** The value of a {@code HINTERNET}; {@code null} or NULL gives 0. */
    public static long value(HINTERNET handle) {
        return handle == null ? 0 : signExtend(handle.value(), Native.POINTER_SIZE);
    }

    /** The {@code SOCKET} for a descriptor value ({@code INVALID_SOCKET} is -1 as a long). */
    public static SOCKET socket(long value) {
        return new SOCKET(Native.POINTER_SIZE == 8 ? value : value & 0xFFFF_FFFFL);
    }

    /** The descriptor value of a {@code SOCKET}; {@code INVALID_SOCKET} gives -1 on every pointer size. */
    public static long value(SOCKET socket) {
        return signExtend(socket.longValue(), Native.POINTER_SIZE);
    }

    /** A native pointer-sized value as Windows reads it: sign-extended from {@code pointerSize} bytes. */
    static long signExtend(long value, int pointerSize) {
        return pointerSize == 8 ? value : (long) (int) value;
    }
}

package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.PointerType;

/**
 * WinINet's {@code HINTERNET} ({@code LPVOID}): pointer-sized, NULL on failure. A distinct type so a
 * kernel {@code HANDLE} cannot be passed to a WinINet function by mistake.
 */
public final class HINTERNET extends PointerType {
    /** NULL; JNA needs a public no-argument constructor to build return values. */
    public HINTERNET() {
    }

    /** Wraps a native handle value. */
    public HINTERNET(Pointer p) {
        super(p);
    }

    /** The handle's numeric value (0 for NULL), the key {@link CallbackKeeper}s use. */
    public long value() {
        return Pointer.nativeValue(getPointer());
    }

    /** Whether this is NULL (the failure result of the functions that return a handle). */
    public boolean isNull() {
        return getPointer() == null;
    }
}

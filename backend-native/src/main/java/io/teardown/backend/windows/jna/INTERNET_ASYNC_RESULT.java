package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.platform.win32.BaseTSD.ULONG_PTR;

/**
 * {@code INTERNET_ASYNC_RESULT} ({@code wininet.h}): {@code DWORD_PTR dwResult; DWORD dwError;} — 16
 * bytes on Win64. The status information of {@code INTERNET_STATUS_REQUEST_COMPLETE} and
 * {@code HANDLE_CREATED} (WI-04, WI-10).
 */
@FieldOrder({"dwResult", "dwError"})
public final class INTERNET_ASYNC_RESULT extends Structure {
    /** A BOOL result or a new handle, depending on the request. */
    public ULONG_PTR dwResult;
    /** The error when the request failed (e.g. 12017 when cancelled). */
    public int dwError;

    /** Empty. */
    public INTERNET_ASYNC_RESULT() {
    }

    /** Reads the structure a status callback received. */
    public INTERNET_ASYNC_RESULT(Pointer p) {
        super(p);
        read();
    }
}

package io.teardown.backend.windows.jna;

import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.win32.StdCallLibrary;

/**
 * kernelbase: the functions Windows exports from KernelBase.dll only (API set
 * {@code api-ms-win-core-handle-l1-1-0}), not from kernel32. Loaded on first use, so a Windows build
 * without the export fails that one call (the facade reports {@code ERROR_PROC_NOT_FOUND}) instead of
 * the whole backend. See docs/native-backend.md.
 */
public interface KernelBaseLibrary extends StdCallLibrary {
    /** The DLL this interface binds (BindingAbiTest checks each export against it). */
    String DLL = "kernelbase";
    /** {@code ERROR_MOD_NOT_FOUND}: what the loader reports when the DLL itself is missing. */
    int ERROR_MOD_NOT_FOUND = 126;
    /** {@code ERROR_PROC_NOT_FOUND}: what {@code GetProcAddress} reports for a missing export. */
    int ERROR_PROC_NOT_FOUND = 127;

    /** Loads kernelbase (Windows only). */
    static KernelBaseLibrary load() {
        return WindowsOnly.load(DLL, KernelBaseLibrary.class);
    }

    /** {@code BOOL CompareObjectHandles(HANDLE, HANDLE)} (Windows 10+): do both name one object (KO-02)? */
    boolean CompareObjectHandles(HANDLE hFirstObjectHandle, HANDLE hSecondObjectHandle);
}

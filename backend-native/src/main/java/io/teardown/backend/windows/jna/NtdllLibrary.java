package io.teardown.backend.windows.jna;

import com.sun.jna.win32.StdCallLibrary;

/**
 * ntdll: the one function the native kernel facade needs from the native API layer (KO-17).
 * {@code GetQueuedCompletionStatusEx} reports each packet's status as the NTSTATUS Windows keeps in
 * {@code OVERLAPPED.Internal}; the Java {@code Overlapped} holds the Win32 error number instead
 * (docs/kernel-objects.md), so the facade converts with the function Windows itself uses.
 * Loaded on first use. See docs/native-backend.md.
 */
public interface NtdllLibrary extends StdCallLibrary {
    /** The DLL this interface binds (BindingAbiTest checks each export against it). */
    String DLL = "ntdll";

    /** Loads ntdll (Windows only). */
    static NtdllLibrary load() {
        return WindowsOnly.load(DLL, NtdllLibrary.class);
    }

    /** {@code ULONG RtlNtStatusToDosError(NTSTATUS Status)}: the Win32 error an NTSTATUS maps to. */
    int RtlNtStatusToDosError(int Status);
}

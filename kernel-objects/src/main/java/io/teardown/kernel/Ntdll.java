package io.teardown.kernel;

import io.teardown.api.LongRef;
import io.teardown.api.Session;

/**
 * The flat face of ntdll's handle functions: the same close as {@link Kernel32#CloseHandle}, seen as an
 * {@code NTSTATUS} (KO-17). Exact C names and parameter order; HANDLE is {@code long}, NTSTATUS and
 * ULONG are {@code int}. These functions never set the last error. Works over the session's
 * {@link Kernel32}, so it means the same on every backend. See docs/kernel-objects.md.
 */
public interface Ntdll {
    /** {@code STATUS_SUCCESS}. */
    int STATUS_SUCCESS = 0;
    /** {@code STATUS_PENDING}. */
    int STATUS_PENDING = 0x103;
    /** {@code STATUS_INVALID_HANDLE}: an invalid, closed or NULL value (KO-03). */
    int STATUS_INVALID_HANDLE = 0xC0000008;
    /** {@code STATUS_INVALID_PARAMETER}. */
    int STATUS_INVALID_PARAMETER = 0xC000000D;
    /** {@code STATUS_ACCESS_DENIED}. */
    int STATUS_ACCESS_DENIED = 0xC0000022;
    /** {@code STATUS_NOT_SUPPORTED}. */
    int STATUS_NOT_SUPPORTED = 0xC00000BB;
    /** {@code STATUS_CANCELLED}: an I/O operation was cancelled (Win32: {@code ERROR_OPERATION_ABORTED}). */
    int STATUS_CANCELLED = 0xC0000120;
    /** {@code STATUS_HANDLE_NOT_CLOSABLE}: the handle is protected from close (KO-12). */
    int STATUS_HANDLE_NOT_CLOSABLE = 0xC0000235;
    /** {@code STATUS_CONNECTION_ABORTED} (Win32: {@code ERROR_CONNECTION_ABORTED}, 1236). */
    int STATUS_CONNECTION_ABORTED = 0xC0000241;
    /** {@code OBJ_INHERIT}: {@code NtDuplicateObject}'s attribute for an inheritable copy. */
    int OBJ_INHERIT = 0x2;
    /** {@code DUPLICATE_CLOSE_SOURCE}. */
    int DUPLICATE_CLOSE_SOURCE = Kernel32.DUPLICATE_CLOSE_SOURCE;
    /** {@code DUPLICATE_SAME_ACCESS}. */
    int DUPLICATE_SAME_ACCESS = Kernel32.DUPLICATE_SAME_ACCESS;

    /** The session's {@code Ntdll}, over its {@link Kernel32}. */
    static Ntdll of(Session session) {
        return session.component(Ntdll.class, s -> new NtdllOverKernel32(Kernel32.of(s)));
    }

    /**
     * Closes a handle: {@link #STATUS_SUCCESS} for a valid handle and for the pseudo-handles −1 … −6,
     * {@link #STATUS_INVALID_HANDLE} for an invalid, closed or NULL value (the standard-handle constants
     * are not translated here), {@link #STATUS_HANDLE_NOT_CLOSABLE} for a protected one, which stays open.
     */
    int NtClose(long Handle);

    /** {@code DuplicateHandle} as an {@code NTSTATUS}; {@code HandleAttributes} takes {@link #OBJ_INHERIT}. */
    int NtDuplicateObject(long SourceProcessHandle, long SourceHandle, long TargetProcessHandle, LongRef TargetHandle,
                          int DesiredAccess, int HandleAttributes, int Options);

    /**
     * The Win32 error an {@code NTSTATUS} stands for (both close failures map to 6);
     * {@code ERROR_MR_MID_NOT_FOUND} (317) for a status without one.
     */
    int RtlNtStatusToDosError(int Status);
}

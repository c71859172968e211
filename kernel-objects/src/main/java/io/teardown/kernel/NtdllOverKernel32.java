package io.teardown.kernel;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import java.util.Map;

/**
 * {@link Ntdll} over a {@link Kernel32}: the one close, with its Win32 answer turned back into the
 * {@code NTSTATUS} Windows' {@code NtClose} returns (KO-17). The caller's last error is left as it was.
 */
final class NtdllOverKernel32 implements Ntdll {
    /** {@code ERROR_MR_MID_NOT_FOUND}: what Windows answers for a status it has no Win32 error for. */
    private static final int NO_MAPPING = 317;
    private static final Map<Integer, Integer> TO_DOS = Map.ofEntries(
            Map.entry(STATUS_SUCCESS, 0),
            Map.entry(STATUS_PENDING, 997),
            Map.entry(STATUS_INVALID_HANDLE, 6),
            Map.entry(STATUS_HANDLE_NOT_CLOSABLE, 6),
            Map.entry(STATUS_INVALID_PARAMETER, 87),
            Map.entry(STATUS_ACCESS_DENIED, 5),
            Map.entry(STATUS_NOT_SUPPORTED, 50),
            Map.entry(STATUS_CANCELLED, 995),
            Map.entry(STATUS_CONNECTION_ABORTED, 1236));
    private static final Map<Integer, Integer> FROM_DOS = Map.of(
            6, STATUS_INVALID_HANDLE,
            87, STATUS_INVALID_PARAMETER,
            5, STATUS_ACCESS_DENIED,
            50, STATUS_NOT_SUPPORTED);

    private final Kernel32 kernel;

    NtdllOverKernel32(Kernel32 kernel) {
        this.kernel = kernel;
    }

    @Override
    public int NtClose(long Handle) {
        if (Handle >= Kernel32.STD_ERROR_HANDLE && Handle <= Kernel32.STD_INPUT_HANDLE) {
            return STATUS_INVALID_HANDLE; // kernel32 translates these; ntdll does not
        }
        int saved = kernel.GetLastError();
        try {
            IntRef flags = new IntRef();
            if (kernel.GetHandleInformation(Handle, flags)
                    && (flags.value & Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE) != 0) {
                return STATUS_HANDLE_NOT_CLOSABLE; // KO-12: it stays open
            }
            return kernel.CloseHandle(Handle) ? STATUS_SUCCESS : STATUS_INVALID_HANDLE;
        } finally {
            kernel.SetLastError(saved);
        }
    }

    @Override
    public int NtDuplicateObject(long SourceProcessHandle, long SourceHandle, long TargetProcessHandle,
                                 LongRef TargetHandle, int DesiredAccess, int HandleAttributes, int Options) {
        int saved = kernel.GetLastError();
        try {
            if (kernel.DuplicateHandle(SourceProcessHandle, SourceHandle, TargetProcessHandle, TargetHandle,
                    DesiredAccess, (HandleAttributes & OBJ_INHERIT) != 0, Options)) {
                return STATUS_SUCCESS;
            }
            return FROM_DOS.getOrDefault(kernel.GetLastError(), STATUS_INVALID_PARAMETER);
        } finally {
            kernel.SetLastError(saved);
        }
    }

    @Override
    public int RtlNtStatusToDosError(int Status) {
        return TO_DOS.getOrDefault(Status, NO_MAPPING);
    }
}

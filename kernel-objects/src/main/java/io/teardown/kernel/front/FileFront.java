package io.teardown.kernel.front;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.api.ShortRef;
import io.teardown.kernel.FileIoCompletionRoutine;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.spi.KernelDriver;
import io.teardown.kernel.spi.ResolvedHandle;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * The part of {@link KernelFront} for files, mappings, pipes, mailslots and transacted files (KO-05,
 * KO-07, KO-08, KO-15, KO-16): every handle argument resolved once ({@link HandleArgs}) and the driver's
 * {@code FileCalls} given the leased entry, never a value that names no open kernel handle. The order of
 * checks, the same on every backend:
 * <ul>
 *   <li>{@code ReadFile}/{@code WriteFile}: the count out-parameter is set to 0 first; then the file
 *       (6), then the {@code OVERLAPPED}'s event if it has one (6, as {@code NtReadFile} references the
 *       event after the file); the buffer and the rest are the driver's.</li>
 *   <li>{@code ReadFileEx}/{@code WriteFileEx}: no {@code OVERLAPPED} or no routine is 87 before the
 *       file; {@code hEvent} is the caller's to use and is not looked at.</li>
 *   <li>{@code CreateFile}: a template, if given, must be an open kernel handle (6).
 *       {@code CreateFileTransacted}: the template if given, then the transaction — NULL included (6).</li>
 *   <li>{@code CreateFileMapping}: {@code INVALID_HANDLE_VALUE} is the paging file and no handle;
 *       anything else must be an open kernel handle (6).</li>
 *   <li>{@code ConnectNamedPipe}: an {@code OVERLAPPED} the backend cannot take is 120 before the
 *       pipe.</li>
 * </ul>
 * See <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is".
 */
abstract class FileFront extends PortFront {
    FileFront(Session session, KernelDriver driver) {
        super(session, driver);
    }

    @Override
    public long CreateFile(String lpFileName, int dwDesiredAccess, int dwShareMode,
                           SecurityAttributes lpSecurityAttributes, int dwCreationDisposition,
                           int dwFlagsAndAttributes, long hTemplateFile) {
        return args.withOptional("CreateFile", hTemplateFile, INVALID_HANDLE_VALUE, t -> driver.files().CreateFile(
                lpFileName, dwDesiredAccess, dwShareMode, lpSecurityAttributes, dwCreationDisposition,
                dwFlagsAndAttributes, t));
    }

    /**
     * Runs a {@code ReadFile}/{@code WriteFile} with the file and, with an {@code OVERLAPPED} that names
     * one, its event resolved; the count is 0 until the driver says otherwise.
     */
    private boolean transfer(String function, long hFile, IntRef count, Overlapped ov,
                             Function<ResolvedHandle, Function<ResolvedHandle, Boolean>> call) {
        if (count != null) {
            count.value = 0;
        }
        long event = ov == null ? 0 : ov.hEvent & ~3L; // the low bit says "no port packet", not "another handle"
        return args.with(function, hFile, false, f -> event == 0 ? call.apply(f).apply(null)
                : args.with(function, event, false, e -> call.apply(f).apply(e)));
    }

    @Override
    public boolean ReadFile(long hFile, byte[] lpBuffer, int nNumberOfBytesToRead, IntRef lpNumberOfBytesRead,
                            Overlapped lpOverlapped) {
        return transfer("ReadFile", hFile, lpNumberOfBytesRead, lpOverlapped, f -> e -> driver.files().ReadFile(f,
                lpBuffer, nNumberOfBytesToRead, lpNumberOfBytesRead, lpOverlapped, e));
    }

    @Override
    public boolean WriteFile(long hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, IntRef lpNumberOfBytesWritten,
                             Overlapped lpOverlapped) {
        return transfer("WriteFile", hFile, lpNumberOfBytesWritten, lpOverlapped, f -> e -> driver.files().WriteFile(f,
                lpBuffer, nNumberOfBytesToWrite, lpNumberOfBytesWritten, lpOverlapped, e));
    }

    @Override
    public boolean ReadFileEx(long hFile, byte[] lpBuffer, int nNumberOfBytesToRead, Overlapped lpOverlapped,
                              FileIoCompletionRoutine lpCompletionRoutine) {
        if (lpOverlapped == null || lpCompletionRoutine == null) {
            return fail(BAD_PARAMETER); // checked before the handle, on every backend
        }
        return args.with("ReadFileEx", hFile, false, f -> driver.files().ReadFileEx(f, lpBuffer, nNumberOfBytesToRead,
                lpOverlapped, lpCompletionRoutine));
    }

    @Override
    public boolean WriteFileEx(long hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, Overlapped lpOverlapped,
                               FileIoCompletionRoutine lpCompletionRoutine) {
        if (lpOverlapped == null || lpCompletionRoutine == null) {
            return fail(BAD_PARAMETER); // checked before the handle, on every backend
        }
        return args.with("WriteFileEx", hFile, false, f -> driver.files().WriteFileEx(f, lpBuffer,
                nNumberOfBytesToWrite, lpOverlapped, lpCompletionRoutine));
    }

    @Override
    public boolean SetFilePointerEx(long hFile, long liDistanceToMove, LongRef lpNewFilePointer, int dwMoveMethod) {
        return args.with("SetFilePointerEx", hFile, false, f -> driver.files().SetFilePointerEx(f, liDistanceToMove,
                lpNewFilePointer, dwMoveMethod));
    }

    @Override
    public boolean GetFileSizeEx(long hFile, LongRef lpFileSize) {
        return args.with("GetFileSizeEx", hFile, false, f -> driver.files().GetFileSizeEx(f, lpFileSize));
    }

    @Override
    public boolean FlushFileBuffers(long hFile) {
        return args.with("FlushFileBuffers", hFile, false, f -> driver.files().FlushFileBuffers(f));
    }

    @Override
    public long CreateFileMapping(long hFile, SecurityAttributes lpFileMappingAttributes, int flProtect,
                                  int dwMaximumSizeHigh, int dwMaximumSizeLow, String lpName) {
        if (hFile == INVALID_HANDLE_VALUE) {
            return driver.files().CreateFileMapping(null, lpFileMappingAttributes, flProtect, dwMaximumSizeHigh,
                    dwMaximumSizeLow, lpName); // backed by the paging file: no handle
        }
        return args.with("CreateFileMapping", hFile, 0L, f -> driver.files().CreateFileMapping(f,
                lpFileMappingAttributes, flProtect, dwMaximumSizeHigh, dwMaximumSizeLow, lpName));
    }

    @Override
    public long OpenFileMapping(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return driver.files().OpenFileMapping(dwDesiredAccess, bInheritHandle, lpName);
    }

    @Override
    public ByteBuffer MapViewOfFile(long hFileMappingObject, int dwDesiredAccess, int dwFileOffsetHigh,
                                    int dwFileOffsetLow, long dwNumberOfBytesToMap) {
        return args.with("MapViewOfFile", hFileMappingObject, null, m -> driver.files().MapViewOfFile(m,
                dwDesiredAccess, dwFileOffsetHigh, dwFileOffsetLow, dwNumberOfBytesToMap));
    }

    @Override
    public boolean UnmapViewOfFile(ByteBuffer lpBaseAddress) {
        return driver.files().UnmapViewOfFile(lpBaseAddress);
    }

    @Override
    public boolean CreatePipe(LongRef hReadPipe, LongRef hWritePipe, SecurityAttributes lpPipeAttributes, int nSize) {
        return driver.files().CreatePipe(hReadPipe, hWritePipe, lpPipeAttributes, nSize);
    }

    @Override
    public long CreateNamedPipe(String lpName, int dwOpenMode, int dwPipeMode, int nMaxInstances, int nOutBufferSize,
                                int nInBufferSize, int nDefaultTimeOut, SecurityAttributes lpSecurityAttributes) {
        return driver.files().CreateNamedPipe(lpName, dwOpenMode, dwPipeMode, nMaxInstances, nOutBufferSize,
                nInBufferSize, nDefaultTimeOut, lpSecurityAttributes);
    }

    @Override
    public boolean ConnectNamedPipe(long hNamedPipe, Overlapped lpOverlapped) {
        if (lpOverlapped != null && !driver.files().overlappedConnect()) {
            return fail(NOT_IMPLEMENTED); // a capability the backend lacks, before the handle
        }
        return args.with("ConnectNamedPipe", hNamedPipe, false, p -> driver.files().ConnectNamedPipe(p, lpOverlapped));
    }

    @Override
    public boolean DisconnectNamedPipe(long hNamedPipe) {
        return args.with("DisconnectNamedPipe", hNamedPipe, false, p -> driver.files().DisconnectNamedPipe(p));
    }

    @Override
    public long CreateMailslot(String lpName, int nMaxMessageSize, int lReadTimeout,
                               SecurityAttributes lpSecurityAttributes) {
        return driver.files().CreateMailslot(lpName, nMaxMessageSize, lReadTimeout, lpSecurityAttributes);
    }

    @Override
    public boolean GetMailslotInfo(long hMailslot, IntRef lpMaxMessageSize, IntRef lpNextSize, IntRef lpMessageCount,
                                   IntRef lpReadTimeout) {
        return args.with("GetMailslotInfo", hMailslot, false, m -> driver.files().GetMailslotInfo(m, lpMaxMessageSize,
                lpNextSize, lpMessageCount, lpReadTimeout));
    }

    @Override
    public long CreateFileTransacted(String lpFileName, int dwDesiredAccess, int dwShareMode,
                                     SecurityAttributes lpSecurityAttributes, int dwCreationDisposition,
                                     int dwFlagsAndAttributes, long hTemplateFile, long hTransaction,
                                     ShortRef pusMiniVersion, Object lpExtendedParameter) {
        return args.withOptional("CreateFileTransacted", hTemplateFile, INVALID_HANDLE_VALUE, t -> args.with(
                "CreateFileTransacted", hTransaction, INVALID_HANDLE_VALUE, x -> driver.files().CreateFileTransacted(
                        lpFileName, dwDesiredAccess, dwShareMode, lpSecurityAttributes, dwCreationDisposition,
                        dwFlagsAndAttributes, t, x, pusMiniVersion, lpExtendedParameter)));
    }
}

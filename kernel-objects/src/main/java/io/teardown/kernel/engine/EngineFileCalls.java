package io.teardown.kernel.engine;

import static io.teardown.kernel.Kernel32.INVALID_HANDLE_VALUE;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.ShortRef;
import io.teardown.api.Win32Error;
import io.teardown.kernel.FileIoCompletionRoutine;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.Win32FindData;
import io.teardown.kernel.spi.FileCalls;
import io.teardown.kernel.spi.ResolvedHandle;
import java.nio.ByteBuffer;

/**
 * The engine driver's part for the file functions ({@link FileCalls}): files, find handles, mappings,
 * pipes, mailslots, transacted files and the registry, done by {@link FileApi}, {@link FindApi},
 * {@link MappingApi}, {@link PipeApi} and {@link RegistryApi} on the handles the front has resolved. An
 * {@code OVERLAPPED}'s event is set by its table value when the operation completes (the front has
 * checked it names an open handle); a template file is accepted and not copied from. See
 * docs/kernel-objects.md.
 */
final class EngineFileCalls implements FileCalls {
    private final SyncApi sync;
    private final FileApi files;
    private final FindApi finds;
    private final MappingApi mappings;
    private final PipeApi pipes;
    private final RegistryApi registry;

    EngineFileCalls(SyncApi sync, FileApi files, FindApi finds, MappingApi mappings, PipeApi pipes, RegistryApi registry) {
        this.sync = sync;
        this.files = files;
        this.finds = finds;
        this.mappings = mappings;
        this.pipes = pipes;
        this.registry = registry;
    }

    @Override
    public long CreateFile(String lpFileName, int dwDesiredAccess, int dwShareMode, SecurityAttributes lpSecurityAttributes,
                           int dwCreationDisposition, int dwFlagsAndAttributes, ResolvedHandle hTemplateFile) {
        // The template's attributes and extended attributes are not copied: the portable engine has neither.
        return files.createFile(lpFileName, dwDesiredAccess, dwShareMode, lpSecurityAttributes, dwCreationDisposition,
                dwFlagsAndAttributes, null);
    }

    @Override
    public boolean ReadFile(ResolvedHandle hFile, byte[] lpBuffer, int nNumberOfBytesToRead, IntRef lpNumberOfBytesRead,
                            Overlapped lpOverlapped, ResolvedHandle hEvent) {
        return files.readFile(hFile, lpBuffer, nNumberOfBytesToRead, lpNumberOfBytesRead, lpOverlapped);
    }

    @Override
    public boolean WriteFile(ResolvedHandle hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, IntRef lpNumberOfBytesWritten,
                             Overlapped lpOverlapped, ResolvedHandle hEvent) {
        return files.writeFile(hFile, lpBuffer, nNumberOfBytesToWrite, lpNumberOfBytesWritten, lpOverlapped);
    }

    @Override
    public boolean SetFilePointerEx(ResolvedHandle hFile, long liDistanceToMove, LongRef lpNewFilePointer, int dwMoveMethod) {
        return files.setFilePointerEx(hFile, liDistanceToMove, lpNewFilePointer, dwMoveMethod);
    }

    @Override
    public boolean GetFileSizeEx(ResolvedHandle hFile, LongRef lpFileSize) {
        return files.getFileSizeEx(hFile, lpFileSize);
    }

    @Override
    public boolean FlushFileBuffers(ResolvedHandle hFile) {
        return files.flushFileBuffers(hFile);
    }

    @Override
    public long FindFirstFile(String lpFileName, Win32FindData lpFindFileData) {
        return finds.findFirstFile(lpFileName, lpFindFileData);
    }

    @Override
    public boolean FindNextFile(ResolvedHandle hFindFile, Win32FindData lpFindFileData) {
        return finds.findNextFile(hFindFile, lpFindFileData);
    }

    @Override
    public long CreateFileMapping(ResolvedHandle hFile, SecurityAttributes lpFileMappingAttributes, int flProtect,
                                  int dwMaximumSizeHigh, int dwMaximumSizeLow, String lpName) {
        return mappings.createFileMapping(hFile, lpFileMappingAttributes, flProtect, dwMaximumSizeHigh, dwMaximumSizeLow, lpName);
    }

    @Override
    public long OpenFileMapping(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return sync.openNamed(lpName, bInheritHandle, dwDesiredAccess, MappingObject.class);
    }

    @Override
    public ByteBuffer MapViewOfFile(ResolvedHandle hFileMappingObject, int dwDesiredAccess, int dwFileOffsetHigh,
                                    int dwFileOffsetLow, long dwNumberOfBytesToMap) {
        return mappings.mapViewOfFile(hFileMappingObject, dwDesiredAccess, dwFileOffsetHigh, dwFileOffsetLow, dwNumberOfBytesToMap);
    }

    @Override
    public boolean UnmapViewOfFile(ByteBuffer lpBaseAddress) {
        return mappings.unmapViewOfFile(lpBaseAddress);
    }

    @Override
    public boolean CreatePipe(LongRef hReadPipe, LongRef hWritePipe, SecurityAttributes lpPipeAttributes, int nSize) {
        return pipes.createPipe(hReadPipe, hWritePipe, EngineCalls.inherit(lpPipeAttributes));
    }

    @Override
    public long CreateNamedPipe(String lpName, int dwOpenMode, int dwPipeMode, int nMaxInstances, int nOutBufferSize,
                                int nInBufferSize, int nDefaultTimeOut, SecurityAttributes lpSecurityAttributes) {
        return pipes.createNamedPipe(lpName, dwOpenMode, nMaxInstances, EngineCalls.inherit(lpSecurityAttributes));
    }

    @Override
    public boolean ConnectNamedPipe(ResolvedHandle hNamedPipe, Overlapped lpOverlapped) {
        return pipes.connectNamedPipe(hNamedPipe, lpOverlapped);
    }

    @Override
    public boolean DisconnectNamedPipe(ResolvedHandle hNamedPipe) {
        return pipes.disconnectNamedPipe(hNamedPipe);
    }

    @Override
    public long CreateMailslot(String lpName, int nMaxMessageSize, int lReadTimeout, SecurityAttributes lpSecurityAttributes) {
        return pipes.createMailslot(lpName, nMaxMessageSize, lReadTimeout, EngineCalls.inherit(lpSecurityAttributes));
    }

    @Override
    public boolean GetMailslotInfo(ResolvedHandle hMailslot, IntRef lpMaxMessageSize, IntRef lpNextSize, IntRef lpMessageCount,
                                   IntRef lpReadTimeout) {
        return pipes.getMailslotInfo(hMailslot, lpMaxMessageSize, lpNextSize, lpMessageCount, lpReadTimeout);
    }

    @Override
    public boolean ReadFileEx(ResolvedHandle hFile, byte[] lpBuffer, int nNumberOfBytesToRead, Overlapped lpOverlapped,
                              FileIoCompletionRoutine lpCompletionRoutine) {
        return files.transfer(hFile, lpBuffer, nNumberOfBytesToRead, null, lpOverlapped, false,
                routine(lpCompletionRoutine), true);
    }

    @Override
    public boolean WriteFileEx(ResolvedHandle hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, Overlapped lpOverlapped,
                               FileIoCompletionRoutine lpCompletionRoutine) {
        return files.transfer(hFile, lpBuffer, nNumberOfBytesToWrite, null, lpOverlapped, true,
                routine(lpCompletionRoutine), true);
    }

    @Override
    public long CreateFileTransacted(String lpFileName, int dwDesiredAccess, int dwShareMode,
                                     SecurityAttributes lpSecurityAttributes, int dwCreationDisposition,
                                     int dwFlagsAndAttributes, ResolvedHandle hTemplateFile, ResolvedHandle hTransaction,
                                     ShortRef pusMiniVersion, Object lpExtendedParameter) {
        if (pusMiniVersion != null || lpExtendedParameter != null) {
            files.error(Win32Error.ERROR_INVALID_PARAMETER);
            return INVALID_HANDLE_VALUE;
        }
        return files.createFile(lpFileName, dwDesiredAccess, dwShareMode, lpSecurityAttributes, dwCreationDisposition,
                dwFlagsAndAttributes, hTransaction);
    }

    @Override
    public int RegOpenKeyEx(ResolvedHandle hKey, String lpSubKey, int ulOptions, int samDesired, LongRef phkResult) {
        return registry.regOpenKeyEx(hKey, lpSubKey, samDesired, phkResult, false, null);
    }

    @Override
    public int RegCreateKeyEx(ResolvedHandle hKey, String lpSubKey, int Reserved, String lpClass, int dwOptions, int samDesired,
                              SecurityAttributes lpSecurityAttributes, LongRef phkResult, IntRef lpdwDisposition) {
        return registry.regOpenKeyEx(hKey, lpSubKey, samDesired, phkResult, true, lpdwDisposition);
    }

    @Override
    public int RegSetValueEx(ResolvedHandle hKey, String lpValueName, int Reserved, int dwType, byte[] lpData, int cbData) {
        return registry.regSetValueEx(hKey, lpValueName, dwType, lpData, cbData);
    }

    @Override
    public int RegQueryValueEx(ResolvedHandle hKey, String lpValueName, IntRef lpReserved, IntRef lpType, byte[] lpData,
                               IntRef lpcbData) {
        return registry.regQueryValueEx(hKey, lpValueName, lpType, lpData, lpcbData);
    }

    private static CompletionRoutine routine(FileIoCompletionRoutine r) {
        return r == null ? null : r::invoke;
    }
}

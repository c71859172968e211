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
import java.nio.ByteBuffer;

/** The engine driver's part for the file functions ({@link FileCalls}): files, find handles, mappings, pipes, mailslots, transacted files and the registry, done by {@link FileApi}, {@link FindApi}, {@link MappingApi}, {@link PipeApi} and {@link RegistryApi}. See docs/kernel-objects.md. */
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
                           int dwCreationDisposition, int dwFlagsAndAttributes, long hTemplateFile) {
        return files.createFile(lpFileName, dwDesiredAccess, dwShareMode, lpSecurityAttributes, dwCreationDisposition,
                dwFlagsAndAttributes, 0);
    }

    @Override
    public boolean ReadFile(long hFile, byte[] lpBuffer, int nNumberOfBytesToRead, IntRef lpNumberOfBytesRead,
                            Overlapped lpOverlapped) {
        return files.readFile(hFile, lpBuffer, nNumberOfBytesToRead, lpNumberOfBytesRead, lpOverlapped);
    }

    @Override
    public boolean WriteFile(long hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, IntRef lpNumberOfBytesWritten,
                             Overlapped lpOverlapped) {
        return files.writeFile(hFile, lpBuffer, nNumberOfBytesToWrite, lpNumberOfBytesWritten, lpOverlapped);
    }

    @Override
    public boolean SetFilePointerEx(long hFile, long liDistanceToMove, LongRef lpNewFilePointer, int dwMoveMethod) {
        return files.setFilePointerEx(hFile, liDistanceToMove, lpNewFilePointer, dwMoveMethod);
    }

    @Override
    public boolean GetFileSizeEx(long hFile, LongRef lpFileSize) {
        return files.getFileSizeEx(hFile, lpFileSize);
    }

    @Override
    public boolean FlushFileBuffers(long hFile) {
        return files.flushFileBuffers(hFile);
    }

    @Override
    public long FindFirstFile(String lpFileName, Win32FindData lpFindFileData) {
        return finds.findFirstFile(lpFileName, lpFindFileData);
    }

    @Override
    public boolean FindNextFile(long hFindFile, Win32FindData lpFindFileData) {
        return finds.findNextFile(hFindFile, lpFindFileData);
    }

    @Override
    public boolean FindClose(long hFindFile) {
        return finds.findClose(hFindFile);
    }

    @Override
    public long CreateFileMapping(long hFile, SecurityAttributes lpFileMappingAttributes, int flProtect,
                                  int dwMaximumSizeHigh, int dwMaximumSizeLow, String lpName) {
        return mappings.createFileMapping(hFile, lpFileMappingAttributes, flProtect, dwMaximumSizeHigh, dwMaximumSizeLow, lpName);
    }

    @Override
    public long OpenFileMapping(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return sync.openNamed(lpName, bInheritHandle, dwDesiredAccess, MappingObject.class);
    }

    @Override
    public ByteBuffer MapViewOfFile(long hFileMappingObject, int dwDesiredAccess, int dwFileOffsetHigh,
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
    public boolean ConnectNamedPipe(long hNamedPipe, Overlapped lpOverlapped) {
        return pipes.connectNamedPipe(hNamedPipe, lpOverlapped);
    }

    @Override
    public boolean DisconnectNamedPipe(long hNamedPipe) {
        return pipes.disconnectNamedPipe(hNamedPipe);
    }

    @Override
    public long CreateMailslot(String lpName, int nMaxMessageSize, int lReadTimeout, SecurityAttributes lpSecurityAttributes) {
        return pipes.createMailslot(lpName, nMaxMessageSize, lReadTimeout, EngineCalls.inherit(lpSecurityAttributes));
    }

    @Override
    public boolean GetMailslotInfo(long hMailslot, IntRef lpMaxMessageSize, IntRef lpNextSize, IntRef lpMessageCount,
                                   IntRef lpReadTimeout) {
        return pipes.getMailslotInfo(hMailslot, lpMaxMessageSize, lpNextSize, lpMessageCount, lpReadTimeout);
    }

    @Override
    public boolean ReadFileEx(long hFile, byte[] lpBuffer, int nNumberOfBytesToRead, Overlapped lpOverlapped,
                              FileIoCompletionRoutine lpCompletionRoutine) {
        return files.transfer(hFile, lpBuffer, nNumberOfBytesToRead, null, lpOverlapped, false,
                routine(lpCompletionRoutine), true);
    }

    @Override
    public boolean WriteFileEx(long hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, Overlapped lpOverlapped,
                               FileIoCompletionRoutine lpCompletionRoutine) {
        return files.transfer(hFile, lpBuffer, nNumberOfBytesToWrite, null, lpOverlapped, true,
                routine(lpCompletionRoutine), true);
    }

    @Override
    public long CreateFileTransacted(String lpFileName, int dwDesiredAccess, int dwShareMode,
                                     SecurityAttributes lpSecurityAttributes, int dwCreationDisposition,
                                     int dwFlagsAndAttributes, long hTemplateFile, long hTransaction,
                                     ShortRef pusMiniVersion, Object lpExtendedParameter) {
        if (pusMiniVersion != null || lpExtendedParameter != null) {
            files.error(Win32Error.ERROR_INVALID_PARAMETER);
            return INVALID_HANDLE_VALUE;
        }
        return files.createFile(lpFileName, dwDesiredAccess, dwShareMode, lpSecurityAttributes, dwCreationDisposition,
                dwFlagsAndAttributes, hTransaction == 0 ? -1 : hTransaction);
    }

    @Override
    public int RegOpenKeyEx(long hKey, String lpSubKey, int ulOptions, int samDesired, LongRef phkResult) {
        return registry.regOpenKeyEx(hKey, lpSubKey, samDesired, phkResult, false, null);
    }

    @Override
    public int RegCreateKeyEx(long hKey, String lpSubKey, int Reserved, String lpClass, int dwOptions, int samDesired,
                              SecurityAttributes lpSecurityAttributes, LongRef phkResult, IntRef lpdwDisposition) {
        return registry.regOpenKeyEx(hKey, lpSubKey, samDesired, phkResult, true, lpdwDisposition);
    }

    @Override
    public int RegSetValueEx(long hKey, String lpValueName, int Reserved, int dwType, byte[] lpData, int cbData) {
        return registry.regSetValueEx(hKey, lpValueName, dwType, lpData, cbData);
    }

    @Override
    public int RegQueryValueEx(long hKey, String lpValueName, IntRef lpReserved, IntRef lpType, byte[] lpData,
                               IntRef lpcbData) {
        return registry.regQueryValueEx(hKey, lpValueName, lpType, lpData, lpcbData);
    }

    @Override
    public int RegCloseKey(long hKey) {
        return registry.regCloseKey(hKey);
    }

    private static CompletionRoutine routine(FileIoCompletionRoutine r) {
        return r == null ? null : r::invoke;
    }
}

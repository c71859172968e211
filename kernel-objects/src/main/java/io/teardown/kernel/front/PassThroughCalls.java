package io.teardown.kernel.front;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.ShortRef;
import io.teardown.api.Win32Error;
import io.teardown.kernel.FileIoCompletionRoutine;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.OverlappedEntry;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.Win32FindData;
import io.teardown.kernel.spi.KernelCalls;
import io.teardown.kernel.spi.KernelDriver;
import java.nio.ByteBuffer;

/**
 * The part of {@link KernelFront} for the functions of {@link KernelCalls} — files, find handles,
 * mappings, pipes, mailslots, transacted files, the registry, completion ports and overlapped results —
 * which the front still passes to the driver's families as they come, with the
 * raw handle values the driver resolves itself. The one check the front makes first is
 * {@code ReadFileEx}/{@code WriteFileEx}'s: no {@code OVERLAPPED} or no routine is 87, on every backend.
 * See <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is".
 */
abstract class PassThroughCalls implements Kernel32 {
    static final int BAD_PARAMETER = Win32Error.ERROR_INVALID_PARAMETER.code();

    final Session session;
    final KernelDriver driver;

    PassThroughCalls(Session session, KernelDriver driver) {
        this.session = session;
        this.driver = driver;
    }

    final boolean fail(int code) {
        session.lastError().set(code);
        return false;
    }

    @Override
    public long CreateFile(String lpFileName, int dwDesiredAccess, int dwShareMode,
                           SecurityAttributes lpSecurityAttributes, int dwCreationDisposition,
                           int dwFlagsAndAttributes, long hTemplateFile) {
        return driver.files().CreateFile(lpFileName, dwDesiredAccess, dwShareMode, lpSecurityAttributes,
                dwCreationDisposition, dwFlagsAndAttributes, hTemplateFile);
    }

    @Override
    public boolean ReadFile(long hFile, byte[] lpBuffer, int nNumberOfBytesToRead, IntRef lpNumberOfBytesRead,
                            Overlapped lpOverlapped) {
        return driver.files().ReadFile(hFile, lpBuffer, nNumberOfBytesToRead, lpNumberOfBytesRead, lpOverlapped);
    }

    @Override
    public boolean WriteFile(long hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, IntRef lpNumberOfBytesWritten,
                             Overlapped lpOverlapped) {
        return driver.files().WriteFile(hFile, lpBuffer, nNumberOfBytesToWrite, lpNumberOfBytesWritten, lpOverlapped);
    }

    @Override
    public boolean ReadFileEx(long hFile, byte[] lpBuffer, int nNumberOfBytesToRead, Overlapped lpOverlapped,
                              FileIoCompletionRoutine lpCompletionRoutine) {
        if (lpOverlapped == null || lpCompletionRoutine == null) {
            return fail(BAD_PARAMETER); // checked before the handle, on every backend
        }
        return driver.files().ReadFileEx(hFile, lpBuffer, nNumberOfBytesToRead, lpOverlapped, lpCompletionRoutine);
    }

    @Override
    public boolean WriteFileEx(long hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, Overlapped lpOverlapped,
                               FileIoCompletionRoutine lpCompletionRoutine) {
        if (lpOverlapped == null || lpCompletionRoutine == null) {
            return fail(BAD_PARAMETER); // checked before the handle, on every backend
        }
        return driver.files().WriteFileEx(hFile, lpBuffer, nNumberOfBytesToWrite, lpOverlapped, lpCompletionRoutine);
    }

    @Override
    public boolean SetFilePointerEx(long hFile, long liDistanceToMove, LongRef lpNewFilePointer, int dwMoveMethod) {
        return driver.files().SetFilePointerEx(hFile, liDistanceToMove, lpNewFilePointer, dwMoveMethod);
    }

    @Override
    public boolean GetFileSizeEx(long hFile, LongRef lpFileSize) {
        return driver.files().GetFileSizeEx(hFile, lpFileSize);
    }

    @Override
    public boolean FlushFileBuffers(long hFile) {
        return driver.files().FlushFileBuffers(hFile);
    }

    @Override
    public long FindFirstFile(String lpFileName, Win32FindData lpFindFileData) {
        return driver.files().FindFirstFile(lpFileName, lpFindFileData);
    }

    @Override
    public boolean FindNextFile(long hFindFile, Win32FindData lpFindFileData) {
        return driver.files().FindNextFile(hFindFile, lpFindFileData);
    }

    @Override
    public boolean FindClose(long hFindFile) {
        return driver.files().FindClose(hFindFile);
    }

    @Override
    public long CreateFileMapping(long hFile, SecurityAttributes lpFileMappingAttributes, int flProtect,
                                  int dwMaximumSizeHigh, int dwMaximumSizeLow, String lpName) {
        return driver.files().CreateFileMapping(hFile, lpFileMappingAttributes, flProtect, dwMaximumSizeHigh,
                dwMaximumSizeLow, lpName);
    }

    @Override
    public long OpenFileMapping(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return driver.files().OpenFileMapping(dwDesiredAccess, bInheritHandle, lpName);
    }

    @Override
    public ByteBuffer MapViewOfFile(long hFileMappingObject, int dwDesiredAccess, int dwFileOffsetHigh,
                                    int dwFileOffsetLow, long dwNumberOfBytesToMap) {
        return driver.files().MapViewOfFile(hFileMappingObject, dwDesiredAccess, dwFileOffsetHigh, dwFileOffsetLow,
                dwNumberOfBytesToMap);
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
        return driver.files().ConnectNamedPipe(hNamedPipe, lpOverlapped);
    }

    @Override
    public boolean DisconnectNamedPipe(long hNamedPipe) {
        return driver.files().DisconnectNamedPipe(hNamedPipe);
    }

    @Override
    public long CreateMailslot(String lpName, int nMaxMessageSize, int lReadTimeout,
                               SecurityAttributes lpSecurityAttributes) {
        return driver.files().CreateMailslot(lpName, nMaxMessageSize, lReadTimeout, lpSecurityAttributes);
    }

    @Override
    public boolean GetMailslotInfo(long hMailslot, IntRef lpMaxMessageSize, IntRef lpNextSize, IntRef lpMessageCount,
                                   IntRef lpReadTimeout) {
        return driver.files().GetMailslotInfo(hMailslot, lpMaxMessageSize, lpNextSize, lpMessageCount, lpReadTimeout);
    }

    @Override
    public long CreateIoCompletionPort(long FileHandle, long ExistingCompletionPort, long CompletionKey,
                                       int NumberOfConcurrentThreads) {
        return driver.ports().CreateIoCompletionPort(FileHandle, ExistingCompletionPort, CompletionKey,
                NumberOfConcurrentThreads);
    }

    @Override
    public boolean PostQueuedCompletionStatus(long CompletionPort, int dwNumberOfBytesTransferred,
                                              long dwCompletionKey, Overlapped lpOverlapped) {
        return driver.ports().PostQueuedCompletionStatus(CompletionPort, dwNumberOfBytesTransferred, dwCompletionKey,
                lpOverlapped);
    }

    @Override
    public boolean GetQueuedCompletionStatus(long CompletionPort, IntRef lpNumberOfBytesTransferred,
                                             LongRef lpCompletionKey, Ref<Overlapped> lpOverlapped,
                                             int dwMilliseconds) {
        return driver.ports().GetQueuedCompletionStatus(CompletionPort, lpNumberOfBytesTransferred, lpCompletionKey,
                lpOverlapped, dwMilliseconds);
    }

    @Override
    public boolean GetQueuedCompletionStatusEx(long CompletionPort, OverlappedEntry[] lpCompletionPortEntries,
                                               int ulCount, IntRef ulNumEntriesRemoved, int dwMilliseconds,
                                               boolean fAlertable) {
        return driver.ports().GetQueuedCompletionStatusEx(CompletionPort, lpCompletionPortEntries, ulCount,
                ulNumEntriesRemoved, dwMilliseconds, fAlertable);
    }

    @Override
    public boolean SetFileCompletionNotificationModes(long FileHandle, int Flags) {
        return driver.ports().SetFileCompletionNotificationModes(FileHandle, Flags);
    }

    @Override
    public boolean GetOverlappedResult(long hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred,
                                       boolean bWait) {
        return driver.ports().GetOverlappedResult(hFile, lpOverlapped, lpNumberOfBytesTransferred, bWait);
    }

    @Override
    public boolean GetOverlappedResultEx(long hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred,
                                         int dwMilliseconds, boolean bAlertable) {
        return driver.ports().GetOverlappedResultEx(hFile, lpOverlapped, lpNumberOfBytesTransferred, dwMilliseconds,
                bAlertable);
    }

    @Override
    public boolean CancelIo(long hFile) {
        return driver.ports().CancelIo(hFile);
    }

    @Override
    public boolean CancelIoEx(long hFile, Overlapped lpOverlapped) {
        return driver.ports().CancelIoEx(hFile, lpOverlapped);
    }

    @Override
    public long CreateFileTransacted(String lpFileName, int dwDesiredAccess, int dwShareMode,
                                     SecurityAttributes lpSecurityAttributes, int dwCreationDisposition,
                                     int dwFlagsAndAttributes, long hTemplateFile, long hTransaction,
                                     ShortRef pusMiniVersion, Object lpExtendedParameter) {
        return driver.files().CreateFileTransacted(lpFileName, dwDesiredAccess, dwShareMode, lpSecurityAttributes,
                dwCreationDisposition, dwFlagsAndAttributes, hTemplateFile, hTransaction, pusMiniVersion,
                lpExtendedParameter);
    }

    @Override
    public int RegOpenKeyEx(long hKey, String lpSubKey, int ulOptions, int samDesired, LongRef phkResult) {
        return driver.files().RegOpenKeyEx(hKey, lpSubKey, ulOptions, samDesired, phkResult);
    }

    @Override
    public int RegCreateKeyEx(long hKey, String lpSubKey, int Reserved, String lpClass, int dwOptions, int samDesired,
                              SecurityAttributes lpSecurityAttributes, LongRef phkResult, IntRef lpdwDisposition) {
        return driver.files().RegCreateKeyEx(hKey, lpSubKey, Reserved, lpClass, dwOptions, samDesired,
                lpSecurityAttributes, phkResult, lpdwDisposition);
    }

    @Override
    public int RegSetValueEx(long hKey, String lpValueName, int Reserved, int dwType, byte[] lpData, int cbData) {
        return driver.files().RegSetValueEx(hKey, lpValueName, Reserved, dwType, lpData, cbData);
    }

    @Override
    public int RegQueryValueEx(long hKey, String lpValueName, IntRef lpReserved, IntRef lpType, byte[] lpData,
                               IntRef lpcbData) {
        return driver.files().RegQueryValueEx(hKey, lpValueName, lpReserved, lpType, lpData, lpcbData);
    }

    @Override
    public int RegCloseKey(long hKey) {
        return driver.files().RegCloseKey(hKey);
    }
}

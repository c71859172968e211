package io.teardown.kernel.front;

import io.teardown.api.BoolRef;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.ShortRef;
import io.teardown.api.Win32Error;
import io.teardown.kernel.ApcRoutine;
import io.teardown.kernel.FileIoCompletionRoutine;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.OverlappedEntry;
import io.teardown.kernel.ProcessInformation;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.StartupInfo;
import io.teardown.kernel.ThreadProc;
import io.teardown.kernel.TimerApcRoutine;
import io.teardown.kernel.Win32FindData;
import io.teardown.kernel.spi.KernelDriver;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * {@link Kernel32}, implemented once for every backend: the front every call goes through before a
 * {@link KernelDriver} (the portable engine, or the JNA bindings) does the work. It owns the handle
 * rules ({@link HandleRules}: {@code CloseHandle}, {@code DuplicateHandle}, the handle flags, the
 * pseudo-handles and the standard handles — KO-01 … KO-04, KO-09, KO-11, KO-12, WS-15), the last error
 * ({@code GetLastError}/{@code SetLastError} read and write the session's, per thread) and the argument
 * checks that precede the handle lookup ({@code ReadFileEx}/{@code WriteFileEx}: no {@code OVERLAPPED}
 * or no routine is 87). The type-specific functions go to the driver as they come. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is".
 *
 * <p>Thread-safe. One instance per {@link Session}; closing it closes the driver.
 */
public final class KernelFront implements Kernel32, AutoCloseable {
    private static final int BAD_PARAMETER = Win32Error.ERROR_INVALID_PARAMETER.code();

    private final Session session;
    private final KernelDriver driver;
    private final HandleRules handles;

    /** The front of {@code session} over {@code driver}, which must be the session's own. */
    public KernelFront(Session session, KernelDriver driver) {
        this.session = Objects.requireNonNull(session, "session");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.handles = new HandleRules(session, driver);
    }

    private boolean fail(int code) {
        session.lastError().set(code);
        return false;
    }

    // ================= the front's own: handles, pseudo-handles, standard handles, last error =================

    @Override
    public boolean CloseHandle(long hObject) {
        return handles.closeHandle(hObject);
    }

    @Override
    public boolean DuplicateHandle(long hSourceProcessHandle, long hSourceHandle, long hTargetProcessHandle,
                                   LongRef lpTargetHandle, int dwDesiredAccess, boolean bInheritHandle, int dwOptions) {
        return handles.duplicateHandle(hSourceProcessHandle, hSourceHandle, hTargetProcessHandle, lpTargetHandle,
                dwDesiredAccess, bInheritHandle, dwOptions);
    }

    @Override
    public boolean GetHandleInformation(long hObject, IntRef lpdwFlags) {
        return handles.getHandleInformation(hObject, lpdwFlags);
    }

    @Override
    public boolean SetHandleInformation(long hObject, int dwMask, int dwFlags) {
        return handles.setHandleInformation(hObject, dwMask, dwFlags);
    }

    @Override
    public int GetLastError() {
        return session.lastError().get();
    }

    @Override
    public void SetLastError(int dwErrCode) {
        session.lastError().set(dwErrCode);
    }

    @Override
    public long GetCurrentProcess() {
        return -1L;
    }

    @Override
    public long GetCurrentThread() {
        return -2L;
    }

    @Override
    public long GetCurrentProcessToken() {
        return -4L;
    }

    @Override
    public long GetCurrentThreadToken() {
        return -5L;
    }

    @Override
    public long GetCurrentThreadEffectiveToken() {
        return -6L;
    }

    @Override
    public long GetStdHandle(int nStdHandle) {
        return handles.getStdHandle(nStdHandle);
    }

    @Override
    public boolean SetStdHandle(int nStdHandle, long hHandle) {
        return handles.setStdHandle(nStdHandle, hHandle);
    }

    // ================= the driver's work =================

    @Override
    public boolean CompareObjectHandles(long hFirstObjectHandle, long hSecondObjectHandle) {
        return driver.processes().CompareObjectHandles(hFirstObjectHandle, hSecondObjectHandle);
    }

    @Override
    public int GetCurrentProcessId() {
        return driver.processes().GetCurrentProcessId();
    }

    @Override
    public int GetCurrentThreadId() {
        return driver.processes().GetCurrentThreadId();
    }

    @Override
    public long CreateEvent(SecurityAttributes lpEventAttributes, boolean bManualReset, boolean bInitialState,
                            String lpName) {
        return driver.sync().CreateEvent(lpEventAttributes, bManualReset, bInitialState, lpName);
    }

    @Override
    public long OpenEvent(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return driver.sync().OpenEvent(dwDesiredAccess, bInheritHandle, lpName);
    }

    @Override
    public boolean SetEvent(long hEvent) {
        return driver.sync().SetEvent(hEvent);
    }

    @Override
    public boolean ResetEvent(long hEvent) {
        return driver.sync().ResetEvent(hEvent);
    }

    @Override
    public long CreateMutex(SecurityAttributes lpMutexAttributes, boolean bInitialOwner, String lpName) {
        return driver.sync().CreateMutex(lpMutexAttributes, bInitialOwner, lpName);
    }

    @Override
    public long OpenMutex(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return driver.sync().OpenMutex(dwDesiredAccess, bInheritHandle, lpName);
    }

    @Override
    public boolean ReleaseMutex(long hMutex) {
        return driver.sync().ReleaseMutex(hMutex);
    }

    @Override
    public long CreateSemaphore(SecurityAttributes lpSemaphoreAttributes, int lInitialCount, int lMaximumCount,
                                String lpName) {
        return driver.sync().CreateSemaphore(lpSemaphoreAttributes, lInitialCount, lMaximumCount, lpName);
    }

    @Override
    public long OpenSemaphore(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return driver.sync().OpenSemaphore(dwDesiredAccess, bInheritHandle, lpName);
    }

    @Override
    public boolean ReleaseSemaphore(long hSemaphore, int lReleaseCount, IntRef lpPreviousCount) {
        return driver.sync().ReleaseSemaphore(hSemaphore, lReleaseCount, lpPreviousCount);
    }

    @Override
    public long CreateWaitableTimer(SecurityAttributes lpTimerAttributes, boolean bManualReset, String lpTimerName) {
        return driver.sync().CreateWaitableTimer(lpTimerAttributes, bManualReset, lpTimerName);
    }

    @Override
    public long OpenWaitableTimer(int dwDesiredAccess, boolean bInheritHandle, String lpTimerName) {
        return driver.sync().OpenWaitableTimer(dwDesiredAccess, bInheritHandle, lpTimerName);
    }

    @Override
    public boolean SetWaitableTimer(long hTimer, long lpDueTime, int lPeriod, TimerApcRoutine pfnCompletionRoutine,
                                    long lpArgToCompletionRoutine, boolean fResume) {
        return driver.sync().SetWaitableTimer(hTimer, lpDueTime, lPeriod, pfnCompletionRoutine,
                lpArgToCompletionRoutine, fResume);
    }

    @Override
    public boolean CancelWaitableTimer(long hTimer) {
        return driver.sync().CancelWaitableTimer(hTimer);
    }

    @Override
    public int WaitForSingleObject(long hHandle, int dwMilliseconds) {
        return driver.sync().WaitForSingleObject(hHandle, dwMilliseconds);
    }

    @Override
    public int WaitForMultipleObjects(int nCount, long[] lpHandles, boolean bWaitAll, int dwMilliseconds) {
        return driver.sync().WaitForMultipleObjects(nCount, lpHandles, bWaitAll, dwMilliseconds);
    }

    @Override
    public int WaitForSingleObjectEx(long hHandle, int dwMilliseconds, boolean bAlertable) {
        return driver.sync().WaitForSingleObjectEx(hHandle, dwMilliseconds, bAlertable);
    }

    @Override
    public int WaitForMultipleObjectsEx(int nCount, long[] lpHandles, boolean bWaitAll, int dwMilliseconds,
                                        boolean bAlertable) {
        return driver.sync().WaitForMultipleObjectsEx(nCount, lpHandles, bWaitAll, dwMilliseconds, bAlertable);
    }

    @Override
    public int SleepEx(int dwMilliseconds, boolean bAlertable) {
        return driver.sync().SleepEx(dwMilliseconds, bAlertable);
    }

    @Override
    public int SignalObjectAndWait(long hObjectToSignal, long hObjectToWaitOn, int dwMilliseconds, boolean bAlertable) {
        return driver.sync().SignalObjectAndWait(hObjectToSignal, hObjectToWaitOn, dwMilliseconds, bAlertable);
    }

    @Override
    public int QueueUserAPC(ApcRoutine pfnAPC, long hThread, long dwData) {
        return driver.sync().QueueUserAPC(pfnAPC, hThread, dwData);
    }

    @Override
    public long CreateThread(SecurityAttributes lpThreadAttributes, long dwStackSize, ThreadProc lpStartAddress,
                             long lpParameter, int dwCreationFlags, IntRef lpThreadId) {
        return driver.processes().CreateThread(lpThreadAttributes, dwStackSize, lpStartAddress, lpParameter,
                dwCreationFlags, lpThreadId);
    }

    @Override
    public int ResumeThread(long hThread) {
        return driver.processes().ResumeThread(hThread);
    }

    @Override
    public boolean GetExitCodeThread(long hThread, IntRef lpExitCode) {
        return driver.processes().GetExitCodeThread(hThread, lpExitCode);
    }

    @Override
    public boolean CreateProcess(String lpApplicationName, String lpCommandLine,
                                 SecurityAttributes lpProcessAttributes, SecurityAttributes lpThreadAttributes,
                                 boolean bInheritHandles, int dwCreationFlags, String[] lpEnvironment,
                                 String lpCurrentDirectory, StartupInfo lpStartupInfo,
                                 ProcessInformation lpProcessInformation) {
        return driver.processes().CreateProcess(lpApplicationName, lpCommandLine, lpProcessAttributes,
                lpThreadAttributes, bInheritHandles, dwCreationFlags, lpEnvironment, lpCurrentDirectory,
                lpStartupInfo, lpProcessInformation);
    }

    @Override
    public long OpenProcess(int dwDesiredAccess, boolean bInheritHandle, int dwProcessId) {
        return driver.processes().OpenProcess(dwDesiredAccess, bInheritHandle, dwProcessId);
    }

    @Override
    public boolean TerminateProcess(long hProcess, int uExitCode) {
        return driver.processes().TerminateProcess(hProcess, uExitCode);
    }

    @Override
    public boolean GetExitCodeProcess(long hProcess, IntRef lpExitCode) {
        return driver.processes().GetExitCodeProcess(hProcess, lpExitCode);
    }

    @Override
    public int GetProcessId(long Process) {
        return driver.processes().GetProcessId(Process);
    }

    @Override
    public boolean CancelSynchronousIo(long hThread) {
        return driver.processes().CancelSynchronousIo(hThread);
    }

    @Override
    public boolean OpenProcessToken(long ProcessHandle, int DesiredAccess, LongRef TokenHandle) {
        return driver.processes().OpenProcessToken(ProcessHandle, DesiredAccess, TokenHandle);
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
    public long CreateTransaction(SecurityAttributes lpTransactionAttributes, Object UOW, int CreateOptions,
                                  int IsolationLevel, int IsolationFlags, int Timeout, String Description) {
        return driver.processes().CreateTransaction(lpTransactionAttributes, UOW, CreateOptions, IsolationLevel,
                IsolationFlags, Timeout, Description);
    }

    @Override
    public boolean CommitTransaction(long TransactionHandle) {
        return driver.processes().CommitTransaction(TransactionHandle);
    }

    @Override
    public boolean RollbackTransaction(long TransactionHandle) {
        return driver.processes().RollbackTransaction(TransactionHandle);
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
    public long CreateJobObject(SecurityAttributes lpJobAttributes, String lpName) {
        return driver.processes().CreateJobObject(lpJobAttributes, lpName);
    }

    @Override
    public boolean AssignProcessToJobObject(long hJob, long hProcess) {
        return driver.processes().AssignProcessToJobObject(hJob, hProcess);
    }

    @Override
    public boolean TerminateJobObject(long hJob, int uExitCode) {
        return driver.processes().TerminateJobObject(hJob, uExitCode);
    }

    @Override
    public boolean SetInformationJobObject(long hJob, int JobObjectInformationClass, Object lpJobObjectInformation,
                                           int cbJobObjectInformationLength) {
        return driver.processes().SetInformationJobObject(hJob, JobObjectInformationClass, lpJobObjectInformation,
                cbJobObjectInformationLength);
    }

    @Override
    public long CreateMemoryResourceNotification(int NotificationType) {
        return driver.processes().CreateMemoryResourceNotification(NotificationType);
    }

    @Override
    public boolean QueryMemoryResourceNotification(long ResourceNotificationHandle, BoolRef ResourceState) {
        return driver.processes().QueryMemoryResourceNotification(ResourceNotificationHandle, ResourceState);
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

    /** Closes the driver (its threads and native memory); the handles are closed by the session. */
    @Override
    public void close() {
        driver.close();
    }

    @Override
    public String toString() {
        return "Kernel32[" + session.name() + ", " + driver + "]";
    }
}

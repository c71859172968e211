package io.teardown.kernel.spi;

import io.teardown.api.BoolRef;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.ShortRef;
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
import java.nio.ByteBuffer;

/**
 * The type-specific kernel32/advapi32 functions a {@link KernelDriver} performs, in C form (names,
 * parameter order and results exactly those of {@link Kernel32}). The front passes these calls to the
 * driver as they come, except {@code ReadFileEx}/{@code WriteFileEx}, whose argument checks it makes
 * first; the handle functions ({@code CloseHandle}, {@code DuplicateHandle}, the handle flags, the pseudo
 * and standard handles, the last error) are the front's own and are not here. See
 * docs/kernel-objects.md.
 */
public interface KernelCalls {
    /** {@link Kernel32#CompareObjectHandles}. */
    boolean CompareObjectHandles(long hFirstObjectHandle, long hSecondObjectHandle);

    /** {@link Kernel32#GetCurrentProcessId}. */
    int GetCurrentProcessId();

    /** {@link Kernel32#GetCurrentThreadId}. */
    int GetCurrentThreadId();

    /** {@link Kernel32#CreateEvent}. */
    long CreateEvent(SecurityAttributes lpEventAttributes, boolean bManualReset, boolean bInitialState, String lpName);

    /** {@link Kernel32#OpenEvent}. */
    long OpenEvent(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** {@link Kernel32#SetEvent}. */
    boolean SetEvent(long hEvent);

    /** {@link Kernel32#ResetEvent}. */
    boolean ResetEvent(long hEvent);

    /** {@link Kernel32#CreateMutex}. */
    long CreateMutex(SecurityAttributes lpMutexAttributes, boolean bInitialOwner, String lpName);

    /** {@link Kernel32#OpenMutex}. */
    long OpenMutex(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** {@link Kernel32#ReleaseMutex}. */
    boolean ReleaseMutex(long hMutex);

    /** {@link Kernel32#CreateSemaphore}. */
    long CreateSemaphore(SecurityAttributes lpSemaphoreAttributes, int lInitialCount, int lMaximumCount, String lpName);

    /** {@link Kernel32#OpenSemaphore}. */
    long OpenSemaphore(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** {@link Kernel32#ReleaseSemaphore}. */
    boolean ReleaseSemaphore(long hSemaphore, int lReleaseCount, IntRef lpPreviousCount);

    /** {@link Kernel32#CreateWaitableTimer}. */
    long CreateWaitableTimer(SecurityAttributes lpTimerAttributes, boolean bManualReset, String lpTimerName);

    /** {@link Kernel32#OpenWaitableTimer}. */
    long OpenWaitableTimer(int dwDesiredAccess, boolean bInheritHandle, String lpTimerName);

    /** {@link Kernel32#SetWaitableTimer}. */
    boolean SetWaitableTimer(long hTimer, long lpDueTime, int lPeriod, TimerApcRoutine pfnCompletionRoutine,
                             long lpArgToCompletionRoutine, boolean fResume);

    /** {@link Kernel32#CancelWaitableTimer}. */
    boolean CancelWaitableTimer(long hTimer);

    /** {@link Kernel32#WaitForSingleObject}. */
    int WaitForSingleObject(long hHandle, int dwMilliseconds);

    /** {@link Kernel32#WaitForMultipleObjects}. */
    int WaitForMultipleObjects(int nCount, long[] lpHandles, boolean bWaitAll, int dwMilliseconds);

    /** {@link Kernel32#WaitForSingleObjectEx}. */
    int WaitForSingleObjectEx(long hHandle, int dwMilliseconds, boolean bAlertable);

    /** {@link Kernel32#WaitForMultipleObjectsEx}. */
    int WaitForMultipleObjectsEx(int nCount, long[] lpHandles, boolean bWaitAll, int dwMilliseconds,
                                 boolean bAlertable);

    /** {@link Kernel32#SleepEx}. */
    int SleepEx(int dwMilliseconds, boolean bAlertable);

    /** {@link Kernel32#SignalObjectAndWait}. */
    int SignalObjectAndWait(long hObjectToSignal, long hObjectToWaitOn, int dwMilliseconds, boolean bAlertable);

    /** {@link Kernel32#QueueUserAPC}. */
    int QueueUserAPC(ApcRoutine pfnAPC, long hThread, long dwData);

    /** {@link Kernel32#CreateThread}. */
    long CreateThread(SecurityAttributes lpThreadAttributes, long dwStackSize, ThreadProc lpStartAddress,
                      long lpParameter, int dwCreationFlags, IntRef lpThreadId);

    /** {@link Kernel32#ResumeThread}. */
    int ResumeThread(long hThread);

    /** {@link Kernel32#GetExitCodeThread}. */
    boolean GetExitCodeThread(long hThread, IntRef lpExitCode);

    /** {@link Kernel32#CreateProcess}. */
    boolean CreateProcess(String lpApplicationName, String lpCommandLine, SecurityAttributes lpProcessAttributes,
                          SecurityAttributes lpThreadAttributes, boolean bInheritHandles, int dwCreationFlags,
                          String[] lpEnvironment, String lpCurrentDirectory, StartupInfo lpStartupInfo,
                          ProcessInformation lpProcessInformation);

    /** {@link Kernel32#OpenProcess}. */
    long OpenProcess(int dwDesiredAccess, boolean bInheritHandle, int dwProcessId);

    /** {@link Kernel32#TerminateProcess}. */
    boolean TerminateProcess(long hProcess, int uExitCode);

    /** {@link Kernel32#GetExitCodeProcess}. */
    boolean GetExitCodeProcess(long hProcess, IntRef lpExitCode);

    /** {@link Kernel32#GetProcessId}. */
    int GetProcessId(long Process);

    /** {@link Kernel32#CancelSynchronousIo}. */
    boolean CancelSynchronousIo(long hThread);

    /** {@link Kernel32#OpenProcessToken}. */
    boolean OpenProcessToken(long ProcessHandle, int DesiredAccess, LongRef TokenHandle);

    /** {@link Kernel32#CreateFile}. */
    long CreateFile(String lpFileName, int dwDesiredAccess, int dwShareMode, SecurityAttributes lpSecurityAttributes,
                    int dwCreationDisposition, int dwFlagsAndAttributes, long hTemplateFile);

    /** {@link Kernel32#ReadFile}. */
    boolean ReadFile(long hFile, byte[] lpBuffer, int nNumberOfBytesToRead, IntRef lpNumberOfBytesRead,
                     Overlapped lpOverlapped);

    /** {@link Kernel32#WriteFile}. */
    boolean WriteFile(long hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, IntRef lpNumberOfBytesWritten,
                      Overlapped lpOverlapped);

    /** {@link Kernel32#ReadFileEx}. */
    boolean ReadFileEx(long hFile, byte[] lpBuffer, int nNumberOfBytesToRead, Overlapped lpOverlapped,
                       FileIoCompletionRoutine lpCompletionRoutine);

    /** {@link Kernel32#WriteFileEx}. */
    boolean WriteFileEx(long hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, Overlapped lpOverlapped,
                        FileIoCompletionRoutine lpCompletionRoutine);

    /** {@link Kernel32#SetFilePointerEx}. */
    boolean SetFilePointerEx(long hFile, long liDistanceToMove, LongRef lpNewFilePointer, int dwMoveMethod);

    /** {@link Kernel32#GetFileSizeEx}. */
    boolean GetFileSizeEx(long hFile, LongRef lpFileSize);

    /** {@link Kernel32#FlushFileBuffers}. */
    boolean FlushFileBuffers(long hFile);

    /** {@link Kernel32#FindFirstFile}. */
    long FindFirstFile(String lpFileName, Win32FindData lpFindFileData);

    /** {@link Kernel32#FindNextFile}. */
    boolean FindNextFile(long hFindFile, Win32FindData lpFindFileData);

    /** {@link Kernel32#FindClose}. */
    boolean FindClose(long hFindFile);

    /** {@link Kernel32#CreateFileMapping}. */
    long CreateFileMapping(long hFile, SecurityAttributes lpFileMappingAttributes, int flProtect,
                           int dwMaximumSizeHigh, int dwMaximumSizeLow, String lpName);

    /** {@link Kernel32#OpenFileMapping}. */
    long OpenFileMapping(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** {@link Kernel32#MapViewOfFile}. */
    ByteBuffer MapViewOfFile(long hFileMappingObject, int dwDesiredAccess, int dwFileOffsetHigh,
                             int dwFileOffsetLow, long dwNumberOfBytesToMap);

    /** {@link Kernel32#UnmapViewOfFile}. */
    boolean UnmapViewOfFile(ByteBuffer lpBaseAddress);

    /** {@link Kernel32#CreatePipe}. */
    boolean CreatePipe(LongRef hReadPipe, LongRef hWritePipe, SecurityAttributes lpPipeAttributes, int nSize);

    /** {@link Kernel32#CreateNamedPipe}. */
    long CreateNamedPipe(String lpName, int dwOpenMode, int dwPipeMode, int nMaxInstances, int nOutBufferSize,
                         int nInBufferSize, int nDefaultTimeOut, SecurityAttributes lpSecurityAttributes);

    /** {@link Kernel32#ConnectNamedPipe}. */
    boolean ConnectNamedPipe(long hNamedPipe, Overlapped lpOverlapped);

    /** {@link Kernel32#DisconnectNamedPipe}. */
    boolean DisconnectNamedPipe(long hNamedPipe);

    /** {@link Kernel32#CreateMailslot}. */
    long CreateMailslot(String lpName, int nMaxMessageSize, int lReadTimeout, SecurityAttributes lpSecurityAttributes);

    /** {@link Kernel32#GetMailslotInfo}. */
    boolean GetMailslotInfo(long hMailslot, IntRef lpMaxMessageSize, IntRef lpNextSize, IntRef lpMessageCount,
                            IntRef lpReadTimeout);

    /** {@link Kernel32#CreateIoCompletionPort}. */
    long CreateIoCompletionPort(long FileHandle, long ExistingCompletionPort, long CompletionKey,
                                int NumberOfConcurrentThreads);

    /** {@link Kernel32#PostQueuedCompletionStatus}. */
    boolean PostQueuedCompletionStatus(long CompletionPort, int dwNumberOfBytesTransferred, long dwCompletionKey,
                                       Overlapped lpOverlapped);

    /** {@link Kernel32#GetQueuedCompletionStatus}. */
    boolean GetQueuedCompletionStatus(long CompletionPort, IntRef lpNumberOfBytesTransferred, LongRef lpCompletionKey,
                                      Ref<Overlapped> lpOverlapped, int dwMilliseconds);

    /** {@link Kernel32#GetQueuedCompletionStatusEx}. */
    boolean GetQueuedCompletionStatusEx(long CompletionPort, OverlappedEntry[] lpCompletionPortEntries, int ulCount,
                                        IntRef ulNumEntriesRemoved, int dwMilliseconds, boolean fAlertable);

    /** {@link Kernel32#SetFileCompletionNotificationModes}. */
    boolean SetFileCompletionNotificationModes(long FileHandle, int Flags);

    /** {@link Kernel32#GetOverlappedResult}. */
    boolean GetOverlappedResult(long hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred, boolean bWait);

    /** {@link Kernel32#GetOverlappedResultEx}. */
    boolean GetOverlappedResultEx(long hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred,
                                  int dwMilliseconds, boolean bAlertable);

    /** {@link Kernel32#CancelIo}. */
    boolean CancelIo(long hFile);

    /** {@link Kernel32#CancelIoEx}. */
    boolean CancelIoEx(long hFile, Overlapped lpOverlapped);

    /** {@link Kernel32#CreateTransaction}. */
    long CreateTransaction(SecurityAttributes lpTransactionAttributes, Object UOW, int CreateOptions, int IsolationLevel,
                           int IsolationFlags, int Timeout, String Description);

    /** {@link Kernel32#CommitTransaction}. */
    boolean CommitTransaction(long TransactionHandle);

    /** {@link Kernel32#RollbackTransaction}. */
    boolean RollbackTransaction(long TransactionHandle);

    /** {@link Kernel32#CreateFileTransacted}. */
    long CreateFileTransacted(String lpFileName, int dwDesiredAccess, int dwShareMode,
                              SecurityAttributes lpSecurityAttributes, int dwCreationDisposition,
                              int dwFlagsAndAttributes, long hTemplateFile, long hTransaction,
                              ShortRef pusMiniVersion, Object lpExtendedParameter);

    /** {@link Kernel32#CreateJobObject}. */
    long CreateJobObject(SecurityAttributes lpJobAttributes, String lpName);

    /** {@link Kernel32#AssignProcessToJobObject}. */
    boolean AssignProcessToJobObject(long hJob, long hProcess);

    /** {@link Kernel32#TerminateJobObject}. */
    boolean TerminateJobObject(long hJob, int uExitCode);

    /** {@link Kernel32#SetInformationJobObject}. */
    boolean SetInformationJobObject(long hJob, int JobObjectInformationClass, Object lpJobObjectInformation,
                                    int cbJobObjectInformationLength);

    /** {@link Kernel32#CreateMemoryResourceNotification}. */
    long CreateMemoryResourceNotification(int NotificationType);

    /** {@link Kernel32#QueryMemoryResourceNotification}. */
    boolean QueryMemoryResourceNotification(long ResourceNotificationHandle, BoolRef ResourceState);

    /** {@link Kernel32#RegOpenKeyEx}. */
    int RegOpenKeyEx(long hKey, String lpSubKey, int ulOptions, int samDesired, LongRef phkResult);

    /** {@link Kernel32#RegCreateKeyEx}. */
    int RegCreateKeyEx(long hKey, String lpSubKey, int Reserved, String lpClass, int dwOptions, int samDesired,
                       SecurityAttributes lpSecurityAttributes, LongRef phkResult, IntRef lpdwDisposition);

    /** {@link Kernel32#RegSetValueEx}. */
    int RegSetValueEx(long hKey, String lpValueName, int Reserved, int dwType, byte[] lpData, int cbData);

    /** {@link Kernel32#RegQueryValueEx}. */
    int RegQueryValueEx(long hKey, String lpValueName, IntRef lpReserved, IntRef lpType, byte[] lpData, IntRef lpcbData);

    /** {@link Kernel32#RegCloseKey}. */
    int RegCloseKey(long hKey);
}

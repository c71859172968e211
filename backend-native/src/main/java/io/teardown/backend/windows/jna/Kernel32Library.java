package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.win32.StdCallLibrary.StdCallCallback;
import com.sun.jna.platform.win32.BaseTSD.SIZE_T;
import com.sun.jna.platform.win32.BaseTSD.ULONG_PTRByReference;
import com.sun.jna.platform.win32.WinBase.OVERLAPPED;
import com.sun.jna.platform.win32.WinBase.PROCESS_INFORMATION;
import com.sun.jna.platform.win32.WinBase.SECURITY_ATTRIBUTES;
import com.sun.jna.platform.win32.WinBase.STARTUPINFO;
import com.sun.jna.platform.win32.WinDef.DWORD;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.platform.win32.WinNT.MEMORY_BASIC_INFORMATION;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.ptr.ShortByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * The kernel32 functions the native backend calls (the kernel driver, and Winsock's event waits): one
 * binding interface, with jna-platform's types where its {@link com.sun.jna.platform.win32.Kernel32}
 * binds a function right and our own where it binds one with a type that is wrong on Win64 or not at all
 * (the object types of KO-05, the rules KO-08, KO-10, KO-12 … KO-16). Declared here rather than used
 * through jna-platform's interface, which loads the DLL when it is initialised (a test implementation
 * would trigger that off Windows). Every function sets the thread's last error on failure: read it with
 * {@link NativeCalls}. BindingAbiTest checks each against the SDK's prototype.
 */
public interface Kernel32Library extends StdCallLibrary {
    /** The DLL this interface binds (BindingAbiTest checks each export against it). */
    String DLL = "kernel32";

    /** {@code HANDLE_FLAG_INHERIT}. */
    int HANDLE_FLAG_INHERIT = 0x1;
    /** {@code HANDLE_FLAG_PROTECT_FROM_CLOSE} (KO-12). */
    int HANDLE_FLAG_PROTECT_FROM_CLOSE = 0x2;
    /** {@code LowMemoryResourceNotification}. */
    int LowMemoryResourceNotification = 0;
    /** {@code HighMemoryResourceNotification}. */
    int HighMemoryResourceNotification = 1;
    /** {@code MAILSLOT_WAIT_FOREVER}. */
    int MAILSLOT_WAIT_FOREVER = -1;

    /** Loads kernel32 (Windows only). */
    static Kernel32Library load() {
        return WindowsOnly.load(DLL, Kernel32Library.class);
    }

    /** {@code BOOL GetHandleInformation(HANDLE hObject, LPDWORD lpdwFlags)} — KO-12. */
    boolean GetHandleInformation(HANDLE hObject, IntByReference lpdwFlags);

    /** {@code BOOL CancelSynchronousIo(HANDLE hThread)} — KO-10 (ends the I/O with 995). */
    boolean CancelSynchronousIo(HANDLE hThread);

    /** {@code BOOL CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped)}; NULL cancels all. */
    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);

    /**
     * {@code BOOL GetOverlappedResult(HANDLE, LPOVERLAPPED, LPDWORD, BOOL bWait)}. The OVERLAPPED is
     * a {@link Pointer} to native memory the caller owns for the whole I/O (a JNA {@code Structure}
     * argument would be re-read and re-written around each call, racing the kernel's writes).
     */
    boolean GetOverlappedResult(HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred,
            boolean bWait);

    /**
     * {@code ReadFile} for overlapped I/O: buffer and OVERLAPPED as native memory that outlives the
     * call (jna-platform's {@code byte[]} overload is copied back when the call returns, which is
     * before an overlapped read completes).
     */
    boolean ReadFile(HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead, IntByReference lpNumberOfBytesRead,
            Pointer lpOverlapped);

    /** {@code WriteFile} for overlapped I/O (see {@link #ReadFile}). */
    boolean WriteFile(HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
            IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

    /**
     * {@code LPVOID MapViewOfFile(HANDLE, DWORD, DWORD, DWORD, SIZE_T dwNumberOfBytesToMap)} with the
     * last argument pointer-sized (jna-platform declares it {@code int}) — KO-07.
     */
    Pointer MapViewOfFile(HANDLE hFileMappingObject, int dwDesiredAccess, int dwFileOffsetHigh,
            int dwFileOffsetLow, SIZE_T dwNumberOfBytesToMap);

    /** {@code HANDLE CreateSemaphoreW(LPSECURITY_ATTRIBUTES, LONG lInitialCount, LONG lMaximumCount, LPCWSTR)}. */
    HANDLE CreateSemaphore(SECURITY_ATTRIBUTES lpSemaphoreAttributes, int lInitialCount, int lMaximumCount,
            String lpName);

    /** {@code HANDLE OpenSemaphoreW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName)}. */
    HANDLE OpenSemaphore(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** {@code BOOL ReleaseSemaphore(HANDLE, LONG lReleaseCount, LPLONG lpPreviousCount)}. */
    boolean ReleaseSemaphore(HANDLE hSemaphore, int lReleaseCount, IntByReference lpPreviousCount);

    /** {@code HANDLE CreateWaitableTimerW(LPSECURITY_ATTRIBUTES, BOOL bManualReset, LPCWSTR)}. */
    HANDLE CreateWaitableTimer(SECURITY_ATTRIBUTES lpTimerAttributes, boolean bManualReset, String lpTimerName);

    /**
     * {@code BOOL SetWaitableTimer(HANDLE, const LARGE_INTEGER *lpDueTime, LONG lPeriod,
     * PTIMERAPCROUTINE, LPVOID, BOOL fResume)}; due time in 100 ns units, negative = relative. No APC
     * routine is offered (pass NULL): an APC needs an alertable wait on the setting thread.
     */
    boolean SetWaitableTimer(HANDLE hTimer, LongByReference lpDueTime, int lPeriod, Pointer pfnCompletionRoutine,
            Pointer lpArgToCompletionRoutine, boolean fResume);

    /** {@code BOOL CancelWaitableTimer(HANDLE hTimer)}. */
    boolean CancelWaitableTimer(HANDLE hTimer);

    /** {@code HANDLE CreateJobObjectW(LPSECURITY_ATTRIBUTES lpJobAttributes, LPCWSTR lpName)}. */
    HANDLE CreateJobObject(SECURITY_ATTRIBUTES lpJobAttributes, String lpName);

    /** {@code BOOL AssignProcessToJobObject(HANDLE hJob, HANDLE hProcess)}. */
    boolean AssignProcessToJobObject(HANDLE hJob, HANDLE hProcess);

    /** {@code HANDLE CreateMailslotW(LPCWSTR lpName, DWORD nMaxMessageSize, DWORD lReadTimeout, LPSECURITY_ATTRIBUTES)}. */
    HANDLE CreateMailslot(String lpName, int nMaxMessageSize, int lReadTimeout,
            SECURITY_ATTRIBUTES lpSecurityAttributes);

    /** {@code HANDLE CreateMemoryResourceNotification(MEMORY_RESOURCE_NOTIFICATION_TYPE)}. */
    HANDLE CreateMemoryResourceNotification(int notificationType);

    /** {@code BOOL QueryMemoryResourceNotification(HANDLE, PBOOL ResourceState)}. */
    boolean QueryMemoryResourceNotification(HANDLE resourceNotificationHandle, IntByReference resourceState);

    /**
     * {@code HANDLE CreateFileTransactedW(LPCWSTR, DWORD, DWORD, LPSECURITY_ATTRIBUTES, DWORD, DWORD,
     * HANDLE hTemplateFile, HANDLE hTransaction, PUSHORT pusMiniVersion, PVOID lpExtendedParameter)} —
     * KO-08. Returns {@code INVALID_HANDLE_VALUE} on failure.
     */
    HANDLE CreateFileTransacted(String lpFileName, int dwDesiredAccess, int dwShareMode,
            SECURITY_ATTRIBUTES lpSecurityAttributes, int dwCreationDisposition, int dwFlagsAndAttributes,
            HANDLE hTemplateFile, HANDLE hTransaction, ShortByReference pusMiniVersion, Pointer lpExtendedParameter);

    /** {@code BOOL SetFilePointerEx(HANDLE, LARGE_INTEGER liDistanceToMove, PLARGE_INTEGER lpNewFilePointer, DWORD dwMoveMethod)}. */
    boolean SetFilePointerEx(HANDLE hFile, long liDistanceToMove, LongByReference lpNewFilePointer, int dwMoveMethod);

    /** {@code BOOL GetFileSizeEx(HANDLE hFile, PLARGE_INTEGER lpFileSize)}. */
    boolean GetFileSizeEx(HANDLE hFile, LongByReference lpFileSize);

    /**
     * {@code BOOL GetMailslotInfo(HANDLE hMailslot, LPDWORD lpMaxMessageSize, LPDWORD lpNextSize, LPDWORD
     * lpMessageCount, LPDWORD lpReadTimeout)}.
     */
    boolean GetMailslotInfo(HANDLE hMailslot, IntByReference lpMaxMessageSize, IntByReference lpNextSize,
            IntByReference lpMessageCount, IntByReference lpReadTimeout);

    /** {@code HANDLE OpenWaitableTimerW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpTimerName)}. */
    HANDLE OpenWaitableTimer(int dwDesiredAccess, boolean bInheritHandle, String lpTimerName);

    /** {@code DWORD ResumeThread(HANDLE hThread)}: the previous suspend count, or -1. */
    int ResumeThread(HANDLE hThread);

    /** {@code BOOL TerminateJobObject(HANDLE hJob, UINT uExitCode)}. */
    boolean TerminateJobObject(HANDLE hJob, int uExitCode);

    /**
     * {@code BOOL SetInformationJobObject(HANDLE hJob, JOBOBJECTINFOCLASS JobObjectInformationClass, LPVOID
     * lpJobObjectInformation, DWORD cbJobObjectInformationLength)}.
     */
    boolean SetInformationJobObject(HANDLE hJob, int JobObjectInformationClass, Pointer lpJobObjectInformation,
            int cbJobObjectInformationLength);

    /**
     * {@code BOOL PostQueuedCompletionStatus(HANDLE, DWORD, ULONG_PTR dwCompletionKey, LPOVERLAPPED)} with
     * the {@code OVERLAPPED} as a raw pointer: a posted packet's pointer is never dereferenced by Windows.
     */
    boolean PostQueuedCompletionStatus(HANDLE CompletionPort, int dwNumberOfBytesTransferred, Pointer dwCompletionKey,
            Pointer lpOverlapped);

    // ---- overlapped I/O, completion ports, alertable waits and APCs (KO-13 … KO-16) ----
    // Every OVERLAPPED is a Pointer to native memory the facade owns until the completion is consumed
    // (io.teardown.backend.windows.kernel.NativeOverlapped): a JNA Structure argument would be
    // re-read and re-written around each call, racing the kernel's asynchronous writes.

    /**
     * {@code VOID CALLBACK FileIOCompletionRoutine(DWORD dwErrorCode, DWORD dwNumberOfBytesTransfered,
     * LPOVERLAPPED lpOverlapped)} ({@code LPOVERLAPPED_COMPLETION_ROUTINE}) for {@link #ReadFileEx} and
     * {@link #WriteFileEx}: an APC run on the issuing thread inside an alertable wait (KO-16).
     */
    interface LPOVERLAPPED_COMPLETION_ROUTINE extends StdCallCallback {
        /** The operation's Win32 status, byte count and the {@code OVERLAPPED} it was issued with. */
        void callback(int dwErrorCode, int dwNumberOfBytesTransfered, Pointer lpOverlapped);
    }

    /** {@code VOID CALLBACK APCProc(ULONG_PTR dwParam)} ({@code PAPCFUNC}) for {@link #QueueUserAPC} (KO-16). */
    interface PAPCFUNC extends StdCallCallback {
        /** The {@code dwData} given to {@code QueueUserAPC}. */
        void callback(Pointer dwParam);
    }

    /** {@code BOOL CancelIo(HANDLE hFile)}: cancels the calling thread's I/O on the handle (KO-15). */
    boolean CancelIo(HANDLE hFile);

    /**
     * {@code BOOL GetOverlappedResultEx(HANDLE, LPOVERLAPPED, LPDWORD, DWORD dwMilliseconds, BOOL
     * bAlertable)} (KO-15, KO-16).
     */
    boolean GetOverlappedResultEx(HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred,
            int dwMilliseconds, boolean bAlertable);

    /**
     * {@code BOOL GetQueuedCompletionStatusEx(HANDLE, LPOVERLAPPED_ENTRY lpCompletionPortEntries, ULONG
     * ulCount, PULONG ulNumEntriesRemoved, DWORD dwMilliseconds, BOOL fAlertable)} (KO-14); the entries
     * are native memory of {@code ulCount} 32-byte {@code OVERLAPPED_ENTRY} (Win64).
     */
    boolean GetQueuedCompletionStatusEx(HANDLE CompletionPort, Pointer lpCompletionPortEntries, int ulCount,
            IntByReference ulNumEntriesRemoved, int dwMilliseconds, boolean fAlertable);

    /** {@code BOOL SetFileCompletionNotificationModes(HANDLE FileHandle, UCHAR Flags)} (KO-14). */
    boolean SetFileCompletionNotificationModes(HANDLE FileHandle, byte Flags);

    /**
     * {@code BOOL ReadFileEx(HANDLE, LPVOID lpBuffer, DWORD, LPOVERLAPPED, LPOVERLAPPED_COMPLETION_ROUTINE)}
     * (KO-16): buffer and OVERLAPPED stay allocated until the routine has run.
     */
    boolean ReadFileEx(HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead, Pointer lpOverlapped,
            LPOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);

    /** {@code BOOL WriteFileEx(HANDLE, LPCVOID, DWORD, LPOVERLAPPED, LPOVERLAPPED_COMPLETION_ROUTINE)} (KO-16). */
    boolean WriteFileEx(HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite, Pointer lpOverlapped,
            LPOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);

    /** {@code DWORD SleepEx(DWORD dwMilliseconds, BOOL bAlertable)}: 0, or {@code WAIT_IO_COMPLETION} (KO-16). */
    int SleepEx(int dwMilliseconds, boolean bAlertable);

    /** {@code DWORD WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL bAlertable)} (KO-16). */
    int WaitForSingleObjectEx(HANDLE hHandle, int dwMilliseconds, boolean bAlertable);

    /**
     * {@code DWORD WaitForMultipleObjectsEx(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll, DWORD
     * dwMilliseconds, BOOL bAlertable)} (KO-16).
     */
    int WaitForMultipleObjectsEx(int nCount, HANDLE[] lpHandles, boolean bWaitAll, int dwMilliseconds,
            boolean bAlertable);

    /**
     * {@code DWORD SignalObjectAndWait(HANDLE hObjectToSignal, HANDLE hObjectToWaitOn, DWORD
     * dwMilliseconds, BOOL bAlertable)} (KO-16).
     */
    int SignalObjectAndWait(HANDLE hObjectToSignal, HANDLE hObjectToWaitOn, int dwMilliseconds, boolean bAlertable);

    /**
     * {@code DWORD QueueUserAPC(PAPCFUNC pfnAPC, HANDLE hThread, ULONG_PTR dwData)}: nonzero on success
     * (KO-16). The routine must stay reachable until it has run.
     */
    int QueueUserAPC(PAPCFUNC pfnAPC, HANDLE hThread, Pointer dwData);

    // ---- handles, synchronisation, threads and processes, files, mappings, pipes, ports (jna-platform
    // binds these too, but its interface loads the DLL when initialised; one binding style: this interface)

    /** {@code CloseHandle}. */
    boolean CloseHandle(HANDLE hObject);

    /** {@code FindClose}. */
    boolean FindClose(HANDLE hFindFile);

    /** {@code DuplicateHandle}. */
    boolean DuplicateHandle(HANDLE hSourceProcessHandle, HANDLE hSourceHandle, HANDLE hTargetProcessHandle, HANDLEByReference lpTargetHandle, int dwDesiredAccess, boolean bInheritHandle, int dwOptions);

    /** {@code SetHandleInformation}. */
    boolean SetHandleInformation(HANDLE hObject, int dwMask, int dwFlags);

    /** {@code GetCurrentProcessId}. */
    int GetCurrentProcessId();

    /** {@code GetCurrentThreadId}. */
    int GetCurrentThreadId();

    /** {@code GetStdHandle}. */
    HANDLE GetStdHandle(int nStdHandle);

    /** {@code CreateEvent}. */
    HANDLE CreateEvent(SECURITY_ATTRIBUTES lpEventAttributes, boolean bManualReset, boolean bInitialState, String lpName);

    /** {@code OpenEvent}. */
    HANDLE OpenEvent(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** {@code SetEvent}. */
    boolean SetEvent(HANDLE hEvent);

    /** {@code ResetEvent}. */
    boolean ResetEvent(HANDLE hEvent);

    /** {@code CreateMutex}. */
    HANDLE CreateMutex(SECURITY_ATTRIBUTES lpMutexAttributes, boolean bInitialOwner, String lpName);

    /** {@code OpenMutex}. */
    HANDLE OpenMutex(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** {@code ReleaseMutex}. */
    boolean ReleaseMutex(HANDLE hMutex);

    /** {@code WaitForSingleObject}. */
    int WaitForSingleObject(HANDLE hHandle, int dwMilliseconds);

    /** {@code WaitForMultipleObjects}. */
    int WaitForMultipleObjects(int nCount, HANDLE[] hHandle, boolean bWaitAll, int dwMilliseconds);

    /** {@code GetExitCodeThread}. */
    boolean GetExitCodeThread(HANDLE hThread, IntByReference exitCode);

    /** {@code OpenProcess}. */
    HANDLE OpenProcess(int fdwAccess, boolean fInherit, int idProcess);

    /** {@code TerminateProcess}. */
    boolean TerminateProcess(HANDLE hProcess, int uExitCode);

    /** {@code GetExitCodeProcess}. */
    boolean GetExitCodeProcess(HANDLE hProcess, IntByReference lpExitCode);

    /** {@code GetProcessId}. */
    int GetProcessId(HANDLE process);

    /** {@code CreateFile}. */
    HANDLE CreateFile(String lpFileName, int dwDesiredAccess, int dwShareMode, SECURITY_ATTRIBUTES lpSecurityAttributes, int dwCreationDisposition, int dwFlagsAndAttributes, HANDLE hTemplateFile);

    /** {@code FlushFileBuffers}. */
    boolean FlushFileBuffers(HANDLE hFile);

    /** {@code FindFirstFile}. */
    HANDLE FindFirstFile(String lpFileName, Pointer lpFindFileData);

    /** {@code FindNextFile}. */
    boolean FindNextFile(HANDLE hFindFile, Pointer lpFindFileData);

    /** {@code CreateFileMapping}. */
    HANDLE CreateFileMapping(HANDLE hFile, SECURITY_ATTRIBUTES lpAttributes, int flProtect, int dwMaximumSizeHigh, int dwMaximumSizeLow, String lpName);

    /** {@code OpenFileMapping}. */
    HANDLE OpenFileMapping(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** {@code VirtualQueryEx}. */
    SIZE_T VirtualQueryEx(HANDLE hProcess, Pointer lpAddress, MEMORY_BASIC_INFORMATION lpBuffer, SIZE_T dwLength);

    /** {@code UnmapViewOfFile}. */
    boolean UnmapViewOfFile(Pointer lpBaseAddress);

    /** {@code CreatePipe}. */
    boolean CreatePipe(HANDLEByReference hReadPipe, HANDLEByReference hWritePipe, SECURITY_ATTRIBUTES lpPipeAttributes, int nSize);

    /** {@code CreateNamedPipe}. */
    HANDLE CreateNamedPipe(String lpName, int dwOpenMode, int dwPipeMode, int nMaxInstances, int nOutBufferSize, int nInBufferSize, int nDefaultTimeOut, SECURITY_ATTRIBUTES lpSecurityAttributes);

    /** {@code ConnectNamedPipe}; the driver waits synchronously (a null {@code OVERLAPPED}). */
    boolean ConnectNamedPipe(HANDLE hNamedPipe, OVERLAPPED lpOverlapped);

    /** {@code DisconnectNamedPipe}. */
    boolean DisconnectNamedPipe(HANDLE hNamedPipe);

    /** {@code CreateIoCompletionPort}. */
    HANDLE CreateIoCompletionPort(HANDLE fileHandle, HANDLE existingCompletionPort, Pointer completionKey, int numberOfConcurrentThreads);

    /** {@code GetQueuedCompletionStatus}. */
    boolean GetQueuedCompletionStatus(HANDLE completionPort, IntByReference lpNumberOfBytes, ULONG_PTRByReference lpCompletionKey, PointerByReference lpOverlapped, int dwMilliseconds);

    /** {@code OpenThread}. */
    HANDLE OpenThread(int dwDesiredAccess, boolean bInheritHandle, int dwThreadId);

    /** {@code CreateProcessW}. */
    boolean CreateProcess(String lpApplicationName, String lpCommandLine,
            SECURITY_ATTRIBUTES lpProcessAttributes,
            SECURITY_ATTRIBUTES lpThreadAttributes, boolean bInheritHandles,
            DWORD dwCreationFlags, Pointer lpEnvironment, String lpCurrentDirectory,
            STARTUPINFO lpStartupInfo,
            PROCESS_INFORMATION lpProcessInformation);
}

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
 * The type-specific functions of kernel32/advapi32, in C form: declared once, here, for both sides of
 * the kernel front. {@link Kernel32} extends this interface (users call these through it), and each
 * {@link KernelDriver} implements it (the work). The front passes these calls to the driver as they
 * come, except {@code ReadFileEx}/{@code WriteFileEx}, whose argument checks it makes first; the handle
 * functions ({@code CloseHandle}, {@code DuplicateHandle}, the handle flags, the pseudo and standard
 * handles, the last error) are the front's own and are declared by {@link Kernel32}. Conventions, error
 * reporting and thread-safety are {@link Kernel32}'s. See docs/kernel-objects.md.
 */
public interface KernelCalls {

    /** Whether two handles name the same object. */
    boolean CompareObjectHandles(long hFirstObjectHandle, long hSecondObjectHandle);

    /** The process id. */
    int GetCurrentProcessId();

    /** The calling thread's id. */
    int GetCurrentThreadId();

    // ======== synchronisation objects (KO-05, KO-10) ========

    /** Creates or opens (by name) an event. */
    long CreateEvent(SecurityAttributes lpEventAttributes, boolean bManualReset, boolean bInitialState, String lpName);

    /** Opens a named event; {@code ERROR_FILE_NOT_FOUND} if none. */
    long OpenEvent(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** Signals an event. */
    boolean SetEvent(long hEvent);

    /** Resets an event. */
    boolean ResetEvent(long hEvent);

    /** Creates or opens (by name) a mutex. */
    long CreateMutex(SecurityAttributes lpMutexAttributes, boolean bInitialOwner, String lpName);

    /** Opens a named mutex. */
    long OpenMutex(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** Releases a mutex the calling thread owns; {@code ERROR_NOT_OWNER} otherwise. */
    boolean ReleaseMutex(long hMutex);

    /** Creates or opens (by name) a semaphore. */
    long CreateSemaphore(SecurityAttributes lpSemaphoreAttributes, int lInitialCount, int lMaximumCount, String lpName);

    /** Opens a named semaphore. */
    long OpenSemaphore(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** Adds to a semaphore's count; {@code ERROR_TOO_MANY_POSTS} past the maximum. */
    boolean ReleaseSemaphore(long hSemaphore, int lReleaseCount, IntRef lpPreviousCount);

    /** Creates or opens (by name) a waitable timer. */
    long CreateWaitableTimer(SecurityAttributes lpTimerAttributes, boolean bManualReset, String lpTimerName);

    /** Opens a named waitable timer. */
    long OpenWaitableTimer(int dwDesiredAccess, boolean bInheritHandle, String lpTimerName);

    /**
     * Arms a timer: {@code lpDueTime} in 100 ns units, negative = relative, positive = absolute FILETIME;
     * {@code lPeriod} in ms (0 = once).
     */
    boolean SetWaitableTimer(long hTimer, long lpDueTime, int lPeriod, TimerApcRoutine pfnCompletionRoutine,
                             long lpArgToCompletionRoutine, boolean fResume);

    /** Disarms a timer. */
    boolean CancelWaitableTimer(long hTimer);

    /** Blocks until the object is signalled or the timeout passes. */
    int WaitForSingleObject(long hHandle, int dwMilliseconds);

    /** Blocks until one (or all) of the objects is signalled or the timeout passes. */
    int WaitForMultipleObjects(int nCount, long[] lpHandles, boolean bWaitAll, int dwMilliseconds);

    // ======== alertable waits and APCs (KO-16) ========

    /**
     * {@link #WaitForSingleObject}; when {@code bAlertable}, the calling thread's queued APCs run inside
     * the wait, which then returns {@link Kernel32#WAIT_IO_COMPLETION}.
     */
    int WaitForSingleObjectEx(long hHandle, int dwMilliseconds, boolean bAlertable);

    /** {@link #WaitForMultipleObjects}, alertable as {@link #WaitForSingleObjectEx} is. */
    int WaitForMultipleObjectsEx(int nCount, long[] lpHandles, boolean bWaitAll, int dwMilliseconds,
                                 boolean bAlertable);

    /** Sleeps; 0 when the time is up, {@link Kernel32#WAIT_IO_COMPLETION} when an alertable sleep ran APCs. */
    int SleepEx(int dwMilliseconds, boolean bAlertable);

    /** Signals an event, mutex or semaphore and waits on another object, as one call. */
    int SignalObjectAndWait(long hObjectToSignal, long hObjectToWaitOn, int dwMilliseconds, boolean bAlertable);

    /** Queues {@code pfnAPC(dwData)} to a thread; it runs there in an alertable wait. Non-zero on success. */
    int QueueUserAPC(ApcRoutine pfnAPC, long hThread, long dwData);

    // ======== threads and processes (KO-06, KO-10) ========

    /** Starts a thread running {@code lpStartAddress} (a real Java thread). */
    long CreateThread(SecurityAttributes lpThreadAttributes, long dwStackSize, ThreadProc lpStartAddress,
                      long lpParameter, int dwCreationFlags, IntRef lpThreadId);

    /** Starts a thread created with {@link Kernel32#CREATE_SUSPENDED}; returns the previous suspend count or −1. */
    int ResumeThread(long hThread);

    /** A thread's exit code, {@link Kernel32#STILL_ACTIVE} while it runs. */
    boolean GetExitCodeThread(long hThread, IntRef lpExitCode);

    /** Starts a real operating-system process from a command line. */
    boolean CreateProcess(String lpApplicationName, String lpCommandLine, SecurityAttributes lpProcessAttributes,
                          SecurityAttributes lpThreadAttributes, boolean bInheritHandles, int dwCreationFlags,
                          String[] lpEnvironment, String lpCurrentDirectory, StartupInfo lpStartupInfo,
                          ProcessInformation lpProcessInformation);

    /** Opens a process by id. */
    long OpenProcess(int dwDesiredAccess, boolean bInheritHandle, int dwProcessId);

    /** Ends a process. */
    boolean TerminateProcess(long hProcess, int uExitCode);

    /** A process's exit code, {@link Kernel32#STILL_ACTIVE} while it runs. */
    boolean GetExitCodeProcess(long hProcess, IntRef lpExitCode);

    /** The id of the process a handle names, 0 on failure. */
    int GetProcessId(long Process);

    /** Ends the synchronous I/O a thread is blocked in with {@code ERROR_OPERATION_ABORTED} (KO-10). */
    boolean CancelSynchronousIo(long hThread);

    /** Opens the access token of a process. */
    boolean OpenProcessToken(long ProcessHandle, int DesiredAccess, LongRef TokenHandle);

    // ======== files, find handles, mappings (KO-07, KO-08, KO-09) ========

    /** Opens or creates a real file, a pipe client ({@code \\.\pipe\…}) or a mailslot client. */
    long CreateFile(String lpFileName, int dwDesiredAccess, int dwShareMode, SecurityAttributes lpSecurityAttributes,
                    int dwCreationDisposition, int dwFlagsAndAttributes, long hTemplateFile);

    /** Reads from a file, pipe, mailslot or console. */
    boolean ReadFile(long hFile, byte[] lpBuffer, int nNumberOfBytesToRead, IntRef lpNumberOfBytesRead,
                     Overlapped lpOverlapped);

    /** Writes to a file, pipe, mailslot or console. */
    boolean WriteFile(long hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, IntRef lpNumberOfBytesWritten,
                      Overlapped lpOverlapped);

    /**
     * Overlapped read of a file opened with {@link Kernel32#FILE_FLAG_OVERLAPPED}, at the structure's offset; the
     * routine runs as an APC of this thread in an alertable wait (KO-16). {@code hEvent} is not used.
     */
    boolean ReadFileEx(long hFile, byte[] lpBuffer, int nNumberOfBytesToRead, Overlapped lpOverlapped,
                       FileIoCompletionRoutine lpCompletionRoutine);

    /** Overlapped write with a completion routine; see {@link #ReadFileEx}. */
    boolean WriteFileEx(long hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, Overlapped lpOverlapped,
                        FileIoCompletionRoutine lpCompletionRoutine);

    /** Moves a file's position. */
    boolean SetFilePointerEx(long hFile, long liDistanceToMove, LongRef lpNewFilePointer, int dwMoveMethod);

    /** A file's size. */
    boolean GetFileSizeEx(long hFile, LongRef lpFileSize);

    /** Flushes a file to disk. */
    boolean FlushFileBuffers(long hFile);

    /** Starts a directory search (a handle closed by {@link #FindClose}, KO-09). */
    long FindFirstFile(String lpFileName, Win32FindData lpFindFileData);

    /** The next match; {@code ERROR_NO_MORE_FILES} at the end. */
    boolean FindNextFile(long hFindFile, Win32FindData lpFindFileData);

    /** Closes a find handle (KO-09). */
    boolean FindClose(long hFindFile);

    /** Creates or opens (by name) a file mapping; {@code hFile} = {@link Kernel32#INVALID_HANDLE_VALUE} for memory only. */
    long CreateFileMapping(long hFile, SecurityAttributes lpFileMappingAttributes, int flProtect,
                           int dwMaximumSizeHigh, int dwMaximumSizeLow, String lpName);

    /** Opens a named mapping; {@code ERROR_FILE_NOT_FOUND} once its last handle is closed (KO-07). */
    long OpenFileMapping(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** Maps a view: the returned buffer is the mapped memory (null on failure). */
    ByteBuffer MapViewOfFile(long hFileMappingObject, int dwDesiredAccess, int dwFileOffsetHigh,
                             int dwFileOffsetLow, long dwNumberOfBytesToMap);

    /** Unmaps a view from {@link #MapViewOfFile}; the last view releases the mapping (KO-07). */
    boolean UnmapViewOfFile(ByteBuffer lpBaseAddress);

    // ======== pipes, mailslots, completion ports ========

    /** An anonymous pipe: a real operating-system pipe. */
    boolean CreatePipe(LongRef hReadPipe, LongRef hWritePipe, SecurityAttributes lpPipeAttributes, int nSize);

    /** A named pipe instance ({@code \\.\pipe\name}), for clients of this session. */
    long CreateNamedPipe(String lpName, int dwOpenMode, int dwPipeMode, int nMaxInstances, int nOutBufferSize,
                         int nInBufferSize, int nDefaultTimeOut, SecurityAttributes lpSecurityAttributes);

    /** Waits for a client of a named pipe instance. */
    boolean ConnectNamedPipe(long hNamedPipe, Overlapped lpOverlapped);

    /** Ends a named pipe instance's connection. */
    boolean DisconnectNamedPipe(long hNamedPipe);

    /** A mailslot ({@code \\.\mailslot\name}) for this session. */
    long CreateMailslot(String lpName, int nMaxMessageSize, int lReadTimeout, SecurityAttributes lpSecurityAttributes);

    /** A mailslot's state. */
    boolean GetMailslotInfo(long hMailslot, IntRef lpMaxMessageSize, IntRef lpNextSize, IntRef lpMessageCount,
                            IntRef lpReadTimeout);

    /**
     * Creates a completion port ({@code FileHandle} = {@link Kernel32#INVALID_HANDLE_VALUE}), or associates a
     * file, pipe or socket handle with an existing one and returns the port (KO-14).
     */
    long CreateIoCompletionPort(long FileHandle, long ExistingCompletionPort, long CompletionKey,
                                int NumberOfConcurrentThreads);

    /** Queues a packet. */
    boolean PostQueuedCompletionStatus(long CompletionPort, int dwNumberOfBytesTransferred, long dwCompletionKey,
                                       Overlapped lpOverlapped);

    /**
     * Takes a packet: TRUE for a successful operation, FALSE with its error (and its key, bytes and
     * {@code OVERLAPPED}) for a failed one, FALSE with {@code WAIT_TIMEOUT} and a null
     * {@code OVERLAPPED} when nothing came, {@code ERROR_ABANDONED_WAIT_0} (735) if the port is closed
     * during the call (KO-14).
     */
    boolean GetQueuedCompletionStatus(long CompletionPort, IntRef lpNumberOfBytesTransferred, LongRef lpCompletionKey,
                                      Ref<Overlapped> lpOverlapped, int dwMilliseconds);

    /**
     * Takes up to {@code ulCount} packets at once; FALSE with {@code WAIT_TIMEOUT} when none came, with
     * {@link Kernel32#WAIT_IO_COMPLETION} when an alertable call ran APCs instead, with
     * {@code ERROR_ABANDONED_WAIT_0} when the port was closed (KO-14, KO-16).
     */
    boolean GetQueuedCompletionStatusEx(long CompletionPort, OverlappedEntry[] lpCompletionPortEntries, int ulCount,
                                        IntRef ulNumEntriesRemoved, int dwMilliseconds, boolean fAlertable);

    /** {@link Kernel32#FILE_SKIP_COMPLETION_PORT_ON_SUCCESS} and friends for a file, pipe or socket handle. */
    boolean SetFileCompletionNotificationModes(long FileHandle, int Flags);

    // ======== overlapped I/O (KO-15) ========

    /**
     * An overlapped operation's result: TRUE with the bytes, FALSE with its error; while pending
     * {@code ERROR_IO_INCOMPLETE} (996), or with {@code bWait} the call waits for the completion.
     */
    boolean GetOverlappedResult(long hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred, boolean bWait);

    /** {@link #GetOverlappedResult} with a timeout ({@code WAIT_TIMEOUT}) and an alertable wait. */
    boolean GetOverlappedResultEx(long hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred,
                                  int dwMilliseconds, boolean bAlertable);

    /** Cancels the calling thread's pending operations on a handle; {@code ERROR_NOT_FOUND} (1168) if none. */
    boolean CancelIo(long hFile);

    /**
     * Cancels every pending operation on a handle ({@code lpOverlapped} NULL) or that one; each completes
     * with {@code ERROR_OPERATION_ABORTED} (995); {@code ERROR_NOT_FOUND} (1168) if nothing was pending.
     */
    boolean CancelIoEx(long hFile, Overlapped lpOverlapped);

    // ======== transactions (KO-08), jobs, memory notification ========

    /** A kernel transaction (emulated in the session). */
    long CreateTransaction(SecurityAttributes lpTransactionAttributes, Object UOW, int CreateOptions, int IsolationLevel,
                           int IsolationFlags, int Timeout, String Description);

    /** Commits: deferred deletes and file changes take effect (KO-08). */
    boolean CommitTransaction(long TransactionHandle);

    /** Rolls back: the files are left as they were (KO-08). */
    boolean RollbackTransaction(long TransactionHandle);

    /** Opens a file inside a transaction (KO-08). */
    long CreateFileTransacted(String lpFileName, int dwDesiredAccess, int dwShareMode,
                              SecurityAttributes lpSecurityAttributes, int dwCreationDisposition,
                              int dwFlagsAndAttributes, long hTemplateFile, long hTransaction,
                              ShortRef pusMiniVersion, Object lpExtendedParameter);

    /** A job object. */
    long CreateJobObject(SecurityAttributes lpJobAttributes, String lpName);

    /** Puts a process into a job. */
    boolean AssignProcessToJobObject(long hJob, long hProcess);

    /** Ends every process in a job. */
    boolean TerminateJobObject(long hJob, int uExitCode);

    /**
     * Sets a job's limits: {@link Kernel32#JobObjectExtendedLimitInformation} with a
     * {@link JobObjectExtendedLimits} ({@link Kernel32#JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE}: closing the
     * job's last handle ends its processes).
     */
    boolean SetInformationJobObject(long hJob, int JobObjectInformationClass, Object lpJobObjectInformation,
                                    int cbJobObjectInformationLength);

    /** A memory resource notification object. */
    long CreateMemoryResourceNotification(int NotificationType);

    /** Whether the memory condition holds now. */
    boolean QueryMemoryResourceNotification(long ResourceNotificationHandle, BoolRef ResourceState);

    // ======== registry (advapi32; KO-09) ========

    /** Opens a key of the session's emulated registry. Returns an error code. */
    int RegOpenKeyEx(long hKey, String lpSubKey, int ulOptions, int samDesired, LongRef phkResult);

    /** Creates or opens a key. Returns an error code. */
    int RegCreateKeyEx(long hKey, String lpSubKey, int Reserved, String lpClass, int dwOptions, int samDesired,
                       SecurityAttributes lpSecurityAttributes, LongRef phkResult, IntRef lpdwDisposition);

    /** Sets a value. Returns an error code. */
    int RegSetValueEx(long hKey, String lpValueName, int Reserved, int dwType, byte[] lpData, int cbData);

    /** Reads a value ({@code lpData} may be null to ask for the size). Returns an error code. */
    int RegQueryValueEx(long hKey, String lpValueName, IntRef lpReserved, IntRef lpType, byte[] lpData, IntRef lpcbData);

    /** Closes a key (KO-09); a predefined key returns 0. Returns an error code. */
    int RegCloseKey(long hKey);
}

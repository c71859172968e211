package io.teardown.kernel;

import io.teardown.api.BoolRef;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.ShortRef;
import io.teardown.api.Session;
import io.teardown.kernel.front.KernelFront;
import io.teardown.kernel.spi.KernelProviders;
import java.nio.ByteBuffer;

/**
 * The flat, C-shaped face of kernel32/advapi32 ({@code CloseHandle} and the objects it closes): exact C
 * names and parameter order, for code ported from C and for the conformance runner. Every method
 * reports what Windows reports (rules KO-01 … KO-16, <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>).
 *
 * <p>Conventions: HANDLE is {@code long}, BOOL is {@code boolean}, DWORD is {@code int} (unsigned by
 * convention). A BOOL function that fails returns {@code false} and sets the calling thread's last
 * error ({@link #GetLastError()}); {@code CloseHandle} and the waits leave the last error as it was when
 * they succeed. Functions returning a handle return 0 (NULL) or {@link #INVALID_HANDLE_VALUE} on failure,
 * as their C counterparts do. The registry functions return their error code and do not touch the last
 * error. Never throws for bad input, except the strict-mode misuse exception (KO-03).
 *
 * <p>Thread-safe: any thread may call any method; blocking calls (waits, pipe reads) block only the
 * caller.
 *
 * <p>The kernel front implements this interface once for every backend: the handle functions are its
 * own, and for every other function it resolves the handle arguments (kernel handles, find handles,
 * registry keys, the standard handles of {@code CreateProcess}) and makes the argument checks that
 * precede the handle lookup before a backend's driver does the work ({@code SyncCalls},
 * {@code ProcessCalls}, {@code FileCalls}, {@code PortCalls}; docs/kernel-objects.md, "Where the code is").
 */
public interface Kernel32 {
    // ---- handles and pseudo-handles (KO-04) ----
    /** An invalid handle value, returned by {@code CreateFile} and friends on failure (also {@code GetCurrentProcess()}). */
    long INVALID_HANDLE_VALUE = -1L;
    /** {@code GetStdHandle} argument: standard input (KO-04). */
    int STD_INPUT_HANDLE = -10;
    /** {@code GetStdHandle} argument: standard output (KO-04). */
    int STD_OUTPUT_HANDLE = -11;
    /** {@code GetStdHandle} argument: standard error (KO-04). */
    int STD_ERROR_HANDLE = -12;

    /** {@code DuplicateHandle} option: close the source handle (KO-02). */
    int DUPLICATE_CLOSE_SOURCE = 0x1;
    /** {@code DuplicateHandle} option: the copy gets the source's access rights. */
    int DUPLICATE_SAME_ACCESS = 0x2;
    /** Handle flag: inherited by child processes. */
    int HANDLE_FLAG_INHERIT = 0x1;
    /** Handle flag: {@code CloseHandle} refuses to close the handle (KO-12). */
    int HANDLE_FLAG_PROTECT_FROM_CLOSE = 0x2;

    // ---- waits ----
    /** Wait forever. */
    int INFINITE = 0xFFFFFFFF;
    /** The (first) object was signalled. */
    int WAIT_OBJECT_0 = 0;
    /** The wait was satisfied by an abandoned mutex. */
    int WAIT_ABANDONED = 0x80;
    /** Equal to {@link #WAIT_ABANDONED}: the first abandoned mutex's index is added. */
    int WAIT_ABANDONED_0 = 0x80;
    /** The timeout elapsed. */
    int WAIT_TIMEOUT = 258;
    /** The wait failed; see {@link #GetLastError()}. */
    int WAIT_FAILED = 0xFFFFFFFF;
    /** An alertable wait ran the thread's queued APCs (completion routines, {@code QueueUserAPC}; KO-16). */
    int WAIT_IO_COMPLETION = 0xC0;
    /** {@code SetFileCompletionNotificationModes}: no port packet for an operation that succeeds at once (KO-14). */
    int FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 0x1;
    /** {@code SetFileCompletionNotificationModes}: do not signal the handle itself at completion. */
    int FILE_SKIP_SET_EVENT_ON_HANDLE = 0x2;
    /** At most this many handles per {@code WaitForMultipleObjects}. */
    int MAXIMUM_WAIT_OBJECTS = 64;

    // ---- access rights ----
    /** Right to wait on an object. */
    int SYNCHRONIZE = 0x00100000;
    /** Right to delete an object. */
    int DELETE = 0x00010000;
    /** Right to signal or reset an event. */
    int EVENT_MODIFY_STATE = 0x0002;
    /** Every event right. */
    int EVENT_ALL_ACCESS = 0x1F0003;
    /** Every mutex right. */
    int MUTEX_ALL_ACCESS = 0x1F0001;
    /** Right to release a semaphore. */
    int SEMAPHORE_MODIFY_STATE = 0x0002;
    /** Every semaphore right. */
    int SEMAPHORE_ALL_ACCESS = 0x1F0003;
    /** Right to set or cancel a waitable timer. */
    int TIMER_MODIFY_STATE = 0x0002;
    /** Every timer right. */
    int TIMER_ALL_ACCESS = 0x1F0003;
    /** Every process right. */
    int PROCESS_ALL_ACCESS = 0x1FFFFF;
    /** Right to terminate a process. */
    int PROCESS_TERMINATE = 0x0001;
    /** Right to query a process. */
    int PROCESS_QUERY_INFORMATION = 0x0400;
    /** Right to query a process, limited. */
    int PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
    /** Every thread right. */
    int THREAD_ALL_ACCESS = 0x1FFFFF;
    /** Every file-mapping right. */
    int FILE_MAP_ALL_ACCESS = 0xF001F;
    /** Map for reading. */
    int FILE_MAP_READ = 0x0004;
    /** Map for writing (implies reading). */
    int FILE_MAP_WRITE = 0x0002;
    /** Generic read access. */
    int GENERIC_READ = 0x80000000;
    /** Generic write access. */
    int GENERIC_WRITE = 0x40000000;
    /** Generic full access. */
    int GENERIC_ALL = 0x10000000;
    /** Token right: query. */
    int TOKEN_QUERY = 0x0008;

    // ---- files ----
    /** Share mode: others may read. */
    int FILE_SHARE_READ = 0x1;
    /** Share mode: others may write. */
    int FILE_SHARE_WRITE = 0x2;
    /** Share mode: others may delete. */
    int FILE_SHARE_DELETE = 0x4;
    /** Disposition: fail if the file exists. */
    int CREATE_NEW = 1;
    /** Disposition: create or truncate. */
    int CREATE_ALWAYS = 2;
    /** Disposition: the file must exist. */
    int OPEN_EXISTING = 3;
    /** Disposition: open or create. */
    int OPEN_ALWAYS = 4;
    /** Disposition: the file must exist; truncate it. */
    int TRUNCATE_EXISTING = 5;
    /** Attribute: a plain file. */
    int FILE_ATTRIBUTE_NORMAL = 0x80;
    /** Attribute: a directory. */
    int FILE_ATTRIBUTE_DIRECTORY = 0x10;
    /** Delete the file when its last handle closes (KO-08 for transacted files). */
    int FILE_FLAG_DELETE_ON_CLOSE = 0x04000000;
    /** Overlapped I/O (not emulated). */
    int FILE_FLAG_OVERLAPPED = 0x40000000;
    /** {@code SetFilePointerEx}: from the start. */
    int FILE_BEGIN = 0;
    /** {@code SetFilePointerEx}: from the current position. */
    int FILE_CURRENT = 1;
    /** {@code SetFilePointerEx}: from the end. */
    int FILE_END = 2;

    // ---- file mappings ----
    /** Read-only pages. */
    int PAGE_READONLY = 0x02;
    /** Read/write pages. */
    int PAGE_READWRITE = 0x04;

    // ---- pipes and mailslots ----
    /** Named pipe: the server reads and writes. */
    int PIPE_ACCESS_DUPLEX = 0x3;
    /** Named pipe: the server reads. */
    int PIPE_ACCESS_INBOUND = 0x1;
    /** Named pipe: the server writes. */
    int PIPE_ACCESS_OUTBOUND = 0x2;
    /** Byte-stream pipe. */
    int PIPE_TYPE_BYTE = 0x0;
    /** Blocking pipe. */
    int PIPE_WAIT = 0x0;
    /** No limit on instances. */
    int PIPE_UNLIMITED_INSTANCES = 255;
    /** {@code CreateMailslot}/{@code GetMailslotInfo}: no message waiting. */
    int MAILSLOT_NO_MESSAGE = -1;
    /** {@code CreateMailslot}: wait forever. */
    int MAILSLOT_WAIT_FOREVER = -1;

    // ---- processes and threads ----
    /** Exit code of a thread or process that still runs. */
    int STILL_ACTIVE = 259;
    /** Create the thread suspended; {@code ResumeThread} starts it. */
    int CREATE_SUSPENDED = 0x4;
    /** {@code STARTUPINFO.dwFlags}: use the hStd… fields. */
    int STARTF_USESTDHANDLES = 0x100;

    // ---- jobs ----
    /** {@code SetInformationJobObject} class: {@code JOBOBJECT_EXTENDED_LIMIT_INFORMATION}. */
    int JobObjectExtendedLimitInformation = 9;
    /** Limit flag: closing the last job handle terminates its processes. */
    int JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000;

    // ---- memory resource notification ----
    /** Notification type: low memory. */
    int LowMemoryResourceNotification = 0;
    /** Notification type: high memory. */
    int HighMemoryResourceNotification = 1;

    // ---- registry (KO-09) ----
    /** Predefined key {@code HKEY_CLASSES_ROOT} (sign-extended, as on 64-bit Windows). */
    long HKEY_CLASSES_ROOT = (long) 0x80000000;
    /** Predefined key {@code HKEY_CURRENT_USER}. */
    long HKEY_CURRENT_USER = (long) 0x80000001;
    /** Predefined key {@code HKEY_LOCAL_MACHINE}. */
    long HKEY_LOCAL_MACHINE = (long) 0x80000002;
    /** Predefined key {@code HKEY_USERS}. */
    long HKEY_USERS = (long) 0x80000003;
    /** Predefined key {@code HKEY_CURRENT_CONFIG}. */
    long HKEY_CURRENT_CONFIG = (long) 0x80000005;
    /** Key right: read. */
    int KEY_READ = 0x20019;
    /** Key right: everything. */
    int KEY_ALL_ACCESS = 0xF003F;
    /** Value type: string. */
    int REG_SZ = 1;
    /** Value type: bytes. */
    int REG_BINARY = 3;
    /** Value type: 32-bit number. */
    int REG_DWORD = 4;
    /** {@code RegCreateKeyEx} disposition: created. */
    int REG_CREATED_NEW_KEY = 1;
    /** {@code RegCreateKeyEx} disposition: opened. */
    int REG_OPENED_EXISTING_KEY = 2;

    /**
     * The session's {@code Kernel32}, built once: the front that owns the handle rules, over the driver
     * of the backend selected for the session.
     */
    static Kernel32 of(Session session) {
        return session.component(Kernel32.class,
                s -> new KernelFront(s, KernelProviders.REGISTRY.select(s).driver(s)));
    }

    // ======== handles (KO-01 … KO-04, KO-09, KO-11, KO-12) ========

    /**
     * Closes a handle (KO-01). The object goes when its last handle does (KO-02). Invalid values fail
     * with 6 (KO-03); pseudo-handles succeed and close nothing (KO-04); foreign handles follow KO-09/WS-15.
     */
    boolean CloseHandle(long hObject);

    /** Adds a handle to the object {@code hSourceHandle} names (KO-02). Only the current process is a valid process here. */
    boolean DuplicateHandle(long hSourceProcessHandle, long hSourceHandle, long hTargetProcessHandle,
                            LongRef lpTargetHandle, int dwDesiredAccess, boolean bInheritHandle, int dwOptions);

    /** Reads a handle's flags (KO-12). */
    boolean GetHandleInformation(long hObject, IntRef lpdwFlags);

    /** Changes a handle's flags; {@link #HANDLE_FLAG_PROTECT_FROM_CLOSE} makes it unclosable (KO-12). */
    boolean SetHandleInformation(long hObject, int dwMask, int dwFlags);

    /** The calling thread's last error. */
    int GetLastError();

    /** Sets the calling thread's last error. */
    void SetLastError(int dwErrCode);

    /** The pseudo-handle −1 (KO-04). */
    long GetCurrentProcess();

    /** The pseudo-handle −2 (KO-04). */
    long GetCurrentThread();

    /** The pseudo-handle −4 (KO-04). */
    long GetCurrentProcessToken();

    /** The pseudo-handle −5 (KO-04). */
    long GetCurrentThreadToken();

    /** The pseudo-handle −6 (KO-04). */
    long GetCurrentThreadEffectiveToken();

    /** The current standard handle, or 0 once it has been closed (KO-04). */
    long GetStdHandle(int nStdHandle);

    /** Replaces a standard handle. */
    boolean SetStdHandle(int nStdHandle, long hHandle);

    // ---- synchronisation: events, mutexes, semaphores, timers, waits, APCs (KO-05, KO-10, KO-13, KO-16) ----

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

    /**
     * {@link #WaitForSingleObject}; when {@code bAlertable}, the calling thread's queued APCs run inside
     * the wait, which then returns {@link #WAIT_IO_COMPLETION}.
     */
    int WaitForSingleObjectEx(long hHandle, int dwMilliseconds, boolean bAlertable);

    /** {@link #WaitForMultipleObjects}, alertable as {@link #WaitForSingleObjectEx} is. */
    int WaitForMultipleObjectsEx(int nCount, long[] lpHandles, boolean bWaitAll, int dwMilliseconds,
                                 boolean bAlertable);

    /** Sleeps; 0 when the time is up, {@link #WAIT_IO_COMPLETION} when an alertable sleep ran APCs. */
    int SleepEx(int dwMilliseconds, boolean bAlertable);

    /** Signals an event, mutex or semaphore and waits on another object, as one call. */
    int SignalObjectAndWait(long hObjectToSignal, long hObjectToWaitOn, int dwMilliseconds, boolean bAlertable);

    /** Queues {@code pfnAPC(dwData)} to a thread; it runs there in an alertable wait. Non-zero on success. */
    int QueueUserAPC(ApcRoutine pfnAPC, long hThread, long dwData);

    // ---- threads, processes, jobs, tokens, transactions, memory notifications (KO-05, KO-06, KO-08, KO-10) ----

    /** Whether two handles name the same object. */
    boolean CompareObjectHandles(long hFirstObjectHandle, long hSecondObjectHandle);

    /** The process id. */
    int GetCurrentProcessId();

    /** The calling thread's id. */
    int GetCurrentThreadId();

    /** Starts a thread running {@code lpStartAddress} (a real Java thread). */
    long CreateThread(SecurityAttributes lpThreadAttributes, long dwStackSize, ThreadProc lpStartAddress,
                      long lpParameter, int dwCreationFlags, IntRef lpThreadId);

    /** Starts a thread created with {@link #CREATE_SUSPENDED}; returns the previous suspend count or −1. */
    int ResumeThread(long hThread);

    /** A thread's exit code, {@link #STILL_ACTIVE} while it runs. */
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

    /** A process's exit code, {@link #STILL_ACTIVE} while it runs. */
    boolean GetExitCodeProcess(long hProcess, IntRef lpExitCode);

    /** The id of the process a handle names, 0 on failure. */
    int GetProcessId(long Process);

    /** Ends the synchronous I/O a thread is blocked in with {@code ERROR_OPERATION_ABORTED} (KO-10). */
    boolean CancelSynchronousIo(long hThread);

    /** Opens the access token of a process. */
    boolean OpenProcessToken(long ProcessHandle, int DesiredAccess, LongRef TokenHandle);

    /** A kernel transaction (emulated in the session). */
    long CreateTransaction(SecurityAttributes lpTransactionAttributes, Object UOW, int CreateOptions, int IsolationLevel,
                           int IsolationFlags, int Timeout, String Description);

    /** Commits: deferred deletes and file changes take effect (KO-08). */
    boolean CommitTransaction(long TransactionHandle);

    /** Rolls back: the files are left as they were (KO-08). */
    boolean RollbackTransaction(long TransactionHandle);

    /** A job object. */
    long CreateJobObject(SecurityAttributes lpJobAttributes, String lpName);

    /** Puts a process into a job. */
    boolean AssignProcessToJobObject(long hJob, long hProcess);

    /** Ends every process in a job. */
    boolean TerminateJobObject(long hJob, int uExitCode);

    /**
     * Sets a job's limits: {@link #JobObjectExtendedLimitInformation} with a
     * {@link JobObjectExtendedLimits} ({@link #JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE}: closing the
     * job's last handle ends its processes).
     */
    boolean SetInformationJobObject(long hJob, int JobObjectInformationClass, Object lpJobObjectInformation,
                                    int cbJobObjectInformationLength);

    /** A memory resource notification object. */
    long CreateMemoryResourceNotification(int NotificationType);

    /** Whether the memory condition holds now. */
    boolean QueryMemoryResourceNotification(long ResourceNotificationHandle, BoolRef ResourceState);

    // ================= files, find handles, mappings, pipes, mailslots, transacted files, the registry =================

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
     * Overlapped read of a file opened with {@link #FILE_FLAG_OVERLAPPED}, at the structure's offset; the
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

    /** Creates or opens (by name) a file mapping; {@code hFile} = {@link #INVALID_HANDLE_VALUE} for memory only. */
    long CreateFileMapping(long hFile, SecurityAttributes lpFileMappingAttributes, int flProtect,
                           int dwMaximumSizeHigh, int dwMaximumSizeLow, String lpName);

    /** Opens a named mapping; {@code ERROR_FILE_NOT_FOUND} once its last handle is closed (KO-07). */
    long OpenFileMapping(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** Maps a view: the returned buffer is the mapped memory (null on failure). */
    ByteBuffer MapViewOfFile(long hFileMappingObject, int dwDesiredAccess, int dwFileOffsetHigh,
                             int dwFileOffsetLow, long dwNumberOfBytesToMap);

    /** Unmaps a view from {@link #MapViewOfFile}; the last view releases the mapping (KO-07). */
    boolean UnmapViewOfFile(ByteBuffer lpBaseAddress);

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

    /** Opens a file inside a transaction (KO-08). */
    long CreateFileTransacted(String lpFileName, int dwDesiredAccess, int dwShareMode,
                              SecurityAttributes lpSecurityAttributes, int dwCreationDisposition,
                              int dwFlagsAndAttributes, long hTemplateFile, long hTransaction,
                              ShortRef pusMiniVersion, Object lpExtendedParameter);

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

    // ================= completion ports, overlapped results, cancellation =================

    /**
     * Creates a completion port ({@code FileHandle} = {@link #INVALID_HANDLE_VALUE}), or associates a
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
     * {@link #WAIT_IO_COMPLETION} when an alertable call ran APCs instead, with
     * {@code ERROR_ABANDONED_WAIT_0} when the port was closed (KO-14, KO-16).
     */
    boolean GetQueuedCompletionStatusEx(long CompletionPort, OverlappedEntry[] lpCompletionPortEntries, int ulCount,
                                        IntRef ulNumEntriesRemoved, int dwMilliseconds, boolean fAlertable);

    /** {@link #FILE_SKIP_COMPLETION_PORT_ON_SUCCESS} and friends for a file, pipe or socket handle. */
    boolean SetFileCompletionNotificationModes(long FileHandle, int Flags);

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
}

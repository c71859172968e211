package io.teardown.kernel;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.kernel.front.KernelFront;
import io.teardown.kernel.spi.KernelCalls;
import io.teardown.kernel.spi.KernelProviders;

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
 * <p>This interface declares the handle functions, which the kernel front implements itself for every
 * backend; the type-specific functions (events, waits, files, pipes, ports, registry …) are declared by
 * {@link KernelCalls}, which a backend's driver implements (docs/kernel-objects.md, "Where the code is").
 */
public interface Kernel32 extends KernelCalls {
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
}

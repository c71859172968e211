package io.teardown.kernel.spi;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.ShortRef;
import io.teardown.kernel.FileIoCompletionRoutine;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.Win32FindData;
import java.nio.ByteBuffer;

/**
 * The driver's work for the file functions of {@link Kernel32} — files, find handles, mappings, pipes,
 * mailslots, transacted files and the registry (KO-05, KO-07, KO-08, KO-09, KO-15, KO-16):
 * {@link KernelDriver#files()}. Each method does what its {@link Kernel32} namesake does, with the handles
 * already resolved by the front ({@link ResolvedHandle}: a kernel handle where the function takes one, a
 * find handle for {@link #FindNextFile}, a key or predefined key for the registry functions — a value
 * naming none of these never gets here) and the checks that precede the handle lookup already made (the
 * front's order is in docs/kernel-objects.md). An optional handle the caller left out arrives as
 * {@code null}: {@code CreateFile}'s template, {@code CreateFileMapping}'s file when it is
 * {@link Kernel32#INVALID_HANDLE_VALUE} (a mapping of the paging file), an {@code OVERLAPPED} without an
 * event. {@code FindClose} and {@code RegCloseKey} are the front's own: it takes the handle out of the
 * table and the driver's {@link KernelDriver#doClose} does the close. The methods check what only the
 * object can tell — its type, the handle's access, its state, the buffers — and report as the C function
 * does: the last error for the kernel32 functions, the returned code for the registry's. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is".
 */
public interface FileCalls {
    /** {@link Kernel32#CreateFile}; {@code hTemplateFile} null when the caller passed none. */
    long CreateFile(String lpFileName, int dwDesiredAccess, int dwShareMode, SecurityAttributes lpSecurityAttributes,
                    int dwCreationDisposition, int dwFlagsAndAttributes, ResolvedHandle hTemplateFile);

    /**
     * {@link Kernel32#ReadFile}; the front has set {@code *lpNumberOfBytesRead} to 0. {@code hEvent} is the
     * {@code OVERLAPPED}'s event, resolved (its low bit, "no port packet", is still in
     * {@code lpOverlapped.hEvent}); null without an {@code OVERLAPPED} or without an event.
     */
    boolean ReadFile(ResolvedHandle hFile, byte[] lpBuffer, int nNumberOfBytesToRead, IntRef lpNumberOfBytesRead,
                     Overlapped lpOverlapped, ResolvedHandle hEvent);

    /** {@link Kernel32#WriteFile}; as {@link #ReadFile}. */
    boolean WriteFile(ResolvedHandle hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, IntRef lpNumberOfBytesWritten,
                      Overlapped lpOverlapped, ResolvedHandle hEvent);

    /** {@link Kernel32#ReadFileEx}; the front has refused a null {@code OVERLAPPED} or routine (87). */
    boolean ReadFileEx(ResolvedHandle hFile, byte[] lpBuffer, int nNumberOfBytesToRead, Overlapped lpOverlapped,
                       FileIoCompletionRoutine lpCompletionRoutine);

    /** {@link Kernel32#WriteFileEx}; as {@link #ReadFileEx}. */
    boolean WriteFileEx(ResolvedHandle hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, Overlapped lpOverlapped,
                        FileIoCompletionRoutine lpCompletionRoutine);

    /** {@link Kernel32#SetFilePointerEx}. */
    boolean SetFilePointerEx(ResolvedHandle hFile, long liDistanceToMove, LongRef lpNewFilePointer, int dwMoveMethod);

    /** {@link Kernel32#GetFileSizeEx}. */
    boolean GetFileSizeEx(ResolvedHandle hFile, LongRef lpFileSize);

    /** {@link Kernel32#FlushFileBuffers}. */
    boolean FlushFileBuffers(ResolvedHandle hFile);

    /** {@link Kernel32#FindFirstFile}: the new find handle's table value (closer {@code FIND_CLOSE}, KO-09). */
    long FindFirstFile(String lpFileName, Win32FindData lpFindFileData);

    /** {@link Kernel32#FindNextFile} on a find handle; the front has refused a null {@code lpFindFileData} (998). */
    boolean FindNextFile(ResolvedHandle hFindFile, Win32FindData lpFindFileData);

    /** {@link Kernel32#CreateFileMapping}; {@code hFile} null for {@link Kernel32#INVALID_HANDLE_VALUE} (the paging file). */
    long CreateFileMapping(ResolvedHandle hFile, SecurityAttributes lpFileMappingAttributes, int flProtect,
                           int dwMaximumSizeHigh, int dwMaximumSizeLow, String lpName);

    /** {@link Kernel32#OpenFileMapping}. */
    long OpenFileMapping(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** {@link Kernel32#MapViewOfFile}. */
    ByteBuffer MapViewOfFile(ResolvedHandle hFileMappingObject, int dwDesiredAccess, int dwFileOffsetHigh,
                             int dwFileOffsetLow, long dwNumberOfBytesToMap);

    /** {@link Kernel32#UnmapViewOfFile}. */
    boolean UnmapViewOfFile(ByteBuffer lpBaseAddress);

    /** {@link Kernel32#CreatePipe}. */
    boolean CreatePipe(LongRef hReadPipe, LongRef hWritePipe, SecurityAttributes lpPipeAttributes, int nSize);

    /** {@link Kernel32#CreateNamedPipe}. */
    long CreateNamedPipe(String lpName, int dwOpenMode, int dwPipeMode, int nMaxInstances, int nOutBufferSize,
                         int nInBufferSize, int nDefaultTimeOut, SecurityAttributes lpSecurityAttributes);

    /** {@link Kernel32#ConnectNamedPipe}. */
    boolean ConnectNamedPipe(ResolvedHandle hNamedPipe, Overlapped lpOverlapped);

    /**
     * Whether this driver's {@link #ConnectNamedPipe} takes an {@code OVERLAPPED}. One that does not fails
     * with {@code ERROR_CALL_NOT_IMPLEMENTED} (120) at the front, before the handle is looked at, and never
     * reaches the driver.
     */
    default boolean overlappedConnect() {
        return true;
    }

    /** {@link Kernel32#DisconnectNamedPipe}. */
    boolean DisconnectNamedPipe(ResolvedHandle hNamedPipe);

    /** {@link Kernel32#CreateMailslot}. */
    long CreateMailslot(String lpName, int nMaxMessageSize, int lReadTimeout, SecurityAttributes lpSecurityAttributes);

    /** {@link Kernel32#GetMailslotInfo}. */
    boolean GetMailslotInfo(ResolvedHandle hMailslot, IntRef lpMaxMessageSize, IntRef lpNextSize, IntRef lpMessageCount,
                            IntRef lpReadTimeout);

    /**
     * {@link Kernel32#CreateFileTransacted}; {@code hTemplateFile} null when the caller passed none,
     * {@code hTransaction} the resolved transaction (the front fails a NULL one with 6).
     */
    long CreateFileTransacted(String lpFileName, int dwDesiredAccess, int dwShareMode,
                              SecurityAttributes lpSecurityAttributes, int dwCreationDisposition,
                              int dwFlagsAndAttributes, ResolvedHandle hTemplateFile, ResolvedHandle hTransaction,
                              ShortRef pusMiniVersion, Object lpExtendedParameter);

    /** {@link Kernel32#RegOpenKeyEx} on a key or predefined key; the front has refused a null {@code phkResult} (87). */
    int RegOpenKeyEx(ResolvedHandle hKey, String lpSubKey, int ulOptions, int samDesired, LongRef phkResult);

    /** {@link Kernel32#RegCreateKeyEx}; as {@link #RegOpenKeyEx}. */
    int RegCreateKeyEx(ResolvedHandle hKey, String lpSubKey, int Reserved, String lpClass, int dwOptions, int samDesired,
                       SecurityAttributes lpSecurityAttributes, LongRef phkResult, IntRef lpdwDisposition);

    /** {@link Kernel32#RegSetValueEx} on a key or predefined key. */
    int RegSetValueEx(ResolvedHandle hKey, String lpValueName, int Reserved, int dwType, byte[] lpData, int cbData);

    /** {@link Kernel32#RegQueryValueEx} on a key or predefined key. */
    int RegQueryValueEx(ResolvedHandle hKey, String lpValueName, IntRef lpReserved, IntRef lpType, byte[] lpData,
                        IntRef lpcbData);
}

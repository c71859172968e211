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
 * The file functions of kernel32/advapi32 — files, find handles, mappings, pipes, mailslots, transacted
 * files and the registry (KO-05, KO-07, KO-08, KO-09, KO-15, KO-16) — in C form. Part of
 * {@link KernelCalls}: users call them through {@link Kernel32}, a {@link KernelDriver} does the work
 * ({@link KernelDriver#files()}). See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>.
 */
public interface FileCalls {
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
}

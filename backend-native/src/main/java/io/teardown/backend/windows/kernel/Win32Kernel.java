package io.teardown.backend.windows.kernel;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.BaseTSD.SIZE_T;
import com.sun.jna.platform.win32.BaseTSD.ULONG_PTRByReference;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase.OVERLAPPED;
import com.sun.jna.platform.win32.WinBase.SECURITY_ATTRIBUTES;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.platform.win32.WinNT.MEMORY_BASIC_INFORMATION;
import com.sun.jna.platform.win32.WinReg.HKEY;
import com.sun.jna.platform.win32.WinReg.HKEYByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.teardown.backend.windows.jna.Advapi32Library;

/**
 * The jna-platform kernel32 and advapi32 functions {@link NativeKernelDriver} calls, with jna-platform's
 * signatures. A narrow interface of its own because jna-platform's {@code Kernel32}/{@code Advapi32}
 * load their DLL when the interface is initialised (their {@code INSTANCE} fields), which a test
 * implementation would trigger off Windows. {@link #of} delegates to the real ones.
 */
public interface Win32Kernel {
    /** {@code CloseHandle} (kernel32). */
    boolean CloseHandle(HANDLE hObject);

    /** {@code FindClose} (kernel32). */
    boolean FindClose(HANDLE hFindFile);

    /** {@code DuplicateHandle} (kernel32). */
    boolean DuplicateHandle(HANDLE hSourceProcessHandle, HANDLE hSourceHandle, HANDLE hTargetProcessHandle, HANDLEByReference lpTargetHandle, int dwDesiredAccess, boolean bInheritHandle, int dwOptions);

    /** {@code SetHandleInformation} (kernel32). */
    boolean SetHandleInformation(HANDLE hObject, int dwMask, int dwFlags);

    /** {@code GetCurrentProcessId} (kernel32). */
    int GetCurrentProcessId();

    /** {@code GetCurrentThreadId} (kernel32). */
    int GetCurrentThreadId();

    /** {@code GetStdHandle} (kernel32). */
    HANDLE GetStdHandle(int nStdHandle);

    /** {@code CreateEvent} (kernel32). */
    HANDLE CreateEvent(SECURITY_ATTRIBUTES lpEventAttributes, boolean bManualReset, boolean bInitialState, String lpName);

    /** {@code OpenEvent} (kernel32). */
    HANDLE OpenEvent(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** {@code SetEvent} (kernel32). */
    boolean SetEvent(HANDLE hEvent);

    /** {@code ResetEvent} (kernel32). */
    boolean ResetEvent(HANDLE hEvent);

    /** {@code CreateMutex} (kernel32). */
    HANDLE CreateMutex(SECURITY_ATTRIBUTES lpMutexAttributes, boolean bInitialOwner, String lpName);

    /** {@code OpenMutex} (kernel32). */
    HANDLE OpenMutex(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** {@code ReleaseMutex} (kernel32). */
    boolean ReleaseMutex(HANDLE hMutex);

    /** {@code WaitForSingleObject} (kernel32). */
    int WaitForSingleObject(HANDLE hHandle, int dwMilliseconds);

    /** {@code WaitForMultipleObjects} (kernel32). */
    int WaitForMultipleObjects(int nCount, HANDLE[] hHandle, boolean bWaitAll, int dwMilliseconds);

    /** {@code GetExitCodeThread} (kernel32). */
    boolean GetExitCodeThread(HANDLE hThread, IntByReference exitCode);

    /** {@code OpenProcess} (kernel32). */
    HANDLE OpenProcess(int fdwAccess, boolean fInherit, int idProcess);

    /** {@code TerminateProcess} (kernel32). */
    boolean TerminateProcess(HANDLE hProcess, int uExitCode);

    /** {@code GetExitCodeProcess} (kernel32). */
    boolean GetExitCodeProcess(HANDLE hProcess, IntByReference lpExitCode);

    /** {@code GetProcessId} (kernel32). */
    int GetProcessId(HANDLE process);

    /** {@code CreateFile} (kernel32). */
    HANDLE CreateFile(String lpFileName, int dwDesiredAccess, int dwShareMode, SECURITY_ATTRIBUTES lpSecurityAttributes, int dwCreationDisposition, int dwFlagsAndAttributes, HANDLE hTemplateFile);

    /** {@code FlushFileBuffers} (kernel32). */
    boolean FlushFileBuffers(HANDLE hFile);

    /** {@code FindFirstFile} (kernel32). */
    HANDLE FindFirstFile(String lpFileName, Pointer lpFindFileData);

    /** {@code FindNextFile} (kernel32). */
    boolean FindNextFile(HANDLE hFindFile, Pointer lpFindFileData);

    /** {@code CreateFileMapping} (kernel32). */
    HANDLE CreateFileMapping(HANDLE hFile, SECURITY_ATTRIBUTES lpAttributes, int flProtect, int dwMaximumSizeHigh, int dwMaximumSizeLow, String lpName);

    /** {@code OpenFileMapping} (kernel32). */
    HANDLE OpenFileMapping(int dwDesiredAccess, boolean bInheritHandle, String lpName);

    /** {@code VirtualQueryEx} (kernel32). */
    SIZE_T VirtualQueryEx(HANDLE hProcess, Pointer lpAddress, MEMORY_BASIC_INFORMATION lpBuffer, SIZE_T dwLength);

    /** {@code UnmapViewOfFile} (kernel32). */
    boolean UnmapViewOfFile(Pointer lpBaseAddress);

    /** {@code CreatePipe} (kernel32). */
    boolean CreatePipe(HANDLEByReference hReadPipe, HANDLEByReference hWritePipe, SECURITY_ATTRIBUTES lpPipeAttributes, int nSize);

    /** {@code CreateNamedPipe} (kernel32). */
    HANDLE CreateNamedPipe(String lpName, int dwOpenMode, int dwPipeMode, int nMaxInstances, int nOutBufferSize, int nInBufferSize, int nDefaultTimeOut, SECURITY_ATTRIBUTES lpSecurityAttributes);

    /** {@code ConnectNamedPipe} (kernel32). */
    boolean ConnectNamedPipe(HANDLE hNamedPipe, OVERLAPPED lpOverlapped);

    /** {@code DisconnectNamedPipe} (kernel32). */
    boolean DisconnectNamedPipe(HANDLE hNamedPipe);

    /** {@code CreateIoCompletionPort} (kernel32). */
    HANDLE CreateIoCompletionPort(HANDLE fileHandle, HANDLE existingCompletionPort, Pointer completionKey, int numberOfConcurrentThreads);

    /** {@code PostQueuedCompletionStatus} (kernel32). */
    boolean PostQueuedCompletionStatus(HANDLE completionPort, int dwNumberOfBytesTransferred, Pointer dwCompletionKey, OVERLAPPED lpOverlapped);

    /** {@code GetQueuedCompletionStatus} (kernel32). */
    boolean GetQueuedCompletionStatus(HANDLE completionPort, IntByReference lpNumberOfBytes, ULONG_PTRByReference lpCompletionKey, PointerByReference lpOverlapped, int dwMilliseconds);

    /** {@code RegCloseKey} (advapi32). */
    int RegCloseKey(HKEY hKey);

    /** {@code OpenProcessToken} (advapi32). */
    boolean OpenProcessToken(HANDLE processHandle, int desiredAccess, HANDLEByReference tokenHandle);

    /** {@code RegOpenKeyEx} (advapi32). */
    int RegOpenKeyEx(HKEY hKey, String lpSubKey, int ulOptions, int samDesired, HKEYByReference phkResult);

    /** {@code RegCreateKeyEx} (advapi32). */
    int RegCreateKeyEx(HKEY hKey, String lpSubKey, int reserved, String lpClass, int dwOptions, int samDesired, SECURITY_ATTRIBUTES lpSecurityAttributes, HKEYByReference phkResult, IntByReference lpdwDisposition);

    /** {@code RegSetValueEx} (advapi32). */
    int RegSetValueEx(HKEY hKey, String lpValueName, int reserved, int dwType, byte[] lpData, int cbData);

    /** {@code RegQueryValueExW} (advapi32, through {@link Advapi32Library}: {@code lpReserved} is a pointer). */
    int RegQueryValueEx(HKEY hKey, String lpValueName, Pointer lpReserved, IntByReference lpType, Pointer lpData, IntByReference lpcbData);

    /** {@code OpenThread} (kernel32). */
    HANDLE OpenThread(int dwDesiredAccess, boolean bInheritHandle, int dwThreadId);

    /** {@code CreateProcessW} (kernel32). */
    boolean CreateProcess(String lpApplicationName, String lpCommandLine,
            com.sun.jna.platform.win32.WinBase.SECURITY_ATTRIBUTES lpProcessAttributes,
            com.sun.jna.platform.win32.WinBase.SECURITY_ATTRIBUTES lpThreadAttributes, boolean bInheritHandles,
            com.sun.jna.platform.win32.WinDef.DWORD dwCreationFlags, Pointer lpEnvironment, String lpCurrentDirectory,
            com.sun.jna.platform.win32.WinBase.STARTUPINFO lpStartupInfo,
            com.sun.jna.platform.win32.WinBase.PROCESS_INFORMATION lpProcessInformation);

    /**
     * The functions of jna-platform's {@code kernel32} and {@code advapi32}, and {@code RegQueryValueExW}
     * from {@link Advapi32Library} (all loaded by the caller).
     */
    static Win32Kernel of(Kernel32 k32, Advapi32 advapi, Advapi32Library advapiExtras) {
        return new Win32Kernel() {
            @Override
            public boolean CreateProcess(String lpApplicationName, String lpCommandLine,
                    SECURITY_ATTRIBUTES lpProcessAttributes, SECURITY_ATTRIBUTES lpThreadAttributes,
                    boolean bInheritHandles, com.sun.jna.platform.win32.WinDef.DWORD dwCreationFlags,
                    Pointer lpEnvironment, String lpCurrentDirectory,
                    com.sun.jna.platform.win32.WinBase.STARTUPINFO lpStartupInfo,
                    com.sun.jna.platform.win32.WinBase.PROCESS_INFORMATION lpProcessInformation) {
                return k32.CreateProcess(lpApplicationName, lpCommandLine, lpProcessAttributes, lpThreadAttributes,
                        bInheritHandles, dwCreationFlags, lpEnvironment, lpCurrentDirectory, lpStartupInfo,
                        lpProcessInformation);
            }

            @Override
            public HANDLE OpenThread(int dwDesiredAccess, boolean bInheritHandle, int dwThreadId) {
                return k32.OpenThread(dwDesiredAccess, bInheritHandle, dwThreadId);
            }

            @Override
            public boolean CloseHandle(HANDLE hObject) {
                return k32.CloseHandle(hObject);
            }

            @Override
            public boolean FindClose(HANDLE hFindFile) {
                return k32.FindClose(hFindFile);
            }

            @Override
            public boolean DuplicateHandle(HANDLE hSourceProcessHandle, HANDLE hSourceHandle, HANDLE hTargetProcessHandle, HANDLEByReference lpTargetHandle, int dwDesiredAccess, boolean bInheritHandle, int dwOptions) {
                return k32.DuplicateHandle(hSourceProcessHandle, hSourceHandle, hTargetProcessHandle, lpTargetHandle, dwDesiredAccess, bInheritHandle, dwOptions);
            }

            @Override
            public boolean SetHandleInformation(HANDLE hObject, int dwMask, int dwFlags) {
                return k32.SetHandleInformation(hObject, dwMask, dwFlags);
            }

            @Override
            public int GetCurrentProcessId() {
                return k32.GetCurrentProcessId();
            }

            @Override
            public int GetCurrentThreadId() {
                return k32.GetCurrentThreadId();
            }

            @Override
            public HANDLE GetStdHandle(int nStdHandle) {
                return k32.GetStdHandle(nStdHandle);
            }

            @Override
            public HANDLE CreateEvent(SECURITY_ATTRIBUTES lpEventAttributes, boolean bManualReset, boolean bInitialState, String lpName) {
                return k32.CreateEvent(lpEventAttributes, bManualReset, bInitialState, lpName);
            }

            @Override
            public HANDLE OpenEvent(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
                return k32.OpenEvent(dwDesiredAccess, bInheritHandle, lpName);
            }

            @Override
            public boolean SetEvent(HANDLE hEvent) {
                return k32.SetEvent(hEvent);
            }

            @Override
            public boolean ResetEvent(HANDLE hEvent) {
                return k32.ResetEvent(hEvent);
            }

            @Override
            public HANDLE CreateMutex(SECURITY_ATTRIBUTES lpMutexAttributes, boolean bInitialOwner, String lpName) {
                return k32.CreateMutex(lpMutexAttributes, bInitialOwner, lpName);
            }

            @Override
            public HANDLE OpenMutex(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
                return k32.OpenMutex(dwDesiredAccess, bInheritHandle, lpName);
            }

            @Override
            public boolean ReleaseMutex(HANDLE hMutex) {
                return k32.ReleaseMutex(hMutex);
            }

            @Override
            public int WaitForSingleObject(HANDLE hHandle, int dwMilliseconds) {
                return k32.WaitForSingleObject(hHandle, dwMilliseconds);
            }

            @Override
            public int WaitForMultipleObjects(int nCount, HANDLE[] hHandle, boolean bWaitAll, int dwMilliseconds) {
                return k32.WaitForMultipleObjects(nCount, hHandle, bWaitAll, dwMilliseconds);
            }

            @Override
            public boolean GetExitCodeThread(HANDLE hThread, IntByReference exitCode) {
                return k32.GetExitCodeThread(hThread, exitCode);
            }

            @Override
            public HANDLE OpenProcess(int fdwAccess, boolean fInherit, int idProcess) {
                return k32.OpenProcess(fdwAccess, fInherit, idProcess);
            }

            @Override
            public boolean TerminateProcess(HANDLE hProcess, int uExitCode) {
                return k32.TerminateProcess(hProcess, uExitCode);
            }

            @Override
            public boolean GetExitCodeProcess(HANDLE hProcess, IntByReference lpExitCode) {
                return k32.GetExitCodeProcess(hProcess, lpExitCode);
            }

            @Override
            public int GetProcessId(HANDLE process) {
                return k32.GetProcessId(process);
            }

            @Override
            public HANDLE CreateFile(String lpFileName, int dwDesiredAccess, int dwShareMode, SECURITY_ATTRIBUTES lpSecurityAttributes, int dwCreationDisposition, int dwFlagsAndAttributes, HANDLE hTemplateFile) {
                return k32.CreateFile(lpFileName, dwDesiredAccess, dwShareMode, lpSecurityAttributes, dwCreationDisposition, dwFlagsAndAttributes, hTemplateFile);
            }

            @Override
            public boolean FlushFileBuffers(HANDLE hFile) {
                return k32.FlushFileBuffers(hFile);
            }

            @Override
            public HANDLE FindFirstFile(String lpFileName, Pointer lpFindFileData) {
                return k32.FindFirstFile(lpFileName, lpFindFileData);
            }

            @Override
            public boolean FindNextFile(HANDLE hFindFile, Pointer lpFindFileData) {
                return k32.FindNextFile(hFindFile, lpFindFileData);
            }

            @Override
            public HANDLE CreateFileMapping(HANDLE hFile, SECURITY_ATTRIBUTES lpAttributes, int flProtect, int dwMaximumSizeHigh, int dwMaximumSizeLow, String lpName) {
                return k32.CreateFileMapping(hFile, lpAttributes, flProtect, dwMaximumSizeHigh, dwMaximumSizeLow, lpName);
            }

            @Override
            public HANDLE OpenFileMapping(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
                return k32.OpenFileMapping(dwDesiredAccess, bInheritHandle, lpName);
            }

            @Override
            public SIZE_T VirtualQueryEx(HANDLE hProcess, Pointer lpAddress, MEMORY_BASIC_INFORMATION lpBuffer, SIZE_T dwLength) {
                return k32.VirtualQueryEx(hProcess, lpAddress, lpBuffer, dwLength);
            }

            @Override
            public boolean UnmapViewOfFile(Pointer lpBaseAddress) {
                return k32.UnmapViewOfFile(lpBaseAddress);
            }

            @Override
            public boolean CreatePipe(HANDLEByReference hReadPipe, HANDLEByReference hWritePipe, SECURITY_ATTRIBUTES lpPipeAttributes, int nSize) {
                return k32.CreatePipe(hReadPipe, hWritePipe, lpPipeAttributes, nSize);
            }

            @Override
            public HANDLE CreateNamedPipe(String lpName, int dwOpenMode, int dwPipeMode, int nMaxInstances, int nOutBufferSize, int nInBufferSize, int nDefaultTimeOut, SECURITY_ATTRIBUTES lpSecurityAttributes) {
                return k32.CreateNamedPipe(lpName, dwOpenMode, dwPipeMode, nMaxInstances, nOutBufferSize, nInBufferSize, nDefaultTimeOut, lpSecurityAttributes);
            }

            @Override
            public boolean ConnectNamedPipe(HANDLE hNamedPipe, OVERLAPPED lpOverlapped) {
                return k32.ConnectNamedPipe(hNamedPipe, lpOverlapped);
            }

            @Override
            public boolean DisconnectNamedPipe(HANDLE hNamedPipe) {
                return k32.DisconnectNamedPipe(hNamedPipe);
            }

            @Override
            public HANDLE CreateIoCompletionPort(HANDLE fileHandle, HANDLE existingCompletionPort, Pointer completionKey, int numberOfConcurrentThreads) {
                return k32.CreateIoCompletionPort(fileHandle, existingCompletionPort, completionKey, numberOfConcurrentThreads);
            }

            @Override
            public boolean PostQueuedCompletionStatus(HANDLE completionPort, int dwNumberOfBytesTransferred, Pointer dwCompletionKey, OVERLAPPED lpOverlapped) {
                return k32.PostQueuedCompletionStatus(completionPort, dwNumberOfBytesTransferred, dwCompletionKey, lpOverlapped);
            }

            @Override
            public boolean GetQueuedCompletionStatus(HANDLE completionPort, IntByReference lpNumberOfBytes, ULONG_PTRByReference lpCompletionKey, PointerByReference lpOverlapped, int dwMilliseconds) {
                return k32.GetQueuedCompletionStatus(completionPort, lpNumberOfBytes, lpCompletionKey, lpOverlapped, dwMilliseconds);
            }

            @Override
            public int RegCloseKey(HKEY hKey) {
                return advapi.RegCloseKey(hKey);
            }

            @Override
            public boolean OpenProcessToken(HANDLE processHandle, int desiredAccess, HANDLEByReference tokenHandle) {
                return advapi.OpenProcessToken(processHandle, desiredAccess, tokenHandle);
            }

            @Override
            public int RegOpenKeyEx(HKEY hKey, String lpSubKey, int ulOptions, int samDesired, HKEYByReference phkResult) {
                return advapi.RegOpenKeyEx(hKey, lpSubKey, ulOptions, samDesired, phkResult);
            }

            @Override
            public int RegCreateKeyEx(HKEY hKey, String lpSubKey, int reserved, String lpClass, int dwOptions, int samDesired, SECURITY_ATTRIBUTES lpSecurityAttributes, HKEYByReference phkResult, IntByReference lpdwDisposition) {
                return advapi.RegCreateKeyEx(hKey, lpSubKey, reserved, lpClass, dwOptions, samDesired, lpSecurityAttributes, phkResult, lpdwDisposition);
            }

            @Override
            public int RegSetValueEx(HKEY hKey, String lpValueName, int reserved, int dwType, byte[] lpData, int cbData) {
                return advapi.RegSetValueEx(hKey, lpValueName, reserved, dwType, lpData, cbData);
            }

            @Override
            public int RegQueryValueEx(HKEY hKey, String lpValueName, Pointer lpReserved, IntByReference lpType, Pointer lpData, IntByReference lpcbData) {
                return advapiExtras.RegQueryValueEx(hKey, lpValueName, lpReserved, lpType, lpData, lpcbData);
            }
        };
    }
}

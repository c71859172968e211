package io.teardown.backend.windows.jna;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documented C prototypes of every bound function and callback, transcribed from the Microsoft
 * reference pages (learn.microsoft.com, {@code /windows/win32/api/<header>/nf-<header>-<function>})
 * and cross-checked against the SDK headers named in each section. Types are written canonically:
 *
 * <ul>
 *   <li>scalars by their C name ({@code DWORD}, {@code BOOL}, {@code int}, {@code long} — 32-bit on
 *       Windows — {@code WORD}, {@code ENUM} for a C enum);</li>
 *   <li>pointer-sized integers {@code SOCKET}, {@code DWORD_PTR}, {@code ULONG_PTR}, {@code SIZE_T};</li>
 *   <li>handles {@code HANDLE}, {@code WSAEVENT}, {@code HKEY}, {@code HINTERNET};</li>
 *   <li>{@code LPVOID}/{@code PVOID}/{@code LPCVOID}: any pointer; {@code LPCWSTR}/{@code LPWSTR}: UTF-16 string;</li>
 *   <li>{@code *T}: pointer to T (typed: {@code *DWORD}, {@code *HANDLE}, {@code *WSADATA} …),
 *       {@code **T}: pointer to a T pointer, {@code &NAME}: function pointer of callback type NAME;</li>
 *   <li>{@code Name[W]}: the {@code -W} export, bound in Java without the suffix.</li>
 * </ul>
 *
 * Library keys: {@code kernel32} = jna-platform's {@code Kernel32} (reused), {@code advapi32} =
 * jna-platform's {@code Advapi32} (reused), {@code kernel32x} = {@link Kernel32Library},
 * {@code ktmw32}, {@code ws2_32}, {@code wininet}, {@code wlanapi} = this package's interfaces,
 * {@code callback} = a callback interface nested in one of them.
 */
final class Win32Prototypes {
    private Win32Prototypes() {
    }

    /** One C prototype. */
    record Prototype(String library, String returnType, String cName, boolean wide, List<String> params) {
        /** The Java method (or callback interface) name. */
        String javaName() {
            return cName;
        }

        /** The exported symbol. */
        String exportName() {
            return wide ? cName + "W" : cName;
        }

        @Override
        public String toString() {
            return library + ": " + returnType + " " + exportName() + "(" + String.join(", ", params) + ")";
        }
    }

    static final String TABLE = """
            # ---- kernel32 via jna-platform Kernel32 (handleapi.h, synchapi.h, fileapi.h, memoryapi.h,
            #      namedpipeapi.h, ioapiset.h, processthreadsapi.h, processenv.h, winbase.h)
            kernel32  BOOL      CloseHandle(HANDLE)
            kernel32  BOOL      DuplicateHandle(HANDLE, HANDLE, HANDLE, *HANDLE, DWORD, BOOL, DWORD)
            kernel32  BOOL      SetHandleInformation(HANDLE, DWORD, DWORD)
            kernel32  HANDLE    CreateEvent[W](*SECURITY_ATTRIBUTES, BOOL, BOOL, LPCWSTR)
            kernel32  HANDLE    OpenEvent[W](DWORD, BOOL, LPCWSTR)
            kernel32  BOOL      SetEvent(HANDLE)
            kernel32  BOOL      ResetEvent(HANDLE)
            kernel32  DWORD     WaitForSingleObject(HANDLE, DWORD)
            kernel32  DWORD     WaitForMultipleObjects(DWORD, *HANDLE, BOOL, DWORD)
            kernel32  HANDLE    CreateMutex[W](*SECURITY_ATTRIBUTES, BOOL, LPCWSTR)
            kernel32  HANDLE    OpenMutex[W](DWORD, BOOL, LPCWSTR)
            kernel32  BOOL      ReleaseMutex(HANDLE)
            kernel32  HANDLE    CreateFile[W](LPCWSTR, DWORD, DWORD, *SECURITY_ATTRIBUTES, DWORD, DWORD, HANDLE)
            kernel32  BOOL      ReadFile(HANDLE, LPVOID, DWORD, *DWORD, *OVERLAPPED)
            kernel32  BOOL      WriteFile(HANDLE, LPCVOID, DWORD, *DWORD, *OVERLAPPED)
            kernel32  HANDLE    CreateFileMapping[W](HANDLE, *SECURITY_ATTRIBUTES, DWORD, DWORD, DWORD, LPCWSTR)
            kernel32  HANDLE    OpenFileMapping[W](DWORD, BOOL, LPCWSTR)
            kernel32  BOOL      UnmapViewOfFile(LPCVOID)
            kernel32  BOOL      CreatePipe(*HANDLE, *HANDLE, *SECURITY_ATTRIBUTES, DWORD)
            kernel32  HANDLE    CreateNamedPipe[W](LPCWSTR, DWORD, DWORD, DWORD, DWORD, DWORD, DWORD, *SECURITY_ATTRIBUTES)
            kernel32  BOOL      ConnectNamedPipe(HANDLE, *OVERLAPPED)
            kernel32  HANDLE    CreateIoCompletionPort(HANDLE, HANDLE, ULONG_PTR, DWORD)
            kernel32  BOOL      GetQueuedCompletionStatus(HANDLE, *DWORD, *ULONG_PTR, **OVERLAPPED, DWORD)
            kernel32  BOOL      PostQueuedCompletionStatus(HANDLE, DWORD, ULONG_PTR, *OVERLAPPED)
            kernel32  HANDLE    FindFirstFile[W](LPCWSTR, *WIN32_FIND_DATAW)
            kernel32  BOOL      FindNextFile[W](HANDLE, *WIN32_FIND_DATAW)
            kernel32  BOOL      FindClose(HANDLE)
            kernel32  HANDLE    GetStdHandle(DWORD)
            kernel32  HANDLE    GetCurrentProcess()
            kernel32  HANDLE    GetCurrentThread()
            kernel32  HANDLE    OpenProcess(DWORD, BOOL, DWORD)
            kernel32  HANDLE    OpenThread(DWORD, BOOL, DWORD)
            # ---- advapi32 via jna-platform Advapi32 (winreg.h, processthreadsapi.h); Reg* return LSTATUS
            advapi32  LONG      RegOpenKeyEx[W](HKEY, LPCWSTR, DWORD, DWORD, *HKEY)
            advapi32  LONG      RegCloseKey(HKEY)
            advapi32  BOOL      OpenProcessToken(HANDLE, DWORD, *HANDLE)
            # ---- kernel32 extras: Kernel32Library (handleapi.h, ioapiset.h, memoryapi.h, synchapi.h,
            #      jobapi2.h, winbase.h)
            kernel32x BOOL      GetHandleInformation(HANDLE, *DWORD)
            kernel32x BOOL      CancelSynchronousIo(HANDLE)
            kernel32x BOOL      CancelIoEx(HANDLE, *OVERLAPPED)
            kernel32x BOOL      GetOverlappedResult(HANDLE, *OVERLAPPED, *DWORD, BOOL)
            kernel32x BOOL      ReadFile(HANDLE, LPVOID, DWORD, *DWORD, *OVERLAPPED)
            kernel32x BOOL      WriteFile(HANDLE, LPCVOID, DWORD, *DWORD, *OVERLAPPED)
            kernel32x LPVOID    MapViewOfFile(HANDLE, DWORD, DWORD, DWORD, SIZE_T)
            kernel32x HANDLE    CreateSemaphore[W](*SECURITY_ATTRIBUTES, LONG, LONG, LPCWSTR)
            kernel32x HANDLE    OpenSemaphore[W](DWORD, BOOL, LPCWSTR)
            kernel32x BOOL      ReleaseSemaphore(HANDLE, LONG, *LONG)
            kernel32x HANDLE    CreateWaitableTimer[W](*SECURITY_ATTRIBUTES, BOOL, LPCWSTR)
            kernel32x BOOL      SetWaitableTimer(HANDLE, *LARGE_INTEGER, LONG, &PTIMERAPCROUTINE, LPVOID, BOOL)
            kernel32x BOOL      CancelWaitableTimer(HANDLE)
            kernel32x HANDLE    CreateJobObject[W](*SECURITY_ATTRIBUTES, LPCWSTR)
            kernel32x BOOL      AssignProcessToJobObject(HANDLE, HANDLE)
            kernel32x HANDLE    CreateMailslot[W](LPCWSTR, DWORD, DWORD, *SECURITY_ATTRIBUTES)
            kernel32x HANDLE    CreateMemoryResourceNotification(ENUM)
            kernel32x BOOL      QueryMemoryResourceNotification(HANDLE, *BOOL)
            kernel32x HANDLE    CreateFileTransacted[W](LPCWSTR, DWORD, DWORD, *SECURITY_ATTRIBUTES, DWORD, DWORD, HANDLE, HANDLE, *USHORT, PVOID)
            kernel32x BOOL      CompareObjectHandles(HANDLE, HANDLE)
            kernel32x BOOL      SetFilePointerEx(HANDLE, LARGE_INTEGER, *LARGE_INTEGER, DWORD)
            kernel32x BOOL      GetFileSizeEx(HANDLE, *LARGE_INTEGER)
            kernel32x BOOL      GetMailslotInfo(HANDLE, *DWORD, *DWORD, *DWORD, *DWORD)
            kernel32x HANDLE    OpenWaitableTimer[W](DWORD, BOOL, LPCWSTR)
            kernel32x DWORD     ResumeThread(HANDLE)
            kernel32x BOOL      TerminateJobObject(HANDLE, UINT)
            kernel32x BOOL      PostQueuedCompletionStatus(HANDLE, DWORD, ULONG_PTR, *OVERLAPPED)
            kernel32x BOOL      SetInformationJobObject(HANDLE, ENUM, LPVOID, DWORD)
            # ---- ktmw32 (ktmw32.h)
            ktmw32    HANDLE    CreateTransaction(*SECURITY_ATTRIBUTES, *GUID, DWORD, DWORD, DWORD, DWORD, LPWSTR)
            ktmw32    BOOL      CommitTransaction(HANDLE)
            ktmw32    BOOL      RollbackTransaction(HANDLE)
            # ---- ws2_32 (winsock.h, winsock2.h); WSAGetLastError deliberately absent (JNA#1713)
            ws2_32    int       WSAStartup(WORD, *WSADATA)
            ws2_32    int       WSACleanup()
            ws2_32    SOCKET    socket(int, int, int)
            ws2_32    int       bind(SOCKET, *sockaddr, int)
            ws2_32    int       listen(SOCKET, int)
            ws2_32    SOCKET    accept(SOCKET, *sockaddr, *int)
            ws2_32    int       connect(SOCKET, *sockaddr, int)
            ws2_32    int       send(SOCKET, *char, int, int)
            ws2_32    int       recv(SOCKET, *char, int, int)
            ws2_32    int       sendto(SOCKET, *char, int, int, *sockaddr, int)
            ws2_32    int       recvfrom(SOCKET, *char, int, int, *sockaddr, *int)
            ws2_32    int       shutdown(SOCKET, int)
            ws2_32    int       closesocket(SOCKET)
            ws2_32    int       setsockopt(SOCKET, int, int, *char, int)
            ws2_32    int       getsockopt(SOCKET, int, int, *char, *int)
            ws2_32    int       ioctlsocket(SOCKET, long, *u_long)
            ws2_32    int       WSASend(SOCKET, *WSABUF, DWORD, *DWORD, DWORD, *OVERLAPPED, &WSAOVERLAPPED_COMPLETION_ROUTINE)
            ws2_32    int       WSARecv(SOCKET, *WSABUF, DWORD, *DWORD, *DWORD, *OVERLAPPED, &WSAOVERLAPPED_COMPLETION_ROUTINE)
            ws2_32    int       WSAEventSelect(SOCKET, WSAEVENT, long)
            ws2_32    int       WSAEnumNetworkEvents(SOCKET, WSAEVENT, *WSANETWORKEVENTS)
            ws2_32    WSAEVENT  WSACreateEvent()
            ws2_32    BOOL      WSACloseEvent(WSAEVENT)
            ws2_32    BOOL      WSAGetOverlappedResult(SOCKET, *OVERLAPPED, *DWORD, BOOL, *DWORD)
            ws2_32    int       getsockname(SOCKET, *sockaddr, *int)
            ws2_32    int       getpeername(SOCKET, *sockaddr, *int)
            ws2_32    SOCKET    WSASocketW(int, int, int, *WSAPROTOCOL_INFOW, UINT, DWORD)
            ws2_32    int       WSADuplicateSocketW(SOCKET, DWORD, *WSAPROTOCOL_INFOW)
            # ---- wininet (wininet.h)
            wininet   HINTERNET InternetOpen[W](LPCWSTR, DWORD, LPCWSTR, LPCWSTR, DWORD)
            wininet   HINTERNET InternetConnect[W](HINTERNET, LPCWSTR, WORD, LPCWSTR, LPCWSTR, DWORD, DWORD, DWORD_PTR)
            wininet   HINTERNET HttpOpenRequest[W](HINTERNET, LPCWSTR, LPCWSTR, LPCWSTR, LPCWSTR, *LPCWSTR, DWORD, DWORD_PTR)
            wininet   BOOL      HttpAddRequestHeaders[W](HINTERNET, LPCWSTR, DWORD, DWORD)
            wininet   BOOL      HttpSendRequest[W](HINTERNET, LPCWSTR, DWORD, LPVOID, DWORD)
            wininet   BOOL      HttpQueryInfo[W](HINTERNET, DWORD, LPVOID, *DWORD, *DWORD)
            wininet   BOOL      InternetReadFile(HINTERNET, LPVOID, DWORD, *DWORD)
            wininet   BOOL      InternetQueryDataAvailable(HINTERNET, *DWORD, DWORD, DWORD_PTR)
            wininet   HINTERNET InternetOpenUrl[W](HINTERNET, LPCWSTR, LPCWSTR, DWORD, DWORD, DWORD_PTR)
            wininet   &INTERNET_STATUS_CALLBACK InternetSetStatusCallback[W](HINTERNET, &INTERNET_STATUS_CALLBACK)
            wininet   BOOL      InternetSetOption[W](HINTERNET, DWORD, LPVOID, DWORD)
            wininet   BOOL      InternetQueryOption[W](HINTERNET, DWORD, LPVOID, *DWORD)
            wininet   BOOL      InternetCloseHandle(HINTERNET)
            # ---- wlanapi (wlanapi.h); every function returns its error code
            wlanapi   DWORD     WlanOpenHandle(DWORD, PVOID, *DWORD, *HANDLE)
            wlanapi   DWORD     WlanCloseHandle(HANDLE, PVOID)
            wlanapi   DWORD     WlanEnumInterfaces(HANDLE, PVOID, **WLAN_INTERFACE_INFO_LIST)
            wlanapi   DWORD     WlanScan(HANDLE, *GUID, *DOT11_SSID, *WLAN_RAW_DATA, PVOID)
            wlanapi   DWORD     WlanGetAvailableNetworkList(HANDLE, *GUID, DWORD, PVOID, **WLAN_AVAILABLE_NETWORK_LIST)
            wlanapi   DWORD     WlanConnect(HANDLE, *GUID, *WLAN_CONNECTION_PARAMETERS, PVOID)
            wlanapi   DWORD     WlanDisconnect(HANDLE, *GUID, PVOID)
            wlanapi   DWORD     WlanRegisterNotification(HANDLE, DWORD, BOOL, &WLAN_NOTIFICATION_CALLBACK, PVOID, PVOID, *DWORD)
            wlanapi   VOID      WlanFreeMemory(PVOID)
            # ---- callbacks (wininet.h, wlanapi.h, winsock2.h)
            callback  VOID      INTERNET_STATUS_CALLBACK(HINTERNET, DWORD_PTR, DWORD, LPVOID, DWORD)
            callback  VOID      WLAN_NOTIFICATION_CALLBACK(*WLAN_NOTIFICATION_DATA, PVOID)
            callback  VOID      WSAOVERLAPPED_COMPLETION_ROUTINE(DWORD, DWORD, *OVERLAPPED, DWORD)
            """;

    private static final Pattern LINE = Pattern.compile(
            "(\\w+)\\s+(\\S+)\\s+(\\w+)(\\[W])?\\((.*)\\)");

    /** Every prototype in the table. */
    static List<Prototype> all() {
        List<Prototype> out = new ArrayList<>();
        for (String raw : TABLE.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalStateException("bad prototype line: " + line);
            }
            List<String> params = m.group(5).isBlank() ? List.of()
                    : Arrays.stream(m.group(5).split(",")).map(String::strip).toList();
            out.add(new Prototype(m.group(1), m.group(2), m.group(3), m.group(4) != null, params));
        }
        return out;
    }
}

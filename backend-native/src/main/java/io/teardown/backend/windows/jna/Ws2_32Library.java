package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * ws2_32 (Winsock 2): what the closesocket rules WS-01 … WS-16 and WS-19 need. {@code SOCKET} is pointer-sized
 * ({@link SOCKET}); {@code long}/{@code u_long} are 32-bit on Windows ({@code int}).
 *
 * <p>Errors: every function except {@link #WSAStartup} reports failure as {@code SOCKET_ERROR} (or
 * {@code INVALID_SOCKET}/{@code FALSE}/NULL) and leaves the code in the thread's last error, which is
 * what {@code WSAGetLastError} returns. Read it with {@link NativeCalls} ({@code Native.getLastError()})
 * on the calling thread; {@code WSAGetLastError} itself is deliberately not bound (JNA#1713: calling it
 * through JNA returns a value clobbered by the JVM transition).
 */
public interface Ws2_32Library extends StdCallLibrary {
    /** The DLL this interface binds (BindingAbiTest checks each export against it). */
    String DLL = "ws2_32";

    /** {@code SOCKET_ERROR}. */
    int SOCKET_ERROR = -1;
    /** {@code MAKEWORD(2, 2)}, the version to request. */
    short WINSOCK_VERSION = 0x0202;
    /** {@code AF_INET}. */
    short AF_INET = 2;
    /** {@code AF_INET6} (23 on Windows). */
    short AF_INET6 = 23;
    /** {@code SOCK_STREAM}. */
    int SOCK_STREAM = 1;
    /** {@code SOCK_DGRAM}. */
    int SOCK_DGRAM = 2;
    /** {@code IPPROTO_TCP}. */
    int IPPROTO_TCP = 6;
    /** {@code IPPROTO_UDP}. */
    int IPPROTO_UDP = 17;
    /** {@code SOL_SOCKET}. */
    int SOL_SOCKET = 0xffff;
    /** {@code SO_LINGER} (WS-04 … WS-08). */
    int SO_LINGER = 0x0080;
    /** {@code SO_DONTLINGER} = {@code ~SO_LINGER} (WS-08). */
    int SO_DONTLINGER = ~SO_LINGER;
    /** {@code SO_REUSEADDR}. */
    int SO_REUSEADDR = 0x0004;
    /** {@code SO_SNDBUF}. */
    int SO_SNDBUF = 0x1001;
    /** {@code SO_RCVBUF}. */
    int SO_RCVBUF = 0x1002;
    /** {@code SO_ERROR}. */
    int SO_ERROR = 0x1007;
    /** {@code SO_TYPE}. */
    int SO_TYPE = 0x1008;
    /** {@code FIONBIO} ({@code _IOW('f', 126, u_long)}): non-blocking mode (WS-07). */
    int FIONBIO = 0x8004667E;
    /** {@code FIONREAD} ({@code _IOR('f', 127, u_long)}): bytes readable. */
    int FIONREAD = 0x4004667F;
    /** {@code SD_RECEIVE}. */
    int SD_RECEIVE = 0;
    /** {@code SD_SEND} (WS-11). */
    int SD_SEND = 1;
    /** {@code SD_BOTH}. */
    int SD_BOTH = 2;
    /** {@code FD_READ}. */
    int FD_READ = 1;
    /** {@code FD_WRITE}. */
    int FD_WRITE = 1 << 1;
    /** {@code FD_OOB}. */
    int FD_OOB = 1 << 2;
    /** {@code FD_ACCEPT}. */
    int FD_ACCEPT = 1 << 3;
    /** {@code FD_CONNECT}. */
    int FD_CONNECT = 1 << 4;
    /** {@code FD_CLOSE} (WS-10, WS-15). */
    int FD_CLOSE = 1 << 5;
    /** {@code FD_CLOSE_BIT}, the index of FD_CLOSE's error in {@link WSANETWORKEVENTS#iErrorCode}. */
    int FD_CLOSE_BIT = 5;
    /** {@code FD_MAX_EVENTS}. */
    int FD_MAX_EVENTS = 10;
    /** {@code WSA_IO_PENDING} (= {@code ERROR_IO_PENDING}). */
    int WSA_IO_PENDING = 997;
    /** {@code WSA_WAIT_FAILED}. */
    int WSA_WAIT_FAILED = -1;

    /** Loads ws2_32 (Windows only). */
    static Ws2_32Library load() {
        return WindowsOnly.load(DLL, Ws2_32Library.class);
    }

    /** {@code htons}, done in Java: Windows is little-endian on every architecture it runs on. */
    static short htons(int hostShort) {
        return Short.reverseBytes((short) hostShort);
    }

    /**
     * {@code void CALLBACK CompletionRoutine(DWORD dwError, DWORD cbTransferred, LPWSAOVERLAPPED
     * lpOverlapped, DWORD dwFlags)}, run as an APC on the issuing thread when it waits alertably
     * (WS-09: once per cancelled operation too). Must be kept reachable until it has run.
     */
    interface WSAOVERLAPPED_COMPLETION_ROUTINE extends StdCallCallback {
        /** The completed operation; {@code lpOverlapped} is the caller's OVERLAPPED memory. */
        void callback(int dwError, int cbTransferred, Pointer lpOverlapped, int dwFlags);
    }

    /**
     * {@code int WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData)} — WS-01. Returns 0 or the
     * error code itself (it does not set the last error).
     */
    int WSAStartup(short wVersionRequested, WSADATA lpWSAData);

    /** {@code int WSACleanup(void)} — WS-01. */
    int WSACleanup();

    /** {@code SOCKET socket(int af, int type, int protocol)}. */
    SOCKET socket(int af, int type, int protocol);

    /** {@code int bind(SOCKET s, const sockaddr *name, int namelen)}; pass a {@link sockaddr_in} or {@link sockaddr_in6}'s pointer. */
    int bind(SOCKET s, Pointer name, int namelen);

    /** {@code int listen(SOCKET s, int backlog)}. */
    int listen(SOCKET s, int backlog);

    /** {@code SOCKET accept(SOCKET s, sockaddr *addr, int *addrlen)} (WS-08: inherits the listener's linger). */
    SOCKET accept(SOCKET s, Pointer addr, IntByReference addrlen);

    /** {@code int connect(SOCKET s, const sockaddr *name, int namelen)}. */
    int connect(SOCKET s, Pointer name, int namelen);

    /** {@code int send(SOCKET s, const char *buf, int len, int flags)}. */
    int send(SOCKET s, byte[] buf, int len, int flags);

    /** {@code int recv(SOCKET s, char *buf, int len, int flags)}. */
    int recv(SOCKET s, byte[] buf, int len, int flags);

    /** {@code int sendto(SOCKET s, const char *buf, int len, int flags, const sockaddr *to, int tolen)}. */
    int sendto(SOCKET s, byte[] buf, int len, int flags, Pointer to, int tolen);

    /** {@code int recvfrom(SOCKET s, char *buf, int len, int flags, sockaddr *from, int *fromlen)}. */
    int recvfrom(SOCKET s, byte[] buf, int len, int flags, Pointer from, IntByReference fromlen);

    /** {@code int shutdown(SOCKET s, int how)} — WS-11. */
    int shutdown(SOCKET s, int how);

    /** {@code int closesocket(SOCKET s)} — WS-02 … WS-07, WS-09, WS-10. */
    int closesocket(SOCKET s);

    /** {@code int setsockopt(SOCKET s, int level, int optname, const char *optval, int optlen)} (WS-08: a {@link linger}'s pointer). */
    int setsockopt(SOCKET s, int level, int optname, Pointer optval, int optlen);

    /** {@code int getsockopt(SOCKET s, int level, int optname, char *optval, int *optlen)}. */
    int getsockopt(SOCKET s, int level, int optname, Pointer optval, IntByReference optlen);

    /** {@code int ioctlsocket(SOCKET s, long cmd, u_long *argp)} — WS-07 ({@link #FIONBIO}). */
    int ioctlsocket(SOCKET s, int cmd, IntByReference argp);

    /**
     * {@code int WSASend(SOCKET, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesSent,
     * DWORD dwFlags, LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE)} — WS-09. For overlapped use
     * the buffers (a {@code toArray}ed {@link WSABUF}) and the OVERLAPPED must be native memory the
     * caller keeps until completion.
     */
    int WSASend(SOCKET s, WSABUF lpBuffers, int dwBufferCount, IntByReference lpNumberOfBytesSent, int dwFlags,
            Pointer lpOverlapped, WSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);

    /**
     * {@code int WSARecv(SOCKET, LPWSABUF, DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd, LPDWORD
     * lpFlags, LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE)} — WS-05, WS-09.
     */
    int WSARecv(SOCKET s, WSABUF lpBuffers, int dwBufferCount, IntByReference lpNumberOfBytesRecvd,
            IntByReference lpFlags, Pointer lpOverlapped, WSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);

    /** {@code int WSAEventSelect(SOCKET s, WSAEVENT hEventObject, long lNetworkEvents)} — WS-10, WS-15. */
    int WSAEventSelect(SOCKET s, HANDLE hEventObject, int lNetworkEvents);

    /** {@code int WSAEnumNetworkEvents(SOCKET s, WSAEVENT hEventObject, LPWSANETWORKEVENTS)} — WS-10. */
    int WSAEnumNetworkEvents(SOCKET s, HANDLE hEventObject, WSANETWORKEVENTS lpNetworkEvents);

    /** {@code WSAEVENT WSACreateEvent(void)}: a manual-reset kernel event; {@code WSA_INVALID_EVENT} (NULL) on failure. */
    HANDLE WSACreateEvent();

    /** {@code BOOL WSACloseEvent(WSAEVENT hEvent)}. */
    boolean WSACloseEvent(HANDLE hEvent);

    /**
     * {@code BOOL WSAGetOverlappedResult(SOCKET s, LPWSAOVERLAPPED, LPDWORD lpcbTransfer, BOOL fWait,
     * LPDWORD lpdwFlags)} — WS-09 (the status of a cancelled operation).
     */
    boolean WSAGetOverlappedResult(SOCKET s, Pointer lpOverlapped, IntByReference lpcbTransfer, boolean fWait,
            IntByReference lpdwFlags);

    /**
     * {@code SOCKET WSASocketW(int af, int type, int protocol, LPWSAPROTOCOL_INFOW lpProtocolInfo, GROUP g,
     * DWORD dwFlags)} — WS-19: with a {@link ProtocolInfoLayout} from {@link #WSADuplicateSocket}, a second
     * descriptor for the same socket. Bound to the -W export.
     */
    SOCKET WSASocket(int af, int type, int protocol, Pointer lpProtocolInfo, int g, int dwFlags);

    /** {@code int WSADuplicateSocketW(SOCKET s, DWORD dwProcessId, LPWSAPROTOCOL_INFOW lpProtocolInfo)} — WS-19. */
    int WSADuplicateSocket(SOCKET s, int dwProcessId, Pointer lpProtocolInfo);

    /**
     * {@code int WSAIoctl(SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer, DWORD cbInBuffer, LPVOID
     * lpvOutBuffer, DWORD cbOutBuffer, LPDWORD lpcbBytesReturned, LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE)}
     * — WS-18: {@code SIO_GET_EXTENSION_FUNCTION_POINTER} with a GUID in, the function pointer out
     * ({@link MswsockFunctions}).
     */
    int WSAIoctl(SOCKET s, int dwIoControlCode, Pointer lpvInBuffer, int cbInBuffer, Pointer lpvOutBuffer,
            int cbOutBuffer, IntByReference lpcbBytesReturned, Pointer lpOverlapped,
            WSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);

    /** {@code int getsockname(SOCKET s, struct sockaddr *name, int *namelen)}. */
    int getsockname(SOCKET s, Pointer name, IntByReference namelen);

    /** {@code int getpeername(SOCKET s, struct sockaddr *name, int *namelen)}. */
    int getpeername(SOCKET s, Pointer name, IntByReference namelen);
}

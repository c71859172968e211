package io.teardown.winsock;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.spi.WinsockDriver;
import io.teardown.winsock.spi.WinsockProviders;

/**
 * The flat, C-shaped face of ws2_32: exact C names and parameter order, for code ported from C and for
 * the conformance runner. Every method reports what Windows reports: {@code SOCKET_ERROR} (-1) or
 * {@code INVALID_SOCKET} and the error in {@link #WSAGetLastError()} (per thread, per session), never an
 * exception. The rules are {@code WS-01} … {@code WS-19} of <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>.
 *
 * <p>SOCKET is {@code long} (a value of the session's kernel handle table), BOOL {@code boolean},
 * DWORD/u_long {@code int}; out-parameters are the {@code io.teardown.api} holders; buffers are
 * {@code byte[]} with the C length. Options are passed as bytes with the C layout ({@code struct linger}
 * = two little-endian {@code u_short}s, {@code int}/{@code BOOL} = 4 little-endian bytes); the
 * {@code setsockopt(…, Linger)} / {@code setsockopt(…, int)} conveniences encode for you.
 *
 * <pre>{@code
 * Ws2_32 ws = Ws2_32.of(session);
 * ws.WSAStartup((short) 0x0202, new WSAData());
 * long s = ws.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
 * ws.connect(s, SockAddr.inet("127.0.0.1", 8080));
 * ws.send(s, payload, payload.length, 0);
 * ws.setsockopt(s, SOL_SOCKET, SO_LINGER, new Linger(1, 5));
 * if (ws.closesocket(s) == SOCKET_ERROR) { … ws.WSAGetLastError() … }
 * ws.WSACleanup();
 * }</pre>
 */
public interface Ws2_32 {
    /** {@code SOCKET_ERROR}. */
    int SOCKET_ERROR = -1;
    /** {@code INVALID_SOCKET} ({@code ~0}). */
    long INVALID_SOCKET = -1L;

    /** {@code AF_UNSPEC}. */
    int AF_UNSPEC = 0;
    /** {@code AF_INET}. */
    int AF_INET = 2;
    /** {@code AF_INET6} (23 on Windows). */
    int AF_INET6 = 23;
    /** {@code SOCK_STREAM}. */
    int SOCK_STREAM = 1;
    /** {@code SOCK_DGRAM}. */
    int SOCK_DGRAM = 2;
    /** {@code IPPROTO_TCP}. */
    int IPPROTO_TCP = 6;
    /** {@code IPPROTO_UDP}. */
    int IPPROTO_UDP = 17;

    /** {@code SOL_SOCKET}. */
    int SOL_SOCKET = 0xFFFF;
    /** {@code SO_REUSEADDR}. */
    int SO_REUSEADDR = 0x0004;
    /** {@code SO_KEEPALIVE}. */
    int SO_KEEPALIVE = 0x0008;
    /** {@code SO_LINGER}: a {@link Linger} (WS-08). */
    int SO_LINGER = 0x0080;
    /** {@code SO_DONTLINGER}: {@code ~SO_LINGER}, a BOOL (WS-08). */
    int SO_DONTLINGER = ~SO_LINGER;
    /** {@code SO_SNDBUF}. */
    int SO_SNDBUF = 0x1001;
    /** {@code SO_RCVBUF}. */
    int SO_RCVBUF = 0x1002;
    /** {@code SO_ERROR} (read and cleared). */
    int SO_ERROR = 0x1007;
    /** {@code SO_TYPE}. */
    int SO_TYPE = 0x1008;
    /** {@code TCP_NODELAY} (level {@link #IPPROTO_TCP}). */
    int TCP_NODELAY = 0x0001;

    /** {@code SO_UPDATE_ACCEPT_CONTEXT}: makes an {@link #AcceptEx} socket a full socket; the value is the listener (WS-18). */
    int SO_UPDATE_ACCEPT_CONTEXT = 0x700B;
    /** {@code SO_UPDATE_CONNECT_CONTEXT}: makes a {@link #ConnectEx} socket a full socket (WS-18). */
    int SO_UPDATE_CONNECT_CONTEXT = 0x7010;

    /** {@code SIO_GET_EXTENSION_FUNCTION_POINTER} ({@code _WSAIORW(IOC_WS2, 6)}) for {@link #WSAIoctl} (WS-18). */
    int SIO_GET_EXTENSION_FUNCTION_POINTER = 0xC8000006;
    /** {@code WSAID_ACCEPTEX}. */
    GUID WSAID_ACCEPTEX = GUID.of(0xb5367df1, 0xcbac, 0x11cf, 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92);
    /** {@code WSAID_GETACCEPTEXSOCKADDRS}. */
    GUID WSAID_GETACCEPTEXSOCKADDRS = GUID.of(0xb5367df2, 0xcbac, 0x11cf, 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92);
    /** {@code WSAID_CONNECTEX}. */
    GUID WSAID_CONNECTEX = GUID.of(0x25a207b9, 0xddf3, 0x4660, 0x8e, 0xe9, 0x76, 0xe5, 0x8c, 0x74, 0x06, 0x3e);
    /** {@code WSAID_DISCONNECTEX}. */
    GUID WSAID_DISCONNECTEX = GUID.of(0x7fda2e11, 0x8630, 0x436f, 0xa0, 0x31, 0xf5, 0x36, 0xa6, 0xee, 0xc1, 0x57);
    /** {@code TF_DISCONNECT}. */
    int TF_DISCONNECT = 0x01;
    /** {@code TF_REUSE_SOCKET}: {@link #DisconnectEx} leaves the socket reusable by {@code AcceptEx}/{@code ConnectEx}. */
    int TF_REUSE_SOCKET = 0x02;

    /** {@code WSA_FLAG_OVERLAPPED} for {@link #WSASocketW}. */
    int WSA_FLAG_OVERLAPPED = 0x01;
    /** {@code WSA_FLAG_NO_HANDLE_INHERIT} for {@link #WSASocketW} (accepted; handles are never inherited here). */
    int WSA_FLAG_NO_HANDLE_INHERIT = 0x80;
    /** {@code FROM_PROTOCOL_INFO}: take af/type/protocol from the {@link WSAPROTOCOL_INFOW}. */
    int FROM_PROTOCOL_INFO = -1;

    /** {@code FIONBIO}: set (non-zero) or clear non-blocking mode. */
    int FIONBIO = 0x8004667E;
    /** {@code FIONREAD}: bytes (TCP) or next datagram size (UDP) readable now. */
    int FIONREAD = 0x4004667F;

    /** {@code SD_RECEIVE}. */
    int SD_RECEIVE = 0;
    /** {@code SD_SEND}. */
    int SD_SEND = 1;
    /** {@code SD_BOTH}. */
    int SD_BOTH = 2;

    /** {@code MSG_OOB} (not supported: {@code WSAEOPNOTSUPP}). */
    int MSG_OOB = 0x1;
    /** {@code MSG_PEEK}. */
    int MSG_PEEK = 0x2;
    /** {@code MSG_WAITALL}. */
    int MSG_WAITALL = 0x8;

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
    /** {@code FD_CLOSE}. */
    int FD_CLOSE = 1 << 5;
    /** {@code FD_READ_BIT}. */
    int FD_READ_BIT = 0;
    /** {@code FD_WRITE_BIT}. */
    int FD_WRITE_BIT = 1;
    /** {@code FD_OOB_BIT}. */
    int FD_OOB_BIT = 2;
    /** {@code FD_ACCEPT_BIT}. */
    int FD_ACCEPT_BIT = 3;
    /** {@code FD_CONNECT_BIT}. */
    int FD_CONNECT_BIT = 4;
    /** {@code FD_CLOSE_BIT}. */
    int FD_CLOSE_BIT = 5;
    /** {@code FD_MAX_EVENTS}. */
    int FD_MAX_EVENTS = 10;

    /** {@code WSA_INVALID_EVENT}. */
    long WSA_INVALID_EVENT = 0L;
    /** {@code WSA_INFINITE}. */
    int WSA_INFINITE = -1;
    /** {@code WSA_WAIT_EVENT_0}. */
    int WSA_WAIT_EVENT_0 = 0;
    /** {@code WSA_WAIT_TIMEOUT}. */
    int WSA_WAIT_TIMEOUT = 258;
    /** {@code WSA_WAIT_FAILED}. */
    int WSA_WAIT_FAILED = -1;
    /** {@code WSA_WAIT_IO_COMPLETION}: an alertable wait ran completion routines (KO-16). */
    int WSA_WAIT_IO_COMPLETION = 0xC0;
    /** {@code WSA_MAXIMUM_WAIT_EVENTS}. */
    int WSA_MAXIMUM_WAIT_EVENTS = 64;

    /**
     * The session's {@code Ws2_32}, built once: the front (the rules before the work, written once) over
     * the driver of the backend selected for the session.
     */
    static Ws2_32 of(Session session) {
        return session.component(Ws2_32.class, s -> WinsockDriver.front(s, WinsockProviders.REGISTRY.select(s).create(s)));
    }

    // ---- startup (WS-01) ----

    /** Initialises Winsock for the session; reference counted. Returns 0 or the error (not via last error). */
    int WSAStartup(short wVersionRequested, WSAData lpWSAData);

    /** Ends one {@code WSAStartup}; the last one destroys every socket of the session (WS-01). */
    int WSACleanup();

    /** The calling thread's last Winsock error (per session). */
    int WSAGetLastError();

    /** Sets the calling thread's last Winsock error. */
    void WSASetLastError(int iError);

    // ---- sockets ----

    /** Creates a socket ({@code SOCK_STREAM}/TCP or {@code SOCK_DGRAM}/UDP, IPv4 or IPv6) in the kernel handle table. */
    long socket(int af, int type, int protocol);

    /** Binds a local address (for TCP the port is taken at {@code listen}/{@code connect}; see docs/winsock.md). */
    int bind(long s, SockAddr name, int namelen);

    /** Starts listening. */
    int listen(long s, int backlog);

    /** Accepts a connection; the new socket inherits the listener's linger, blocking mode and event selection. */
    long accept(long s, SockAddr addr, IntRef addrlen);

    /** Connects (blocking) or starts connecting ({@code WSAEWOULDBLOCK} on a non-blocking socket). */
    int connect(long s, SockAddr name, int namelen);

    /** Sends; a blocking socket waits for send-buffer space, a non-blocking one fails with {@code WSAEWOULDBLOCK}. */
    int send(long s, byte[] buf, int len, int flags);

    /** Receives; 0 at end of stream, {@code WSAECONNRESET} after a reset (WS-05). */
    int recv(long s, byte[] buf, int len, int flags);

    /** Sends a datagram (or, on TCP, like {@link #send}). */
    int sendto(long s, byte[] buf, int len, int flags, SockAddr to, int tolen);

    /** Receives a datagram and its sender; {@code WSAEMSGSIZE} if it was truncated. */
    int recvfrom(long s, byte[] buf, int len, int flags, SockAddr from, IntRef fromlen);

    /** Disables sends, receives or both (WS-11). */
    int shutdown(long s, int how);

    /** Closes a socket following the linger decision table (WS-02 … WS-10, WS-12, WS-14). */
    int closesocket(long s);

    /** Sets an option from its C bytes (WS-08). */
    int setsockopt(long s, int level, int optname, byte[] optval, int optlen);

    /** Reads an option as C bytes; {@code optlen} is in/out (WS-08). */
    int getsockopt(long s, int level, int optname, byte[] optval, IntRef optlen);

    /** {@code FIONBIO} / {@code FIONREAD}. */
    int ioctlsocket(long s, int cmd, IntRef argp);

    /** The local address. */
    int getsockname(long s, SockAddr name, IntRef namelen);

    /** The peer's address. */
    int getpeername(long s, SockAddr name, IntRef namelen);

    // ---- overlapped I/O (WS-09) ----

    /**
     * Overlapped (or, with both {@code lpOverlapped} and the routine null, ordinary) send. Returns 0 if
     * it completed at once (the completion is still delivered) or {@code SOCKET_ERROR} with
     * {@code WSA_IO_PENDING} (997).
     */
    int WSASend(long s, WSABUF[] lpBuffers, int dwBufferCount, IntRef lpNumberOfBytesSent, int dwFlags,
                Overlapped lpOverlapped, OverlappedCompletionRoutine lpCompletionRoutine);

    /** Overlapped (or ordinary) receive; see {@link #WSASend}. */
    int WSARecv(long s, WSABUF[] lpBuffers, int dwBufferCount, IntRef lpNumberOfBytesRecvd, IntRef lpFlags,
                Overlapped lpOverlapped, OverlappedCompletionRoutine lpCompletionRoutine);

    /**
     * The result of an overlapped operation. {@code s} is checked first: a value that is not an open
     * socket fails with {@code WSAENOTSOCK} (WS-17); then as kernel32's {@code GetOverlappedResult}
     * (KO-15): {@code WSA_IO_INCOMPLETE} (996) while pending and not waiting.
     */
    boolean WSAGetOverlappedResult(long s, Overlapped lpOverlapped, IntRef lpcbTransfer, boolean fWait,
                                   IntRef lpdwFlags);

    // ---- event objects and network events (WS-10, WS-15) ----

    /** {@code CreateEvent(NULL, TRUE, FALSE, NULL)}: a kernel event, usable by kernel32 too (KO-13). */
    long WSACreateEvent();

    /** {@code CloseHandle} on an event (either kind, KO-13). */
    boolean WSACloseEvent(long hEvent);

    /** {@code SetEvent} (either kind of event, KO-13). */
    boolean WSASetEvent(long hEvent);

    /** {@code ResetEvent} (either kind of event, KO-13). */
    boolean WSAResetEvent(long hEvent);

    /**
     * {@code WaitForMultipleObjectsEx}: waits for one or all events (any kernel event; KO-13);
     * {@code WSA_WAIT_EVENT_0 + i}, {@code WSA_WAIT_TIMEOUT}, {@code WSA_WAIT_FAILED}, or with
     * {@code fAlertable} {@code WSA_WAIT_IO_COMPLETION} after running the thread's completion routines
     * (KO-16).
     */
    int WSAWaitForMultipleEvents(int cEvents, long[] lphEvents, boolean fWaitAll, int dwTimeout, boolean fAlertable);

    /**
     * Associates {@code FD_*} network events with an event object (any kernel event; KO-13); makes the
     * socket non-blocking.
     */
    int WSAEventSelect(long s, long hEventObject, int lNetworkEvents);

    /** Reads and clears the recorded network events, resetting {@code hEventObject} if given. */
    int WSAEnumNetworkEvents(long s, long hEventObject, WSANETWORKEVENTS lpNetworkEvents);

    // ---- socket creation and duplication (WS-19) ----

    /**
     * Creates a socket as {@link #socket} does, or — with {@code lpProtocolInfo} from
     * {@link #WSADuplicateSocketW} — a second descriptor for that socket (WS-19); {@code af}, {@code type}
     * and {@code protocol} may then be {@link #FROM_PROTOCOL_INFO} or 0. Without
     * {@link #WSA_FLAG_OVERLAPPED} the socket is non-overlapped: {@code WSASend}/{@code WSARecv} ignore
     * their {@code OVERLAPPED} and routine and behave as {@code send}/{@code recv}. {@code g} must be 0.
     */
    long WSASocketW(int af, int type, int protocol, WSAPROTOCOL_INFOW lpProtocolInfo, int g, int dwFlags);

    /**
     * Fills {@code lpProtocolInfo} so that {@link #WSASocketW} in process {@code dwProcessId} (this
     * process) makes a second descriptor for {@code s}. The connection ends only when the last
     * descriptor is closed (WS-19).
     */
    int WSADuplicateSocketW(long s, int dwProcessId, WSAPROTOCOL_INFOW lpProtocolInfo);

    // ---- extension functions (WS-18) ----

    /**
     * {@code WSAIoctl}: {@link #SIO_GET_EXTENSION_FUNCTION_POINTER} (input: a {@link GUID}'s 16 bytes;
     * output: the function pointer, 8 little-endian bytes — an opaque non-zero value; call the function
     * through the method of the same name on this interface), {@link #FIONBIO}, {@link #FIONREAD}. With
     * {@code lpOverlapped} the result is also delivered as a completion (0 bytes).
     */
    int WSAIoctl(long s, int dwIoControlCode, byte[] lpvInBuffer, int cbInBuffer, byte[] lpvOutBuffer,
                 int cbOutBuffer, IntRef lpcbBytesReturned, Overlapped lpOverlapped,
                 OverlappedCompletionRoutine lpCompletionRoutine);

    /**
     * {@code AcceptEx}: accepts the next connection of {@code sListenSocket} into the unbound, unconnected
     * {@code sAcceptSocket}, with the first {@code dwReceiveDataLength} bytes of data (0: complete at the
     * connection) and both addresses in {@code lpOutputBuffer} (read them with
     * {@link #GetAcceptExSockaddrs}). Returns TRUE if it completed at once ({@code lpdwBytesReceived} then
     * holds the byte count; the emulation never does), else FALSE with {@code WSA_IO_PENDING} (997); the
     * completion is delivered through {@code lpOverlapped} either way.
     * Closing the listener completes it with 995; closing the accept socket with 995 or 1236 (WS-18). The
     * accepted socket is a full socket only after {@code setsockopt(SO_UPDATE_ACCEPT_CONTEXT)}.
     */
    boolean AcceptEx(long sListenSocket, long sAcceptSocket, byte[] lpOutputBuffer, int dwReceiveDataLength,
                     int dwLocalAddressLength, int dwRemoteAddressLength, IntRef lpdwBytesReceived,
                     Overlapped lpOverlapped);

    /**
     * {@code GetAcceptExSockaddrs}: reads the local and remote addresses {@link #AcceptEx} wrote into
     * {@code lpOutputBuffer}. An address whose length is 0 is left untouched.
     */
    void GetAcceptExSockaddrs(byte[] lpOutputBuffer, int dwReceiveDataLength, int dwLocalAddressLength,
                              int dwRemoteAddressLength, SockAddr LocalSockaddr, IntRef LocalSockaddrLength,
                              SockAddr RemoteSockaddr, IntRef RemoteSockaddrLength);

    /**
     * {@code ConnectEx}: connects the bound socket {@code s}, then sends {@code dwSendDataLength} bytes of
     * {@code lpSendBuffer} (may be null). FALSE with {@code WSA_IO_PENDING} while it runs; completes
     * through {@code lpOverlapped} with the bytes sent, {@code ERROR_CONNECTION_REFUSED} (1225) …, or 995
     * when {@code closesocket} aborts it (WS-18).
     */
    boolean ConnectEx(long s, SockAddr name, int namelen, byte[] lpSendBuffer, int dwSendDataLength,
                      IntRef lpdwBytesSent, Overlapped lpOverlapped);

    /**
     * {@code DisconnectEx}: sends FIN after the queued data without closing the socket; later sends fail
     * with {@code WSAESHUTDOWN} while the peer can still send back. With {@link #TF_REUSE_SOCKET} the
     * socket is then unconnected and can be given to {@code AcceptEx} or {@code ConnectEx} again. With
     * {@code lpOverlapped} FALSE + {@code WSA_IO_PENDING} and one completion; without it TRUE (WS-18).
     */
    boolean DisconnectEx(long s, Overlapped lpOverlapped, int dwFlags, int dwReserved);

    // ---- conveniences (not C functions; they encode the option bytes and call the C-shaped ones) ----

    /** {@code setsockopt} with a {@code struct linger}. */
    default int setsockopt(long s, int level, int optname, Linger linger) {
        byte[] b = linger == null ? null : OptionBytes.linger(linger);
        return setsockopt(s, level, optname, b, b == null ? 0 : b.length);
    }

    /** {@code setsockopt} with an {@code int}/BOOL value. */
    default int setsockopt(long s, int level, int optname, int value) {
        byte[] b = OptionBytes.int32(value);
        return setsockopt(s, level, optname, b, b.length);
    }

    /** {@code connect} with {@code namelen = name.size()}. */
    default int connect(long s, SockAddr name) {
        return connect(s, name, name == null ? 0 : name.size());
    }

    /** {@code bind} with {@code namelen = name.size()}. */
    default int bind(long s, SockAddr name) {
        return bind(s, name, name == null ? 0 : name.size());
    }
}

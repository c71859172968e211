package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;

/** A {@link Ws2_32Library} that records calls and answers from a script (no DLL). */
public final class RecordingWs2_32 extends Recording implements Ws2_32Library {
    public RecordingWs2_32(LastErrorSlot slot) {
        super(slot);
    }

    private static HANDLE handle(long value) {
        return value == 0 ? null : new HANDLE(new Pointer(value));
    }

    @Override
    public int WSAStartup(short wVersionRequested, WSADATA lpWSAData) {
        return (int) call("WSAStartup", wVersionRequested);
    }

    @Override
    public int WSACleanup() {
        return (int) call("WSACleanup");
    }

    @Override
    public SOCKET socket(int af, int type, int protocol) {
        return new SOCKET(call("socket", af, type, protocol));
    }

    @Override
    public int bind(SOCKET s, Pointer name, int namelen) {
        return (int) call("bind", s, namelen);
    }

    @Override
    public SOCKET WSASocket(int af, int type, int protocol, Pointer lpProtocolInfo, int g, int dwFlags) {
        return new SOCKET(call("WSASocket", af, type, protocol, lpProtocolInfo == null ? "NULL" : lpProtocolInfo, g,
                dwFlags));
    }

    @Override
    public int WSADuplicateSocket(SOCKET s, int dwProcessId, Pointer lpProtocolInfo) {
        return (int) call("WSADuplicateSocket", s, dwProcessId, lpProtocolInfo);
    }

    @Override
    public int listen(SOCKET s, int backlog) {
        return (int) call("listen", s, backlog);
    }

    @Override
    public SOCKET accept(SOCKET s, Pointer addr, IntByReference addrlen) {
        return new SOCKET(call("accept", s));
    }

    @Override
    public int connect(SOCKET s, Pointer name, int namelen) {
        return (int) call("connect", s, namelen);
    }

    @Override
    public int send(SOCKET s, byte[] buf, int len, int flags) {
        return (int) call("send", s, len, flags);
    }

    @Override
    public int recv(SOCKET s, byte[] buf, int len, int flags) {
        return (int) call("recv", s, len, flags);
    }

    @Override
    public int sendto(SOCKET s, byte[] buf, int len, int flags, Pointer to, int tolen) {
        return (int) call("sendto", s, len, flags, tolen);
    }

    @Override
    public int recvfrom(SOCKET s, byte[] buf, int len, int flags, Pointer from, IntByReference fromlen) {
        return (int) call("recvfrom", s, len, flags);
    }

    @Override
    public int shutdown(SOCKET s, int how) {
        return (int) call("shutdown", s, how);
    }

    @Override
    public int closesocket(SOCKET s) {
        return (int) call("closesocket", s);
    }

    @Override
    public int setsockopt(SOCKET s, int level, int optname, Pointer optval, int optlen) {
        return (int) call("setsockopt", s, level, optname, optlen);
    }

    /** What getsockopt writes into the caller's buffer when it succeeds (e.g. a {@code struct linger}). */
    public volatile byte[] optionValue = new byte[0];

    @Override
    public int getsockopt(SOCKET s, int level, int optname, Pointer optval, IntByReference optlen) {
        int rc = (int) call("getsockopt", s, level, optname);
        if (rc == 0 && optval != null) {
            int n = Math.min(optionValue.length, optlen.getValue());
            optval.write(0, optionValue, 0, n);
            optlen.setValue(n);
        }
        return rc;
    }

    @Override
    public int ioctlsocket(SOCKET s, int cmd, IntByReference argp) {
        return (int) call("ioctlsocket", s, cmd, argp == null ? null : argp.getValue());
    }

    @Override
    public int WSASend(SOCKET s, WSABUF lpBuffers, int dwBufferCount, IntByReference lpNumberOfBytesSent,
            int dwFlags, Pointer lpOverlapped, WSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
        return (int) call("WSASend", s, dwBufferCount, dwFlags);
    }

    @Override
    public int WSARecv(SOCKET s, WSABUF lpBuffers, int dwBufferCount, IntByReference lpNumberOfBytesRecvd,
            IntByReference lpFlags, Pointer lpOverlapped, WSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
        return (int) call("WSARecv", s, dwBufferCount);
    }

    @Override
    public int WSAEventSelect(SOCKET s, HANDLE hEventObject, int lNetworkEvents) {
        return (int) call("WSAEventSelect", s, lNetworkEvents);
    }

    @Override
    public int WSAEnumNetworkEvents(SOCKET s, HANDLE hEventObject, WSANETWORKEVENTS lpNetworkEvents) {
        return (int) call("WSAEnumNetworkEvents", s);
    }

    @Override
    public HANDLE WSACreateEvent() {
        return handle(call("WSACreateEvent"));
    }

    @Override
    public boolean WSACloseEvent(HANDLE hEvent) {
        return call("WSACloseEvent", hEvent) != 0;
    }

    @Override
    public boolean WSAGetOverlappedResult(SOCKET s, Pointer lpOverlapped, IntByReference lpcbTransfer,
            boolean fWait, IntByReference lpdwFlags) {
        return call("WSAGetOverlappedResult", s, fWait) != 0;
    }

    @Override
    public int getsockname(SOCKET s, Pointer name, IntByReference namelen) {
        return (int) call("getsockname", s);
    }

    @Override
    public int getpeername(SOCKET s, Pointer name, IntByReference namelen) {
        return (int) call("getpeername", s);
    }
}

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
        if (optname == 0x700B && optlen == 8) { // SO_UPDATE_ACCEPT_CONTEXT: which SOCKET Windows is given
            return (int) call("setsockopt", s, level, optname, optlen, optval.getLong(0));
        }
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

    /**
     * What {@code WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)} writes for a GUID (its 16 bytes in hex, as
     * recorded): the "function pointer" a test's binder then recognises.
     */
    public final java.util.Map<String, Long> extensionPointers = new java.util.concurrent.ConcurrentHashMap<>();

    /** Records {@code WSAIoctl(s, code, <input bytes in hex>, cbOut)} and writes a scripted pointer out. */
    @Override
    public int WSAIoctl(SOCKET s, int dwIoControlCode, Pointer lpvInBuffer, int cbInBuffer, Pointer lpvOutBuffer,
                        int cbOutBuffer, IntByReference lpcbBytesReturned, Pointer lpOverlapped,
                        WSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
        String in = lpvInBuffer == null ? "NULL" : java.util.HexFormat.of().formatHex(lpvInBuffer.getByteArray(0, cbInBuffer));
        int rc = (int) call("WSAIoctl", s, Integer.toHexString(dwIoControlCode), in, cbOutBuffer);
        Long pointer = extensionPointers.get(in);
        if (rc == 0 && pointer != null && lpvOutBuffer != null && cbOutBuffer >= 8) {
            lpvOutBuffer.setLong(0, pointer);
            lpcbBytesReturned.setValue(8);
        }
        return rc;
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

package io.teardown.winsock;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Overlapped;
import java.net.InetSocketAddress;

/**
 * A connected TCP socket of the object API. {@link #closesocket()} follows the linger setting
 * (WS-04 … WS-07) and reports the {@link CloseOutcome}.
 */
public final class TcpSocket extends SocketHandle implements Socket {
    TcpSocket(Winsock winsock, long handle) {
        super(winsock, handle);
    }

    /** Sends everything (blocking socket) or what fits (non-blocking); returns the bytes sent. */
    public int send(byte[] data) {
        return send(data, data.length);
    }

    /** Sends the first {@code len} bytes. */
    public int send(byte[] data, int len) {
        return check(ws.send(handle, data, len, 0), "send");
    }

    /** Receives into {@code buf}; 0 means the peer closed gracefully. */
    public int recv(byte[] buf) {
        return check(ws.recv(handle, buf, buf.length, 0), "recv");
    }

    /**
     * An overlapped receive ({@code WSARecv} with {@code overlapped}) into {@code buf}: true if it
     * completed at once, false if it is pending. Either way its result is delivered once, through the
     * structure's event or the port the socket is associated with ({@code IoCompletionPort.associate(
     * handle(), key)}); a {@code closesocket} meanwhile completes it with 1236 (WS-09, KO-14).
     */
    public boolean receive(byte[] buf, Overlapped overlapped) {
        return overlapped(ws.WSARecv(handle, new WSABUF[] {new WSABUF(buf)}, 1, new IntRef(), new IntRef(0),
                overlapped, null), "WSARecv");
    }

    /** An overlapped send ({@code WSASend}) of the first {@code len} bytes; see {@link #receive(byte[], Overlapped)}. */
    public boolean send(byte[] data, int len, Overlapped overlapped) {
        return overlapped(ws.WSASend(handle, new WSABUF[] {new WSABUF(data, len)}, 1, new IntRef(), 0, overlapped, null),
                "WSASend");
    }

    private boolean overlapped(int result, String what) {
        if (result == Ws2_32.SOCKET_ERROR && ws.WSAGetLastError() == Win32Error.ERROR_IO_PENDING.code()) {
            return false;
        }
        check(result, what);
        return true;
    }

    /** {@code shutdown(how)} (WS-11). */
    public void shutdown(int how) {
        check(ws.shutdown(handle, how), "shutdown");
    }

    /** {@code TCP_NODELAY}. */
    public void noDelay(boolean on) {
        check(ws.setsockopt(handle, Ws2_32.IPPROTO_TCP, Ws2_32.TCP_NODELAY, on ? 1 : 0), "setsockopt(TCP_NODELAY)");
    }

    /** The peer's address ({@code getpeername}). */
    public InetSocketAddress remoteAddress() {
        SockAddr a = new SockAddr();
        check(ws.getpeername(handle, a, new IntRef(SockAddr.SIZE_IN6)), "getpeername");
        return a.toInetSocketAddress();
    }
}

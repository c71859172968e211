package io.teardown.winsock;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import io.teardown.kernel.Overlapped;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * A connected TCP socket of the object API. {@link #closesocket()} follows the linger setting
 * (WS-04 … WS-07) and reports the {@link CloseOutcome}.
 */
public final class TcpSocket extends SocketHandle implements WinsockSocket {
    TcpSocket(Winsock winsock, long handle) {
        super(winsock, handle);
    }

    /** Sends everything (blocking socket) or what fits (non-blocking); returns the bytes sent. */
    public int send(byte[] data) {
        return send(data, data.length);
    }

    /** Sends the first {@code len} bytes. */
    public int send(byte[] data, int len) {
        return send(data, 0, len);
    }

    /**
     * Sends {@code len} bytes from {@code data[off]}, as {@link java.io.OutputStream#write(byte[], int, int)}
     * takes them; returns the bytes sent.
     *
     * @throws io.teardown.api.Win32Exception {@code WSAEFAULT} if the range is not inside {@code data}, as
     *         Windows answers a buffer that is not all the caller's
     */
    public int send(byte[] data, int off, int len) {
        checkRange(data, off, len, "send");
        byte[] from = off == 0 ? data : Arrays.copyOfRange(data, off, off + len);
        return check(ws.send(handle, from, len, 0), "send");
    }

    /** Receives into {@code buf}; 0 means the peer closed gracefully. */
    public int recv(byte[] buf) {
        return recv(buf, 0, buf.length);
    }

    /**
     * Receives at most {@code len} bytes into {@code buf} from {@code buf[off]}, as
     * {@link java.io.InputStream#read(byte[], int, int)} fills them; 0 means the peer closed gracefully.
     * The flat {@code recv} has no offset (C passes a pointer), so a range not at 0 goes through a copy.
     *
     * @throws io.teardown.api.Win32Exception {@code WSAEFAULT} if the range is not inside {@code buf}
     */
    public int recv(byte[] buf, int off, int len) {
        checkRange(buf, off, len, "recv");
        if (off == 0) {
            return check(ws.recv(handle, buf, len, 0), "recv");
        }
        byte[] into = new byte[len];
        int n = check(ws.recv(handle, into, len, 0), "recv");
        System.arraycopy(into, 0, buf, off, n);
        return n;
    }

    private static void checkRange(byte[] b, int off, int len, String call) {
        if (off < 0 || len < 0 || off > b.length - len) {
            int e = Win32Error.WSAEFAULT.code();
            throw new Win32Exception(e, call + "(off " + off + ", len " + len + " of " + b.length + "): " + Win32Error.describe(e));
        }
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

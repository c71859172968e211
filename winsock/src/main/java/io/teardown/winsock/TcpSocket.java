package io.teardown.winsock;

import io.teardown.api.IntRef;
import java.net.InetSocketAddress;

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
        return check(ws.send(handle, data, len, 0), "send");
    }

    /** Receives into {@code buf}; 0 means the peer closed gracefully. */
    public int recv(byte[] buf) {
        return check(ws.recv(handle, buf, buf.length, 0), "recv");
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

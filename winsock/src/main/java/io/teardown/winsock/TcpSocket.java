package io.teardown.winsock;

import io.teardown.api.IntRef;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;

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
     * @throws IndexOutOfBoundsException if the range is not inside {@code data}
     */
    public int send(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
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
     * @throws IndexOutOfBoundsException if the range is not inside {@code buf}
     */
    public int recv(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (off == 0) {
            return check(ws.recv(handle, buf, len, 0), "recv");
        }
        byte[] into = new byte[len];
        int n = check(ws.recv(handle, into, len, 0), "recv");
        System.arraycopy(into, 0, buf, off, n);
        return n;
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

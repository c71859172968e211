package io.teardown.winsock.engine;

import io.teardown.api.IntRef;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.Ws2_32;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * One pending {@code AcceptEx} (WS-18): the listener it was issued on, the socket it accepts into, and
 * the caller's output buffer (first data, then the local and the remote address block). It ends
 * through the same {@link OverlappedOp#complete} as {@code WSASend}/{@code WSARecv}, so it is delivered
 * however those are. {@link #finish} is called with the accept socket's lock held, which orders the
 * writes into the output buffer before the one completion and makes the first ending win: a
 * connection, the listener's close (995), the accept socket's close (995 before the connection, 1236
 * after it), the peer's reset while waiting for data (64).
 *
 * <p>Each address block holds the address in an internal format (a 4-byte length, then the C
 * {@code SOCKADDR_IN}/{@code SOCKADDR_IN6}), which is why Windows wants 16 bytes more than the
 * structure; {@link #readAddress} is {@code GetAcceptExSockaddrs}' half of it.
 */
final class AcceptExOp {
    /** Bytes an address block needs beyond the structure itself. */
    static final int BLOCK_EXTRA = 16;

    final OverlappedOp op;
    final StreamSocket listener;
    final StreamSocket acceptSocket;
    final byte[] output;
    final int receiveLength;
    final int localLength;
    final int remoteLength;
    // Guarded by acceptSocket.lock.
    private volatile boolean finished;
    private boolean connected;

    AcceptExOp(OverlappedOp op, StreamSocket listener, StreamSocket acceptSocket, byte[] output, int receiveLength,
               int localLength, int remoteLength) {
        this.op = op;
        this.listener = listener;
        this.acceptSocket = acceptSocket;
        this.output = output;
        this.receiveLength = receiveLength;
        this.localLength = localLength;
        this.remoteLength = remoteLength;
    }

    /** Whether it has ended (read without the lock by the listener to prune its queue). */
    boolean finished() {
        return finished;
    }

    /** Whether a connection was moved into the accept socket. Caller holds acceptSocket.lock. */
    boolean connected() {
        return connected;
    }

    /** Records that the connection moved in and writes both addresses. Caller holds acceptSocket.lock. */
    void connectedTo(InetSocketAddress local, InetSocketAddress remote) {
        connected = true;
        if (localLength > 0) {
            writeAddress(output, receiveLength, local);
        }
        writeAddress(output, receiveLength + localLength, remote);
    }

    /**
     * Whether the address blocks can hold addresses of this family: a local block of 0 bytes is not
     * wanted at all; anything else must be 16 bytes more than the structure. Windows completes an
     * AcceptEx with too small a block with {@code ERROR_INSUFFICIENT_BUFFER} and leaves the connection
     * queued for the next accept (Wine's sock.c records it).
     */
    boolean addressesFit(boolean v6) {
        int need = (v6 ? SockAddr.SIZE_IN6 : SockAddr.SIZE_IN) + BLOCK_EXTRA;
        return (localLength == 0 || localLength >= need) && remoteLength >= need;
    }

    /**
     * Takes a queued operation back for {@code CancelIoEx} (its request then completes it with 995): false
     * once it has ended or a connection has moved in. Caller holds acceptSocket.lock.
     */
    boolean withdraw() {
        if (finished || connected) {
            return false;
        }
        finished = true;
        return true;
    }

    /** Delivers the result unless it has ended already. Caller holds acceptSocket.lock. */
    boolean finish(int status, int bytes) {
        if (finished) {
            return false;
        }
        finished = true;
        op.complete(status, bytes);
        return true;
    }

    // ---- the address blocks ----

    private static void writeAddress(byte[] out, int at, InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress();
        boolean v6 = a.getAddress() instanceof Inet6Address;
        int size = v6 ? SockAddr.SIZE_IN6 : SockAddr.SIZE_IN;
        Arrays.fill(out, at, at + 4 + size, (byte) 0);
        le32(out, at, size);
        int p = at + 4;
        int family = v6 ? Ws2_32.AF_INET6 : Ws2_32.AF_INET;
        out[p] = (byte) family;
        out[p + 1] = (byte) (family >>> 8);
        out[p + 2] = (byte) (a.getPort() >>> 8); // sin_port is in network order
        out[p + 3] = (byte) a.getPort();
        if (v6) {
            System.arraycopy(ip, 0, out, p + 8, 16); // after sin6_flowinfo
            le32(out, p + 24, ((Inet6Address) a.getAddress()).getScopeId());
        } else {
            System.arraycopy(ip, 0, out, p + 4, 4);
        }
    }

    /**
     * Reads the address block at {@code at} of {@code len} bytes into {@code into}/{@code intoLen}; false
     * if it holds none (a block of 0 bytes, or too short).
     */
    static boolean readAddress(byte[] buf, int at, int len, SockAddr into, IntRef intoLen) {
        if (len < 4 + SockAddr.SIZE_IN || at < 0 || at + len > buf.length) {
            return false;
        }
        int size = le32(buf, at);
        if (size != SockAddr.SIZE_IN && size != SockAddr.SIZE_IN6 || 4 + size > len) {
            return false;
        }
        int p = at + 4;
        int port = ((buf[p + 2] & 0xFF) << 8) | (buf[p + 3] & 0xFF);
        try {
            InetAddress ip;
            if (size == SockAddr.SIZE_IN6) {
                byte[] a = Arrays.copyOfRange(buf, p + 8, p + 24);
                int scope = le32(buf, p + 24);
                ip = scope == 0 ? InetAddress.getByAddress(a) : Inet6Address.getByAddress(null, a, scope);
            } else {
                ip = InetAddress.getByAddress(Arrays.copyOfRange(buf, p + 4, p + 8));
            }
            if (into != null) {
                into.set(new InetSocketAddress(ip, port));
            }
        } catch (UnknownHostException e) {
            return false;
        }
        if (intoLen != null) {
            intoLen.value = size;
        }
        return true;
    }

    private static void le32(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}

package io.teardown.winsock.engine;

import io.teardown.api.CloseEvent;
import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.Ws2_32;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * A UDP socket: bound on first use, optionally "connected" to a default peer, with a datagram queue
 * bounded by SO_RCVBUF (datagrams beyond it are dropped, as UDP drops them). {@code SO_LINGER} does
 * not apply (WS-08: {@code WSAENOPROTOOPT}); {@code closesocket} just releases the port.
 */
final class DatagramSocket extends EmulatedSocket implements DatagramEvents {
    /** The largest UDP payload over IPv4. */
    private static final int MAX_DATAGRAM = 65507;

    private record Datagram(byte[] data, InetSocketAddress from) {
    }

    // Guarded by lock.
    private DatagramPort port;
    private InetSocketAddress peer;
    private final ArrayDeque<Datagram> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean sendShut;
    private boolean recvShut;

    DatagramSocket(SocketContext ctx, int family) {
        super(ctx, family);
    }

    @Override
    int type() {
        return Ws2_32.SOCK_DGRAM;
    }

    @Override
    void bind(InetSocketAddress local) {
        lock.lock();
        try {
            if (port != null) {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            bindLocked(local);
        } finally {
            lock.unlock();
        }
    }

    private void bindLocked(InetSocketAddress local) {
        try {
            // Binding completes on a transport thread that never needs this socket's lock before the
            // port exists, so holding the lock here cannot deadlock.
            port = ctx.transport().bindDatagram(local, this);
        } catch (BindException e) {
            throw WsaException.of(Win32Error.WSAEADDRINUSE);
        } catch (IOException | RuntimeException e) {
            throw WsaException.of(Win32Error.WSAEADDRNOTAVAIL);
        }
    }

    private void ensureBound() {
        if (port == null) {
            bindLocked(wildcard());
        }
    }

    @Override
    void listen(int backlog) {
        throw WsaException.of(Win32Error.WSAEOPNOTSUPP);
    }

    @Override
    EmulatedSocket accept(SockAddr addr) {
        throw WsaException.of(Win32Error.WSAEOPNOTSUPP);
    }

    @Override
    void connect(InetSocketAddress remote) {
        lock.lock();
        try {
            ensureBound();
            peer = remote;
            queue.removeIf(d -> !d.from().equals(remote));
        } finally {
            lock.unlock();
        }
    }

    @Override
    int send(byte[] buf, int len, int flags) {
        return sendTo(buf, len, flags, null);
    }

    @Override
    int sendTo(byte[] buf, int len, int flags, InetSocketAddress to) {
        if ((flags & ~0x4) != 0) {
            throw WsaException.of(Win32Error.WSAEOPNOTSUPP);
        }
        lock.lock();
        try {
            if (sendShut) {
                throw WsaException.of(Win32Error.WSAESHUTDOWN);
            }
            InetSocketAddress target = to != null ? to : peer;
            if (target == null) {
                throw WsaException.of(Win32Error.WSAENOTCONN);
            }
            if (len > MAX_DATAGRAM) {
                throw WsaException.of(Win32Error.WSAEMSGSIZE);
            }
            if (target.getPort() == 0) {
                throw WsaException.of(Win32Error.WSAEADDRNOTAVAIL);
            }
            ensureBound();
            port.send(java.util.Arrays.copyOf(buf, len), target);
            post(Ws2_32.FD_WRITE_BIT, 0);
            return len;
        } finally {
            lock.unlock();
        }
    }

    @Override
    int recv(byte[] buf, int len, int flags) {
        return recvFrom(buf, len, flags, null);
    }

    @Override
    int recvFrom(byte[] buf, int len, int flags, SockAddr from) {
        if ((flags & ~Ws2_32.MSG_PEEK) != 0) {
            throw WsaException.of(Win32Error.WSAEOPNOTSUPP);
        }
        lock.lock();
        try {
            if (port == null) {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            if (recvShut) {
                throw WsaException.of(Win32Error.WSAESHUTDOWN);
            }
            return untilReady(() -> {
                Datagram d = queue.peek();
                if (d == null) {
                    return null;
                }
                if ((flags & Ws2_32.MSG_PEEK) == 0) {
                    queue.poll();
                    queuedBytes -= d.data().length;
                }
                if (!queue.isEmpty()) {
                    post(Ws2_32.FD_READ_BIT, 0);
                }
                int n = Math.min(len, d.data().length);
                System.arraycopy(d.data(), 0, buf, 0, n);
                if (from != null) {
                    from.set(d.from());
                }
                if (n < d.data().length) {
                    throw WsaException.of(Win32Error.WSAEMSGSIZE); // the rest of the datagram is lost
                }
                return n;
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void received(byte[] data, InetSocketAddress from) {
        lock.lock();
        try {
            if (closed || recvShut || (peer != null && !peer.equals(from))) {
                return;
            }
            if (queuedBytes + data.length > Math.max(receiveBuffer, MAX_DATAGRAM)) {
                return; // a full receive buffer drops datagrams
            }
            queue.add(new Datagram(data, from));
            queuedBytes += data.length;
            post(Ws2_32.FD_READ_BIT, 0);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    void shutdown(int how) {
        lock.lock();
        try {
            if (how < Ws2_32.SD_RECEIVE || how > Ws2_32.SD_BOTH) {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            if (how != Ws2_32.SD_SEND) {
                recvShut = true;
            }
            if (how != Ws2_32.SD_RECEIVE) {
                sendShut = true;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    InetSocketAddress localAddress() {
        lock.lock();
        try {
            if (port == null) {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            return port.localAddress();
        } finally {
            lock.unlock();
        }
    }

    @Override
    InetSocketAddress remoteAddress() {
        lock.lock();
        try {
            if (peer == null) {
                throw WsaException.of(Win32Error.WSAENOTCONN);
            }
            return peer;
        } finally {
            lock.unlock();
        }
    }

    @Override
    int readable() {
        Datagram d = queue.peek();
        return d == null ? 0 : d.data().length;
    }

    @Override
    int wsaSend(WSABUF[] bufs, int count, IntRef sent, Overlapped ov, OverlappedCompletionRoutine routine) {
        throw WsaException.of(Win32Error.WSAEOPNOTSUPP); // overlapped UDP is not emulated (docs/winsock.md)
    }

    @Override
    int wsaRecv(WSABUF[] bufs, int count, IntRef received, Overlapped ov, OverlappedCompletionRoutine routine) {
        throw WsaException.of(Win32Error.WSAEOPNOTSUPP);
    }

    @Override
    void repostEvents() {
        if (!queue.isEmpty()) {
            post(Ws2_32.FD_READ_BIT, 0);
        }
        if (!sendShut) {
            post(Ws2_32.FD_WRITE_BIT, 0);
        }
    }

    @Override
    LingerDecision.Mode beginClose() {
        lock.lock();
        try {
            if (closed) {
                throw WsaException.of(Win32Error.WSAENOTSOCK); // WS-14: a racing close won
            }
            closed = true;
            changed.signalAll();
            return LingerDecision.Mode.RELEASE;
        } finally {
            lock.unlock();
        }
    }

    @Override
    CloseEvent.Outcome finishClose(LingerDecision.Mode mode) {
        closePort();
        return CloseEvent.Outcome.GRACEFUL;
    }

    @Override
    void release(boolean postClose) {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        closePort();
    }

    private void closePort() {
        DatagramPort p;
        lock.lock();
        try {
            p = port;
            port = null;
            queue.clear();
            queuedBytes = 0;
        } finally {
            lock.unlock();
        }
        if (p != null) {
            p.close();
        }
    }
}

package io.teardown.winsock.engine;

import io.teardown.api.Win32Error;
import io.teardown.winsock.Ws2_32;
import java.net.InetSocketAddress;
import java.util.ArrayList;

/**
 * The extension functions' part of a {@link StreamSocket} (WS-18): {@code AcceptEx} (a listener's queued
 * operations, the accept socket they move a connection into), {@code ConnectEx}, {@code DisconnectEx}
 * with {@code TF_REUSE_SOCKET}, and the {@code SO_UPDATE_ACCEPT_CONTEXT} / {@code SO_UPDATE_CONNECT_CONTEXT}
 * that make such a socket a full one. The state lives in the socket's {@link ExtensionState}, created on
 * first use; every method runs under the locks its Javadoc names. Lock order: listener, backlog child,
 * accept socket.
 */
final class StreamExtensions {
    private StreamExtensions() {
    }

    /**
     * Where the transport's events for {@code s}'s connection go (caller holds its lock): {@code s}; the
     * socket an AcceptEx moved the connection into; or nowhere ({@code null}), for late events of a
     * connection that {@code DisconnectEx(TF_REUSE_SOCKET)} let go of.
     */
    static StreamSocket eventTarget(StreamSocket s) {
        ExtensionState x = s.ext;
        if (x == null) {
            return s;
        }
        if (x.movedTo != null) {
            return x.movedTo;
        }
        return x.reused ? null : s;
    }

    /**
     * An AcceptEx or ConnectEx socket is a full socket only after {@code SO_UPDATE_ACCEPT_CONTEXT} /
     * {@code SO_UPDATE_CONNECT_CONTEXT}: until then {@code getsockname}, {@code getpeername} and
     * {@code shutdown} fail with WSAENOTCONN (the AcceptEx reference page; Wine's sock.c sets the
     * option before getsockname "as Windows requires"). Caller holds {@code s}'s lock.
     */
    static void checkContextUpdated(StreamSocket s) {
        ExtensionState x = s.ext;
        if (x != null && (x.acceptContextPending || x.connectContextPending)) {
            throw WsaException.of(Win32Error.WSAENOTCONN);
        }
    }

    // ---- AcceptEx ----

    /** AcceptEx issued on {@code listener}. Pends until a connection (and its first data) is there. */
    static void acceptEx(StreamSocket listener, AcceptExOp op) {
        listener.lock.lock();
        try {
            if (!listener.listening || listener.closed) {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            StreamSocket target = op.acceptSocket;
            target.lock.lock();
            try {
                claimForAccept(target, op);
            } finally {
                target.lock.unlock();
            }
            ExtensionState x = listener.ext();
            if (x.acceptExOps == null) {
                x.acceptExOps = new ArrayList<>(2);
            }
            x.acceptExOps.add(op);
            serveAcceptEx(listener);
        } finally {
            listener.lock.unlock();
        }
    }

    /** The accept socket of an AcceptEx must be open, neither bound nor connected, and not taken. Caller holds its lock. */
    private static void claimForAccept(StreamSocket target, AcceptExOp op) {
        if (target.closed) {
            throw WsaException.of(Win32Error.WSAENOTSOCK);
        }
        if (target.listening || target.bound != null || target.conn != null || target.connecting != null
                || target.ext != null && target.ext.acceptingInto != null) {
            throw WsaException.of(Win32Error.WSAEINVAL);
        }
        target.ext().acceptingInto = op;
    }

    /**
     * Moves waiting connections into waiting AcceptEx operations, oldest first. An operation whose address
     * blocks are too small ends with ERROR_INSUFFICIENT_BUFFER and leaves the connection queued. Caller
     * holds the listener's lock.
     */
    static void serveAcceptEx(StreamSocket listener) {
        ExtensionState x = listener.ext;
        if (x == null || x.acceptExOps == null) {
            return;
        }
        ArrayList<AcceptExOp> ops = x.acceptExOps;
        ops.removeIf(AcceptExOp::finished);
        AcceptBacklog backlog = listener.backlog;
        if (backlog == null) {
            return; // no connection is waiting
        }
        int i = 0;
        while (!backlog.isEmpty() && i < ops.size()) {
            AcceptExOp op = ops.get(i);
            if (op.finished()) {
                ops.remove(i);
                continue;
            }
            StreamSocket target = op.acceptSocket;
            if (!op.addressesFit(listener.family == Ws2_32.AF_INET6)) {
                target.lock.lock();
                try {
                    finishAcceptEx(target, op, Win32Error.ERROR_INSUFFICIENT_BUFFER.code(), 0);
                } finally {
                    target.lock.unlock();
                }
                ops.remove(i);
                continue;
            }
            if (adopt(target, backlog.peek(), op)) {
                backlog.poll();
            }
            ops.remove(i); // served, or ended by its accept socket's close meanwhile
        }
    }

    /**
     * Takes over a backlog child's connection for an AcceptEx: the received data, end of stream or reset
     * so far, and from now on the transport's events, which the child forwards. The accept socket keeps
     * its own options: it inherits the listener's only with SO_UPDATE_ACCEPT_CONTEXT. False if the
     * operation ended meanwhile. Caller holds the listener's lock.
     */
    private static boolean adopt(StreamSocket target, StreamSocket child, AcceptExOp op) {
        child.lock.lock();
        try {
            target.lock.lock();
            try {
                if (op.finished() || target.closed) {
                    return false;
                }
                target.conn = child.conn;
                target.inbound.moveFrom(child.inbound);
                target.eof = child.eof;
                target.failed = child.failed;
                target.closeReported = false;
                target.sendShut = false;
                target.recvShut = false;
                child.conn = null;
                child.closed = true;
                child.ext().movedTo = target;
                ExtensionState x = target.ext();
                x.adoptedFrom = child;
                x.reused = false;
                x.acceptContextPending = true;
                if (target.sendBuffer != child.sendBuffer || target.receiveBuffer != child.receiveBuffer) {
                    target.buffersChanged();
                }
                if (target.noDelay != child.noDelay) {
                    target.noDelayChanged();
                }
                op.connectedTo(target.conn.localAddress(), target.conn.remoteAddress());
                if (op.receiveLength == 0) {
                    finishAcceptEx(target, op, 0, 0);
                } else {
                    acceptExProgress(target);
                }
                target.changed.signalAll();
                return true;
            } finally {
                target.lock.unlock();
            }
        } finally {
            child.lock.unlock();
        }
    }

    /**
     * An AcceptEx waiting for its first data ends with it, with the end of the stream (0 bytes) or a reset
     * (64). Caller holds the accept socket's lock.
     */
    static void acceptExProgress(StreamSocket s) {
        AcceptExOp op = s.ext == null ? null : s.ext.acceptingInto;
        if (op == null || !op.connected()) {
            return;
        }
        if (s.inbound.bytes() > 0) {
            finishAcceptEx(s, op, 0, s.take(op.output, 0, op.receiveLength, false));
        } else if (s.failed) {
            finishAcceptEx(s, op, Win32Error.ERROR_NETNAME_DELETED.code(), 0);
        } else if (s.eof) {
            finishAcceptEx(s, op, 0, 0);
        }
    }

    /** Ends {@code op}, whose accept socket {@code s} is. Caller holds its lock. */
    private static void finishAcceptEx(StreamSocket s, AcceptExOp op, int status, int bytes) {
        if (s.ext != null && s.ext.acceptingInto == op) {
            s.ext.acceptingInto = null;
        }
        op.finish(status, bytes);
    }

    /**
     * CancelIoEx on a listener: an AcceptEx still queued (no connection moved in) is taken back and its
     * accept socket is free for another AcceptEx (WS-18). An AcceptEx whose connection is in cannot be
     * taken back: the transport has acted on it. Caller holds the listener's lock.
     */
    static boolean withdrawAcceptEx(StreamSocket listener, OverlappedOp op) {
        ExtensionState x = listener.ext;
        if (x == null || x.acceptExOps == null) {
            return false;
        }
        for (AcceptExOp a : x.acceptExOps) {
            if (a.op != op) {
                continue;
            }
            StreamSocket target = a.acceptSocket;
            target.lock.lock();
            try {
                if (!a.withdraw()) {
                    return false;
                }
                if (target.ext != null && target.ext.acceptingInto == a) {
                    target.ext.acceptingInto = null;
                }
            } finally {
                target.lock.unlock();
            }
            x.acceptExOps.remove(a);
            return true;
        }
        return false;
    }

    /**
     * CancelIoEx on a ConnectEx still connecting (WS-18, KO-15): the attempt is dropped — a connection it
     * still makes is reset, as for a superseded attempt — and the request completes it with 995. Once
     * connected (its data being sent) it can no longer be taken back. Caller holds {@code s}'s lock.
     */
    static boolean withdrawConnectEx(StreamSocket s, OverlappedOp op) {
        ExtensionState x = s.ext;
        if (x == null || x.connectEx != op || s.connecting == null) {
            return false;
        }
        x.connectEx = null;
        x.connectExData = null;
        s.connecting = null;
        return true;
    }

    /**
     * closesocket (or CloseHandle, WSACleanup) ends {@code s}'s extension operations (WS-18): an AcceptEx
     * it accepts into with 995 before the connection, 1236 after it; a ConnectEx with 995; as a listener,
     * every AcceptEx issued on it with 995 and 0 bytes. Caller holds its lock.
     */
    static void cancelExtensions(StreamSocket s) {
        ExtensionState x = s.ext;
        if (x == null) {
            return;
        }
        AcceptExOp into = x.acceptingInto;
        if (into != null) {
            finishAcceptEx(s, into, into.connected() ? Win32Error.ERROR_CONNECTION_ABORTED.code()
                    : Win32Error.ERROR_OPERATION_ABORTED.code(), 0);
        }
        OverlappedOp connecting = x.connectEx;
        if (connecting != null) {
            x.connectEx = null;
            x.connectExData = null;
            connecting.complete(Win32Error.ERROR_OPERATION_ABORTED.code(), 0);
        }
        ArrayList<AcceptExOp> ops = x.acceptExOps;
        x.acceptExOps = null;
        if (ops != null) {
            for (AcceptExOp op : ops) {
                op.acceptSocket.lock.lock();
                try {
                    finishAcceptEx(op.acceptSocket, op, Win32Error.ERROR_OPERATION_ABORTED.code(), 0);
                } finally {
                    op.acceptSocket.lock.unlock();
                }
            }
        }
    }

    // ---- ConnectEx ----

    /**
     * ConnectEx: connects the bound (or reused) socket and, once connected, sends {@code data}; the
     * completion carries the bytes sent or the connect error as a Win32 error.
     */
    static void connectEx(StreamSocket s, InetSocketAddress remote, byte[] data, OverlappedOp op) {
        s.lock.lock();
        try {
            ExtensionState x = s.ext;
            if (s.listening || x != null && x.acceptingInto != null) {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            if (s.conn != null) {
                throw WsaException.of(Win32Error.WSAEISCONN);
            }
            if (s.connecting != null || s.bound == null && (x == null || !x.reused)) {
                throw WsaException.of(Win32Error.WSAEINVAL); // ConnectEx needs a bound socket
            }
            StreamConnect.checkRemote(remote);
            x = s.ext();
            x.connectEx = op;
            x.connectExData = data;
            StreamConnect.start(s, remote, false);
        } finally {
            s.lock.unlock();
        }
    }

    /** The connection attempt ended: completes a pending ConnectEx. Caller holds {@code s}'s lock; its ext is set. */
    static void connectExEnded(StreamSocket s, Connection c, Throwable err) {
        ExtensionState x = s.ext;
        if (c != null && !s.closed) {
            x.reused = false;
        }
        OverlappedOp op = x.connectEx;
        byte[] data = x.connectExData;
        if (op == null || s.closed) {
            return; // no ConnectEx, or the close completed it already
        }
        x.connectEx = null;
        x.connectExData = null;
        if (c == null) {
            op.complete(connectExStatus(StreamConnect.error(err)), 0);
            return;
        }
        x.connectContextPending = true;
        x.connectedByConnectEx = true;
        if (data.length == 0) {
            op.complete(0, 0);
            return;
        }
        int n = data.length;
        c.write(data, 0, n, failure -> op.complete(failure == null ? 0 : Win32Error.ERROR_NETNAME_DELETED.code(),
                failure == null ? n : 0));
    }

    /** The Win32 error an overlapped connect reports for a connect failure (GetOverlappedResult's view). */
    private static int connectExStatus(Win32Error e) {
        return switch (e) {
            case WSAECONNREFUSED -> Win32Error.ERROR_CONNECTION_REFUSED.code();
            case WSAENETUNREACH -> Win32Error.ERROR_NETWORK_UNREACHABLE.code();
            case WSAEHOSTUNREACH -> Win32Error.ERROR_HOST_UNREACHABLE.code();
            case WSAETIMEDOUT -> Win32Error.ERROR_SEM_TIMEOUT.code();
            case WSAEINTR -> Win32Error.ERROR_OPERATION_ABORTED.code();
            default -> e.code();
        };
    }

    // ---- DisconnectEx ----

    /**
     * DisconnectEx: FIN after the queued data, the socket stays (sends then fail with WSAESHUTDOWN, the peer
     * can still send back). With {@code reuse} (TF_REUSE_SOCKET) the connection is let go of — it closes
     * gracefully in the background — and the socket is unbound and unconnected again, for AcceptEx or
     * ConnectEx.
     */
    static void disconnectEx(StreamSocket s, boolean reuse) {
        s.lock.lock();
        try {
            if (s.listening || s.conn == null) {
                throw WsaException.of(Win32Error.WSAENOTCONN);
            }
            s.shutdownOutput();
            if (!reuse) {
                return;
            }
            s.abortOverlapped();
            s.inbound.reset();
            Connection old = s.conn;
            if (s.failed) {
                old.reset();
            } else {
                old.closeGracefully();
            }
            s.conn = null;
            s.eof = false;
            s.failed = false;
            s.closeReported = false;
            s.sendShut = false;
            s.recvShut = false;
            s.sendBlocked = false;
            s.bound = null;
            s.soError = 0;
            ExtensionState x = s.ext();
            x.reused = true;
            x.acceptContextPending = false;
            x.connectContextPending = false;
            x.connectedByConnectEx = false;
            StreamSocket child = x.adoptedFrom;
            x.adoptedFrom = null;
            if (child != null) {
                child.lock.lock();
                try {
                    child.ext.movedTo = null; // the released connection's late events stay with the closed child
                } finally {
                    child.lock.unlock();
                }
            }
            s.changed.signalAll();
        } finally {
            s.lock.unlock();
        }
    }

    // ---- context updates ----

    /**
     * SO_UPDATE_ACCEPT_CONTEXT: the AcceptEx socket becomes a full socket and takes the listener's
     * settings (linger, blocking mode, buffers, TCP_NODELAY, event selection), as accept gives them.
     */
    static void updateAcceptContext(StreamSocket s, StreamSocket from) {
        from.lock.lock(); // order: listener, then accepted socket (as in accept and AcceptEx)
        try {
            s.lock.lock();
            try {
                if (!from.listening) {
                    throw WsaException.of(Win32Error.WSAEINVAL);
                }
                if (s.conn == null) {
                    throw WsaException.of(Win32Error.WSAENOTCONN);
                }
                if (s.ext != null && s.ext.acceptContextPending) {
                    s.ext.acceptContextPending = false;
                    from.inheritNow(s);
                    s.repostEvents();
                }
            } finally {
                s.lock.unlock();
            }
        } finally {
            from.lock.unlock();
        }
    }

    /** SO_UPDATE_CONNECT_CONTEXT: the ConnectEx socket becomes a full socket. */
    static void updateConnectContext(StreamSocket s) {
        s.lock.lock();
        try {
            if (s.conn == null) {
                throw WsaException.of(Win32Error.WSAENOTCONN);
            }
            if (s.ext != null) {
                s.ext.connectContextPending = false;
            }
        } finally {
            s.lock.unlock();
        }
    }
}

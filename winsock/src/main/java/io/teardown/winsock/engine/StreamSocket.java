package io.teardown.winsock.engine;

import io.teardown.api.CloseEvent;
import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.Ws2_32;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A TCP socket: unconnected, connecting, connected or listening. Holds the socket's state (guarded by
 * its lock), dispatches the transport's events and does {@code recv} and {@code shutdown}; its parts,
 * each working on this state under the same lock, do the rest: connecting ({@link StreamConnect}),
 * sending ({@link StreamSend}), the receive buffer ({@link InboundBuffer}), overlapped I/O
 * ({@link OverlappedQueue}, WS-09), the accept backlog ({@link AcceptBacklog}), the extension functions
 * ({@link StreamExtensions}, WS-18) and the close with its linger modes ({@link StreamClose}, WS-04 …
 * WS-07, WS-14). Every call goes down from here to a part and the {@link Connection}; the socket gets
 * what it needs from the engine as one {@link SocketContext}. See docs/winsock.md, "Where the code is".
 */
final class StreamSocket extends EmulatedSocket implements ConnectionEvents {
    // Guarded by lock; read and written by the socket's parts.
    InetSocketAddress bound;
    Connection conn;
    CompletableFuture<Connection> connecting;
    boolean listening;
    AcceptBacklog backlog; // from listen on
    final InboundBuffer inbound = new InboundBuffer();
    boolean eof;
    boolean failed;
    boolean closeReported;
    boolean sendShut;
    boolean recvShut;
    boolean sendBlocked;
    OverlappedQueue overlapped; // created by the first pending operation
    ExtensionState ext; // AcceptEx / ConnectEx / DisconnectEx state, created on first use (WS-18)

    StreamSocket(SocketContext ctx, int family) {
        super(ctx, family);
    }

    /** An accepted connection, owned by {@code parent}'s backlog until {@code accept} hands it out. */
    StreamSocket(StreamSocket parent, Connection c) {
        super(parent.ctx, parent.family);
        inheritFrom(parent);
        conn = c;
    }

    @Override
    int type() {
        return Ws2_32.SOCK_STREAM;
    }

    StreamOptions options() {
        return new StreamOptions(sendBuffer, receiveBuffer, noDelay);
    }

    ExtensionState ext() {
        if (ext == null) {
            ext = new ExtensionState();
        }
        return ext;
    }

    OverlappedQueue overlapped() {
        if (overlapped == null) {
            overlapped = new OverlappedQueue();
        }
        return overlapped;
    }

    boolean sendsQueued() {
        return overlapped != null && overlapped.hasSends();
    }

    // ---- bind / listen / accept ----

    @Override
    void bind(InetSocketAddress local) {
        lock.lock();
        try {
            if (bound != null || conn != null || connecting != null || listening) {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            bound = local;
        } finally {
            lock.unlock();
        }
    }

    @Override
    void listen(int backlogSize) {
        AcceptBacklog.listen(this, backlogSize);
    }

    @Override
    EmulatedSocket accept(SockAddr addr) {
        lock.lock();
        try {
            if (!listening) {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            return backlog.accept(addr);
        } finally {
            lock.unlock();
        }
    }

    /**
     * WS-08: the socket {@code accept} returns has the listener's settings as they are now, not as they
     * were when the connection arrived (Windows copies the listening socket's options in accept; found by
     * WinsockModelTest: SO_LINGER set on the listener between the connection and accept was lost). Nobody
     * else can reach a child still in the backlog, so re-copying is safe. Caller holds this lock.
     */
    void inheritNow(StreamSocket child) {
        child.lock.lock();
        try {
            int sb = child.sendBuffer;
            int rb = child.receiveBuffer;
            boolean nd = child.noDelay;
            child.inheritFrom(this);
            if (sb != child.sendBuffer || rb != child.receiveBuffer) {
                child.buffersChanged();
            }
            if (nd != child.noDelay) {
                child.noDelayChanged();
            }
        } finally {
            child.lock.unlock();
        }
    }

    // ---- connect ----

    @Override
    void connect(InetSocketAddress remote) {
        StreamConnect.connect(this, remote);
    }

    // ---- transport events ----

    @Override
    public void received(ReceivedBytes data) {
        StreamSocket to;
        lock.lock();
        try {
            to = StreamExtensions.eventTarget(this);
            if (to == this) {
                receivedHere(data);
                return;
            }
        } finally {
            lock.unlock();
        }
        if (to == null) {
            data.release();
        } else {
            to.received(data);
        }
    }

    @Override
    public void endOfStream() {
        dispatch(StreamSocket::endOfStreamHere);
    }

    @Override
    public void failed(boolean reset) {
        dispatch(StreamSocket::markFailed);
    }

    @Override
    public void writable() {
        dispatch(StreamSocket::writableHere);
    }

    @Override
    public void closed() {
        dispatch(StreamSocket::closedHere);
    }

    /**
     * Runs {@code event} on the socket the connection's events go to now ({@link StreamExtensions#eventTarget}):
     * this one, under its lock; the socket an AcceptEx moved the connection into; or none.
     */
    private void dispatch(Consumer<StreamSocket> event) {
        StreamSocket to;
        lock.lock();
        try {
            to = StreamExtensions.eventTarget(this);
            if (to == this) {
                event.accept(this);
                return;
            }
        } finally {
            lock.unlock();
        }
        if (to != null) {
            to.dispatch(event);
        }
    }

    /** Caller holds lock. */
    private void receivedHere(ReceivedBytes data) {
        if (closed || failed) {
            data.release();
            return;
        }
        if (recvShut) {
            // Windows resets a connection that receives data after SD_RECEIVE.
            data.release();
            failAndReset();
            return;
        }
        while (data.readable() > 0 && overlapped != null && overlapped.hasReceives()) {
            OverlappedOp op = overlapped.nextReceive();
            op.complete(0, op.fill(data));
        }
        int left = data.readable();
        if (left == 0) {
            data.release();
        } else {
            inbound.add(data, left, conn, receiveBuffer);
            post(Ws2_32.FD_READ_BIT, 0);
            StreamExtensions.acceptExProgress(this);
        }
        changed.signalAll();
    }

    /** Caller holds lock. */
    private void endOfStreamHere() {
        if (eof || failed) {
            return;
        }
        eof = true;
        if (overlapped != null) {
            overlapped.completeReceives(0);
        }
        StreamExtensions.acceptExProgress(this);
        reportCloseIfDrained();
        changed.signalAll();
    }

    /** Caller holds lock. */
    void markFailed() {
        if (failed) {
            return;
        }
        failed = true;
        if (overlapped != null) {
            overlapped.completeQueued(Win32Error.ERROR_NETNAME_DELETED.code());
        }
        StreamExtensions.acceptExProgress(this);
        if (!closeReported && !closed) {
            closeReported = true;
            post(Ws2_32.FD_CLOSE_BIT, Win32Error.WSAECONNABORTED.code());
        }
        changed.signalAll();
    }

    private void failAndReset() {
        Connection c = conn;
        markFailed();
        if (c != null) {
            c.reset();
        }
    }

    /** Caller holds lock. */
    private void writableHere() {
        if (closed) {
            return;
        }
        if (conn != null && !failed && overlapped != null) {
            overlapped.pumpSends(conn, lock);
        }
        if (sendBlocked && conn != null && conn.writable()) {
            sendBlocked = false;
            post(Ws2_32.FD_WRITE_BIT, 0);
        }
        changed.signalAll();
    }

    /** Caller holds lock. */
    private void closedHere() {
        if (!closed && !eof) {
            markFailed();
        }
        changed.signalAll();
    }

    /**
     * WS-05: a reset that came after the peer's FIN fails the receive as Windows does, though the kernel
     * only reports the end of the stream for it (Linux reads go on returning 0 after the FIN). Asked when a
     * receive would return that end of the stream, so a graceful end costs one query. Caller holds lock.
     */
    boolean resetAfterEof() {
        if (eof && !failed && !closed && conn != null && conn.resetAfterEndOfStream()) {
            markFailed();
        }
        return failed;
    }

    private void reportCloseIfDrained() {
        if (eof && inbound.bytes() == 0 && !closeReported && !closed) {
            closeReported = true;
            post(Ws2_32.FD_CLOSE_BIT, 0);
        }
    }

    // ---- send / recv ----

    void checkConnected() {
        if (conn == null) {
            throw WsaException.of(Win32Error.WSAENOTCONN);
        }
    }

    void checkSendable() {
        checkConnected();
        if (sendShut) {
            throw WsaException.of(Win32Error.WSAESHUTDOWN);
        }
        if (failed) {
            throw WsaException.of(Win32Error.WSAECONNRESET);
        }
    }

    @Override
    int send(byte[] buf, int len, int flags) {
        return StreamSend.send(this, buf, len, flags);
    }

    /** Hands {@code len} bytes of a send to the connection ({@link StreamSend#writeOut}). Caller holds lock. */
    void writeOut(byte[] buf, int off, int len) {
        StreamSend.writeOut(this, buf, off, len);
    }

    /** One completion for every plain send of this socket (not one lambda per send). */
    final Consumer<Throwable> writeDone = this::writeDone;

    private void writeDone(Throwable failure) {
        if (failure != null) {
            lock.lock();
            try {
                if (!closed) {
                    markFailed();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    int recv(byte[] buf, int len, int flags) {
        if ((flags & ~(Ws2_32.MSG_PEEK | Ws2_32.MSG_WAITALL)) != 0) {
            throw WsaException.of(Win32Error.WSAEOPNOTSUPP);
        }
        boolean peek = (flags & Ws2_32.MSG_PEEK) != 0;
        boolean waitAll = (flags & Ws2_32.MSG_WAITALL) != 0;
        lock.lock();
        try {
            if (waitAll && (peek || nonBlocking)) {
                // Windows: MSG_WAITALL cannot be combined with MSG_PEEK, nor used on a non-blocking socket
                throw WsaException.of(Win32Error.WSAEOPNOTSUPP);
            }
            if (listening) {
                throw WsaException.of(Win32Error.WSAENOTCONN);
            }
            checkConnected();
            if (recvShut) {
                throw WsaException.of(Win32Error.WSAESHUTDOWN);
            }
            if (len == 0) {
                return 0;
            }
            return untilReady(() -> {
                long buffered = inbound.bytes();
                if (buffered > 0 && (!waitAll || buffered >= len || eof || failed)) {
                    return take(buf, 0, len, peek);
                }
                if (failed || resetAfterEof()) {
                    throw WsaException.of(Win32Error.WSAECONNRESET);
                }
                return eof ? 0 : null;
            });
        } finally {
            lock.unlock();
        }
    }

    /** Copies up to {@code len} buffered bytes (a peek keeps them). Caller holds lock. */
    int take(byte[] buf, int off, int len, boolean peek) {
        int n = inbound.copy(buf, off, len, peek);
        taken(peek ? 0 : n);
        return n;
    }

    /**
     * After {@code n} buffered bytes were consumed (0 for a peek): resumes reading below half the receive
     * buffer, re-enables FD_READ while data remains, reports FD_CLOSE once drained. Caller holds lock.
     */
    void taken(int n) {
        inbound.consumed(n, conn, receiveBuffer);
        if (inbound.bytes() > 0) {
            post(Ws2_32.FD_READ_BIT, 0); // FD_READ is re-enabled while data remains
        }
        reportCloseIfDrained();
    }

    @Override
    int sendTo(byte[] buf, int len, int flags, InetSocketAddress to) {
        return send(buf, len, flags); // a connected stream ignores the address, as Windows does
    }

    @Override
    int recvFrom(byte[] buf, int len, int flags, SockAddr from) {
        int n = recv(buf, len, flags);
        if (from != null) {
            lock.lock();
            try {
                from.set(conn.remoteAddress());
            } finally {
                lock.unlock();
            }
        }
        return n;
    }

    // ---- shutdown (WS-11) ----

    @Override
    void shutdown(int how) {
        lock.lock();
        try {
            if (how < Ws2_32.SD_RECEIVE || how > Ws2_32.SD_BOTH) {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            checkConnected();
            StreamExtensions.checkContextUpdated(this);
            if (how != Ws2_32.SD_SEND) {
                recvShut = true;
                if (inbound.bytes() > 0) {
                    // Windows: data still queued for receiving when SD_RECEIVE is applied resets the connection.
                    inbound.discard();
                    failAndReset();
                }
            }
            if (how != Ws2_32.SD_RECEIVE) {
                shutdownOutput();
            }
        } finally {
            lock.unlock();
        }
    }

    /** SD_SEND (or DisconnectEx): the FIN follows the queued data, once. Caller holds lock. */
    void shutdownOutput() {
        if (!sendShut) {
            sendShut = true;
            if (!failed) {
                conn.shutdownOutput();
            }
        }
    }

    // ---- addresses, options, events ----

    @Override
    InetSocketAddress localAddress() {
        lock.lock();
        try {
            StreamExtensions.checkContextUpdated(this);
            if (conn != null) {
                return conn.localAddress();
            }
            if (backlog != null && backlog.listener() != null) {
                return backlog.listener().localAddress();
            }
            if (bound != null) {
                return bound;
            }
            throw WsaException.of(Win32Error.WSAEINVAL);
        } finally {
            lock.unlock();
        }
    }

    @Override
    InetSocketAddress remoteAddress() {
        lock.lock();
        try {
            checkConnected();
            StreamExtensions.checkContextUpdated(this);
            return conn.remoteAddress();
        } finally {
            lock.unlock();
        }
    }

    @Override
    int readable() {
        return (int) Math.min(Integer.MAX_VALUE, inbound.bytes());
    }

    @Override
    void buffersChanged() {
        if (conn != null) {
            conn.buffers(sendBuffer, receiveBuffer);
        }
    }

    @Override
    void noDelayChanged() {
        if (conn != null) {
            conn.noDelay(noDelay);
        }
    }

    @Override
    void repostEvents() {
        if (listening && backlog != null && !backlog.isEmpty()) {
            post(Ws2_32.FD_ACCEPT_BIT, 0);
        }
        if (conn != null) {
            if (inbound.bytes() > 0) {
                post(Ws2_32.FD_READ_BIT, 0);
            }
            if (!failed && !sendShut && conn.writable()) {
                post(Ws2_32.FD_WRITE_BIT, 0);
            }
            if (closeReported) {
                post(Ws2_32.FD_CLOSE_BIT, failed ? Win32Error.WSAECONNABORTED.code() : 0);
            }
        }
    }

    // ---- overlapped (WS-09) ----

    @Override
    int wsaSend(WSABUF[] bufs, int count, IntRef sent, Overlapped ov, OverlappedCompletionRoutine routine) {
        return OverlappedQueue.send(this, bufs, count, sent, ov, routine);
    }

    @Override
    int wsaRecv(WSABUF[] bufs, int count, IntRef received, Overlapped ov, OverlappedCompletionRoutine routine) {
        return OverlappedQueue.receive(this, bufs, count, received, ov, routine);
    }

    @Override
    boolean withdraw(OverlappedOp op) {
        lock.lock();
        try {
            // A send already handed to the transport cannot be taken back.
            return (overlapped != null && overlapped.withdraw(op)) || StreamExtensions.withdrawAcceptEx(this, op)
                    || StreamExtensions.withdrawConnectEx(this, op);
        } finally {
            lock.unlock();
        }
    }

    /** Completes every pending overlapped and extension operation as aborted (WS-09, WS-18). Caller holds lock. */
    void abortOverlapped() {
        if (overlapped != null) {
            overlapped.abortAll();
        }
        StreamExtensions.cancelExtensions(this);
    }

    // ---- close (WS-04 … WS-10, WS-14) ----

    @Override
    LingerDecision.Mode beginClose() {
        return StreamClose.begin(this);
    }

    @Override
    CloseEvent.Outcome finishClose(LingerDecision.Mode mode) {
        return StreamClose.finish(this, mode);
    }

    @Override
    void release(boolean postClose) {
        StreamClose.release(this, postClose);
    }
}

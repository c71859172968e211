package io.teardown.winsock.engine;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.winsock.CloseOutcome;
import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.Ws2_32;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * A TCP socket: unconnected, connecting, connected or listening. Holds the receive buffer the
 * transport fills (with back-pressure at SO_RCVBUF), the accept backlog, the pending overlapped
 * operations, and implements {@code closesocket}'s linger modes over a {@link Connection}.
 */
final class StreamSocket extends EmulatedSocket implements ConnectionEvents {
    private static final int CHUNK = 64 * 1024;
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /**
     * How long past a lingering close's deadline its thread trusts the linger watcher to reset; then it
     * asks for the RST itself (a watcher starved on a loaded machine is late).
     */
    private static final long TIMER_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /**
     * How long past its deadline a lingering close waits at most for its RST to reach the kernel: the
     * bound of WS-06's return however loaded the machine (docs/winsock.md, "WS-06 under load").
     */
    private static final long RESET_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(750);
    /** How long a hard close (WS-05) waits at most for its RST to reach the kernel. */
    private static final long ABORT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    // Guarded by lock.
    private InetSocketAddress bound;
    private Connection conn;
    private CompletableFuture<Connection> connecting;
    private Listener listener;
    private boolean listening;
    private int backlogLimit; // listener: connections queued for accept beyond this are refused
    // The queues are created on first use (add()): most sockets never listen, never use overlapped I/O
    // and hold received data only briefly; five empty collections were ~220 B of every socket's
    // footprint (docs/PERFORMANCE.md). null reads as empty.
    private ArrayDeque<StreamSocket> backlog;
    // Owned by this socket: each is released exactly once, when read to the end or discarded (ReceivedBytes).
    private ArrayDeque<ReceivedBytes> inbound;
    private long inboundBytes;
    private boolean readPaused;
    private boolean eof;
    private boolean failed;
    private boolean closeReported;
    private boolean sendShut;
    private boolean recvShut;
    private boolean sendBlocked;
    private ArrayDeque<OverlappedOp> recvOps;
    private ArrayDeque<OverlappedOp> sendOps;
    private ArrayDeque<OverlappedOp> sendsInFlight;
    private ExtensionState ext; // AcceptEx / ConnectEx / DisconnectEx state, created on first use (WS-18)

    StreamSocket(EmulatedWs2_32 ws, int family) {
        super(ws, family);
    }

    /** An accepted connection, owned by {@code parent}'s backlog until {@code accept} hands it out. */
    private StreamSocket(StreamSocket parent, Connection c) {
        super(parent.ws, parent.family);
        inheritFrom(parent);
        conn = c;
    }

    @Override
    int type() {
        return Ws2_32.SOCK_STREAM;
    }

    private StreamOptions options() {
        return new StreamOptions(sendBuffer, receiveBuffer, noDelay);
    }

    private static <T> boolean isEmpty(ArrayDeque<T> q) {
        return q == null || q.isEmpty();
    }

    private static <T> T poll(ArrayDeque<T> q) {
        return q == null ? null : q.poll();
    }

    /** Adds to {@code q}, creating it on first use; returns the queue to store back. */
    private static <T> ArrayDeque<T> add(ArrayDeque<T> q, T item) {
        ArrayDeque<T> d = q == null ? new ArrayDeque<>(2) : q;
        d.add(item);
        return d;
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
        InetSocketAddress at;
        StreamOptions opts;
        lock.lock();
        try {
            if (conn != null || connecting != null) {
                throw WsaException.of(Win32Error.WSAEISCONN);
            }
            if (listening) {
                return;
            }
            if (bound == null) {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            listening = true; // claims the socket for listening before the bind, outside the lock
            backlogLimit = backlogLimit(backlogSize);
            at = bound;
            opts = options();
        } finally {
            lock.unlock();
        }
        Listener l;
        try {
            l = ws.transport().listen(at, Math.max(1, Math.min(backlogSize, 0x7FFFFFFF)), opts, this::accepted);
        } catch (IOException | RuntimeException e) {
            lock.lock();
            try {
                listening = false;
            } finally {
                lock.unlock();
            }
            throw WsaException.of(e instanceof BindException ? Win32Error.WSAEADDRINUSE : Win32Error.WSAEADDRNOTAVAIL);
        }
        lock.lock();
        try {
            if (closed) {
                l.close();
                return;
            }
            listener = l;
            bound = l.localAddress();
        } finally {
            lock.unlock();
        }
    }

    /** Windows' largest backlog (SOMAXCONN asks for "a reasonable maximum"); below 1 means 1. */
    static final int MAX_BACKLOG = 200;

    private static int backlogLimit(int requested) {
        return Math.max(1, Math.min(requested, MAX_BACKLOG));
    }

    private ConnectionEvents accepted(Connection c) {
        lock.lock();
        try {
            StreamSocket child = new StreamSocket(this, c);
            if (closed || !listening) {
                child.closed = true; // nobody will read it: whatever still arrives is released at once
                c.reset();
                return child;
            }
            backlog = add(backlog, child);
            serveAcceptEx();
            if (backlog.size() > backlogLimit) {
                // The backlog is full: Windows refuses the connection. The kernel here completed the
                // handshake before anyone could say no, so the refusal is a reset (docs/winsock.md).
                backlog.pollLast();
                child.closed = true;
                c.reset();
                return child;
            }
            if (!isEmpty(backlog)) {
                post(Ws2_32.FD_ACCEPT_BIT, 0);
            }
            changed.signalAll();
            return child;
        } finally {
            lock.unlock();
        }
    }

    @Override
    EmulatedSocket accept(SockAddr addr) {
        boolean blocking = false;
        lock.lock();
        try {
            if (!listening) {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            for (;;) {
                StreamSocket child = poll(backlog);
                if (child != null) {
                    inheritNow(child);
                    if (!isEmpty(backlog)) {
                        post(Ws2_32.FD_ACCEPT_BIT, 0);
                    }
                    if (addr != null) {
                        addr.set(child.conn.remoteAddress());
                    }
                    return child;
                }
                if (nonBlocking) {
                    throw WsaException.of(Win32Error.WSAEWOULDBLOCK);
                }
                if (!blocking) {
                    ws.enterBlocking();
                    blocking = true;
                }
                await();
            }
        } finally {
            if (blocking) {
                ws.exitBlocking();
            }
            lock.unlock();
        }
    }

    /**
     * WS-08: the socket {@code accept} returns has the listener's settings as they are now, not as they
     * were when the connection arrived (Windows copies the listening socket's options in accept; found by
     * WinsockModelTest: SO_LINGER set on the listener between the connection and accept was lost). Nobody
     * else can reach a child still in the backlog, so re-copying is safe. Caller holds this lock.
     */
    private void inheritNow(StreamSocket child) {
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
        boolean blocking = false;
        lock.lock();
        try {
            if (listening || ext != null && (ext.acceptingInto != null || ext.connectContextPending)) {
                // Windows: connect on a socket being accepted into, or connected by ConnectEx without
                // SO_UPDATE_CONNECT_CONTEXT, fails with WSAEINVAL (Wine's sock.c records both)
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            if (conn != null) {
                throw WsaException.of(Win32Error.WSAEISCONN);
            }
            if (connecting != null) {
                throw WsaException.of(nonBlocking ? Win32Error.WSAEALREADY : Win32Error.WSAEINVAL);
            }
            if (remote.getPort() == 0 || remote.getAddress().isAnyLocalAddress()) {
                throw WsaException.of(Win32Error.WSAEADDRNOTAVAIL);
            }
            soError = 0;
            CompletableFuture<Connection> f = ws.transport().connect(remote, bound, options(), this);
            connecting = f;
            f.whenComplete((c, err) -> connected(f, c, err));
            if (nonBlocking) {
                throw WsaException.of(Win32Error.WSAEWOULDBLOCK);
            }
            ws.enterBlocking();
            blocking = true;
            while (connecting == f) {
                try {
                    await();
                } catch (WsaException interrupted) {
                    f.cancel(false);
                    throw interrupted;
                }
            }
            if (conn == null) {
                int e = soError;
                soError = 0;
                throw WsaException.of(Win32Error.of(e).orElse(Win32Error.WSAECONNREFUSED));
            }
        } finally {
            if (blocking) {
                ws.exitBlocking();
            }
            lock.unlock();
        }
    }

    private void connected(CompletableFuture<Connection> f, Connection c, Throwable err) {
        lock.lock();
        try {
            if (connecting != f) {
                if (c != null) {
                    c.reset();
                }
                return;
            }
            connecting = null;
            if (closed) {
                if (c != null) {
                    c.reset();
                }
            } else if (c != null) {
                conn = c;
                post(Ws2_32.FD_CONNECT_BIT, 0);
                post(Ws2_32.FD_WRITE_BIT, 0);
            } else {
                Win32Error e = connectError(err);
                soError = e.code();
                post(Ws2_32.FD_CONNECT_BIT, e.code());
            }
            if (ext != null) {
                connectExEnded(c, err);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static Win32Error connectError(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (t instanceof NoRouteToHostException) {
            return Win32Error.WSAEHOSTUNREACH;
        }
        if (t instanceof ConnectException) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            return m.contains("timed out") ? Win32Error.WSAETIMEDOUT
                    : m.contains("unreachable") ? Win32Error.WSAENETUNREACH : Win32Error.WSAECONNREFUSED;
        }
        if (t instanceof java.util.concurrent.CancellationException) {
            return Win32Error.WSAEINTR;
        }
        if (t instanceof BindException) {
            return Win32Error.WSAEADDRINUSE;
        }
        return Win32Error.WSAECONNREFUSED;
    }

    // ---- transport events ----

    /**
     * Where the transport's events for this socket's connection go (caller holds lock): here; the socket
     * an AcceptEx moved the connection into; or nowhere, for late events of a connection that
     * {@code DisconnectEx(TF_REUSE_SOCKET)} let go of.
     */
    private StreamSocket eventTarget() {
        if (ext == null) {
            return this;
        }
        if (ext.movedTo != null) {
            return ext.movedTo;
        }
        return ext.reused ? null : this;
    }

    @Override
    public void received(ReceivedBytes data) {
        StreamSocket to;
        lock.lock();
        try {
            to = eventTarget();
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
        StreamSocket to;
        lock.lock();
        try {
            to = eventTarget();
            if (to == this) {
                endOfStreamHere();
                return;
            }
        } finally {
            lock.unlock();
        }
        if (to != null) {
            to.endOfStream();
        }
    }

    @Override
    public void failed(boolean reset) {
        StreamSocket to;
        lock.lock();
        try {
            to = eventTarget();
            if (to == this) {
                markFailed();
                return;
            }
        } finally {
            lock.unlock();
        }
        if (to != null) {
            to.failed(reset);
        }
    }

    @Override
    public void writable() {
        StreamSocket to;
        lock.lock();
        try {
            to = eventTarget();
            if (to == this) {
                writableHere();
                return;
            }
        } finally {
            lock.unlock();
        }
        if (to != null) {
            to.writable();
        }
    }

    @Override
    public void closed() {
        StreamSocket to;
        lock.lock();
        try {
            to = eventTarget();
            if (to == this) {
                if (!closed && !eof) {
                    markFailed();
                }
                changed.signalAll();
                return;
            }
        } finally {
            lock.unlock();
        }
        if (to != null) {
            to.closed();
        }
    }

    private void receivedHere(ReceivedBytes data) {
        lock.lock();
        try {
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
            while (data.readable() > 0 && !isEmpty(recvOps)) {
                OverlappedOp op = poll(recvOps);
                op.complete(0, op.fill(data));
            }
            int left = data.readable();
            if (left == 0) {
                data.release();
            } else {
                inbound = add(inbound, data);
                inboundBytes += left;
                if (!readPaused && conn != null && inboundBytes >= Math.max(receiveBuffer, 1)) {
                    readPaused = true;
                    conn.pauseReading(true);
                }
                post(Ws2_32.FD_READ_BIT, 0);
                acceptExProgress();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void endOfStreamHere() {
        lock.lock();
        try {
            if (eof || failed) {
                return;
            }
            eof = true;
            while (!isEmpty(recvOps)) {
                poll(recvOps).complete(0, 0);
            }
            acceptExProgress();
            reportCloseIfDrained();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void markFailed() {
        if (failed) {
            return;
        }
        failed = true;
        while (!isEmpty(recvOps)) {
            poll(recvOps).complete(Win32Error.ERROR_NETNAME_DELETED.code(), 0);
        }
        while (!isEmpty(sendOps)) {
            poll(sendOps).complete(Win32Error.ERROR_NETNAME_DELETED.code(), 0);
        }
        acceptExProgress();
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

    private void writableHere() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            pumpSends();
            if (sendBlocked && conn != null && conn.writable()) {
                sendBlocked = false;
                post(Ws2_32.FD_WRITE_BIT, 0);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * WS-05: a reset that came after the peer's FIN fails the receive as Windows does, though the kernel
     * only reports the end of the stream for it (Linux reads go on returning 0 after the FIN). Asked when a
     * receive would return that end of the stream, so a graceful end costs one query. Caller holds lock.
     */
    private boolean resetAfterEof() {
        if (eof && !failed && !closed && conn != null && conn.resetAfterEndOfStream()) {
            markFailed();
        }
        return failed;
    }

    private void reportCloseIfDrained() {
        if (eof && inboundBytes == 0 && !closeReported && !closed) {
            closeReported = true;
            post(Ws2_32.FD_CLOSE_BIT, 0);
        }
    }

    // ---- send / recv ----

    private void checkConnected() {
        if (conn == null) {
            throw WsaException.of(Win32Error.WSAENOTCONN);
        }
    }

    private void checkSendable() {
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
        if ((flags & ~0x4) != 0) { // MSG_DONTROUTE is accepted and ignored; MSG_OOB is not emulated
            throw WsaException.of(Win32Error.WSAEOPNOTSUPP);
        }
        boolean blocking = false;
        lock.lock();
        try {
            checkSendable();
            if (len == 0) {
                return 0;
            }
            if (nonBlocking) {
                if (!isEmpty(sendOps) || !conn.writable()) {
                    sendBlocked = true;
                    throw WsaException.of(Win32Error.WSAEWOULDBLOCK);
                }
                conn.write(buf, 0, len, writeDone);
                return len;
            }
            int sent = 0;
            while (sent < len) {
                checkSendable();
                if (isEmpty(sendOps) && conn.writable()) {
                    int n = Math.min(CHUNK, len - sent);
                    conn.write(buf, sent, n, writeDone);
                    sent += n;
                    continue;
                }
                if (!blocking) {
                    ws.enterBlocking();
                    blocking = true;
                }
                await();
            }
            return len;
        } finally {
            if (blocking) {
                ws.exitBlocking();
            }
            lock.unlock();
        }
    }

    /** One completion for every plain send of this socket (not one lambda per send). */
    private final java.util.function.Consumer<Throwable> writeDone = this::writeDone;

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
        boolean blocking = false;
        lock.lock();
        try {
            if ((flags & Ws2_32.MSG_WAITALL) != 0 && (peek || nonBlocking)) {
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
            for (;;) {
                boolean enough = inboundBytes > 0 && (!waitAll || inboundBytes >= len || eof || failed);
                if (enough) {
                    return take(buf, 0, len, peek);
                }
                if (failed || resetAfterEof()) {
                    throw WsaException.of(Win32Error.WSAECONNRESET);
                }
                if (eof) {
                    return 0;
                }
                if (nonBlocking) {
                    throw WsaException.of(Win32Error.WSAEWOULDBLOCK);
                }
                if (!blocking) {
                    ws.enterBlocking();
                    blocking = true;
                }
                await();
            }
        } finally {
            if (blocking) {
                ws.exitBlocking();
            }
            lock.unlock();
        }
    }

    /**
     * Copies up to {@code len} buffered bytes, releasing each received piece once it is read to the end.
     * Caller holds lock.
     */
    private int take(byte[] buf, int off, int len, boolean peek) {
        int n = 0;
        if (inbound == null) {
            return 0;
        }
        var it = inbound.iterator();
        while (n < len && it.hasNext()) {
            ReceivedBytes chunk = it.next();
            if (peek) {
                n += chunk.peek(buf, off + n, len - n);
                continue;
            }
            n += chunk.read(buf, off + n, len - n);
            if (chunk.readable() == 0) {
                it.remove();
                chunk.release();
            }
        }
        taken(peek ? 0 : n);
        return n;
    }

    /**
     * After {@code n} buffered bytes were consumed (0 for a peek): resumes reading below half the receive
     * buffer, re-enables FD_READ while data remains, reports FD_CLOSE once drained. Caller holds lock.
     */
    private void taken(int n) {
        inboundBytes -= n;
        if (n > 0 && readPaused && inboundBytes < Math.max(receiveBuffer, 1) / 2 + 1) {
            readPaused = false;
            conn.pauseReading(false);
        }
        if (inboundBytes > 0) {
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
            checkContextUpdated();
            if (how != Ws2_32.SD_SEND) {
                recvShut = true;
                if (inboundBytes > 0) {
                    // Windows: data still queued for receiving when SD_RECEIVE is applied resets the connection.
                    discardInbound();
                    failAndReset();
                }
            }
            if (how != Ws2_32.SD_RECEIVE && !sendShut) {
                sendShut = true;
                if (!failed) {
                    conn.shutdownOutput();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- addresses ----

    @Override
    InetSocketAddress localAddress() {
        lock.lock();
        try {
            checkContextUpdated();
            if (conn != null) {
                return conn.localAddress();
            }
            if (listener != null) {
                return listener.localAddress();
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
            checkContextUpdated();
            return conn.remoteAddress();
        } finally {
            lock.unlock();
        }
    }

    @Override
    int readable() {
        return (int) Math.min(Integer.MAX_VALUE, inboundBytes);
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
        if (listening && !isEmpty(backlog)) {
            post(Ws2_32.FD_ACCEPT_BIT, 0);
        }
        if (conn != null) {
            if (inboundBytes > 0) {
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
        int total = 0;
        for (int i = 0; i < count; i++) {
            total += bufs[i].len;
        }
        byte[] data = new byte[total];
        int off = 0;
        for (int i = 0; i < count; i++) {
            System.arraycopy(bufs[i].buf, 0, data, off, bufs[i].len);
            off += bufs[i].len;
        }
        if (ov == null) {
            int n = send(data, total, 0);
            if (sent != null) {
                sent.value = n;
            }
            return 0;
        }
        lock.lock();
        try {
            checkSendable();
            OverlappedOp op = new OverlappedOp(this, ov, routine, bufs, count, data);
            if (isEmpty(sendOps) && conn.writable()) {
                if (total > 0) {
                    conn.write(data, 0, total, writeDone);
                }
                if (sent != null) {
                    sent.value = total;
                }
                op.completeAtOnce(total); // completed at once; the completion is still delivered
                return 0;
            }
            sendOps = add(sendOps, op);
            sendBlocked = true;
            throw WsaException.of(Win32Error.ERROR_IO_PENDING);
        } finally {
            lock.unlock();
        }
    }

    @Override
    boolean withdraw(OverlappedOp op) {
        lock.lock();
        try {
            // A send already handed to the transport (sendsInFlight) cannot be taken back.
            return (recvOps != null && recvOps.remove(op)) || (sendOps != null && sendOps.remove(op))
                    || withdrawAcceptEx(op) || withdrawConnectEx(op);
        } finally {
            lock.unlock();
        }
    }

    /**
     * CancelIoEx on a ConnectEx still connecting (WS-18, KO-15): the attempt is dropped — a connection it
     * still makes is reset, as for a superseded attempt ({@link #connected}) — and the request completes
     * it with 995. Once connected (its data being sent) it can no longer be taken back. Caller holds lock.
     */
    private boolean withdrawConnectEx(OverlappedOp op) {
        if (ext == null || ext.connectEx != op || connecting == null) {
            return false;
        }
        ext.connectEx = null;
        ext.connectExData = null;
        connecting = null;
        return true;
    }

    /**
     * CancelIoEx on a listener: an AcceptEx still queued (no connection moved in) is taken back and its
     * accept socket is free for another AcceptEx (WS-18). An AcceptEx whose connection is in cannot be
     * taken back: the transport has acted on it. Caller holds lock (order: listener, accept socket).
     */
    private boolean withdrawAcceptEx(OverlappedOp op) {
        if (ext == null || ext.acceptExOps == null) {
            return false;
        }
        for (AcceptExOp a : ext.acceptExOps) {
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
            ext.acceptExOps.remove(a);
            return true;
        }
        return false;
    }

    /** Hands queued overlapped sends to the transport as space frees up. Caller holds lock. */
    private void pumpSends() {
        while (conn != null && !failed && !isEmpty(sendOps) && conn.writable()) {
            OverlappedOp op = poll(sendOps);
            sendsInFlight = add(sendsInFlight, op);
            int n = op.payload.length;
            conn.write(op.payload, 0, n, failure -> {
                lock.lock();
                try {
                    if (sendsInFlight != null) {
                        sendsInFlight.remove(op);
                    }
                } finally {
                    lock.unlock();
                }
                op.complete(failure == null ? 0 : Win32Error.ERROR_NETNAME_DELETED.code(), failure == null ? n : 0);
            });
        }
    }

    @Override
    int wsaRecv(WSABUF[] bufs, int count, IntRef received, Overlapped ov, OverlappedCompletionRoutine routine) {
        if (ov == null) {
            int cap = 0;
            for (int i = 0; i < count; i++) {
                cap += bufs[i].len;
            }
            byte[] tmp = new byte[cap];
            int n = recv(tmp, cap, 0);
            scatter(bufs, count, tmp, n);
            if (received != null) {
                received.value = n;
            }
            return 0;
        }
        lock.lock();
        try {
            checkConnected();
            if (recvShut) {
                throw WsaException.of(Win32Error.WSAESHUTDOWN);
            }
            OverlappedOp op = new OverlappedOp(this, ov, routine, bufs, count, null);
            if (isEmpty(recvOps) && inboundBytes > 0) {
                int n = takeInto(op);
                if (received != null) {
                    received.value = n;
                }
                op.completeAtOnce(n);
                return 0;
            }
            if (failed || resetAfterEof()) {
                op.complete(Win32Error.ERROR_NETNAME_DELETED.code(), 0);
                throw WsaException.of(Win32Error.WSAECONNRESET);
            }
            if (eof) {
                if (received != null) {
                    received.value = 0;
                }
                op.completeAtOnce(0);
                return 0;
            }
            recvOps = add(recvOps, op);
            throw WsaException.of(Win32Error.ERROR_IO_PENDING);
        } finally {
            lock.unlock();
        }
    }

    /** Fills an overlapped receive straight from the buffered pieces (as take() does for recv). Caller holds lock. */
    private int takeInto(OverlappedOp op) {
        int n = 0;
        while (!isEmpty(inbound)) {
            ReceivedBytes chunk = inbound.peek();
            int k = op.fill(chunk, n);
            n += k;
            if (chunk.readable() > 0) {
                break; // the operation's buffers are full
            }
            inbound.poll();
            chunk.release();
        }
        taken(n);
        return n;
    }

    private static void scatter(WSABUF[] bufs, int count, byte[] data, int n) {
        int off = 0;
        for (int i = 0; i < count && off < n; i++) {
            int k = Math.min(bufs[i].len, n - off);
            System.arraycopy(data, off, bufs[i].buf, 0, k);
            off += k;
        }
    }

    // ---- extension functions (WS-18) ----

    private ExtensionState ext() {
        if (ext == null) {
            ext = new ExtensionState();
        }
        return ext;
    }

    /**
     * An AcceptEx or ConnectEx socket is a full socket only after {@code SO_UPDATE_ACCEPT_CONTEXT} /
     * {@code SO_UPDATE_CONNECT_CONTEXT}: until then {@code getsockname}, {@code getpeername} and
     * {@code shutdown} fail with WSAENOTCONN (the AcceptEx reference page; Wine's sock.c sets the
     * option before getsockname "as Windows requires"). Caller holds lock.
     */
    private void checkContextUpdated() {
        if (ext != null && (ext.acceptContextPending || ext.connectContextPending)) {
            throw WsaException.of(Win32Error.WSAENOTCONN);
        }
    }

    /** AcceptEx issued on this listener. Pends until a connection (and its first data) is there. */
    void acceptEx(AcceptExOp op) {
        lock.lock();
        try {
            if (!listening || closed) {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            StreamSocket target = op.acceptSocket;
            target.lock.lock();
            try {
                target.claimForAccept(op);
            } finally {
                target.lock.unlock();
            }
            ExtensionState x = ext();
            if (x.acceptExOps == null) {
                x.acceptExOps = new ArrayList<>(2);
            }
            x.acceptExOps.add(op);
            serveAcceptEx();
        } finally {
            lock.unlock();
        }
    }

    /** The accept socket of an AcceptEx must be open, neither bound nor connected, and not taken. Caller holds lock. */
    private void claimForAccept(AcceptExOp op) {
        if (closed) {
            throw WsaException.of(Win32Error.WSAENOTSOCK);
        }
        if (listening || bound != null || conn != null || connecting != null
                || ext != null && ext.acceptingInto != null) {
            throw WsaException.of(Win32Error.WSAEINVAL);
        }
        ext().acceptingInto = op;
    }

    /**
     * Moves waiting connections into waiting AcceptEx operations, oldest first. An operation whose address
     * blocks are too small ends with ERROR_INSUFFICIENT_BUFFER and leaves the connection queued. Caller
     * holds this (listener's) lock.
     */
    private void serveAcceptEx() {
        if (ext == null || ext.acceptExOps == null) {
            return;
        }
        ArrayList<AcceptExOp> ops = ext.acceptExOps;
        ops.removeIf(AcceptExOp::finished);
        int i = 0;
        while (!isEmpty(backlog) && i < ops.size()) {
            AcceptExOp op = ops.get(i);
            if (op.finished()) {
                ops.remove(i);
                continue;
            }
            StreamSocket target = op.acceptSocket;
            if (!op.addressesFit(family == Ws2_32.AF_INET6)) {
                target.lock.lock();
                try {
                    target.finishAcceptEx(op, Win32Error.ERROR_INSUFFICIENT_BUFFER.code(), 0);
                } finally {
                    target.lock.unlock();
                }
                ops.remove(i);
                continue;
            }
            StreamSocket child = backlog.peek();
            if (target.adopt(child, op)) {
                backlog.poll();
            }
            ops.remove(i); // served, or ended by its accept socket's close meanwhile
        }
    }

    /**
     * Takes over a backlog child's connection for an AcceptEx: the received data, end of stream or reset
     * so far, and from now on the transport's events, which the child forwards. The socket keeps its own
     * options: it inherits the listener's only with SO_UPDATE_ACCEPT_CONTEXT. False if the operation
     * ended meanwhile. Caller holds the listener's lock (order: listener, child, accept socket).
     */
    private boolean adopt(StreamSocket child, AcceptExOp op) {
        child.lock.lock();
        try {
            lock.lock();
            try {
                if (op.finished() || closed) {
                    return false;
                }
                conn = child.conn;
                inbound = child.inbound;
                inboundBytes = child.inboundBytes;
                readPaused = child.readPaused;
                eof = child.eof;
                failed = child.failed;
                closeReported = false;
                sendShut = false;
                recvShut = false;
                child.conn = null;
                child.inbound = null;
                child.inboundBytes = 0;
                child.closed = true;
                child.ext().movedTo = this;
                ExtensionState x = ext();
                x.adoptedFrom = child;
                x.reused = false;
                x.acceptContextPending = true;
                if (sendBuffer != child.sendBuffer || receiveBuffer != child.receiveBuffer) {
                    buffersChanged();
                }
                if (noDelay != child.noDelay) {
                    noDelayChanged();
                }
                op.connectedTo(conn.localAddress(), conn.remoteAddress());
                if (op.receiveLength == 0) {
                    finishAcceptEx(op, 0, 0);
                } else {
                    acceptExProgress();
                }
                changed.signalAll();
                return true;
            } finally {
                lock.unlock();
            }
        } finally {
            child.lock.unlock();
        }
    }

    /** An AcceptEx waiting for its first data ends with it, with the end of the stream (0 bytes) or a reset (64). Caller holds lock. */
    private void acceptExProgress() {
        AcceptExOp op = ext == null ? null : ext.acceptingInto;
        if (op == null || !op.connected()) {
            return;
        }
        if (inboundBytes > 0) {
            finishAcceptEx(op, 0, take(op.output, 0, op.receiveLength, false));
        } else if (failed) {
            finishAcceptEx(op, Win32Error.ERROR_NETNAME_DELETED.code(), 0);
        } else if (eof) {
            finishAcceptEx(op, 0, 0);
        }
    }

    /** Ends {@code op}, whose accept socket this is. Caller holds lock. */
    private void finishAcceptEx(AcceptExOp op, int status, int bytes) {
        if (ext != null && ext.acceptingInto == op) {
            ext.acceptingInto = null;
        }
        op.finish(status, bytes);
    }

    /**
     * closesocket (or CloseHandle, WSACleanup) ends this socket's extension operations (WS-18): an AcceptEx
     * it accepts into with 995 before the connection, 1236 after it; a ConnectEx with 995; as a listener,
     * every AcceptEx issued on it with 995 and 0 bytes. Caller holds lock.
     */
    private void cancelExtensions() {
        AcceptExOp into = ext.acceptingInto;
        if (into != null) {
            finishAcceptEx(into, into.connected() ? Win32Error.ERROR_CONNECTION_ABORTED.code()
                    : Win32Error.ERROR_OPERATION_ABORTED.code(), 0);
        }
        OverlappedOp connecting = ext.connectEx;
        if (connecting != null) {
            ext.connectEx = null;
            ext.connectExData = null;
            connecting.complete(Win32Error.ERROR_OPERATION_ABORTED.code(), 0);
        }
        ArrayList<AcceptExOp> ops = ext.acceptExOps;
        ext.acceptExOps = null;
        if (ops != null) {
            for (AcceptExOp op : ops) {
                op.acceptSocket.lock.lock();
                try {
                    op.acceptSocket.finishAcceptEx(op, Win32Error.ERROR_OPERATION_ABORTED.code(), 0);
                } finally {
                    op.acceptSocket.lock.unlock();
                }
            }
        }
    }

    /**
     * ConnectEx: connects the bound (or reused) socket and, once connected, sends {@code data}; the
     * completion carries the bytes sent or the connect error as a Win32 error.
     */
    void connectEx(InetSocketAddress remote, byte[] data, OverlappedOp op) {
        lock.lock();
        try {
            if (listening || ext != null && ext.acceptingInto != null) {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            if (conn != null) {
                throw WsaException.of(Win32Error.WSAEISCONN);
            }
            if (connecting != null || bound == null && (ext == null || !ext.reused)) {
                throw WsaException.of(Win32Error.WSAEINVAL); // ConnectEx needs a bound socket
            }
            if (remote.getPort() == 0 || remote.getAddress().isAnyLocalAddress()) {
                throw WsaException.of(Win32Error.WSAEADDRNOTAVAIL);
            }
            soError = 0;
            ExtensionState x = ext();
            x.connectEx = op;
            x.connectExData = data;
            CompletableFuture<Connection> f = ws.transport().connect(remote, bound, options(), this);
            connecting = f;
            f.whenComplete((c, err) -> connected(f, c, err));
        } finally {
            lock.unlock();
        }
    }

    /** The connection attempt ended: completes a pending ConnectEx. Caller holds lock; {@code ext} is set. */
    private void connectExEnded(Connection c, Throwable err) {
        if (c != null && !closed) {
            ext.reused = false;
        }
        OverlappedOp op = ext.connectEx;
        byte[] data = ext.connectExData;
        if (op == null || closed) {
            return; // no ConnectEx, or the close completed it already
        }
        ext.connectEx = null;
        ext.connectExData = null;
        if (c == null) {
            op.complete(connectExStatus(connectError(err)), 0);
            return;
        }
        ext.connectContextPending = true;
        ext.connectedByConnectEx = true;
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

    /**
     * DisconnectEx: FIN after the queued data, the socket stays (sends then fail with WSAESHUTDOWN, the peer
     * can still send back). With {@code reuse} (TF_REUSE_SOCKET) the connection is let go of — it closes
     * gracefully in the background — and the socket is unbound and unconnected again, for AcceptEx or
     * ConnectEx.
     */
    void disconnectEx(boolean reuse) {
        lock.lock();
        try {
            if (listening || conn == null) {
                throw WsaException.of(Win32Error.WSAENOTCONN);
            }
            if (!sendShut) {
                sendShut = true;
                if (!failed) {
                    conn.shutdownOutput();
                }
            }
            if (!reuse) {
                return;
            }
            cancelOverlapped();
            discardInbound();
            Connection old = conn;
            if (failed) {
                old.reset();
            } else {
                old.closeGracefully();
            }
            conn = null;
            eof = false;
            failed = false;
            closeReported = false;
            sendShut = false;
            recvShut = false;
            sendBlocked = false;
            readPaused = false;
            bound = null;
            soError = 0;
            ExtensionState x = ext();
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
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * SO_UPDATE_ACCEPT_CONTEXT: the AcceptEx socket becomes a full socket and takes the listener's
     * settings (linger, blocking mode, buffers, TCP_NODELAY, event selection), as accept gives them.
     */
    void updateAcceptContext(StreamSocket from) {
        from.lock.lock(); // order: listener, then accepted socket (as in accept and AcceptEx)
        try {
            lock.lock();
            try {
                if (!from.listening) {
                    throw WsaException.of(Win32Error.WSAEINVAL);
                }
                if (conn == null) {
                    throw WsaException.of(Win32Error.WSAENOTCONN);
                }
                if (ext != null && ext.acceptContextPending) {
                    ext.acceptContextPending = false;
                    from.inheritNow(this);
                    repostEvents();
                }
            } finally {
                lock.unlock();
            }
        } finally {
            from.lock.unlock();
        }
    }

    /** SO_UPDATE_CONNECT_CONTEXT: the ConnectEx socket becomes a full socket. */
    void updateConnectContext() {
        lock.lock();
        try {
            if (conn == null) {
                throw WsaException.of(Win32Error.WSAENOTCONN);
            }
            if (ext != null) {
                ext.connectContextPending = false;
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- close (WS-04 … WS-10, WS-14) ----

    private boolean pendingData() {
        if (!isEmpty(sendOps)) {
            return true;
        }
        return conn.queuedBytes() > 0 || conn.unacknowledged().orElse(0) > 0;
    }

    @Override
    LingerDecision.Mode beginClose() {
        lock.lock();
        try {
            if (closed) {
                // WS-14: another thread's closesocket (or CloseHandle) got here first; exactly one close wins
                throw WsaException.of(Win32Error.WSAENOTSOCK);
            }
            boolean connected = conn != null && !failed && conn.isOpen();
            // Only a linger timeout (l_onoff != 0, l_linger > 0) depends on pending data; asking the
            // transport (TCP_INFO, a system call) for every graceful or abortive close cost churn time.
            boolean timed = linger.enabled() && linger.l_linger() > 0;
            LingerDecision.Mode mode = LingerDecision.decide(linger, nonBlocking, connected,
                    connected && timed && pendingData());
            if (mode == LingerDecision.Mode.WOULD_BLOCK) {
                throw WsaException.of(Win32Error.WSAEWOULDBLOCK);
            }
            if (mode == LingerDecision.Mode.LINGER) {
                ws.enterBlocking(); // WS-12: WSAEINPROGRESS if this thread is already in a blocking call
            }
            closed = true;
            cancelOverlapped();
            discardInbound(); // nobody can read it any more, in any linger mode
            changed.signalAll();
            return mode;
        } finally {
            lock.unlock();
        }
    }

    /** Completes every pending overlapped operation with ERROR_CONNECTION_ABORTED (WS-09). Caller holds lock. */
    private void cancelOverlapped() {
        int aborted = Win32Error.ERROR_CONNECTION_ABORTED.code();
        while (!isEmpty(recvOps)) {
            poll(recvOps).complete(aborted, 0);
        }
        while (!isEmpty(sendOps)) {
            poll(sendOps).complete(aborted, 0);
        }
        if (sendsInFlight != null) {
            for (OverlappedOp op : sendsInFlight) {
                op.complete(aborted, 0);
            }
            sendsInFlight = null;
        }
        if (ext != null) {
            cancelExtensions();
        }
    }

    @Override
    CloseOutcome finishClose(LingerDecision.Mode mode) {
        switch (mode) {
            case GRACEFUL -> {
                closeConnectionGracefully();
                return new CloseOutcome.Graceful();
            }
            case ABORTIVE -> {
                resetConnection();
                awaitReset(ABORT_WAIT_NANOS);
                return new CloseOutcome.Abortive();
            }
            case LINGER -> {
                long start = System.nanoTime();
                long deadline = start + TimeUnit.SECONDS.toNanos(linger.l_linger());
                CloseOutcome o = linger(start, deadline); // the engine ends the blocking-call mark after reporting the close
                if (o instanceof CloseOutcome.Lingered l && !l.acknowledged()) {
                    // Bounded by the deadline, not by now: a close that woke late must not wait a
                    // whole further bound for a transport too busy to close the channel.
                    awaitReset(deadline + RESET_SLACK_NANOS - System.nanoTime());
                }
                return o;
            }
            default -> {
                releaseResources(true); // a connection that already failed is released with RST
                return new CloseOutcome.Graceful();
            }
        }
    }

    /**
     * WS-06: waits in the calling thread until everything was acknowledged (then a graceful close) or
     * the timeout passes (then RST). Neither epoll nor NIO signals acknowledgements, so the session's
     * {@link LingerWatch} polls the transport for every lingering socket at once and wakes this thread;
     * it also keeps the deadline, and at it resets the connection ({@link Connection#reset(Runnable)}),
     * which wakes this thread once the RST is out: one sleep per close, as a kernel's own linger has,
     * and no task from this thread to an event loop (see {@link LingerWatch} for why that matters on a
     * loaded machine). If the watcher is gone (the session is closing) this thread polls and keeps the
     * deadline itself. A watcher that has not reset the connection {@link #TIMER_GRACE_NANOS} after the
     * deadline (starved on a loaded machine) is not waited for any longer: this thread claims the RST
     * itself, and {@link #finishClose} waits for it only up to {@link #RESET_SLACK_NANOS} past the deadline.
     */
    private CloseOutcome linger(long start, long deadline) {
        LingerWatch watch = ws.lingerWatch();
        LingerWatch.Waiter waiter = null;
        lock.lock();
        try {
            Connection c = conn;
            waiter = new LingerWatch.Waiter(deadline) {
                @Override
                boolean settled() {
                    return !c.isOpen() || drained(c);
                }

                @Override
                void wake() {
                    lock.lock();
                    try {
                        changed.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }

                @Override
                void expired() {
                    c.reset(this::wake);
                }
            };
            for (;;) {
                if (failed || !c.isOpen()) {
                    c.reset(); // nothing left to do if the deadline's RST closed it
                    return lingered(start, false);
                }
                if (drained(c)) {
                    if (!waiter.settle()) {
                        return lingered(start, false); // acknowledged as the deadline's RST went out
                    }
                    c.closeGracefully();
                    return lingered(start, true);
                }
                // Joins again after the watcher woke it on a reading that this check did not confirm.
                boolean watched = watch.add(waiter);
                // With the watcher keeping the deadline, this thread's own is only a fallback for a
                // watcher or transport too busy to keep it.
                long wait = deadline + (watched ? TIMER_GRACE_NANOS : 0) - System.nanoTime();
                if (wait <= 0) {
                    if (waiter.expire()) {
                        c.reset(); // SO_LINGER 0 at once; the close that sends the RST is queued on the transport
                    }
                    return lingered(start, false);
                }
                try {
                    changed.awaitNanos(watched ? wait : Math.min(wait, MAX_POLL_NANOS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    if (waiter.settle()) {
                        c.closeGracefully(); // the handle is gone already; let the data finish in the background
                    }
                    throw WsaException.of(Win32Error.WSAEINTR);
                }
            }
        } finally {
            lock.unlock();
            if (waiter != null) {
                watch.remove(waiter);
            }
        }
    }

    private static CloseOutcome lingered(long start, boolean acknowledged) {
        return new CloseOutcome.Lingered(Duration.ofNanos(System.nanoTime() - start), acknowledged);
    }

    private static boolean drained(Connection c) {
        return c.queuedBytes() == 0 && c.unacknowledged().orElse(0) == 0;
    }

    /**
     * Lets the RST reach the kernel before closesocket returns, waiting at most {@code nanos}; outside the
     * lock (transport callbacks need it).
     */
    private void awaitReset(long nanos) {
        Connection c;
        lock.lock();
        try {
            c = conn;
        } finally {
            lock.unlock();
        }
        if (c != null && nanos > 0) {
            c.awaitClosed(nanos);
        }
    }

    private void closeConnectionGracefully() {
        lock.lock();
        try {
            discardInbound();
            if (conn != null) {
                conn.closeGracefully();
            }
        } finally {
            lock.unlock();
        }
        releaseResources(false);
    }

    private void resetConnection() {
        lock.lock();
        try {
            discardInbound();
            if (conn != null) {
                conn.reset();
            }
        } finally {
            lock.unlock();
        }
        releaseResources(false);
    }

    /** Releases every received piece not read yet. Caller holds lock. */
    private void discardInbound() {
        ArrayDeque<ReceivedBytes> q = inbound;
        inbound = null;
        inboundBytes = 0;
        if (q != null) {
            for (ReceivedBytes b : q) {
                b.release();
            }
        }
    }

    /** Stops listening, resets connections nobody accepted, abandons a connect in progress. */
    private void releaseResources(boolean abortive) {
        List<StreamSocket> orphans;
        Listener l;
        CompletableFuture<Connection> pendingConnect;
        lock.lock();
        try {
            orphans = backlog == null ? List.of() : new ArrayList<>(backlog);
            backlog = null;
            l = listener;
            listener = null;
            listening = false;
            pendingConnect = connecting;
            connecting = null;
            if (abortive && conn != null) {
                conn.reset();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (l != null) {
            l.close();
        }
        if (pendingConnect != null) {
            pendingConnect.thenAccept(Connection::reset);
        }
        for (StreamSocket s : orphans) {
            s.lock.lock();
            try {
                s.closed = true;
                s.discardInbound();
                if (s.conn != null) {
                    s.conn.reset();
                }
            } finally {
                s.lock.unlock();
            }
        }
    }

    @Override
    void release(boolean postClose) {
        boolean abortive;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (postClose && conn != null) {
                post(Ws2_32.FD_CLOSE_BIT, 0); // WS-15: CloseHandle posts FD_CLOSE to the socket's own selection
            }
            closed = true;
            cancelOverlapped();
            abortive = linger.enabled() && linger.l_linger() == 0;
            discardInbound();
            if (conn != null) {
                if (abortive || failed) {
                    conn.reset();
                } else {
                    conn.closeGracefully();
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        releaseResources(false);
    }
}

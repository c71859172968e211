package io.teardown.winsock.engine;

import io.teardown.api.Win32Error;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.Ws2_32;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A listening stream socket's part: {@code listen}, the connections the transport accepted that wait for
 * {@code accept} (or an {@code AcceptEx}, WS-18), and the refusal of connections beyond the backlog.
 * Created by {@code listen}; guarded by the listening socket's lock. Lock order: listener, then a
 * connection in its backlog.
 */
final class AcceptBacklog implements ListenerEvents {
    /** Windows' largest backlog (SOMAXCONN asks for "a reasonable maximum"); below 1 means 1. */
    static final int MAX_BACKLOG = 200;

    private final StreamSocket owner;
    private final int limit; // connections queued for accept beyond this are refused
    private Listener listener;
    private ArrayDeque<StreamSocket> queue; // created by the first connection

    private AcceptBacklog(StreamSocket owner, int requested) {
        this.owner = owner;
        this.limit = Math.max(1, Math.min(requested, MAX_BACKLOG));
    }

    /** {@code listen(s, backlog)} on a stream socket. */
    static void listen(StreamSocket s, int backlogSize) {
        InetSocketAddress at;
        StreamOptions opts;
        AcceptBacklog b;
        s.lock.lock();
        try {
            if (s.conn != null || s.connecting != null) {
                throw WsaException.of(Win32Error.WSAEISCONN);
            }
            if (s.listening) {
                return;
            }
            if (s.bound == null) {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            s.listening = true; // claims the socket for listening before the bind, outside the lock
            b = new AcceptBacklog(s, backlogSize);
            s.backlog = b;
            at = s.bound;
            opts = s.options();
        } finally {
            s.lock.unlock();
        }
        Listener l;
        try {
            l = s.ctx.transport().listen(at, Math.max(1, Math.min(backlogSize, 0x7FFFFFFF)), opts, b);
        } catch (IOException | RuntimeException e) {
            s.lock.lock();
            try {
                s.listening = false;
                if (s.backlog == b) {
                    s.backlog = null;
                }
            } finally {
                s.lock.unlock();
            }
            throw WsaException.of(e instanceof BindException ? Win32Error.WSAEADDRINUSE : Win32Error.WSAEADDRNOTAVAIL);
        }
        s.lock.lock();
        try {
            if (s.closed) {
                l.close();
                return;
            }
            b.listener = l;
            s.bound = l.localAddress();
        } finally {
            s.lock.unlock();
        }
    }

    /** The transport accepted a connection: it waits here for accept or AcceptEx, or is refused. */
    @Override
    public ConnectionEvents accepted(Connection c) {
        owner.lock.lock();
        try {
            StreamSocket child = new StreamSocket(owner, c);
            if (owner.closed || !owner.listening) {
                child.closed = true; // nobody will read it: whatever still arrives is released at once
                c.reset();
                return child;
            }
            if (queue == null) {
                queue = new ArrayDeque<>(2);
            }
            queue.add(child);
            StreamExtensions.serveAcceptEx(owner);
            if (queue.size() > limit) {
                // The backlog is full: Windows refuses the connection. The kernel here completed the
                // handshake before anyone could say no, so the refusal is a reset (docs/winsock.md).
                queue.pollLast();
                child.closed = true;
                c.reset();
                return child;
            }
            if (!isEmpty()) {
                owner.post(Ws2_32.FD_ACCEPT_BIT, 0);
            }
            owner.changed.signalAll();
            return child;
        } finally {
            owner.lock.unlock();
        }
    }

    /** {@code accept}: the oldest waiting connection, with the listener's settings as they are now. Caller holds the lock. */
    StreamSocket accept(SockAddr addr) {
        return owner.untilReady(() -> {
            StreamSocket child = poll();
            if (child == null) {
                return null;
            }
            owner.inheritNow(child);
            if (!isEmpty()) {
                owner.post(Ws2_32.FD_ACCEPT_BIT, 0);
            }
            if (addr != null) {
                addr.set(child.conn.remoteAddress());
            }
            return child;
        });
    }

    boolean isEmpty() {
        return queue == null || queue.isEmpty();
    }

    StreamSocket peek() {
        return queue == null ? null : queue.peek();
    }

    StreamSocket poll() {
        return queue == null ? null : queue.poll();
    }

    /** The transport's listener, once bound (null before). */
    Listener listener() {
        return listener;
    }

    /**
     * Stops listening and resets the connections nobody accepted. Called without the owner's lock, once
     * the owner has let go of this backlog (so the transport adds nothing more).
     */
    void close() {
        List<StreamSocket> orphans;
        Listener l;
        owner.lock.lock();
        try {
            orphans = queue == null ? List.of() : new ArrayList<>(queue);
            queue = null;
            l = listener;
            listener = null;
        } finally {
            owner.lock.unlock();
        }
        if (l != null) {
            l.close();
        }
        for (StreamSocket s : orphans) {
            StreamClose.abandon(s);
        }
    }
}

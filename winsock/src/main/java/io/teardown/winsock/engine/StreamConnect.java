package io.teardown.winsock.engine;

import io.teardown.api.Win32Error;
import io.teardown.winsock.Ws2_32;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A stream socket's connecting part: {@code connect} (blocking, or {@code WSAEWOULDBLOCK} then
 * {@code FD_CONNECT} on a non-blocking socket), the transport's connection attempt that {@code ConnectEx}
 * shares (WS-18), and the Winsock error a failed attempt reports. Works on the socket's state under its
 * lock.
 */
final class StreamConnect {
    private StreamConnect() {
    }

    /** {@code connect(s, remote)}. */
    static void connect(StreamSocket s, InetSocketAddress remote) {
        s.lock.lock();
        try {
            ExtensionState x = s.ext;
            if (s.listening || x != null && (x.acceptingInto != null || x.connectContextPending)) {
                // Windows: connect on a socket being accepted into, or connected by ConnectEx without
                // SO_UPDATE_CONNECT_CONTEXT, fails with WSAEINVAL (Wine's sock.c records both)
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            if (s.conn != null) {
                throw WsaException.of(Win32Error.WSAEISCONN);
            }
            if (s.connecting != null) {
                throw WsaException.of(s.nonBlocking ? Win32Error.WSAEALREADY : Win32Error.WSAEINVAL);
            }
            checkRemote(remote);
            CompletableFuture<Connection> f = start(s, remote, true);
            if (s.nonBlocking) {
                throw WsaException.of(Win32Error.WSAEWOULDBLOCK);
            }
            s.untilReady(true, () -> {
                if (s.connecting == f) {
                    return null;
                }
                if (s.conn == null) {
                    int e = s.soError;
                    s.soError = 0;
                    throw WsaException.of(Win32Error.of(e).orElse(Win32Error.WSAECONNREFUSED));
                }
                return Boolean.TRUE;
            }, () -> f.cancel(false));
        } finally {
            s.lock.unlock();
        }
    }

    /** A connect (or ConnectEx) needs a port and an address that is not the wildcard. */
    static void checkRemote(InetSocketAddress remote) {
        if (remote.getPort() == 0 || remote.getAddress().isAnyLocalAddress()) {
            throw WsaException.of(Win32Error.WSAEADDRNOTAVAIL);
        }
    }

    /**
     * Starts the transport's connection attempt for {@code s}; {@link #connected} ends it — at once when
     * {@code now} let the transport connect on the calling thread and the kernel finished the handshake
     * within the call ({@link Transport#connectNow}; {@code connect}'s, not {@code ConnectEx}'s, whose
     * completion is reported as pending first). Caller holds its lock.
     */
    static CompletableFuture<Connection> start(StreamSocket s, InetSocketAddress remote, boolean now) {
        s.soError = 0;
        Transport t = s.ctx.transport();
        CompletableFuture<Connection> f = now ? t.connectNow(remote, s.bound, s.options(), s)
                : t.connect(remote, s.bound, s.options(), s);
        s.connecting = f;
        f.whenComplete((c, err) -> connected(s, f, c, err));
        return f;
    }

    /** The attempt {@code f} ended with {@code c} or {@code err}; a connection nobody waits for any more is reset. */
    private static void connected(StreamSocket s, CompletableFuture<Connection> f, Connection c, Throwable err) {
        s.lock.lock();
        try {
            if (s.connecting != f) {
                if (c != null) {
                    c.reset();
                }
                return;
            }
            s.connecting = null;
            if (s.closed) {
                if (c != null) {
                    c.reset();
                }
            } else if (c != null) {
                s.conn = c;
                s.post(Ws2_32.FD_CONNECT_BIT, 0);
                s.post(Ws2_32.FD_WRITE_BIT, 0);
            } else {
                Win32Error e = error(err);
                s.soError = e.code();
                s.post(Ws2_32.FD_CONNECT_BIT, e.code());
            }
            if (s.ext != null) {
                StreamExtensions.connectExEnded(s, c, err);
            }
            s.changed.signalAll();
        } finally {
            s.lock.unlock();
        }
    }

    /** The Winsock error for a failed connection attempt. */
    static Win32Error error(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (t instanceof NoRouteToHostException) {
            return Win32Error.WSAEHOSTUNREACH;
        }
        if (t instanceof ConnectException) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            return m.contains("timed out") ? Win32Error.WSAETIMEDOUT
                    : m.contains("unreachable") ? Win32Error.WSAENETUNREACH : Win32Error.WSAECONNREFUSED;
        }
        if (t instanceof CancellationException) {
            return Win32Error.WSAEINTR;
        }
        if (t instanceof BindException) {
            return Win32Error.WSAEADDRINUSE;
        }
        return Win32Error.WSAECONNREFUSED;
    }
}

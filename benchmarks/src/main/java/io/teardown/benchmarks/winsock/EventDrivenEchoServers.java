package io.teardown.benchmarks.winsock;

import static io.teardown.winsock.Ws2_32.AF_INET;
import static io.teardown.winsock.Ws2_32.FD_CLOSE;
import static io.teardown.winsock.Ws2_32.FD_READ;
import static io.teardown.winsock.Ws2_32.FD_WRITE;
import static io.teardown.winsock.Ws2_32.INVALID_SOCKET;
import static io.teardown.winsock.Ws2_32.IPPROTO_TCP;
import static io.teardown.winsock.Ws2_32.SOCKET_ERROR;
import static io.teardown.winsock.Ws2_32.SOCK_STREAM;
import static io.teardown.winsock.Ws2_32.TCP_NODELAY;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.winsock.WSAOVERLAPPED;
import io.teardown.winsock.Ws2_32;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The two other event-driven Winsock shapes issue 20 holds to raw Netty's echo server, each serving one
 * connection on its own thread through the flat facades, for {@link EventDrivenWakeups}:
 * {@code WSAEventSelect} ({@code FD_READ}/{@code FD_CLOSE} on an event, {@code WSAWaitForMultipleEvents},
 * {@code WSAEnumNetworkEvents}, non-blocking {@code recv}/{@code send}) and overlapped I/O with completion
 * routines ({@code WSARecv}/{@code WSASend} with a routine, run by {@code SleepEx} in an alertable wait;
 * KO-16). Both read into a 64 KiB buffer, as raw Netty's reads go up to 64 KiB.
 */
final class EventDrivenEchoServers {
    private static final int BUFFER = 64 * 1024;

    private EventDrivenEchoServers() {
    }

    /** One server: a listener on loopback and the thread that accepts one connection and echoes on it. */
    abstract static class OneConnection implements AutoCloseable {
        final Ws2_32 ws;
        final Kernel32 k;
        final long listener;
        final int port;
        private final String name;
        private Thread thread;
        volatile long socket = INVALID_SOCKET;
        volatile boolean stopping;
        volatile String failure;

        OneConnection(Session session, String name) {
            ws = Ws2_32.of(session);
            k = Kernel32.of(session);
            check(ws.WSAStartup((short) 0x0202, new WSAData()) == 0, "WSAStartup");
            listener = ws.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
            check(ws.bind(listener, SockAddr.of(InetAddress.getLoopbackAddress(), 0)) == 0, "bind");
            check(ws.listen(listener, 8) == 0, "listen");
            SockAddr at = new SockAddr();
            check(ws.getsockname(listener, at, new IntRef(SockAddr.SIZE_IN6)) == 0, "getsockname");
            port = at.port;
            this.name = name;
        }

        /** Starts the serving thread; each subclass's constructor ends with it. */
        final void start() {
            thread = new Thread(() -> {
                try {
                    long s = ws.accept(listener, null, null);
                    check(s != INVALID_SOCKET, "accept");
                    check(ws.setsockopt(s, IPPROTO_TCP, TCP_NODELAY, 1) == 0, "TCP_NODELAY");
                    socket = s;
                    serve(s);
                } catch (RuntimeException e) {
                    if (!stopping) {
                        failure = e.toString();
                    }
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }

        /** Echoes on {@code s} until its client closes it or the server stops. */
        abstract void serve(long s);

        /** Wakes the serving thread when the server stops (closesocket alone signals nothing, WS-10). */
        void wake() {
        }

        /** Releases what the subclass holds, after the serving thread ended. */
        void release() {
        }

        @Override
        public void close() throws InterruptedException {
            stopping = true;
            wake();
            long s = socket;
            if (s != INVALID_SOCKET) {
                ws.closesocket(s);
            }
            ws.closesocket(listener);
            thread.join(10_000);
            release();
            ws.WSACleanup();
            check(failure == null, "server failed: " + failure);
        }
    }

    /** {@code WSAEventSelect} echo: wait for the event, enumerate, read all there is, write it back. */
    static final class EventSelect extends OneConnection {
        private final long event;

        EventSelect(Session session) {
            super(session, "event-select-echo");
            event = ws.WSACreateEvent();
            start();
        }

        @Override
        void wake() {
            ws.WSASetEvent(event);
        }

        @Override
        void serve(long s) {
            check(ws.WSAEventSelect(s, event, FD_READ | FD_CLOSE) == 0, "WSAEventSelect");
            byte[] buf = new byte[BUFFER];
            WSANETWORKEVENTS ne = new WSANETWORKEVENTS();
            try {
                while (!stopping) {
                    ws.WSAWaitForMultipleEvents(1, new long[] {event}, false, Ws2_32.WSA_INFINITE, false);
                    check(ws.WSAEnumNetworkEvents(s, event, ne) == 0, "WSAEnumNetworkEvents");
                    if ((ne.lNetworkEvents & FD_READ) != 0 && !echoAll(s, buf, event)) {
                        return;
                    }
                    if ((ne.lNetworkEvents & FD_CLOSE) != 0) {
                        return;
                    }
                }
            } finally {
                ws.WSAEventSelect(s, 0, 0);
            }
        }

        @Override
        void release() {
            ws.WSACloseEvent(event);
        }

        /** Reads until WSAEWOULDBLOCK, echoing each read; false once the client closed. */
        private boolean echoAll(long s, byte[] buf, long event) {
            for (;;) {
                int n = ws.recv(s, buf, buf.length, 0);
                if (n == 0) {
                    return false;
                }
                if (n == SOCKET_ERROR) {
                    int e = ws.WSAGetLastError();
                    check(e == Win32Error.WSAEWOULDBLOCK.code(), "recv: " + e);
                    return true;
                }
                int sent = 0;
                while (sent < n) {
                    int m = ws.send(s, sent == 0 ? buf : java.util.Arrays.copyOfRange(buf, sent, n), n - sent, 0);
                    if (m == SOCKET_ERROR) {
                        int e = ws.WSAGetLastError();
                        check(e == Win32Error.WSAEWOULDBLOCK.code(), "send: " + e);
                        waitWritable(s, event);
                    } else {
                        sent += m;
                    }
                }
            }
        }

        /** Waits for FD_WRITE (re-selecting FD_READ | FD_CLOSE after). */
        private void waitWritable(long s, long event) {
            check(ws.WSAEventSelect(s, event, FD_READ | FD_WRITE | FD_CLOSE) == 0, "WSAEventSelect");
            WSANETWORKEVENTS ne = new WSANETWORKEVENTS();
            do {
                ws.WSAWaitForMultipleEvents(1, new long[] {event}, false, Ws2_32.WSA_INFINITE, false);
                check(ws.WSAEnumNetworkEvents(s, event, ne) == 0, "WSAEnumNetworkEvents");
            } while ((ne.lNetworkEvents & (FD_WRITE | FD_CLOSE)) == 0 && !stopping);
            check(ws.WSAEventSelect(s, event, FD_READ | FD_CLOSE) == 0, "WSAEventSelect");
        }
    }

    /** Overlapped echo with completion routines: every routine runs in this thread's {@code SleepEx}. */
    static final class CompletionRoutines extends OneConnection {
        private final byte[] buf = new byte[BUFFER];
        private final WSAOVERLAPPED recvOv = new WSAOVERLAPPED();
        private final WSAOVERLAPPED sendOv = new WSAOVERLAPPED();
        private boolean done; // this thread only

        CompletionRoutines(Session session) {
            super(session, "completion-routine-echo");
            start();
        }

        @Override
        void serve(long s) {
            receive(s);
            while (!done && !stopping) {
                k.SleepEx(Kernel32.INFINITE, true);
            }
        }

        private void receive(long s) {
            int r = ws.WSARecv(s, new WSABUF[] {new WSABUF(buf)}, 1, new IntRef(), new IntRef(), recvOv,
                    (status, n, ov, flags) -> received(s, status, n));
            pendingOrDone(r, "WSARecv");
        }

        private void received(long s, int status, int n) {
            if (status != 0 || n == 0) {
                done = true; // the client closed (or the server's close aborted it: 1236)
                return;
            }
            int r = ws.WSASend(s, new WSABUF[] {new WSABUF(buf, n)}, 1, new IntRef(), 0, sendOv,
                    (st, m, ov, flags) -> {
                        if (st != 0) {
                            done = true;
                        } else {
                            receive(s);
                        }
                    });
            pendingOrDone(r, "WSASend");
        }

        /** A call that returned 0 completed at once; its routine is queued all the same (KO-16). */
        private void pendingOrDone(int r, String what) {
            if (r == SOCKET_ERROR) {
                int e = ws.WSAGetLastError();
                if (e != Win32Error.ERROR_IO_PENDING.code()) {
                    done = true;
                    check(stopping, what + ": " + e);
                }
            }
        }
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}

package io.teardown.examples.iocp;

import static io.teardown.winsock.Ws2_32.AF_INET;
import static io.teardown.winsock.Ws2_32.INVALID_SOCKET;
import static io.teardown.winsock.Ws2_32.IPPROTO_TCP;
import static io.teardown.winsock.Ws2_32.SOCKET_ERROR;
import static io.teardown.winsock.Ws2_32.SOCK_STREAM;
import static io.teardown.winsock.Ws2_32.SOL_SOCKET;
import static io.teardown.winsock.Ws2_32.TCP_NODELAY;
import static io.teardown.winsock.Ws2_32.SO_UPDATE_ACCEPT_CONTEXT;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.GUID;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.WSAOVERLAPPED;
import io.teardown.winsock.Ws2_32;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An echo server on an I/O completion port, written on the flat facades the way a Windows programmer
 * writes one: a listener associated with the port ({@code CreateIoCompletionPort}), a few {@code AcceptEx}
 * operations kept posted, {@code SO_UPDATE_ACCEPT_CONTEXT} on each accepted socket before it joins the
 * port under its own key, and worker threads taking completions ({@code GetQueuedCompletionStatus}) that
 * drive {@code WSARecv}/{@code WSASend}. {@link #shutdown()} closes the listener and every connection while
 * their operations are pending, collects each aborted completion — {@code AcceptEx} with 995, {@code WSARecv}
 * with 1236 (WS-09, WS-18, KO-14) — and stops the workers with a {@code PostQueuedCompletionStatus} packet.
 * See docs/winsock.md.
 */
public final class IocpEchoServer implements AutoCloseable {
    /** The listener's completion key. */
    public static final long LISTENER_KEY = 0;
    /** The key of the packet that tells a worker to stop. */
    public static final long STOP_KEY = -1;
    private static final int ADDR = SockAddr.SIZE_IN + 16;
    private static final int BUFFER = 4096;

    /** What an operation was. */
    public enum Kind { AcceptEx, WSARecv, WSASend }

    /** One completion that came back failed, as {@code GetQueuedCompletionStatus} reported it. */
    public record Aborted(Kind kind, long socket, long key, int status, int bytes) {
    }

    /** One posted operation: its kind, its socket, its buffer, its own {@code OVERLAPPED}. */
    private record Op(Kind kind, long socket, long key, byte[] buffer, WSAOVERLAPPED overlapped) {
    }

    private final Ws2_32 ws;
    private final Kernel32 k;
    private final long listener;
    private final long port;
    private final int acceptsPending;
    private final int localPort;
    private final Map<WSAOVERLAPPED, Op> ops = new ConcurrentHashMap<>();
    private final Map<Long, Long> connections = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Aborted> aborted = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong nextKey = new AtomicLong(1);
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean accepting = true;
    private boolean shut;

    /**
     * Starts the server on loopback, with {@code acceptsPending} {@code AcceptEx} operations kept posted
     * and {@code workerCount} worker threads.
     */
    public IocpEchoServer(Session session, int acceptsPending, int workerCount) {
        ws = Ws2_32.of(session);
        k = Kernel32.of(session);
        this.acceptsPending = acceptsPending;
        check(ws.WSAStartup((short) 0x0202, new WSAData()) == 0, "WSAStartup");
        listener = ws.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        check(listener != INVALID_SOCKET, "socket");
        check(ws.bind(listener, SockAddr.of(InetAddress.getLoopbackAddress(), 0)) == 0, "bind");
        check(ws.listen(listener, 128) == 0, "listen");
        SockAddr at = new SockAddr();
        check(ws.getsockname(listener, at, new IntRef(SockAddr.SIZE_IN6)) == 0, "getsockname");
        localPort = at.port;
        // A Windows server asks for AcceptEx's pointer first; the facade calls it by name, but the step is real.
        check(ws.WSAIoctl(listener, Ws2_32.SIO_GET_EXTENSION_FUNCTION_POINTER, Ws2_32.WSAID_ACCEPTEX.bytes(), GUID.SIZE,
                new byte[8], 8, new IntRef(), null, null) == 0, "WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)");
        port = k.CreateIoCompletionPort(Kernel32.INVALID_HANDLE_VALUE, 0, 0, 0);
        check(port != 0, "CreateIoCompletionPort");
        check(k.CreateIoCompletionPort(listener, port, LISTENER_KEY, 0) == port, "associate the listener");
        for (int i = 0; i < acceptsPending; i++) {
            postAccept();
        }
        for (int i = 0; i < workerCount; i++) {
            Thread t = new Thread(this::work, "iocp-worker-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
    }

    /** The listener's port on loopback. */
    public int port() {
        return localPort;
    }

    /** How many connections {@code AcceptEx} has completed. */
    public int accepted() {
        return accepted.get();
    }

    /** How many accepted connections are open (the server closes one when its client has closed). */
    public int openConnections() {
        return connections.size();
    }

    /** Whether every open connection has its {@code WSARecv} pending and {@code n} connections were accepted. */
    public boolean idleWith(int n) {
        if (accepted.get() < n) {
            return false;
        }
        long receiving = ops.values().stream()
                .filter(o -> o.kind() == Kind.WSARecv && o.overlapped().Internal == Overlapped.STATUS_PENDING).count();
        return receiving == connections.size();
    }

    private void postAccept() {
        long a = ws.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        check(a != INVALID_SOCKET, "socket for AcceptEx");
        // No receive buffer: AcceptEx completes at the connection, not at the first data.
        Op op = new Op(Kind.AcceptEx, a, LISTENER_KEY, new byte[2 * ADDR], new WSAOVERLAPPED());
        ops.put(op.overlapped(), op);
        if (!ws.AcceptEx(listener, a, op.buffer(), 0, ADDR, ADDR, new IntRef(), op.overlapped())) {
            int e = ws.WSAGetLastError();
            if (e != Win32Error.ERROR_IO_PENDING.code()) {
                ops.remove(op.overlapped());
                ws.closesocket(a);
                failures.add("AcceptEx: " + e);
            }
        }
    }

    private void postRecv(long s, long key, byte[] buffer) {
        Op op = new Op(Kind.WSARecv, s, key, buffer, new WSAOVERLAPPED());
        ops.put(op.overlapped(), op);
        if (ws.WSARecv(s, new WSABUF[] {new WSABUF(buffer)}, 1, new IntRef(), new IntRef(), op.overlapped(), null)
                == SOCKET_ERROR) {
            pendingOrFailed(op, "WSARecv");
        } // 0: done at once, and the packet still comes to the port
    }

    private void postSend(long s, long key, byte[] buffer, int n) {
        Op op = new Op(Kind.WSASend, s, key, buffer, new WSAOVERLAPPED());
        ops.put(op.overlapped(), op);
        if (ws.WSASend(s, new WSABUF[] {new WSABUF(buffer, n)}, 1, new IntRef(), 0, op.overlapped(), null) == SOCKET_ERROR) {
            pendingOrFailed(op, "WSASend");
        }
    }

    private void pendingOrFailed(Op op, String what) {
        int e = ws.WSAGetLastError();
        if (e != Win32Error.ERROR_IO_PENDING.code()) {
            ops.remove(op.overlapped());
            failures.add(what + ": " + e);
        }
    }

    /** One worker: takes completions until the stop packet. */
    private void work() {
        IntRef bytes = new IntRef();
        LongRef key = new LongRef();
        Ref<Overlapped> ov = new Ref<>();
        for (;;) {
            boolean ok = k.GetQueuedCompletionStatus(port, bytes, key, ov, Kernel32.INFINITE);
            int status = ok ? 0 : k.GetLastError();
            if (ov.value == null) {
                if (ok && key.value == STOP_KEY) {
                    return;
                }
                failures.add("GetQueuedCompletionStatus: " + status);
                return;
            }
            Op op = ops.remove((WSAOVERLAPPED) ov.value);
            if (op == null) {
                failures.add("a packet for an unknown OVERLAPPED");
                continue;
            }
            try {
                complete(op, ok, status, bytes.value);
            } catch (RuntimeException e) {
                failures.add(op.kind() + ": " + e);
            }
        }
    }

    private void complete(Op op, boolean ok, int status, int n) {
        if (!ok) {
            aborted.add(new Aborted(op.kind(), op.socket(), op.key(), status, n));
            if (op.kind() == Kind.AcceptEx) {
                ws.closesocket(op.socket()); // the accept socket never became a connection
            }
            return;
        }
        switch (op.kind()) {
            case AcceptEx -> {
                byte[] listenerValue = new byte[8];
                for (int i = 0; i < 8; i++) {
                    listenerValue[i] = (byte) (listener >>> (8 * i));
                }
                check(ws.setsockopt(op.socket(), SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, listenerValue, 8) == 0,
                        "setsockopt(SO_UPDATE_ACCEPT_CONTEXT)");
                // An echo answers at once: without this, Nagle holds the second piece of a reply that
                // came in two reads until the client's delayed ACK (some 40 ms on loopback).
                check(ws.setsockopt(op.socket(), IPPROTO_TCP, TCP_NODELAY, 1) == 0, "setsockopt(TCP_NODELAY)");
                long connKey = nextKey.getAndIncrement();
                check(k.CreateIoCompletionPort(op.socket(), port, connKey, 0) == port, "associate the connection");
                connections.put(connKey, op.socket());
                accepted.incrementAndGet();
                postRecv(op.socket(), connKey, new byte[BUFFER]);
                if (accepting) {
                    postAccept(); // keep a few AcceptEx posted
                }
            }
            case WSARecv -> {
                if (n == 0) { // the client closed: so do we, unless shutdown() took the connection first
                    if (connections.remove(op.key()) != null) {
                        ws.closesocket(op.socket());
                    }
                } else {
                    postSend(op.socket(), op.key(), op.buffer(), n);
                }
            }
            case WSASend -> postRecv(op.socket(), op.key(), op.buffer());
        }
    }

    /**
     * Closes the listener and every connection while their operations are pending, waits for each
     * aborted completion, then stops the workers with one {@code PostQueuedCompletionStatus} packet each
     * and closes the port. Returns the aborted completions in the order the workers took them.
     */
    public synchronized List<Aborted> shutdown() throws InterruptedException {
        if (shut) {
            return List.copyOf(aborted);
        }
        shut = true;
        accepting = false;
        int pending = ops.size();
        check(ws.closesocket(listener) == 0, "closesocket(listener)");
        for (Long key : connections.keySet()) {
            Long s = connections.remove(key); // a worker closing it at the client's FIN may have taken it
            if (s != null) {
                check(ws.closesocket(s) == 0, "closesocket(connection)");
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ops.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        for (int i = 0; i < workers.size(); i++) {
            check(k.PostQueuedCompletionStatus(port, 0, STOP_KEY, null), "PostQueuedCompletionStatus");
        }
        for (Thread t : workers) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        check(k.CloseHandle(port), "CloseHandle(port)");
        ws.WSACleanup();
        check(failures.isEmpty(), "worker failures: " + failures);
        check(ops.isEmpty(), "operations never completed: " + ops.values());
        check(aborted.size() == pending, pending + " operations pending, " + aborted.size() + " aborted completions");
        return List.copyOf(aborted);
    }

    @Override
    public void close() throws InterruptedException {
        shutdown();
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("IOCP echo server: " + what);
        }
    }
}

package io.teardown.winsock.engine;

import io.teardown.api.CloseEvent;
import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.winsock.Linger;
import io.teardown.winsock.OptionBytes;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.engine.AsyncIo;
import io.teardown.kernel.engine.KernelEvent;
import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.Ws2_32;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every emulated socket shares: its options (WS-08), blocking mode, event selection (WS-10) and
 * the wait primitive that turns a concurrent {@code closesocket} into {@code WSAEINTR} for calls blocked
 * on the socket (WS-14). One lock per socket; transport callbacks take it only briefly.
 */
abstract class EmulatedSocket {
    /** Windows' default SO_SNDBUF / SO_RCVBUF. */
    static final int DEFAULT_BUFFER = 64 * 1024;

    final SocketContext ctx;
    final int family;
    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();

    // Guarded by lock.
    Linger linger = Linger.DONT_LINGER;
    boolean nonBlocking;
    int sendBuffer = DEFAULT_BUFFER;
    int receiveBuffer = DEFAULT_BUFFER;
    boolean noDelay;
    boolean reuseAddress;
    boolean keepAlive;
    int soError;
    boolean closed;
    /** Descriptors (handle values) for this socket: more than one after WSADuplicateSocket + WSASocket (WS-19). */
    private int descriptors = 1;
    /** Made by WSASocket without WSA_FLAG_OVERLAPPED: overlapped parameters are ignored. Set before publication. */
    boolean nonOverlapped;
    private KernelEvent selectEvent;
    private int selectMask;
    private int recorded;
    private int[] recordedErrors; // created by the first recorded error: most sockets never see one

    /** The socket's overlapped-I/O state in the kernel object manager: port association, pending operations. */
    final AsyncIo asyncIo;

    EmulatedSocket(SocketContext ctx, int family) {
        this.ctx = ctx;
        this.family = family;
        this.asyncIo = ctx.objects().newAsyncIo();
    }

    /** Copies the options an accepted socket inherits from its listener. Caller holds both locks' owner's lock. */
    void inheritFrom(EmulatedSocket parent) {
        linger = parent.linger;
        nonBlocking = parent.nonBlocking;
        sendBuffer = parent.sendBuffer;
        receiveBuffer = parent.receiveBuffer;
        noDelay = parent.noDelay;
        keepAlive = parent.keepAlive;
        selectEvent = parent.selectEvent;
        selectMask = parent.selectMask;
    }

    abstract int type();

    /**
     * closesocket (or CloseHandle) of one descriptor while others remain: frees only that descriptor and
     * returns true; the socket, its connection, data and linger setting stay until the last one (WS-19).
     * False for the last descriptor, which closes the socket as usual.
     */
    boolean detachDescriptor() {
        lock.lock();
        try {
            if (closed || descriptors <= 1) {
                return false;
            }
            descriptors--;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** WSASocket(FROM_PROTOCOL_INFO): one more descriptor; false if the socket is closed already. */
    boolean attachDescriptor() {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            descriptors++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    // ---- the socket functions; each runs with a lease on the handle ----

    abstract void bind(InetSocketAddress local);

    abstract void listen(int backlog);

    abstract EmulatedSocket accept(SockAddr addr);

    abstract void connect(InetSocketAddress remote);

    abstract int send(byte[] buf, int len, int flags);

    abstract int recv(byte[] buf, int len, int flags);

    abstract int sendTo(byte[] buf, int len, int flags, InetSocketAddress to);

    abstract int recvFrom(byte[] buf, int len, int flags, SockAddr from);

    abstract void shutdown(int how);

    abstract InetSocketAddress localAddress();

    abstract InetSocketAddress remoteAddress();

    abstract int readable();

    abstract int wsaSend(WSABUF[] bufs, int count, IntRef sent, Overlapped ov, OverlappedCompletionRoutine routine);

    abstract int wsaRecv(WSABUF[] bufs, int count, IntRef received, Overlapped ov, OverlappedCompletionRoutine routine);

    /**
     * Takes a pending overlapped operation back from the socket's queues for {@code CancelIo}/
     * {@code CancelIoEx} (KO-15); false if it is no longer queued (being completed, or handed to the
     * transport already, which cannot be undone).
     */
    boolean withdraw(OverlappedOp op) {
        return false;
    }

    /**
     * First half of {@code closesocket}: decides (WS-04 … WS-07) and, unless the answer is
     * WSAEWOULDBLOCK (thrown), marks the socket closed, wakes blocked callers and cancels overlapped
     * operations (WS-09). Runs before the handle is invalidated. Fails with WSAENOTSOCK when the socket
     * is closed already: of two racing {@code closesocket} calls exactly one succeeds (WS-14).
     */
    abstract LingerDecision.Mode beginClose();

    /**
     * Second half: performs the mode's transport action (a lingering close blocks here, WS-06) and says
     * which it was: {@code GRACEFUL}, {@code RESET}, {@code LINGERED} or {@code LINGER_RESET} — an enum,
     * not a {@code CloseOutcome}, so that a close returning at its deadline allocates nothing.
     */
    abstract CloseEvent.Outcome finishClose(LingerDecision.Mode mode);

    /**
     * Closes without a {@code closesocket} call: {@code CloseHandle} (WS-15), {@code WSACleanup} or the
     * session ending. Never blocks; a socket that would linger is closed gracefully.
     */
    abstract void release(boolean postClose);

    /** Re-posts the network events whose conditions hold now (after {@code WSAEventSelect}). Caller holds lock. */
    abstract void repostEvents();

    // ---- options (WS-08) ----

    void setOption(int level, int name, byte[] val, int len) {
        if (val == null || len < 0 || len > val.length) {
            throw WsaException.of(Win32Error.WSAEFAULT);
        }
        lock.lock();
        try {
            if (level == Ws2_32.SOL_SOCKET) {
                switch (name) {
                    case Ws2_32.SO_LINGER -> {
                        streamOnly();
                        need(len, OptionBytes.LINGER_SIZE);
                        linger = OptionBytes.linger(val);
                    }
                    case Ws2_32.SO_DONTLINGER -> {
                        streamOnly();
                        need(len, OptionBytes.INT_SIZE);
                        // TRUE: l_onoff = 0; FALSE: linger again with the timeout set earlier.
                        linger = new Linger(OptionBytes.int32(val) != 0 ? 0 : 1, linger.l_linger());
                    }
                    case Ws2_32.SO_SNDBUF -> {
                        need(len, OptionBytes.INT_SIZE);
                        sendBuffer = nonNegative(OptionBytes.int32(val));
                        buffersChanged();
                    }
                    case Ws2_32.SO_RCVBUF -> {
                        need(len, OptionBytes.INT_SIZE);
                        receiveBuffer = nonNegative(OptionBytes.int32(val));
                        buffersChanged();
                    }
                    case Ws2_32.SO_REUSEADDR -> {
                        need(len, OptionBytes.INT_SIZE);
                        reuseAddress = OptionBytes.int32(val) != 0;
                    }
                    case Ws2_32.SO_KEEPALIVE -> {
                        need(len, OptionBytes.INT_SIZE);
                        keepAlive = OptionBytes.int32(val) != 0;
                    }
                    default -> throw WsaException.of(Win32Error.WSAENOPROTOOPT);
                }
            } else if (level == Ws2_32.IPPROTO_TCP) {
                streamOnly();
                if (name != Ws2_32.TCP_NODELAY) {
                    throw WsaException.of(Win32Error.WSAENOPROTOOPT);
                }
                need(len, OptionBytes.INT_SIZE);
                noDelay = OptionBytes.int32(val) != 0;
                noDelayChanged();
            } else if (level == 0 || level == 41 || level == Ws2_32.IPPROTO_UDP) {
                throw WsaException.of(Win32Error.WSAENOPROTOOPT); // IP/IPv6/UDP options are not emulated
            } else {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
        } finally {
            lock.unlock();
        }
    }

    void getOption(int level, int name, byte[] val, IntRef len) {
        if (val == null || len == null) {
            throw WsaException.of(Win32Error.WSAEFAULT);
        }
        byte[] out;
        lock.lock();
        try {
            if (level == Ws2_32.SOL_SOCKET) {
                out = switch (name) {
                    case Ws2_32.SO_LINGER -> {
                        streamOnly();
                        yield OptionBytes.linger(new Linger(linger.enabled() ? 1 : 0, linger.l_linger()));
                    }
                    case Ws2_32.SO_DONTLINGER -> {
                        streamOnly();
                        yield OptionBytes.int32(linger.enabled() ? 0 : 1);
                    }
                    case Ws2_32.SO_SNDBUF -> OptionBytes.int32(sendBuffer);
                    case Ws2_32.SO_RCVBUF -> OptionBytes.int32(receiveBuffer);
                    case Ws2_32.SO_REUSEADDR -> OptionBytes.int32(reuseAddress ? 1 : 0);
                    case Ws2_32.SO_KEEPALIVE -> OptionBytes.int32(keepAlive ? 1 : 0);
                    case Ws2_32.SO_TYPE -> OptionBytes.int32(type());
                    case Ws2_32.SO_ERROR -> {
                        int e = soError;
                        soError = 0;
                        yield OptionBytes.int32(e);
                    }
                    default -> throw WsaException.of(Win32Error.WSAENOPROTOOPT);
                };
            } else if (level == Ws2_32.IPPROTO_TCP) {
                streamOnly();
                if (name != Ws2_32.TCP_NODELAY) {
                    throw WsaException.of(Win32Error.WSAENOPROTOOPT);
                }
                out = OptionBytes.int32(noDelay ? 1 : 0);
            } else if (level == 0 || level == 41 || level == Ws2_32.IPPROTO_UDP) {
                throw WsaException.of(Win32Error.WSAENOPROTOOPT);
            } else {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
        } finally {
            lock.unlock();
        }
        if (len.value < out.length || val.length < out.length) {
            throw WsaException.of(Win32Error.WSAEFAULT);
        }
        System.arraycopy(out, 0, val, 0, out.length);
        len.value = out.length;
    }

    private void streamOnly() {
        if (type() != Ws2_32.SOCK_STREAM) {
            throw WsaException.of(Win32Error.WSAENOPROTOOPT);
        }
    }

    private static void need(int len, int size) {
        if (len < size) {
            throw WsaException.of(Win32Error.WSAEFAULT);
        }
    }

    private static int nonNegative(int v) {
        if (v < 0) {
            throw WsaException.of(Win32Error.WSAEINVAL);
        }
        return v;
    }

    /** Applies changed SO_SNDBUF/SO_RCVBUF to the transport. Caller holds lock. */
    void buffersChanged() {
    }

    /** Applies a changed TCP_NODELAY. Caller holds lock. */
    void noDelayChanged() {
    }

    Linger lingerSetting() {
        lock.lock();
        try {
            return linger;
        } finally {
            lock.unlock();
        }
    }

    // ---- ioctlsocket ----

    void ioctl(int cmd, IntRef arg) {
        if (arg == null) {
            throw WsaException.of(Win32Error.WSAEFAULT);
        }
        lock.lock();
        try {
            if (cmd == Ws2_32.FIONBIO) {
                if (arg.value == 0 && selectMask != 0) {
                    throw WsaException.of(Win32Error.WSAEINVAL); // WSAEventSelect keeps the socket non-blocking
                }
                nonBlocking = arg.value != 0;
            } else if (cmd == Ws2_32.FIONREAD) {
                arg.value = readable();
            } else {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- event selection (WS-10, WS-15) ----

    void eventSelect(KernelEvent event, int mask) {
        lock.lock();
        try {
            selectEvent = mask == 0 ? null : event;
            selectMask = mask == 0 ? 0 : mask;
            recorded = 0;
            recordedErrors = null;
            if (mask != 0) {
                nonBlocking = true;
                repostEvents();
            }
        } finally {
            lock.unlock();
        }
    }

    void enumNetworkEvents(WSANETWORKEVENTS out) {
        lock.lock();
        try {
            out.lNetworkEvents = recorded;
            for (int i = 0; i < Ws2_32.FD_MAX_EVENTS; i++) {
                out.iErrorCode[i] = (recorded & (1 << i)) != 0 && recordedErrors != null ? recordedErrors[i] : 0;
            }
            recorded = 0;
        } finally {
            lock.unlock();
        }
    }

    /** Records a network event for the selected event object. Caller holds lock. */
    void post(int bitIndex, int error) {
        int bit = 1 << bitIndex;
        if ((selectMask & bit) == 0 || selectEvent == null) {
            return;
        }
        recorded |= bit;
        if (recordedErrors == null && error != 0) {
            recordedErrors = new int[Ws2_32.FD_MAX_EVENTS];
        }
        if (recordedErrors != null) {
            recordedErrors[bitIndex] = error;
        }
        selectEvent.set();
    }

    // ---- waiting ----

    /** One try of a blocking call: its result, or {@code null} when it has to wait. */
    @FunctionalInterface
    interface Attempt<T> {
        T attempt();
    }

    /**
     * The one "wait until ready or {@code WSAEWOULDBLOCK}" loop of the socket calls that block (accept,
     * connect, send, recv, recvfrom). Tries {@code attempt}; while it has to wait, a non-blocking socket
     * fails with {@code WSAEWOULDBLOCK} — unless {@code committed}: a call that has started blocking (a
     * blocking send half written, a blocking connect under way) finishes as a blocking call even if
     * {@code FIONBIO} changes meanwhile. The first wait marks the thread as in a blocking call (WS-12) until
     * the call returns; a wait ended by {@code closesocket} or an interrupt ({@code WSAEINTR}, WS-14) runs
     * {@code onWaitFailed} first. Caller holds lock.
     */
    final <T> T untilReady(boolean committed, Attempt<T> attempt, Runnable onWaitFailed) {
        boolean blocking = false;
        try {
            for (;;) {
                T result = attempt.attempt();
                if (result != null) {
                    return result;
                }
                if (nonBlocking && !committed) {
                    throw WsaException.of(Win32Error.WSAEWOULDBLOCK);
                }
                if (!blocking) {
                    ctx.enterBlocking();
                    blocking = true;
                }
                try {
                    await();
                } catch (WsaException interrupted) {
                    onWaitFailed.run();
                    throw interrupted;
                }
            }
        } finally {
            if (blocking) {
                ctx.exitBlocking();
            }
        }
    }

    /** {@link #untilReady(boolean, Attempt, Runnable)} for a call that has nothing to undo when its wait ends. */
    final <T> T untilReady(Attempt<T> attempt) {
        return untilReady(false, attempt, () -> { });
    }

    /**
     * Waits for a change. A {@code closesocket} meanwhile, or an interrupt, ends the wait with
     * {@code WSAEINTR} (Windows fails a call blocked on a socket that another thread closes so).
     * Bounded slices, so a lost signal cannot hang a caller. Caller holds lock.
     */
    private void await() {
        if (closed) {
            throw WsaException.of(Win32Error.WSAEINTR);
        }
        try {
            changed.awaitNanos(TimeUnit.SECONDS.toNanos(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WsaException.of(Win32Error.WSAEINTR);
        }
        if (closed) {
            throw WsaException.of(Win32Error.WSAEINTR);
        }
    }

    InetSocketAddress wildcard() {
        try {
            return new InetSocketAddress(InetAddress.getByName(family == Ws2_32.AF_INET6 ? "::" : "0.0.0.0"), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.teardown.backend.windows.winsock;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import io.teardown.api.CloseEvent;
import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.LiveHandle;
import io.teardown.backend.windows.handles.OsHandle;
import io.teardown.backend.windows.handles.OsHandles;
import io.teardown.backend.windows.jna.Kernel32Library;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.MswsockFunctions;
import io.teardown.backend.windows.jna.NativeHandles;
import io.teardown.backend.windows.jna.OverlappedOperations;
import io.teardown.backend.windows.jna.ProtocolInfoLayout;
import io.teardown.backend.windows.jna.SOCKET;
import io.teardown.backend.windows.jna.WSADATA;
import io.teardown.backend.windows.jna.Ws2_32Library;
import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.WSAPROTOCOL_INFOW;
import io.teardown.winsock.Ws2_32;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@link Ws2_32} on the real ws2_32.dll. Windows applies the socket rules itself; this class adds:
 * <ul>
 *   <li>SOCKETs are values of the session's kernel table; only a leased, open socket entry's OS value
 *       reaches ws2_32. A value that is not an open socket fails with {@code WSAENOTSOCK} (10038)
 *       without calling Windows (WS-02), also for kernel-object handles, which stay intact (WS-15).</li>
 *   <li>{@code closesocket} racing another call on the socket (WS-14) makes the value invalid at once
 *       and closes the OS socket when that call returns. The exception is a non-blocking socket with a
 *       non-zero linger timeout (WS-07): Windows may refuse that close with {@code WSAEWOULDBLOCK} and
 *       keep the socket, so it is tried first and the value is invalidated only if it closed.</li>
 *   <li>WS-01 per session: calls before the session's own {@code WSAStartup} (or after its final
 *       {@code WSACleanup}) fail with {@code WSANOTINITIALISED}, and the final cleanup closes the
 *       session's sockets, even though the JVM process may hold other Winsock references.</li>
 * </ul>
 * Overlapped I/O (WS-09) uses an event per operation in native memory ({@link OverlappedOperations});
 * a completion thread delivers the result into the Java {@code WSAOVERLAPPED} and calls the completion
 * routine (on that thread, not as an APC) or signals the caller's event, exactly once.
 */
public final class NativeWs2_32 implements Ws2_32, AutoCloseable {
    private static final int ENOTSOCK = Win32Error.WSAENOTSOCK.code();
    private static final int NOTINITIALISED = Win32Error.WSANOTINITIALISED.code();
    private static final int EFAULT = Win32Error.WSAEFAULT.code();
    private static final int NOT_IMPLEMENTED = Win32Error.ERROR_CALL_NOT_IMPLEMENTED.code();
    private static final int INVALID_HANDLE = Win32Error.ERROR_INVALID_HANDLE.code();
    private static final int SOCKADDR_MAX = 28;
    private static final int IO_PENDING = Win32Error.ERROR_IO_PENDING.code();

    private final Session session;
    private final Ws2_32Library lib;
    private final Kernel32Library kernel;
    private final NativeCalls calls;
    private final OsHandles handles;
    private final AtomicInteger startups = new AtomicInteger();
    private final Consumer<Throwable> uncaught;
    private final OverlappedOperations operations;
    private final ExecutorService completer;
    private final Object completed = new Object();
    private final NativeExtensionFunctions extensions;
    private volatile boolean closing;

    /** What is kept with a socket. */
    private static final class Sock {
        /** FIONBIO or WSAEventSelect made it non-blocking (Windows cannot be asked). */
        volatile boolean nonBlocking;
    }

    /** The facade for {@code session} over {@code lib} (and kernel32 for the event functions). */
    public NativeWs2_32(Session session, Ws2_32Library lib, Kernel32Library kernel, NativeCalls calls) {
        this(session, lib, kernel, calls, Throwable::printStackTrace);
    }

    /** As above; exceptions thrown by completion routines go to {@code uncaught}. */
    public NativeWs2_32(Session session, Ws2_32Library lib, Kernel32Library kernel, NativeCalls calls,
                        Consumer<Throwable> uncaught) {
        this(session, lib, kernel, calls, uncaught, MswsockFunctions.NATIVE);
    }

    /** As above; the extension functions' pointers become calls through {@code binder} (tests: no native code). */
    NativeWs2_32(Session session, Ws2_32Library lib, Kernel32Library kernel, NativeCalls calls,
                 Consumer<Throwable> uncaught, MswsockFunctions.Binder binder) {
        this.uncaught = Objects.requireNonNull(uncaught, "uncaught");
        this.operations = new OverlappedOperations(uncaught);
        this.completer = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "teardown-winsock-completions-" + session.name());
            t.setDaemon(true);
            return t;
        });
        this.session = Objects.requireNonNull(session, "session");
        this.lib = Objects.requireNonNull(lib, "lib");
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.handles = new OsHandles(session, HandleSpace.KERNEL);
        this.extensions = new NativeExtensionFunctions(session, lib, calls, new ExtensionHost(), binder);
    }

    /** What {@link NativeExtensionFunctions} (WS-18) borrows from this facade. */
    private final class ExtensionHost implements NativeExtensionFunctions.Host {
        @Override
        public boolean started() {
            return NativeWs2_32.this.started();
        }

        @Override
        public int error(int code) {
            return NativeWs2_32.this.error(code);
        }

        @Override
        public int onSocket(long s, Function<OsHandle, NativeCalls.CapturedInt> call) {
            return NativeWs2_32.this.onSocket(s, call);
        }

        @Override
        public OverlappedOperations operations() {
            return operations;
        }

        @Override
        public void awaitCompletion(OverlappedOperations.Operation op, HANDLE event) {
            completer.execute(() -> NativeWs2_32.this.awaitCompletion(op, event));
        }

        @Override
        public void deliver(OverlappedOperations.Completion c, Overlapped ov, OverlappedCompletionRoutine routine) {
            NativeWs2_32.this.deliver(c, null, 0, ov, routine, null);
        }
    }

    // ------------------------------------------------------------------ plumbing

    private int error(int code) {
        session.lastError().set(code);
        return SOCKET_ERROR;
    }

    private long errorSocket(int code) {
        session.lastError().set(code);
        return INVALID_SOCKET;
    }

    private boolean started() {
        return startups.get() > 0;
    }

    private static SOCKET sock(OsHandle e) {
        return NativeHandles.socket(e.os());
    }

    private int closesocketOs(long os) {
        NativeCalls.CapturedInt r = calls.callInt(() -> lib.closesocket(NativeHandles.socket(os)));
        return r.value() == 0 ? 0 : r.lastError();
    }

    private int closeEventOs(long os) {
        NativeCalls.CapturedBool r = calls.callBool(() -> lib.WSACloseEvent(NativeHandles.handle(os)));
        return r.ok() ? 0 : r.lastError();
    }

    /** Runs an {@code int} call on the socket {@code s} names, leased; WSAENOTSOCK without reaching Windows otherwise. */
    private int onSocket(long s, Function<OsHandle, NativeCalls.CapturedInt> call) {
        if (!started()) {
            return error(NOTINITIALISED);
        }
        return handles.call(s, e -> {
            if (e.closer() != Closer.CLOSESOCKET) {
                return error(ENOTSOCK);
            }
            NativeCalls.CapturedInt r = call.apply(e);
            return r.value() == SOCKET_ERROR ? error(r.lastError()) : r.value();
        }, () -> error(ENOTSOCK));
    }

    private long registerSocket(SOCKET os) {
        long v = NativeHandles.value(os);
        try {
            return handles.register(new OsHandle(v, "Socket", Closer.CLOSESOCKET, true, this::closesocketOs, new Sock()));
        } catch (RuntimeException full) {
            return errorSocket(Win32Error.WSAENOBUFS.code());
        }
    }

    /** A {@code sockaddr_in}/{@code sockaddr_in6} in native memory (network byte order port). */
    static Memory sockaddr(SockAddr a) {
        Memory m = new Memory(SOCKADDR_MAX);
        m.clear();
        if (a == null || a.address == null) {
            return m;
        }
        byte[] ip = a.address.getAddress();
        m.setShort(0, (short) (ip.length == 16 ? AF_INET6 : AF_INET));
        m.setShort(2, Short.reverseBytes((short) a.port));
        if (ip.length == 16) {
            m.write(8, ip, 0, 16);
        } else {
            m.write(4, ip, 0, 4);
        }
        return m;
    }

    /** Reads a {@code sockaddr_in}/{@code sockaddr_in6} into {@code out}. */
    static void read(Pointer p, SockAddr out) {
        int family = p.getShort(0);
        int port = Short.toUnsignedInt(Short.reverseBytes(p.getShort(2)));
        try {
            out.address = InetAddress.getByAddress(family == AF_INET6 ? p.getByteArray(8, 16) : p.getByteArray(4, 4));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
        out.family = family == AF_INET6 ? AF_INET6 : AF_INET;
        out.port = port;
    }

    // ------------------------------------------------------------------ startup (WS-01)

    @Override
    public int WSAStartup(short wVersionRequested, WSAData lpWSAData) {
        if (lpWSAData == null) {
            return EFAULT;
        }
        WSADATA data = new WSADATA();
        int rc = calls.returningError(() -> lib.WSAStartup(wVersionRequested, data));
        if (rc == 0) {
            startups.incrementAndGet();
            lpWSAData.wVersion = data.wVersion;
            lpWSAData.wHighVersion = data.wHighVersion;
            lpWSAData.iMaxSockets = data.iMaxSockets;
            lpWSAData.iMaxUdpDg = data.iMaxUdpDg;
            lpWSAData.szDescription = data.description();
            lpWSAData.szSystemStatus = "Running";
        }
        return rc;
    }

    @Override
    public int WSACleanup() {
        int left;
        do {
            left = startups.get();
            if (left == 0) {
                return error(NOTINITIALISED);
            }
        } while (!startups.compareAndSet(left, left - 1));
        if (left == 1) {
            // The session's final cleanup destroys its sockets (WS-01): close them before Windows may
            // hand their OS values to someone else.
            for (LiveHandle<HandleEntry> h : handles.table().snapshot()) {
                if (h.entry() instanceof OsHandle e && e.closer() == Closer.CLOSESOCKET) {
                    handles.close(h.value());
                }
            }
        }
        NativeCalls.CapturedInt r = calls.callInt(lib::WSACleanup);
        return r.value() == 0 ? 0 : error(r.lastError());
    }

    @Override
    public int WSAGetLastError() {
        return session.lastError().get();
    }

    @Override
    public void WSASetLastError(int iError) {
        session.lastError().set(iError);
    }

    // ------------------------------------------------------------------ sockets

    @Override
    public long socket(int af, int type, int protocol) {
        if (!started()) {
            return errorSocket(NOTINITIALISED);
        }
        NativeCalls.Captured<SOCKET> r = calls.call(() -> lib.socket(af, type, protocol));
        if (r.value() == null || NativeHandles.value(r.value()) == INVALID_SOCKET) {
            return errorSocket(r.lastError());
        }
        return registerSocket(r.value());
    }

    @Override
    public int bind(long s, SockAddr name, int namelen) {
        if (name == null) {
            return started() ? error(EFAULT) : error(NOTINITIALISED);
        }
        Memory addr = sockaddr(name);
        return onSocket(s, e -> calls.callInt(() -> lib.bind(sock(e), addr, namelen)));
    }

    @Override
    public int listen(long s, int backlog) {
        return onSocket(s, e -> calls.callInt(() -> lib.listen(sock(e), backlog)));
    }

    @Override
    public long accept(long s, SockAddr addr, IntRef addrlen) {
        if (!started()) {
            return errorSocket(NOTINITIALISED);
        }
        return handles.call(s, e -> {
            if (e.closer() != Closer.CLOSESOCKET) {
                return errorSocket(ENOTSOCK);
            }
            Memory peer = new Memory(SOCKADDR_MAX);
            peer.clear();
            IntByReference len = new IntByReference(SOCKADDR_MAX);
            NativeCalls.Captured<SOCKET> r = calls.call(() -> lib.accept(sock(e), peer, len));
            if (r.value() == null || NativeHandles.value(r.value()) == INVALID_SOCKET) {
                return errorSocket(r.lastError());
            }
            if (addr != null) {
                read(peer, addr);
            }
            if (addrlen != null) {
                addrlen.value = len.getValue();
            }
            return registerSocket(r.value());
        }, () -> errorSocket(ENOTSOCK));
    }

    @Override
    public int connect(long s, SockAddr name, int namelen) {
        if (name == null) {
            return started() ? error(EFAULT) : error(NOTINITIALISED);
        }
        Memory addr = sockaddr(name);
        return onSocket(s, e -> calls.callInt(() -> lib.connect(sock(e), addr, namelen)));
    }

    private static boolean badBuffer(byte[] buf, int len) {
        return len < 0 || (len > 0 && (buf == null || buf.length < len));
    }

    @Override
    public int send(long s, byte[] buf, int len, int flags) {
        if (badBuffer(buf, len)) {
            return started() ? error(EFAULT) : error(NOTINITIALISED);
        }
        byte[] data = buf == null ? new byte[0] : buf;
        return onSocket(s, e -> calls.callInt(() -> lib.send(sock(e), data, len, flags)));
    }

    @Override
    public int recv(long s, byte[] buf, int len, int flags) {
        if (badBuffer(buf, len)) {
            return started() ? error(EFAULT) : error(NOTINITIALISED);
        }
        byte[] data = buf == null ? new byte[0] : buf;
        // The lease lasts the whole (blocking) receive: a racing closesocket takes effect when it returns (WS-14).
        return onSocket(s, e -> calls.callInt(() -> lib.recv(sock(e), data, len, flags)));
    }

    @Override
    public int sendto(long s, byte[] buf, int len, int flags, SockAddr to, int tolen) {
        if (badBuffer(buf, len)) {
            return started() ? error(EFAULT) : error(NOTINITIALISED);
        }
        byte[] data = buf == null ? new byte[0] : buf;
        Memory addr = to == null ? null : sockaddr(to);
        return onSocket(s, e -> calls.callInt(() -> lib.sendto(sock(e), data, len, flags, addr, to == null ? 0 : tolen)));
    }

    @Override
    public int recvfrom(long s, byte[] buf, int len, int flags, SockAddr from, IntRef fromlen) {
        if (badBuffer(buf, len)) {
            return started() ? error(EFAULT) : error(NOTINITIALISED);
        }
        byte[] data = buf == null ? new byte[0] : buf;
        Memory addr = new Memory(SOCKADDR_MAX);
        addr.clear();
        IntByReference alen = new IntByReference(SOCKADDR_MAX);
        int n = onSocket(s, e -> calls.callInt(() -> lib.recvfrom(sock(e), data, len, flags,
                from == null ? null : addr, from == null ? null : alen)));
        if (n != SOCKET_ERROR && from != null) {
            read(addr, from);
            if (fromlen != null) {
                fromlen.value = alen.getValue();
            }
        }
        return n;
    }

    @Override
    public int shutdown(long s, int how) {
        return onSocket(s, e -> calls.callInt(() -> lib.shutdown(sock(e), how)));
    }

    @Override
    public int closesocket(long s) {
        long start = System.nanoTime();
        if (!started()) {
            return closed(s, "(invalid)", error(NOTINITIALISED), NOTINITIALISED, CloseEvent.Outcome.NOT_INITIALISED, start);
        }
        OsHandle e = handles.peek(s);
        if (e == null || e.closer() != Closer.CLOSESOCKET) {
            // WS-02; a kernel object's handle stays intact (WS-15).
            return closed(s, e == null ? "(invalid)" : e.typeName(), error(ENOTSOCK), ENOTSOCK, CloseEvent.Outcome.NOT_A_SOCKET, start);
        }
        if (((Sock) e.state()).nonBlocking && lingersWithTimeout(s)) {
            // WS-07: Windows may refuse with WSAEWOULDBLOCK and keep the socket; try it before invalidating.
            int rc = handles.call(s, x -> closesocketOs(x.os()), () -> ENOTSOCK);
            if (rc != 0) {
                return closed(s, "Socket", error(rc), rc, CloseEvent.Outcome.REFUSED, start);
            }
            e.disown();
            handles.close(s);
            return closed(s, "Socket", 0, 0, CloseEvent.Outcome.CLOSED, start);
        }
        OsHandle c = handles.close(s);
        if (c == null) {
            return closed(s, "(invalid)", error(ENOTSOCK), ENOTSOCK, CloseEvent.Outcome.NOT_A_SOCKET, start);
        }
        int rc = c.closeResult();
        if (rc == OsHandle.DEFERRED) {
            return closed(s, "Socket", 0, 0, CloseEvent.Outcome.DEFERRED_BEHIND_CALL, start); // WS-14
        }
        return rc == 0 ? closed(s, "Socket", 0, 0, CloseEvent.Outcome.CLOSED, start) : closed(s, "Socket", error(rc), rc, CloseEvent.Outcome.OS_ERROR, start);
    }

    private boolean lingersWithTimeout(long s) {
        return handles.call(s, e -> {
            Memory l = new Memory(4);
            l.clear();
            IntByReference len = new IntByReference(4);
            NativeCalls.CapturedInt r = calls.callInt(() -> lib.getsockopt(sock(e), SOL_SOCKET, SO_LINGER, l, len));
            return r.value() == 0 && l.getShort(0) != 0 && l.getShort(2) != 0;
        }, () -> false);
    }

    private int closed(long s, String type, int result, int error, CloseEvent.Outcome outcome, long start) {
        if (session.closeEvents().enabled()) {
            session.closeEvents().emit(HandleSpace.KERNEL, "closesocket", s, type, error, outcome, start);
        }
        return result;
    }

    @Override
    public int setsockopt(long s, int level, int optname, byte[] optval, int optlen) {
        if (level == SOL_SOCKET && optname == SO_UPDATE_ACCEPT_CONTEXT) {
            return extensions.updateAcceptContext(s, optval, optlen); // the value is a socket: ours, not Windows'
        }
        if (badBuffer(optval, optlen)) {
            return started() ? error(EFAULT) : error(NOTINITIALISED);
        }
        Memory value = optlen == 0 ? null : new Memory(optlen);
        if (value != null) {
            value.write(0, optval, 0, optlen);
        }
        return onSocket(s, e -> calls.callInt(() -> lib.setsockopt(sock(e), level, optname, value, optlen)));
    }

    @Override
    public int getsockopt(long s, int level, int optname, byte[] optval, IntRef optlen) {
        if (optval == null || optlen == null || optlen.value < 0 || optlen.value > optval.length) {
            return started() ? error(EFAULT) : error(NOTINITIALISED);
        }
        Memory value = new Memory(Math.max(1, optlen.value));
        value.clear();
        IntByReference len = new IntByReference(optlen.value);
        int rc = onSocket(s, e -> calls.callInt(() -> lib.getsockopt(sock(e), level, optname, value, len)));
        if (rc == 0) {
            int n = Math.min(len.getValue(), optval.length);
            value.read(0, optval, 0, n);
            optlen.value = n;
        }
        return rc;
    }

    @Override
    public int ioctlsocket(long s, int cmd, IntRef argp) {
        if (argp == null) {
            return started() ? error(EFAULT) : error(NOTINITIALISED);
        }
        IntByReference arg = new IntByReference(argp.value);
        return onSocket(s, e -> {
            NativeCalls.CapturedInt r = calls.callInt(() -> lib.ioctlsocket(sock(e), cmd, arg));
            if (r.value() == 0) {
                argp.value = arg.getValue();
                if (cmd == FIONBIO) {
                    ((Sock) e.state()).nonBlocking = argp.value != 0;
                }
            }
            return r;
        });
    }

    @Override
    public int getsockname(long s, SockAddr name, IntRef namelen) {
        return nameOf(s, name, namelen, true);
    }

    @Override
    public int getpeername(long s, SockAddr name, IntRef namelen) {
        return nameOf(s, name, namelen, false);
    }

    private int nameOf(long s, SockAddr name, IntRef namelen, boolean local) {
        if (name == null || namelen == null) {
            return started() ? error(EFAULT) : error(NOTINITIALISED);
        }
        Memory addr = new Memory(SOCKADDR_MAX);
        addr.clear();
        IntByReference len = new IntByReference(SOCKADDR_MAX);
        int rc = onSocket(s, e -> calls.callInt(() -> local ? lib.getsockname(sock(e), addr, len)
                : lib.getpeername(sock(e), addr, len)));
        if (rc == 0) {
            read(addr, name);
            namelen.value = len.getValue();
        }
        return rc;
    }

    // ------------------------------------------------------------------ overlapped I/O (WS-09)

    @Override
    public int WSASend(long s, WSABUF[] lpBuffers, int dwBufferCount, IntRef lpNumberOfBytesSent, int dwFlags,
                       Overlapped lpOverlapped, OverlappedCompletionRoutine lpCompletionRoutine) {
        byte[] data = gather(lpBuffers, dwBufferCount);
        if (data == null || (lpOverlapped == null && lpNumberOfBytesSent == null)) {
            return started() ? error(EFAULT) : error(NOTINITIALISED);
        }
        if (lpOverlapped != null || lpCompletionRoutine != null) {
            if (lpOverlapped == null) {
                return started() ? error(EFAULT) : error(NOTINITIALISED);
            }
            return overlapped(s, lpBuffers, dwBufferCount, data, data.length, lpNumberOfBytesSent, null, dwFlags,
                    lpOverlapped, lpCompletionRoutine);
        }
        int n = send(s, data, data.length, dwFlags);
        if (n == SOCKET_ERROR) {
            return SOCKET_ERROR;
        }
        lpNumberOfBytesSent.value = n;
        return 0;
    }

    @Override
    public int WSARecv(long s, WSABUF[] lpBuffers, int dwBufferCount, IntRef lpNumberOfBytesRecvd, IntRef lpFlags,
                       Overlapped lpOverlapped, OverlappedCompletionRoutine lpCompletionRoutine) {
        if (lpBuffers == null || dwBufferCount <= 0 || dwBufferCount > lpBuffers.length || lpFlags == null
                || (lpOverlapped == null && lpNumberOfBytesRecvd == null)) {
            return started() ? error(EFAULT) : error(NOTINITIALISED);
        }
        int total = 0;
        for (int i = 0; i < dwBufferCount; i++) {
            if (lpBuffers[i] == null || badBuffer(lpBuffers[i].buf, lpBuffers[i].len)) {
                return started() ? error(EFAULT) : error(NOTINITIALISED);
            }
            total += lpBuffers[i].len;
        }
        if (lpOverlapped != null || lpCompletionRoutine != null) {
            if (lpOverlapped == null) {
                return started() ? error(EFAULT) : error(NOTINITIALISED);
            }
            return overlapped(s, lpBuffers, dwBufferCount, null, total, lpNumberOfBytesRecvd, lpFlags, 0, lpOverlapped,
                    lpCompletionRoutine);
        }
        byte[] data = new byte[total];
        int n = recv(s, data, total, lpFlags.value);
        if (n == SOCKET_ERROR) {
            return SOCKET_ERROR;
        }
        scatter(data, n, lpBuffers, dwBufferCount);
        lpNumberOfBytesRecvd.value = n;
        return 0;
    }

    private static byte[] gather(WSABUF[] buffers, int count) {
        if (buffers == null || count <= 0 || count > buffers.length) {
            return null;
        }
        for (int i = 0; i < count; i++) {
            if (buffers[i] == null || badBuffer(buffers[i].buf, buffers[i].len)) {
                return null;
            }
        }
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(buffers, 0, count).mapToInt(b -> b.len).sum());
        for (int i = 0; i < count; i++) {
            out.put(buffers[i].buf == null ? new byte[0] : buffers[i].buf, 0, buffers[i].len);
        }
        return out.array();
    }

    private static void scatter(byte[] data, int n, WSABUF[] buffers, int count) {
        int at = 0;
        for (int i = 0; i < count && at < n; i++) {
            int k = Math.min(buffers[i].len, n - at);
            System.arraycopy(data, at, buffers[i].buf, 0, k);
            at += k;
        }
    }

    /**
     * An overlapped send ({@code payload} non-null) or receive. The native {@code OVERLAPPED} carries an
     * event of its own; a completion thread waits for it, reads the result from the {@code OVERLAPPED},
     * copies received bytes into the Java buffers, stores the result in the Java {@code WSAOVERLAPPED}
     * and then calls the completion routine or signals the caller's event — exactly once, also when
     * {@code closesocket} cancelled the operation (WS-09, via {@link OverlappedOperations}).
     */
    private int overlapped(long s, WSABUF[] buffers, int count, byte[] payload, int size, IntRef transferred,
                           IntRef lpFlags, int sendFlags, Overlapped ov, OverlappedCompletionRoutine routine) {
        if (!started()) {
            return error(NOTINITIALISED);
        }
        NativeCalls.Captured<HANDLE> ev = calls.call(lib::WSACreateEvent);
        if (ev.value() == null) {
            return error(ev.lastError());
        }
        HANDLE event = ev.value();
        ov.InternalHigh = 0;
        ov.Internal = Overlapped.STATUS_PENDING;
        OverlappedOperations.Operation op = operations.begin(size, c -> deliver(c, payload == null ? buffers : null, count,
                ov, routine, event));
        op.overlapped().setPointer(2L * Native.POINTER_SIZE + 8, event.getPointer()); // OVERLAPPED.hEvent
        if (payload != null && size > 0) {
            op.buffer().write(0, payload, 0, size);
        }
        IntByReference bytes = new IntByReference();
        IntByReference flags = new IntByReference(lpFlags == null ? 0 : lpFlags.value);
        int rc = onSocket(s, e -> calls.callInt(() -> payload != null
                ? lib.WSASend(sock(e), op.wsabuf(), 1, bytes, sendFlags, op.overlapped(), null)
                : lib.WSARecv(sock(e), op.wsabuf(), 1, bytes, flags, op.overlapped(), null)));
        if (rc == SOCKET_ERROR && session.lastError().get() != IO_PENDING) {
            operations.abandon(op); // failed at once: Windows reports no completion
            lib.WSACloseEvent(event);
            ov.Internal = session.lastError().get();
            return SOCKET_ERROR;
        }
        if (rc == 0) {
            // Completed at once: the result is known now, so the caller sees it on return; the event
            // still fires and finds the operation delivered.
            operations.complete(op.overlapped(), 0, bytes.getValue(), flags.getValue());
            if (transferred != null) {
                transferred.value = bytes.getValue();
            }
            if (lpFlags != null) {
                lpFlags.value = flags.getValue();
            }
        }
        completer.execute(() -> awaitCompletion(op, event));
        return rc;
    }

    private void awaitCompletion(OverlappedOperations.Operation op, HANDLE event) {
        try {
            while (true) {
                int w = kernel.WaitForSingleObject(event, 200);
                if (w == 0 || w == -1 || closing) {
                    break;
                }
            }
            Pointer o = op.overlapped();
            long status = Native.POINTER_SIZE == 8 ? o.getLong(0) : o.getInt(0);
            long high = Native.POINTER_SIZE == 8 ? o.getLong(Native.POINTER_SIZE) : o.getInt(Native.POINTER_SIZE);
            operations.complete(o, wsaError((int) status), (int) high, 0);
        } finally {
            lib.WSACloseEvent(event);
        }
    }

    /** The Winsock error for an {@code OVERLAPPED.Internal} NTSTATUS. */
    static int wsaError(int status) {
        return switch (status) {
            case 0 -> 0;
            case 0xC0000120 -> Win32Error.ERROR_OPERATION_ABORTED.code(); // STATUS_CANCELLED: closesocket (WS-09)
            case 0xC000013B -> Win32Error.WSAECONNABORTED.code(); // STATUS_LOCAL_DISCONNECT
            case 0xC000013C, 0xC000020D -> Win32Error.WSAECONNRESET.code(); // remote disconnect, reset
            case 0x103 -> Win32Error.ERROR_OPERATION_ABORTED.code(); // still pending at session close
            default -> Win32Error.WSAECONNABORTED.code();
        };
    }

    private void deliver(OverlappedOperations.Completion c, WSABUF[] receiveInto, int count, Overlapped ov,
                         OverlappedCompletionRoutine routine, HANDLE event) {
        int n = Math.max(0, c.bytesTransferred());
        if (receiveInto != null && c.error() == 0 && n > 0) {
            scatter(c.operation().buffer().getByteArray(0, n), n, receiveInto, count);
        }
        ov.InternalHigh = n;
        ov.Internal = c.error();
        synchronized (completed) {
            completed.notifyAll();
        }
        if (routine != null) {
            completer.execute(() -> {
                try {
                    routine.invoke(c.error(), n, ov, c.flags());
                } catch (Throwable t) {
                    uncaught.accept(t);
                }
            });
        } else if (ov.hEvent != 0) {
            onEvent(ov.hEvent, h -> calls.callBool(() -> kernel.SetEvent(h)));
        }
    }

    // ---- WS-19: descriptors ----

    @Override
    public long WSASocketW(int af, int type, int protocol, WSAPROTOCOL_INFOW lpProtocolInfo, int g, int dwFlags) {
        if (!started()) {
            return errorSocket(NOTINITIALISED);
        }
        Memory info = lpProtocolInfo == null ? null : ProtocolInfoLayout.write(lpProtocolInfo);
        NativeCalls.Captured<SOCKET> r = calls.call(() -> lib.WSASocket(af, type, protocol, info, g, dwFlags));
        if (r.value() == null || NativeHandles.value(r.value()) == INVALID_SOCKET) {
            return errorSocket(r.lastError());
        }
        return registerSocket(r.value()); // a duplicate is a socket of its own for Windows: closesocket frees it
    }

    @Override
    public int WSADuplicateSocketW(long s, int dwProcessId, WSAPROTOCOL_INFOW lpProtocolInfo) {
        Memory info = lpProtocolInfo == null ? null : ProtocolInfoLayout.allocate();
        int rc = onSocket(s, e -> calls.callInt(() -> lib.WSADuplicateSocket(sock(e), dwProcessId, info)));
        if (rc == 0 && info != null) {
            ProtocolInfoLayout.read(info, lpProtocolInfo);
        }
        return rc;
    }

    // ---- WS-18 extension functions: through WSAIoctl's function pointers (NativeExtensionFunctions) ----

    @Override
    public int WSAIoctl(long s, int dwIoControlCode, byte[] lpvInBuffer, int cbInBuffer, byte[] lpvOutBuffer,
                        int cbOutBuffer, IntRef lpcbBytesReturned, Overlapped lpOverlapped,
                        OverlappedCompletionRoutine lpCompletionRoutine) {
        return extensions.WSAIoctl(s, dwIoControlCode, lpvInBuffer, cbInBuffer, lpvOutBuffer, cbOutBuffer,
                lpcbBytesReturned, lpOverlapped, lpCompletionRoutine);
    }

    @Override
    public boolean AcceptEx(long sListenSocket, long sAcceptSocket, byte[] lpOutputBuffer, int dwReceiveDataLength,
                            int dwLocalAddressLength, int dwRemoteAddressLength, IntRef lpdwBytesReceived,
                            Overlapped lpOverlapped) {
        return extensions.AcceptEx(sListenSocket, sAcceptSocket, lpOutputBuffer, dwReceiveDataLength,
                dwLocalAddressLength, dwRemoteAddressLength, lpdwBytesReceived, lpOverlapped);
    }

    @Override
    public void GetAcceptExSockaddrs(byte[] lpOutputBuffer, int dwReceiveDataLength, int dwLocalAddressLength,
                                     int dwRemoteAddressLength, SockAddr LocalSockaddr, IntRef LocalSockaddrLength,
                                     SockAddr RemoteSockaddr, IntRef RemoteSockaddrLength) {
        extensions.GetAcceptExSockaddrs(lpOutputBuffer, dwReceiveDataLength, dwLocalAddressLength, dwRemoteAddressLength,
                LocalSockaddr, LocalSockaddrLength, RemoteSockaddr, RemoteSockaddrLength);
    }

    @Override
    public boolean ConnectEx(long s, SockAddr name, int namelen, byte[] lpSendBuffer, int dwSendDataLength,
                             IntRef lpdwBytesSent, Overlapped lpOverlapped) {
        return extensions.ConnectEx(s, name, namelen, lpSendBuffer, dwSendDataLength, lpdwBytesSent, lpOverlapped);
    }

    @Override
    public boolean DisconnectEx(long s, Overlapped lpOverlapped, int dwFlags, int dwReserved) {
        return extensions.DisconnectEx(s, lpOverlapped, dwFlags, dwReserved);
    }

    @Override
    public boolean WSAGetOverlappedResult(long s, Overlapped lpOverlapped, IntRef lpcbTransfer, boolean fWait,
                                          IntRef lpdwFlags) {
        if (!started()) {
            error(NOTINITIALISED);
            return false;
        }
        if (lpOverlapped == null || lpcbTransfer == null || lpdwFlags == null) {
            error(EFAULT);
            return false;
        }
        // The result lives in the OVERLAPPED, also after the socket was closed (WS-09).
        synchronized (completed) {
            while (lpOverlapped.Internal == Overlapped.STATUS_PENDING) {
                if (!fWait) {
                    error(Win32Error.ERROR_IO_INCOMPLETE.code());
                    return false;
                }
                try {
                    completed.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    error(Win32Error.WSAEINTR.code());
                    return false;
                }
            }
        }
        lpcbTransfer.value = (int) lpOverlapped.InternalHigh;
        lpdwFlags.value = 0;
        int status = (int) lpOverlapped.Internal;
        if (status != 0) {
            error(status);
            return false;
        }
        return true;
    }

    /** Stops the completion threads (the session's sockets are closed before, which ends their waits). */
    @Override
    public void close() {
        closing = true;
        completer.shutdown();
    }

    // ------------------------------------------------------------------ events (WS-10)

    @Override
    public long WSACreateEvent() {
        NativeCalls.Captured<HANDLE> r = calls.call(lib::WSACreateEvent);
        long os = NativeHandles.value(r.value());
        if (os == 0) {
            session.lastError().set(r.lastError());
            return WSA_INVALID_EVENT;
        }
        try {
            return handles.register(new OsHandle(os, "Event", Closer.CLOSE_HANDLE, true, this::closeEventOs, null));
        } catch (RuntimeException full) {
            session.lastError().set(Win32Error.WSAENOBUFS.code());
            return WSA_INVALID_EVENT;
        }
    }

    /** Runs a BOOL call on the kernel object {@code h} names (an event), leased; 6 otherwise. */
    private boolean onEvent(long h, Function<HANDLE, NativeCalls.CapturedBool> call) {
        return handles.call(h, e -> {
            if (e.closer() != Closer.CLOSE_HANDLE) {
                session.lastError().set(INVALID_HANDLE);
                return false;
            }
            NativeCalls.CapturedBool r = call.apply(NativeHandles.handle(e.os()));
            if (!r.ok()) {
                session.lastError().set(r.lastError());
            }
            return r.ok();
        }, () -> {
            session.lastError().set(INVALID_HANDLE);
            return false;
        });
    }

    @Override
    public boolean WSACloseEvent(long hEvent) {
        OsHandle e = handles.peek(hEvent);
        if (e == null || e.closer() != Closer.CLOSE_HANDLE) {
            session.lastError().set(INVALID_HANDLE);
            return false;
        }
        OsHandle c = handles.close(hEvent);
        int rc = c == null ? INVALID_HANDLE : c.closeResult();
        if (rc != 0 && rc != OsHandle.DEFERRED) {
            session.lastError().set(rc);
            return false;
        }
        return true;
    }

    @Override
    public boolean WSASetEvent(long hEvent) {
        return onEvent(hEvent, h -> calls.callBool(() -> kernel.SetEvent(h)));
    }

    @Override
    public boolean WSAResetEvent(long hEvent) {
        return onEvent(hEvent, h -> calls.callBool(() -> kernel.ResetEvent(h)));
    }

    @Override
    public int WSAWaitForMultipleEvents(int cEvents, long[] lphEvents, boolean fWaitAll, int dwTimeout, boolean fAlertable) {
        if (lphEvents == null || cEvents <= 0 || cEvents > WSA_MAXIMUM_WAIT_EVENTS || cEvents > lphEvents.length) {
            session.lastError().set(Win32Error.ERROR_INVALID_PARAMETER.code());
            return WSA_WAIT_FAILED;
        }
        long[] leased = new long[cEvents];
        HANDLE[] os = new HANDLE[cEvents];
        int n = 0;
        try {
            for (int i = 0; i < cEvents; i++) {
                OsHandle e = handles.acquire(lphEvents[i]);
                if (e == null) {
                    session.lastError().set(INVALID_HANDLE);
                    return WSA_WAIT_FAILED;
                }
                leased[n++] = lphEvents[i];
                os[i] = NativeHandles.handle(e.os());
            }
            // fAlertable is not honoured: no completion routines are queued through this facade.
            NativeCalls.CapturedInt r = calls.callInt(() -> kernel.WaitForMultipleObjects(cEvents, os, fWaitAll, dwTimeout));
            if (r.value() == WSA_WAIT_FAILED) {
                session.lastError().set(r.lastError());
            }
            return r.value();
        } finally {
            for (int i = 0; i < n; i++) {
                handles.release(leased[i]);
            }
        }
    }

    @Override
    public int WSAEventSelect(long s, long hEventObject, int lNetworkEvents) {
        if (!started()) {
            return error(NOTINITIALISED);
        }
        if (hEventObject == 0) {
            return onSocket(s, e -> {
                NativeCalls.CapturedInt r = calls.callInt(() -> lib.WSAEventSelect(sock(e), null, lNetworkEvents));
                ((Sock) e.state()).nonBlocking = true;
                return r;
            });
        }
        OsHandle ev = handles.acquire(hEventObject);
        if (ev == null) {
            return error(Win32Error.WSAEINVAL.code());
        }
        try {
            return onSocket(s, e -> {
                NativeCalls.CapturedInt r = calls.callInt(() -> lib.WSAEventSelect(sock(e), NativeHandles.handle(ev.os()),
                        lNetworkEvents));
                if (r.value() == 0) {
                    ((Sock) e.state()).nonBlocking = true; // WSAEventSelect makes the socket non-blocking
                }
                return r;
            });
        } finally {
            handles.release(hEventObject);
        }
    }

    @Override
    public int WSAEnumNetworkEvents(long s, long hEventObject, WSANETWORKEVENTS lpNetworkEvents) {
        if (lpNetworkEvents == null) {
            return started() ? error(EFAULT) : error(NOTINITIALISED);
        }
        io.teardown.backend.windows.jna.WSANETWORKEVENTS out = new io.teardown.backend.windows.jna.WSANETWORKEVENTS();
        OsHandle ev = hEventObject == 0 ? null : handles.acquire(hEventObject);
        if (hEventObject != 0 && ev == null) {
            return started() ? error(Win32Error.WSAEINVAL.code()) : error(NOTINITIALISED);
        }
        try {
            int rc = onSocket(s, e -> calls.callInt(() -> lib.WSAEnumNetworkEvents(sock(e),
                    ev == null ? null : NativeHandles.handle(ev.os()), out)));
            if (rc == 0) {
                lpNetworkEvents.lNetworkEvents = out.lNetworkEvents;
                System.arraycopy(out.iErrorCode, 0, lpNetworkEvents.iErrorCode, 0,
                        Math.min(out.iErrorCode.length, lpNetworkEvents.iErrorCode.length));
            }
            return rc;
        } finally {
            if (ev != null) {
                handles.release(hEventObject);
            }
        }
    }
}

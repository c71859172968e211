package io.teardown.backend.windows.winsock;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import io.teardown.api.CloseEvent;
import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.HandleEntry;
import io.teardown.backend.windows.handles.OsHandle;
import io.teardown.backend.windows.jna.MswsockFunctions;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.NativeHandles;
import io.teardown.backend.windows.jna.ProtocolInfoLayout;
import io.teardown.backend.windows.jna.SOCKET;
import io.teardown.backend.windows.jna.WSADATA;
import io.teardown.backend.windows.jna.Ws2_32Library;
import io.teardown.backend.windows.jna.Kernel32Library;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.CloseOutcome;
import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.WSAPROTOCOL_INFOW;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockDriver;
import io.teardown.winsock.spi.WinsockEventCalls;
import io.teardown.winsock.spi.WinsockExtensionCalls;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Winsock front's driver on the real ws2_32.dll: passes the OS socket of a socket the front resolved
 * and leased to Windows, which applies the socket rules itself. What is the front's — WS-01 per session,
 * {@code WSAENOTSOCK} for values that are not open sockets (WS-02, WS-15, WS-17), the argument checks, the
 * last-error rule, close events, the close racing a call (WS-14) — is not here. This class adds only what
 * Windows cannot know: the OS close of a socket happens when the last call leasing it has returned (the
 * entry's reclaim), except for a non-blocking socket with a non-zero linger timeout, which Windows may
 * refuse to close with {@code WSAEWOULDBLOCK} (WS-07) and so is closed at once, before the front
 * invalidates the value. Overlapped I/O is {@link NativeOverlappedIo}, the event functions
 * {@link NativeEventCalls}, the extension functions {@link NativeExtensionFunctions}. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>.
 */
public final class NativeWinsockDriver implements WinsockDriver<NativeSocket> {
    private static final int SOCKET_ERROR = Ws2_32.SOCKET_ERROR;

    private final Session session;
    private final Ws2_32Library lib;
    private final NativeCalls calls;
    private final NativeEventCalls events;
    private final NativeOverlappedIo io;
    private final NativeExtensionFunctions extensions;

    /** The driver for {@code session} over {@code lib} (and kernel32 for the event functions). */
    public NativeWinsockDriver(Session session, Ws2_32Library lib, Kernel32Library kernel, NativeCalls calls) {
        this(session, lib, kernel, calls, Throwable::printStackTrace);
    }

    /** As above; exceptions thrown by completion routines go to {@code uncaught}. */
    public NativeWinsockDriver(Session session, Ws2_32Library lib, Kernel32Library kernel, NativeCalls calls,
                               Consumer<Throwable> uncaught) {
        this(session, lib, kernel, calls, uncaught, MswsockFunctions.NATIVE);
    }

    /** As above; the extension functions' pointers become calls through {@code binder} (tests: no native code). */
    NativeWinsockDriver(Session session, Ws2_32Library lib, Kernel32Library kernel, NativeCalls calls,
                        Consumer<Throwable> uncaught, MswsockFunctions.Binder binder) {
        this.session = Objects.requireNonNull(session, "session");
        this.lib = Objects.requireNonNull(lib, "lib");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.events = new NativeEventCalls(session, lib, Objects.requireNonNull(kernel, "kernel"), calls);
        this.io = new NativeOverlappedIo(session, lib, kernel, calls, uncaught, events::signal);
        this.extensions = new NativeExtensionFunctions(session, lib, calls, io, binder);
    }

    // ---- plumbing ----

    private int error(int code) {
        session.lastError().set(code);
        return SOCKET_ERROR;
    }

    /** A captured int call as the driver reports it: the value, or SOCKET_ERROR with the last error set. */
    private int result(NativeCalls.CapturedInt r) {
        return r.value() == SOCKET_ERROR ? error(r.lastError()) : r.value();
    }

    private int closesocketOs(long os) {
        NativeCalls.CapturedInt r = calls.callInt(() -> lib.closesocket(NativeHandles.socket(os)));
        return r.value() == 0 ? 0 : r.lastError();
    }

    /** A socket Windows returned, or null with its error as the last error. */
    private NativeSocket made(NativeCalls.Captured<SOCKET> r) {
        if (r.value() == null || NativeHandles.value(r.value()) == Ws2_32.INVALID_SOCKET) {
            session.lastError().set(r.lastError());
            return null;
        }
        return new NativeSocket(this, NativeHandles.value(r.value()), this::closesocketOs);
    }

    @Override
    public NativeSocket socketOf(HandleEntry entry) {
        return entry instanceof OsHandle e && e.state() instanceof NativeSocket s && s.owner == this ? s : null;
    }

    // ---- startup (WS-01) ----

    @Override
    public int startup(short wVersionRequested, WSAData lpWSAData) {
        if (lpWSAData == null) {
            return Win32Error.WSAEFAULT.code();
        }
        WSADATA data = new WSADATA();
        int rc = calls.returningError(() -> lib.WSAStartup(wVersionRequested, data));
        if (rc == 0) {
            lpWSAData.wVersion = data.wVersion;
            lpWSAData.wHighVersion = data.wHighVersion;
            lpWSAData.iMaxSockets = data.iMaxSockets;
            lpWSAData.iMaxUdpDg = data.iMaxUdpDg;
            lpWSAData.szDescription = data.description();
            lpWSAData.szSystemStatus = "Running";
        }
        return rc;
    }

    /** Nothing before the front takes the value out: the entry's reclaim closes the OS socket. */
    @Override
    public void destroy(NativeSocket socket) {
    }

    /** Every counted cleanup matches one WSAStartup this driver made. */
    @Override
    public int cleanup(boolean last) {
        return result(calls.callInt(lib::WSACleanup)) == SOCKET_ERROR ? SOCKET_ERROR : 0;
    }

    // ---- sockets ----

    @Override
    public NativeSocket socket(int af, int type, int protocol, WSAPROTOCOL_INFOW lpProtocolInfo, int g, int dwFlags) {
        if (lpProtocolInfo == null && g == 0 && dwFlags == Ws2_32.WSA_FLAG_OVERLAPPED) {
            return made(calls.call(() -> lib.socket(af, type, protocol))); // what socket() is
        }
        Memory info = lpProtocolInfo == null ? null : ProtocolInfoLayout.write(lpProtocolInfo);
        // A WS-19 duplicate is a socket of its own for Windows: closesocket frees it.
        return made(calls.call(() -> lib.WSASocket(af, type, protocol, info, g, dwFlags)));
    }

    @Override
    public NativeSocket accept(NativeSocket listener, SockAddr addr, IntRef addrlen) {
        Memory peer = SockAddrs.room();
        IntByReference len = new IntByReference(SockAddrs.SOCKADDR_MAX);
        NativeSocket child = made(calls.call(() -> lib.accept(listener.os(), peer, len)));
        if (child != null && addr != null) {
            SockAddrs.read(peer, addr);
            addrlen.value = len.getValue();
        }
        return child;
    }

    @Override
    public void discard(NativeSocket socket) {
        socket.entry().reclaim(); // closes the OS socket the table had no room for
    }

    @Override
    public int duplicateSocket(NativeSocket s, int dwProcessId, WSAPROTOCOL_INFOW lpProtocolInfo) {
        Memory info = lpProtocolInfo == null ? null : ProtocolInfoLayout.allocate();
        int rc = result(calls.callInt(() -> lib.WSADuplicateSocket(s.os(), dwProcessId, info)));
        if (rc == 0 && info != null) {
            ProtocolInfoLayout.read(info, lpProtocolInfo);
        }
        return rc;
    }

    @Override
    public int bind(NativeSocket s, SockAddr name, int namelen) {
        Memory addr = SockAddrs.sockaddr(name);
        return result(calls.callInt(() -> lib.bind(s.os(), addr, namelen)));
    }

    @Override
    public int listen(NativeSocket s, int backlog) {
        return result(calls.callInt(() -> lib.listen(s.os(), backlog)));
    }

    @Override
    public int connect(NativeSocket s, SockAddr name, int namelen) {
        Memory addr = SockAddrs.sockaddr(name);
        return result(calls.callInt(() -> lib.connect(s.os(), addr, namelen)));
    }

    @Override
    public int send(NativeSocket s, byte[] buf, int len, int flags) {
        return result(calls.callInt(() -> lib.send(s.os(), buf, len, flags)));
    }

    @Override
    public int recv(NativeSocket s, byte[] buf, int len, int flags) {
        // The front's lease lasts the whole (blocking) receive: a racing closesocket takes effect when it returns (WS-14).
        return result(calls.callInt(() -> lib.recv(s.os(), buf, len, flags)));
    }

    @Override
    public int sendto(NativeSocket s, byte[] buf, int len, int flags, SockAddr to, int tolen) {
        Memory addr = to == null ? null : SockAddrs.sockaddr(to);
        return result(calls.callInt(() -> lib.sendto(s.os(), buf, len, flags, addr, to == null ? 0 : tolen)));
    }

    @Override
    public int recvfrom(NativeSocket s, byte[] buf, int len, int flags, SockAddr from, IntRef fromlen) {
        Memory addr = SockAddrs.room();
        IntByReference alen = new IntByReference(SockAddrs.SOCKADDR_MAX);
        int n = result(calls.callInt(() -> lib.recvfrom(s.os(), buf, len, flags, from == null ? null : addr,
                from == null ? null : alen)));
        if (n != SOCKET_ERROR && from != null) {
            SockAddrs.read(addr, from);
            fromlen.value = alen.getValue();
        }
        return n;
    }

    @Override
    public int shutdown(NativeSocket s, int how) {
        return result(calls.callInt(() -> lib.shutdown(s.os(), how)));
    }

    @Override
    public int setsockopt(NativeSocket s, int level, int optname, byte[] optval, int optlen) {
        Memory value = optlen == 0 ? null : new Memory(optlen);
        if (value != null) {
            value.write(0, optval, 0, optlen);
        }
        return result(calls.callInt(() -> lib.setsockopt(s.os(), level, optname, value, optlen)));
    }

    @Override
    public int getsockopt(NativeSocket s, int level, int optname, byte[] optval, IntRef optlen) {
        Memory value = new Memory(Math.max(1, optlen.value));
        value.clear();
        IntByReference len = new IntByReference(optlen.value);
        int rc = result(calls.callInt(() -> lib.getsockopt(s.os(), level, optname, value, len)));
        if (rc == 0) {
            int n = Math.min(len.getValue(), optval.length);
            value.read(0, optval, 0, n);
            optlen.value = n;
        }
        return rc;
    }

    @Override
    public int ioctlsocket(NativeSocket s, int cmd, IntRef argp) {
        IntByReference arg = new IntByReference(argp.value);
        int rc = result(calls.callInt(() -> lib.ioctlsocket(s.os(), cmd, arg)));
        if (rc == 0) {
            argp.value = arg.getValue();
            if (cmd == Ws2_32.FIONBIO) {
                s.nonBlocking = argp.value != 0;
            }
        }
        return rc;
    }

    @Override
    public int getsockname(NativeSocket s, SockAddr name, IntRef namelen) {
        return nameOf(s, name, namelen, true);
    }

    @Override
    public int getpeername(NativeSocket s, SockAddr name, IntRef namelen) {
        return nameOf(s, name, namelen, false);
    }

    private int nameOf(NativeSocket s, SockAddr name, IntRef namelen, boolean local) {
        Memory addr = SockAddrs.room();
        IntByReference len = new IntByReference(SockAddrs.SOCKADDR_MAX);
        int rc = result(calls.callInt(() -> local ? lib.getsockname(s.os(), addr, len) : lib.getpeername(s.os(), addr, len)));
        if (rc == 0) {
            SockAddrs.read(addr, name);
            namelen.value = len.getValue();
        }
        return rc;
    }

    // ---- overlapped I/O (WS-09) ----

    @Override
    public int WSASend(NativeSocket s, WSABUF[] lpBuffers, int dwBufferCount, IntRef lpNumberOfBytesSent, int dwFlags,
                       Overlapped lpOverlapped, OverlappedCompletionRoutine lpCompletionRoutine) {
        if ((lpOverlapped == null && lpNumberOfBytesSent == null) || (lpOverlapped == null && lpCompletionRoutine != null)) {
            return error(Win32Error.WSAEFAULT.code());
        }
        byte[] data = NativeOverlappedIo.gather(lpBuffers, dwBufferCount);
        if (lpOverlapped != null) {
            return io.transfer(s, lpBuffers, dwBufferCount, data, data.length, lpNumberOfBytesSent, null, dwFlags,
                    lpOverlapped, lpCompletionRoutine);
        }
        int n = send(s, data, data.length, dwFlags);
        if (n != SOCKET_ERROR) {
            lpNumberOfBytesSent.value = n;
        }
        return n == SOCKET_ERROR ? SOCKET_ERROR : 0;
    }

    @Override
    public int WSARecv(NativeSocket s, WSABUF[] lpBuffers, int dwBufferCount, IntRef lpNumberOfBytesRecvd, IntRef lpFlags,
                       Overlapped lpOverlapped, OverlappedCompletionRoutine lpCompletionRoutine) {
        if ((lpOverlapped == null && lpNumberOfBytesRecvd == null) || (lpOverlapped == null && lpCompletionRoutine != null)) {
            return error(Win32Error.WSAEFAULT.code());
        }
        int total = 0;
        for (int i = 0; i < dwBufferCount; i++) {
            total += lpBuffers[i].len;
        }
        if (lpOverlapped != null) {
            return io.transfer(s, lpBuffers, dwBufferCount, null, total, lpNumberOfBytesRecvd, lpFlags, 0, lpOverlapped,
                    lpCompletionRoutine);
        }
        byte[] data = new byte[total];
        int n = recv(s, data, total, lpFlags.value);
        if (n == SOCKET_ERROR) {
            return SOCKET_ERROR;
        }
        NativeOverlappedIo.scatter(data, n, lpBuffers, dwBufferCount);
        lpNumberOfBytesRecvd.value = n;
        return 0;
    }

    @Override
    public boolean getOverlappedResult(NativeSocket s, Overlapped lpOverlapped, IntRef lpcbTransfer, boolean fWait,
                                       IntRef lpdwFlags) {
        return io.result(lpOverlapped, lpcbTransfer, fWait, lpdwFlags);
    }

    // ---- the other families: events (WS-10, KO-13), extension functions (WS-18) ----

    @Override
    public WinsockEventCalls<NativeSocket> events() {
        return events;
    }

    @Override
    public WinsockExtensionCalls<NativeSocket> extensions() {
        return extensions;
    }

    // ---- closesocket ----

    /**
     * WS-07: a non-blocking socket with a non-zero linger timeout is closed now, with the front's lease —
     * Windows may refuse with {@code WSAEWOULDBLOCK} and keep the socket. Any other socket is closed by its
     * entry's reclaim once the value is gone and the last call leasing it has returned (WS-14).
     */
    @Override
    public Close beginClose(NativeSocket s) {
        if (s.nonBlocking && lingersWithTimeout(s)) {
            int rc = closesocketOs(s.entry().os());
            if (rc != 0) {
                return new Close.Refused(rc);
            }
            s.entry().disown();
            return closed(() -> new Closed(0, CloseEvent.Outcome.CLOSED, new CloseOutcome.Closed()));
        }
        return closed(() -> {
            int rc = s.entry().closeResult();
            if (rc == OsHandle.DEFERRED) {
                return new Closed(0, CloseEvent.Outcome.DEFERRED_BEHIND_CALL, new CloseOutcome.Closed()); // WS-14
            }
            return rc == 0 ? new Closed(0, CloseEvent.Outcome.CLOSED, new CloseOutcome.Closed())
                    : new Closed(rc, CloseEvent.Outcome.OS_ERROR, null);
        });
    }

    /** A close whose work is the entry's reclaim; {@code result} reads what it did once the front's lease ended. */
    private static Closing closed(Supplier<Closed> result) {
        return new Closing() {
            private Closed closed;

            @Override
            public void finish() {
            }

            private Closed closed() {
                if (closed == null) {
                    closed = result.get();
                }
                return closed;
            }

            @Override
            public int error() {
                return closed().error();
            }

            @Override
            public CloseEvent.Outcome event() {
                return closed().event();
            }

            @Override
            public CloseOutcome outcome() {
                return closed().outcome();
            }
        };
    }

    private boolean lingersWithTimeout(NativeSocket s) {
        Memory l = new Memory(4);
        l.clear();
        IntByReference len = new IntByReference(4);
        NativeCalls.CapturedInt r = calls.callInt(() -> lib.getsockopt(s.os(), Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, l, len));
        return r.value() == 0 && l.getShort(0) != 0 && l.getShort(2) != 0;
    }

    /** Stops the completion threads (the session's sockets are closed before, which ends their waits). */
    @Override
    public void close() {
        io.close();
    }

    @Override
    public String toString() {
        return "NativeWinsockDriver[" + session.name() + "]";
    }
}

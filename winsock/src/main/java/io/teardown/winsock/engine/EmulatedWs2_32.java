package io.teardown.winsock.engine;

import io.teardown.api.CloseEvent;
import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LastError;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import io.teardown.winsock.spi.WinsockDiagnostics;
import io.teardown.winsock.spi.WinsockFaults;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import io.teardown.api.handle.LiveHandle;
import io.teardown.winsock.CloseOutcome;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.engine.KernelEvent;
import io.teardown.kernel.engine.ObjectManager;
import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.winsock.WSAPROTOCOL_INFOW;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.OutcomeReporting;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * The portable Winsock engine: every {@link Ws2_32} function with Windows' rules (WS-01 … WS-19) in
 * plain Java, over a {@link Transport}. One per session; sockets live in the session's kernel handle
 * table.
 *
 * <p>Each call on a socket leases its handle for the length of the call, so a concurrent
 * {@code closesocket} takes effect when the call returns, and a call blocked on the socket is woken
 * with {@code WSAEINTR} (WS-14). Errors go to the session's per-thread last error; nothing throws.
 */
public final class EmulatedWs2_32 implements Ws2_32, OutcomeReporting, WinsockDiagnostics, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmulatedWs2_32.class.getName());
    private static final short HIGHEST_VERSION = 0x0202;

    private final Session session;
    private final Transport transport;
    private final HandleTable<HandleEntry> table;
    private final LastError lastError;
    private final ObjectManager objects;
    private final SocketContext sockets;
    private final ExtensionFunctions extensions = new ExtensionFunctions(this);
    private final SocketDescriptors descriptors = new SocketDescriptors();
    private final Object startupLock = new Object();
    private int startups; // guarded by startupLock
    private volatile boolean started;
    private volatile WinsockFaults faults;

    /** The engine for one session over one transport. */
    public EmulatedWs2_32(Session session, Transport transport) {
        this.session = Objects.requireNonNull(session, "session");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.table = session.handles(HandleSpace.KERNEL);
        this.lastError = session.lastError();
        this.objects = ObjectManager.of(session);
        this.sockets = new SocketContext(transport, objects, session.name());
    }

    /** The transport under this engine. */
    public Transport transport() {
        return transport;
    }

    @Override
    public String transportName() {
        return transport.name();
    }

    @Override
    public int openTransportChannels() {
        return transport.openChannels();
    }

    /** How many sockets of this engine are open (for leak checks and tests). */
    public int openSockets() {
        int n = 0;
        for (LiveHandle<HandleEntry> h : table.snapshot()) {
            if (h.entry() instanceof SocketEntry e && e.owner == this) {
                n++;
            }
        }
        return n;
    }

    // ---- plumbing ----

    private WinsockFaults faults() {
        WinsockFaults f = faults;
        if (f == null) {
            f = WinsockFaults.of(session); // looked up lazily: never while the session builds this engine
            faults = f;
        }
        return f;
    }

    private void checkStarted() {
        if (!started) {
            throw WsaException.of(Win32Error.WSANOTINITIALISED);
        }
    }

    private void checkNetwork() {
        if (faults().networkDown()) {
            throw WsaException.of(Win32Error.WSAENETDOWN);
        }
    }

    private int fail(WsaException e) {
        lastError.set(e.error());
        return SOCKET_ERROR;
    }

    private int unexpected(RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "unexpected failure inside the winsock engine", e);
        lastError.set(Win32Error.WSAEFAULT);
        return SOCKET_ERROR;
    }

    /** Runs {@code call} on the socket {@code s} with a lease; sets the last error to 0 on success. */
    private int onSocket(long s, ToIntFunction<EmulatedSocket> call) {
        try {
            checkStarted();
            checkNetwork();
            SocketEntry e = lease(s);
            try {
                int r = call.applyAsInt(e.socket);
                lastError.set(0);
                return r;
            } finally {
                table.release(s);
            }
        } catch (WsaException e) {
            return fail(e);
        } catch (RuntimeException e) {
            return unexpected(e);
        }
    }

    /** Runs {@code call} on the socket {@code s} with a lease of its own (a second socket of one call). */
    void onLeased(long s, java.util.function.Consumer<EmulatedSocket> call) {
        SocketEntry e = lease(s);
        try {
            call.accept(e.socket);
        } finally {
            table.release(s);
        }
    }

    private SocketEntry lease(long s) {
        HandleEntry e = table.acquire(s);
        if (e == null) {
            throw WsaException.of(Win32Error.WSAENOTSOCK);
        }
        if (e instanceof SocketEntry se && se.owner == this) {
            return se;
        }
        table.release(s);
        throw WsaException.of(Win32Error.WSAENOTSOCK); // a kernel object, or a DuplicateHandle copy (WS-02)
    }

    private static InetSocketAddress address(EmulatedSocket sock, SockAddr name, int namelen) {
        if (name == null || name.address == null || namelen < name.size()) {
            throw WsaException.of(Win32Error.WSAEFAULT);
        }
        boolean v6 = name.address instanceof Inet6Address;
        if (name.family != sock.family || v6 != (sock.family == AF_INET6)) {
            throw WsaException.of(Win32Error.WSAEAFNOSUPPORT);
        }
        if (name.port < 0 || name.port > 0xFFFF) {
            throw WsaException.of(Win32Error.WSAEINVAL);
        }
        return new InetSocketAddress(name.address, name.port);
    }

    private static void buffer(byte[] buf, int len) {
        if (buf == null || len < 0 || len > buf.length) {
            throw WsaException.of(Win32Error.WSAEFAULT);
        }
    }

    private static void outAddress(SockAddr addr, IntRef len, InetSocketAddress value) {
        if (addr == null) {
            return;
        }
        if (len == null) {
            throw WsaException.of(Win32Error.WSAEFAULT);
        }
        int need = value.getAddress() instanceof Inet6Address ? SockAddr.SIZE_IN6 : SockAddr.SIZE_IN;
        if (len.value < need) {
            throw WsaException.of(Win32Error.WSAEFAULT);
        }
        addr.set(value);
        len.value = need;
    }

    // ---- startup (WS-01) ----

    @Override
    public int WSAStartup(short wVersionRequested, WSAData lpWSAData) {
        int major = wVersionRequested & 0xFF;
        int minor = (wVersionRequested >> 8) & 0xFF;
        if (major < 1 || (major == 1 && minor < 1)) {
            return Win32Error.WSAVERNOTSUPPORTED.code();
        }
        if (lpWSAData == null) {
            return Win32Error.WSAEFAULT.code();
        }
        boolean newer = major > 2 || (major == 2 && minor > 2);
        lpWSAData.wVersion = newer ? HIGHEST_VERSION : wVersionRequested;
        lpWSAData.wHighVersion = HIGHEST_VERSION;
        lpWSAData.szDescription = "WinSock 2.0 (Teardown, " + transport.name() + ")";
        lpWSAData.szSystemStatus = "Running";
        lpWSAData.iMaxSockets = 0;
        lpWSAData.iMaxUdpDg = 0;
        synchronized (startupLock) {
            startups++;
            started = true;
        }
        return 0;
    }

    @Override
    public int WSACleanup() {
        synchronized (startupLock) {
            if (startups == 0) {
                lastError.set(Win32Error.WSANOTINITIALISED);
                return SOCKET_ERROR;
            }
            if (--startups > 0) {
                return 0;
            }
            started = false;
        }
        descriptors.clear();
        // The last cleanup destroys every socket of the session, as if closesocket had been called
        // without blocking (a socket that would linger is closed gracefully).
        for (LiveHandle<HandleEntry> h : table.snapshot()) {
            if (h.entry() instanceof SocketEntry e && e.owner == this) {
                e.closedByWinsock();
                e.socket.release(false);
                table.close(h.value());
            }
        }
        return 0;
    }

    @Override
    public int WSAGetLastError() {
        return lastError.get();
    }

    @Override
    public void WSASetLastError(int iError) {
        lastError.set(iError);
    }

    // ---- sockets ----

    @Override
    public long socket(int af, int type, int protocol) {
        return WSASocketW(af, type, protocol, null, 0, WSA_FLAG_OVERLAPPED); // socket() makes overlapped sockets
    }

    private EmulatedSocket newSocket(int af, int type, int protocol) {
        if (af != AF_INET && af != AF_INET6) {
            throw WsaException.of(Win32Error.WSAEAFNOSUPPORT);
        }
        if (type == SOCK_STREAM && (protocol == 0 || protocol == IPPROTO_TCP)) {
            return new StreamSocket(sockets, af);
        } else if (type == SOCK_DGRAM && (protocol == 0 || protocol == IPPROTO_UDP)) {
            return new DatagramSocket(sockets, af);
        } else if (type == SOCK_STREAM || type == SOCK_DGRAM) {
            throw WsaException.of(Win32Error.WSAEPROTONOSUPPORT);
        }
        throw WsaException.of(Win32Error.WSAESOCKTNOSUPPORT);
    }

    /** The WSASocket flags accepted: overlapped, the multipoint ones, security, no-inherit, registered I/O. */
    private static final int KNOWN_SOCKET_FLAGS = 0x01 | 0x02 | 0x04 | 0x08 | 0x10 | 0x40 | 0x80 | 0x100;

    @Override
    public long WSASocketW(int af, int type, int protocol, WSAPROTOCOL_INFOW lpProtocolInfo, int g, int dwFlags) {
        try {
            checkStarted();
            checkNetwork();
            if (g != 0 || (dwFlags & ~KNOWN_SOCKET_FLAGS) != 0) {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            EmulatedSocket sock;
            if (lpProtocolInfo != null) {
                sock = descriptors.take(af, type, protocol, lpProtocolInfo); // WS-19: another descriptor
            } else {
                sock = newSocket(af, type, protocol);
                sock.nonOverlapped = (dwFlags & WSA_FLAG_OVERLAPPED) == 0;
            }
            long h;
            try {
                h = table.insert(new SocketEntry(this, sock));
            } catch (Win32Exception full) {
                if (lpProtocolInfo == null || !sock.detachDescriptor()) {
                    sock.release(false);
                }
                throw WsaException.of(Win32Error.WSAEMFILE);
            }
            lastError.set(0);
            return h;
        } catch (WsaException e) {
            fail(e);
            return INVALID_SOCKET;
        } catch (RuntimeException e) {
            unexpected(e);
            return INVALID_SOCKET;
        }
    }

    @Override
    public int WSADuplicateSocketW(long s, int dwProcessId, WSAPROTOCOL_INFOW lpProtocolInfo) {
        return onSocket(s, sock -> {
            descriptors.duplicate(sock, dwProcessId, lpProtocolInfo);
            return 0;
        });
    }

    @Override
    public int bind(long s, SockAddr name, int namelen) {
        return onSocket(s, sock -> {
            sock.bind(address(sock, name, namelen));
            return 0;
        });
    }

    @Override
    public int listen(long s, int backlog) {
        return onSocket(s, sock -> {
            sock.listen(backlog);
            return 0;
        });
    }

    @Override
    public long accept(long s, SockAddr addr, IntRef addrlen) {
        try {
            checkStarted();
            checkNetwork();
            SocketEntry e = lease(s);
            try {
                if (addr != null && (addrlen == null || addrlen.value < (e.socket.family == AF_INET6
                        ? SockAddr.SIZE_IN6 : SockAddr.SIZE_IN))) {
                    throw WsaException.of(Win32Error.WSAEFAULT);
                }
                EmulatedSocket child = e.socket.accept(addr);
                long h;
                try {
                    h = table.insert(new SocketEntry(this, child));
                } catch (Win32Exception full) {
                    child.release(false);
                    throw WsaException.of(Win32Error.WSAEMFILE);
                }
                if (addr != null) {
                    addrlen.value = addr.size();
                }
                lastError.set(0);
                return h;
            } finally {
                table.release(s);
            }
        } catch (WsaException e) {
            fail(e);
            return INVALID_SOCKET;
        } catch (RuntimeException e) {
            unexpected(e);
            return INVALID_SOCKET;
        }
    }

    @Override
    public int connect(long s, SockAddr name, int namelen) {
        return onSocket(s, sock -> {
            sock.connect(address(sock, name, namelen));
            return 0;
        });
    }

    @Override
    public int send(long s, byte[] buf, int len, int flags) {
        return onSocket(s, sock -> {
            buffer(buf, len);
            return sock.send(buf, len, flags);
        });
    }

    @Override
    public int recv(long s, byte[] buf, int len, int flags) {
        return onSocket(s, sock -> {
            buffer(buf, len);
            return sock.recv(buf, len, flags);
        });
    }

    @Override
    public int sendto(long s, byte[] buf, int len, int flags, SockAddr to, int tolen) {
        return onSocket(s, sock -> {
            buffer(buf, len);
            InetSocketAddress target = to == null ? null : address(sock, to, tolen);
            return sock.sendTo(buf, len, flags, target);
        });
    }

    @Override
    public int recvfrom(long s, byte[] buf, int len, int flags, SockAddr from, IntRef fromlen) {
        return onSocket(s, sock -> {
            buffer(buf, len);
            if (from != null && (fromlen == null || fromlen.value < (sock.family == AF_INET6
                    ? SockAddr.SIZE_IN6 : SockAddr.SIZE_IN))) {
                throw WsaException.of(Win32Error.WSAEFAULT);
            }
            int n = sock.recvFrom(buf, len, flags, from);
            if (from != null) {
                fromlen.value = from.size();
            }
            return n;
        });
    }

    @Override
    public int shutdown(long s, int how) {
        return onSocket(s, sock -> {
            sock.shutdown(how);
            return 0;
        });
    }

    @Override
    public int closesocket(long s) {
        long start = System.nanoTime();
        try {
            CloseOutcome o = closeSocket(s, start);
            if (o instanceof CloseOutcome.WouldBlock) {
                lastError.set(Win32Error.WSAEWOULDBLOCK);
                return SOCKET_ERROR;
            }
            return 0; // WS-03: success leaves the last error untouched
        } catch (WsaException e) {
            return fail(e);
        } catch (RuntimeException e) {
            return unexpected(e);
        }
    }

    @Override
    public CloseOutcome closesocketOutcome(long s) {
        try {
            return closeSocket(s, System.nanoTime());
        } catch (WsaException e) {
            throw new Win32Exception(e.error(), "closesocket(0x" + Long.toHexString(s) + ")");
        }
    }

    /**
     * closesocket: decide with a lease held (WSAEWOULDBLOCK leaves everything as it was, WS-07);
     * otherwise invalidate the value at once (WS-03), then perform the close — a lingering close blocks
     * here while the lease keeps the slot from being reused — and end the lease. The close event is
     * reported while a lingering close still counts as this thread's blocking call, so a blocking call
     * made from a close listener fails with WSAEINPROGRESS (WS-12).
     */
    private CloseOutcome closeSocket(long s, long start) {
        SocketEntry e;
        try {
            checkStarted();
            e = lease(s);
        } catch (WsaException x) {
            emit(s, "(invalid)", x.error().code(), CloseEvent.Outcome.FAILED, start);
            throw x;
        }
        LingerDecision.Mode mode = null;
        try {
            if (e.socket.detachDescriptor()) {
                // WS-19: other descriptors remain; the socket and its connection stay as they are
                e.descriptorDetached();
                table.close(s);
                emit(s, "Socket", 0, CloseEvent.Outcome.DESCRIPTOR, start);
                return new CloseOutcome.Graceful();
            }
            try {
                mode = e.socket.beginClose();
            } catch (WsaException x) {
                emit(s, "Socket", x.error().code(), x.error() == Win32Error.WSAEWOULDBLOCK ? CloseEvent.Outcome.WOULD_BLOCK : CloseEvent.Outcome.FAILED, start);
                if (x.error() == Win32Error.WSAEWOULDBLOCK) {
                    return new CloseOutcome.WouldBlock();
                }
                throw x;
            }
            e.closedByWinsock();
            table.close(s);
            CloseOutcome o;
            try {
                o = e.socket.finishClose(mode);
            } catch (WsaException x) {
                emit(s, "Socket", x.error().code(), CloseEvent.Outcome.INTERRUPTED, start);
                throw x;
            }
            emit(s, "Socket", 0, describe(o), start);
            return o;
        } finally {
            if (mode == LingerDecision.Mode.LINGER) {
                sockets.exitBlocking();
            }
            table.release(s);
        }
    }

    private void emit(long s, String type, int error, CloseEvent.Outcome outcome, long start) {
        if (session.closeEvents().enabled()) {
            session.closeEvents().emit(HandleSpace.KERNEL, "closesocket", s, type, error, outcome, start);
        }
    }

    private static CloseEvent.Outcome describe(CloseOutcome o) {
        if (o instanceof CloseOutcome.Abortive) {
            return CloseEvent.Outcome.RESET;
        }
        if (o instanceof CloseOutcome.Lingered l) {
            return l.acknowledged() ? CloseEvent.Outcome.LINGERED : CloseEvent.Outcome.LINGER_RESET;
        }
        return CloseEvent.Outcome.GRACEFUL;
    }

    @Override
    public int setsockopt(long s, int level, int optname, byte[] optval, int optlen) {
        return onSocket(s, sock -> {
            if (level == SOL_SOCKET && optname == SO_UPDATE_ACCEPT_CONTEXT) {
                extensions.updateAcceptContext(sock, optval, optlen);
            } else if (level == SOL_SOCKET && optname == SO_UPDATE_CONNECT_CONTEXT) {
                ExtensionFunctions.updateConnectContext(sock);
            } else {
                sock.setOption(level, optname, optval, optlen);
            }
            return 0;
        });
    }

    @Override
    public int getsockopt(long s, int level, int optname, byte[] optval, IntRef optlen) {
        return onSocket(s, sock -> {
            sock.getOption(level, optname, optval, optlen);
            return 0;
        });
    }

    @Override
    public int ioctlsocket(long s, int cmd, IntRef argp) {
        return onSocket(s, sock -> {
            sock.ioctl(cmd, argp);
            return 0;
        });
    }

    @Override
    public int getsockname(long s, SockAddr name, IntRef namelen) {
        return onSocket(s, sock -> {
            if (name == null || namelen == null) {
                throw WsaException.of(Win32Error.WSAEFAULT);
            }
            outAddress(name, namelen, sock.localAddress());
            return 0;
        });
    }

    @Override
    public int getpeername(long s, SockAddr name, IntRef namelen) {
        return onSocket(s, sock -> {
            if (name == null || namelen == null) {
                throw WsaException.of(Win32Error.WSAEFAULT);
            }
            outAddress(name, namelen, sock.remoteAddress());
            return 0;
        });
    }

    // ---- overlapped (WS-09) ----

    private static void buffers(WSABUF[] bufs, int count) {
        if (bufs == null || count <= 0 || count > bufs.length) {
            throw WsaException.of(Win32Error.WSAEFAULT);
        }
        for (int i = 0; i < count; i++) {
            WSABUF b = bufs[i];
            if (b == null || b.buf == null || b.len < 0 || b.len > b.buf.length) {
                throw WsaException.of(Win32Error.WSAEFAULT);
            }
        }
    }

    @Override
    public int WSASend(long s, WSABUF[] lpBuffers, int dwBufferCount, IntRef lpNumberOfBytesSent, int dwFlags,
                       Overlapped lpOverlapped, OverlappedCompletionRoutine lpCompletionRoutine) {
        return onSocket(s, sock -> {
            buffers(lpBuffers, dwBufferCount);
            if (dwFlags != 0) {
                throw WsaException.of(Win32Error.WSAEOPNOTSUPP);
            }
            if (sock.nonOverlapped) {
                return sock.wsaSend(lpBuffers, dwBufferCount, lpNumberOfBytesSent, null, null);
            }
            return sock.wsaSend(lpBuffers, dwBufferCount, lpNumberOfBytesSent, lpOverlapped, lpCompletionRoutine);
        });
    }

    @Override
    public int WSARecv(long s, WSABUF[] lpBuffers, int dwBufferCount, IntRef lpNumberOfBytesRecvd, IntRef lpFlags,
                       Overlapped lpOverlapped, OverlappedCompletionRoutine lpCompletionRoutine) {
        return onSocket(s, sock -> {
            buffers(lpBuffers, dwBufferCount);
            if (lpFlags == null) {
                throw WsaException.of(Win32Error.WSAEFAULT);
            }
            if (lpFlags.value != 0) {
                throw WsaException.of(Win32Error.WSAEOPNOTSUPP);
            }
            if (sock.nonOverlapped) {
                return sock.wsaRecv(lpBuffers, dwBufferCount, lpNumberOfBytesRecvd, null, null);
            }
            return sock.wsaRecv(lpBuffers, dwBufferCount, lpNumberOfBytesRecvd, lpOverlapped, lpCompletionRoutine);
        });
    }

    @Override
    public boolean WSAGetOverlappedResult(long s, Overlapped lpOverlapped, IntRef lpcbTransfer, boolean fWait,
                                          IntRef lpdwFlags) {
        try {
            checkStarted();
            // WS-17: the socket first — never issued, closed (even by the closesocket that aborted the
            // operation), a kernel object or a DuplicateHandle copy: WSAENOTSOCK before the OVERLAPPED.
            lease(s);
            table.release(s);
            if (lpOverlapped == null || lpcbTransfer == null || lpdwFlags == null) {
                throw WsaException.of(Win32Error.WSAEFAULT);
            }
            if (fWait && lpOverlapped.Internal == Overlapped.STATUS_PENDING && transport.inTransportThread()) {
                throw WsaException.of(Win32Error.WSAEINPROGRESS); // never block an event loop
            }
            boolean ok = objects.overlappedResult(lpOverlapped, lpcbTransfer, fWait ? WSA_INFINITE : 0, false);
            lpdwFlags.value = 0;
            return ok;
        } catch (WsaException e) {
            fail(e);
            return false;
        }
    }

    // ---- extension functions (WS-18) ----

    @Override
    public int WSAIoctl(long s, int dwIoControlCode, byte[] lpvInBuffer, int cbInBuffer, byte[] lpvOutBuffer,
                        int cbOutBuffer, IntRef lpcbBytesReturned, Overlapped lpOverlapped,
                        OverlappedCompletionRoutine lpCompletionRoutine) {
        return onSocket(s, sock -> extensions.ioctl(sock, dwIoControlCode, lpvInBuffer, cbInBuffer, lpvOutBuffer,
                cbOutBuffer, lpcbBytesReturned, lpOverlapped, lpCompletionRoutine));
    }

    /** Marks an OVERLAPPED pending before validation: Windows leaves STATUS_PENDING there even when the call fails. */
    private static void pending(Overlapped ov) {
        if (ov != null) {
            ov.Internal = Overlapped.STATUS_PENDING;
        }
    }

    @Override
    public boolean AcceptEx(long sListenSocket, long sAcceptSocket, byte[] lpOutputBuffer, int dwReceiveDataLength,
                            int dwLocalAddressLength, int dwRemoteAddressLength, IntRef lpdwBytesReceived,
                            Overlapped lpOverlapped) {
        pending(lpOverlapped);
        return onSocket(sListenSocket, listener -> {
            onLeased(sAcceptSocket, target -> extensions.acceptEx(listener, target, lpOutputBuffer,
                    dwReceiveDataLength, dwLocalAddressLength, dwRemoteAddressLength, lpOverlapped));
            return 0;
        }) == 0;
    }

    @Override
    public void GetAcceptExSockaddrs(byte[] lpOutputBuffer, int dwReceiveDataLength, int dwLocalAddressLength,
                                     int dwRemoteAddressLength, SockAddr LocalSockaddr, IntRef LocalSockaddrLength,
                                     SockAddr RemoteSockaddr, IntRef RemoteSockaddrLength) {
        ExtensionFunctions.sockaddrs(lpOutputBuffer, dwReceiveDataLength, dwLocalAddressLength, dwRemoteAddressLength,
                LocalSockaddr, LocalSockaddrLength, RemoteSockaddr, RemoteSockaddrLength);
    }

    @Override
    public boolean ConnectEx(long s, SockAddr name, int namelen, byte[] lpSendBuffer, int dwSendDataLength,
                             IntRef lpdwBytesSent, Overlapped lpOverlapped) {
        pending(lpOverlapped);
        return onSocket(s, sock -> {
            extensions.connectEx(sock, address(sock, name, namelen), lpSendBuffer, dwSendDataLength, lpOverlapped);
            return 0;
        }) == 0;
    }

    @Override
    public boolean DisconnectEx(long s, Overlapped lpOverlapped, int dwFlags, int dwReserved) {
        return onSocket(s, sock -> {
            extensions.disconnectEx(sock, lpOverlapped, dwFlags, dwReserved);
            return 0;
        }) == 0;
    }

    // ---- events ----

    // KO-13: the event functions are kernel32's under Winsock's names; their errors are the same numbers
    // (WSA_INVALID_HANDLE = 6, WSA_INVALID_PARAMETER = 87) and they need no WSAStartup.

    @Override
    public long WSACreateEvent() {
        try {
            return objects.createEvent(true, false);
        } catch (Win32Exception e) {
            lastError.set(e.code());
            return WSA_INVALID_EVENT;
        }
    }

    @Override
    public boolean WSACloseEvent(long hEvent) {
        return objects.closeEvent(hEvent);
    }

    @Override
    public boolean WSASetEvent(long hEvent) {
        return objects.setEvent(hEvent);
    }

    @Override
    public boolean WSAResetEvent(long hEvent) {
        return objects.resetEvent(hEvent);
    }

    @Override
    public int WSAWaitForMultipleEvents(int cEvents, long[] lphEvents, boolean fWaitAll, int dwTimeout,
                                        boolean fAlertable) {
        if (dwTimeout != 0 && transport.inTransportThread()) {
            lastError.set(Win32Error.WSAEINPROGRESS); // never block an event loop
            return WSA_WAIT_FAILED;
        }
        return objects.waitForMultipleObjects("WSAWaitForMultipleEvents", cEvents, lphEvents, fWaitAll, dwTimeout, fAlertable);
    }

    @Override
    public int WSAEventSelect(long s, long hEventObject, int lNetworkEvents) {
        return onSocket(s, sock -> {
            KernelEvent e = lNetworkEvents == 0 ? null : objects.event("WSAEventSelect", hEventObject);
            if (lNetworkEvents != 0 && e == null) {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            sock.eventSelect(e, lNetworkEvents);
            return 0;
        });
    }

    @Override
    public int WSAEnumNetworkEvents(long s, long hEventObject, WSANETWORKEVENTS lpNetworkEvents) {
        return onSocket(s, sock -> {
            if (lpNetworkEvents == null) {
                throw WsaException.of(Win32Error.WSAEFAULT);
            }
            KernelEvent e = null;
            if (hEventObject != 0) {
                e = objects.event("WSAEnumNetworkEvents", hEventObject);
                if (e == null) {
                    throw WsaException.of(Win32Error.WSAEINVAL);
                }
            }
            sock.enumNetworkEvents(lpNetworkEvents);
            if (e != null) {
                e.reset();
            }
            return 0;
        });
    }

    /** Stops the linger watcher. Completion routines are APCs of their issuing threads (KO-16): nothing to stop. */
    @Override
    public void close() {
        sockets.close();
    }

    @Override
    public String toString() {
        return "EmulatedWs2_32[" + session.name() + ", " + transport.name() + "]";
    }
}

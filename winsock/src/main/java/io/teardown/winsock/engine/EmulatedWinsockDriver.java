package io.teardown.winsock.engine;

import io.teardown.api.IntRef;
import io.teardown.api.LastError;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.LiveHandle;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.engine.ObjectManager;
import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.WSAPROTOCOL_INFOW;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockDiagnostics;
import io.teardown.winsock.spi.WinsockDriver;
import io.teardown.winsock.spi.WinsockEventCalls;
import io.teardown.winsock.spi.WinsockExtensionCalls;
import io.teardown.winsock.spi.WinsockFaults;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * The portable Winsock engine as the front's driver: the work of every {@code Ws2_32} function with
 * Windows' rules (WS-04 … WS-12, WS-18, WS-19) in plain Java, over a {@link Transport}. One per session;
 * its sockets are {@link SocketEntry}s of the session's kernel table, which the front (WS-01 … WS-03,
 * WS-14, WS-15) resolves and leases before a call reaches this class. Errors go to the session's
 * per-thread last error; nothing throws. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>.
 */
public final class EmulatedWinsockDriver implements WinsockDriver<SocketEntry>, WinsockDiagnostics {
    private static final short HIGHEST_VERSION = 0x0202;
    private static final int SOCKET_ERROR = Ws2_32.SOCKET_ERROR;

    private final Session session;
    private final Transport transport;
    private final LastError lastError;
    private final ObjectManager objects;
    private final SocketContext sockets;
    private final EngineEventCalls events;
    private final EngineExtensionCalls extensions;
    private final SocketDescriptors descriptors = new SocketDescriptors();

    /** The engine for one session over one transport. */
    public EmulatedWinsockDriver(Session session, Transport transport) {
        this.session = Objects.requireNonNull(session, "session");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.lastError = session.lastError();
        this.objects = ObjectManager.of(session);
        this.sockets = new SocketContext(transport, objects, session.name());
        this.events = new EngineEventCalls(lastError, objects, transport);
        this.extensions = new EngineExtensionCalls(lastError);
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

    @Override
    public Optional<WinsockDiagnostics> diagnostics() {
        return Optional.of(this);
    }

    /** The session's network switch (WS-13): looked up by the front on first use. */
    @Override
    public Optional<WinsockFaults> faults() {
        return Optional.of(WinsockFaults.of(session));
    }

    /** How many sockets of this engine are open (for leak checks and tests). */
    public int openSockets() {
        int n = 0;
        for (LiveHandle<HandleEntry> h : session.handles(io.teardown.api.HandleSpace.KERNEL).snapshot()) {
            if (socketOf(h.entry()) != null) {
                n++;
            }
        }
        return n;
    }

    @Override
    public SocketEntry socketOf(HandleEntry entry) {
        return entry instanceof SocketEntry e && e.owner == this ? e : null;
    }

    private int work(IntSupplier call) {
        return WsaException.reported(lastError, call);
    }

    /** The family and port of an address the front found well-formed. */
    static InetSocketAddress address(EmulatedSocket sock, SockAddr name) {
        boolean v6 = name.address instanceof Inet6Address;
        if (name.family != sock.family || v6 != (sock.family == Ws2_32.AF_INET6)) {
            throw WsaException.of(Win32Error.WSAEAFNOSUPPORT);
        }
        if (name.port < 0 || name.port > 0xFFFF) {
            throw WsaException.of(Win32Error.WSAEINVAL);
        }
        return new InetSocketAddress(name.address, name.port);
    }

    /** The room an address of the socket's family needs. */
    private static int addressSize(EmulatedSocket sock) {
        return sock.family == Ws2_32.AF_INET6 ? SockAddr.SIZE_IN6 : SockAddr.SIZE_IN;
    }

    private static void outAddress(SockAddr addr, IntRef len, InetSocketAddress value) {
        int need = value.getAddress() instanceof Inet6Address ? SockAddr.SIZE_IN6 : SockAddr.SIZE_IN;
        if (len.value < need) {
            throw WsaException.of(Win32Error.WSAEFAULT);
        }
        addr.set(value);
        len.value = need;
    }

    // ---- startup (WS-01) ----

    @Override
    public int startup(short wVersionRequested, WSAData lpWSAData) {
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
        return 0;
    }

    /** The last cleanup destroys a socket as a non-blocking closesocket would (one that would linger closes gracefully). */
    @Override
    public void destroy(SocketEntry socket) {
        socket.closedByWinsock();
        socket.socket.release(false);
    }

    @Override
    public int cleanup(boolean last) {
        if (last) {
            descriptors.clear(); // infos never used name sockets that are gone
        }
        return 0;
    }

    // ---- sockets ----

    private EmulatedSocket newSocket(int af, int type, int protocol) {
        if (af != Ws2_32.AF_INET && af != Ws2_32.AF_INET6) {
            throw WsaException.of(Win32Error.WSAEAFNOSUPPORT);
        }
        if (type == Ws2_32.SOCK_STREAM && (protocol == 0 || protocol == Ws2_32.IPPROTO_TCP)) {
            return new StreamSocket(sockets, af);
        } else if (type == Ws2_32.SOCK_DGRAM && (protocol == 0 || protocol == Ws2_32.IPPROTO_UDP)) {
            return new DatagramSocket(sockets, af);
        } else if (type == Ws2_32.SOCK_STREAM || type == Ws2_32.SOCK_DGRAM) {
            throw WsaException.of(Win32Error.WSAEPROTONOSUPPORT);
        }
        throw WsaException.of(Win32Error.WSAESOCKTNOSUPPORT);
    }

    @Override
    public SocketEntry socket(int af, int type, int protocol, WSAPROTOCOL_INFOW lpProtocolInfo, int g, int dwFlags) {
        try {
            EmulatedSocket sock;
            if (lpProtocolInfo != null) {
                sock = descriptors.take(af, type, protocol, lpProtocolInfo); // WS-19: another descriptor
            } else {
                sock = newSocket(af, type, protocol);
                sock.nonOverlapped = (dwFlags & Ws2_32.WSA_FLAG_OVERLAPPED) == 0;
            }
            return new SocketEntry(this, sock);
        } catch (WsaException e) {
            lastError.set(e.error());
            return null;
        }
    }

    @Override
    public SocketEntry accept(SocketEntry listener, SockAddr addr, IntRef addrlen) {
        try {
            if (addr != null && addrlen.value < addressSize(listener.socket)) {
                throw WsaException.of(Win32Error.WSAEFAULT);
            }
            EmulatedSocket child = listener.socket.accept(addr);
            if (addr != null) {
                addrlen.value = addr.size();
            }
            return new SocketEntry(this, child);
        } catch (WsaException e) {
            lastError.set(e.error());
            return null;
        }
    }

    @Override
    public void discard(SocketEntry socket) {
        if (!socket.socket.detachDescriptor()) {
            socket.socket.release(false); // the only descriptor: the socket itself goes
        }
    }

    @Override
    public int duplicateSocket(SocketEntry s, int dwProcessId, WSAPROTOCOL_INFOW lpProtocolInfo) {
        return work(() -> {
            descriptors.duplicate(s.socket, dwProcessId, lpProtocolInfo);
            return 0;
        });
    }

    @Override
    public int bind(SocketEntry s, SockAddr name, int namelen) {
        return work(() -> {
            s.socket.bind(address(s.socket, name));
            return 0;
        });
    }

    @Override
    public int listen(SocketEntry s, int backlog) {
        return work(() -> {
            s.socket.listen(backlog);
            return 0;
        });
    }

    @Override
    public int connect(SocketEntry s, SockAddr name, int namelen) {
        return work(() -> {
            s.socket.connect(address(s.socket, name));
            return 0;
        });
    }

    @Override
    public int send(SocketEntry s, byte[] buf, int len, int flags) {
        return work(() -> s.socket.send(buf, len, flags));
    }

    @Override
    public int recv(SocketEntry s, byte[] buf, int len, int flags) {
        return work(() -> s.socket.recv(buf, len, flags));
    }

    @Override
    public int sendto(SocketEntry s, byte[] buf, int len, int flags, SockAddr to, int tolen) {
        return work(() -> s.socket.sendTo(buf, len, flags, to == null ? null : address(s.socket, to)));
    }

    @Override
    public int recvfrom(SocketEntry s, byte[] buf, int len, int flags, SockAddr from, IntRef fromlen) {
        return work(() -> {
            if (from != null && fromlen.value < addressSize(s.socket)) {
                throw WsaException.of(Win32Error.WSAEFAULT);
            }
            int n = s.socket.recvFrom(buf, len, flags, from);
            if (from != null) {
                fromlen.value = from.size();
            }
            return n;
        });
    }

    @Override
    public int shutdown(SocketEntry s, int how) {
        return work(() -> {
            s.socket.shutdown(how);
            return 0;
        });
    }

    @Override
    public int setsockopt(SocketEntry s, int level, int optname, byte[] optval, int optlen) {
        return work(() -> {
            if (level == Ws2_32.SOL_SOCKET && optname == Ws2_32.SO_UPDATE_CONNECT_CONTEXT) {
                ExtensionFunctions.updateConnectContext(s.socket);
            } else {
                s.socket.setOption(level, optname, optval, optlen);
            }
            return 0;
        });
    }

    @Override
    public int getsockopt(SocketEntry s, int level, int optname, byte[] optval, IntRef optlen) {
        return work(() -> {
            s.socket.getOption(level, optname, optval, optlen);
            return 0;
        });
    }

    @Override
    public int ioctlsocket(SocketEntry s, int cmd, IntRef argp) {
        return work(() -> {
            s.socket.ioctl(cmd, argp);
            return 0;
        });
    }

    @Override
    public int getsockname(SocketEntry s, SockAddr name, IntRef namelen) {
        return work(() -> {
            outAddress(name, namelen, s.socket.localAddress());
            return 0;
        });
    }

    @Override
    public int getpeername(SocketEntry s, SockAddr name, IntRef namelen) {
        return work(() -> {
            outAddress(name, namelen, s.socket.remoteAddress());
            return 0;
        });
    }

    // ---- overlapped (WS-09) ----

    @Override
    public int WSASend(SocketEntry s, WSABUF[] lpBuffers, int dwBufferCount, IntRef lpNumberOfBytesSent, int dwFlags,
                       Overlapped lpOverlapped, OverlappedCompletionRoutine lpCompletionRoutine) {
        EmulatedSocket sock = s.socket;
        return work(() -> {
            if (dwFlags != 0) {
                throw WsaException.of(Win32Error.WSAEOPNOTSUPP);
            }
            // A non-overlapped socket ignores the OVERLAPPED and routine: an ordinary send.
            return sock.nonOverlapped ? sock.wsaSend(lpBuffers, dwBufferCount, lpNumberOfBytesSent, null, null)
                    : sock.wsaSend(lpBuffers, dwBufferCount, lpNumberOfBytesSent, lpOverlapped, lpCompletionRoutine);
        });
    }

    @Override
    public int WSARecv(SocketEntry s, WSABUF[] lpBuffers, int dwBufferCount, IntRef lpNumberOfBytesRecvd, IntRef lpFlags,
                       Overlapped lpOverlapped, OverlappedCompletionRoutine lpCompletionRoutine) {
        EmulatedSocket sock = s.socket;
        return work(() -> {
            if (lpFlags.value != 0) {
                throw WsaException.of(Win32Error.WSAEOPNOTSUPP);
            }
            return sock.nonOverlapped ? sock.wsaRecv(lpBuffers, dwBufferCount, lpNumberOfBytesRecvd, null, null)
                    : sock.wsaRecv(lpBuffers, dwBufferCount, lpNumberOfBytesRecvd, lpOverlapped, lpCompletionRoutine);
        });
    }

    @Override
    public boolean getOverlappedResult(SocketEntry s, Overlapped lpOverlapped, IntRef lpcbTransfer, boolean fWait,
                                       IntRef lpdwFlags) {
        if (fWait && lpOverlapped.Internal == Overlapped.STATUS_PENDING && transport.inTransportThread()) {
            lastError.set(Win32Error.WSAEINPROGRESS); // never block an event loop
            return false;
        }
        boolean ok = objects.overlappedResult(lpOverlapped, lpcbTransfer, fWait ? Ws2_32.WSA_INFINITE : 0, false);
        lpdwFlags.value = 0;
        return ok;
    }

    // ---- the other families ----

    @Override
    public WinsockEventCalls<SocketEntry> events() {
        return events;
    }

    @Override
    public WinsockExtensionCalls<SocketEntry> extensions() {
        return extensions;
    }

    // ---- closesocket (WS-04 … WS-07, WS-12, WS-19) ----

    @Override
    public Close beginClose(SocketEntry s) {
        return EngineClose.begin(s, sockets);
    }

    /** Stops the linger watcher. Completion routines are APCs of their issuing threads (KO-16): nothing to stop. */
    @Override
    public void close() {
        sockets.close();
    }

    @Override
    public String toString() {
        return "EmulatedWinsockDriver[" + session.name() + ", " + transport.name() + "]";
    }
}

package io.teardown.winsock.front;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LastError;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.CloseOutcome;
import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.winsock.WSAPROTOCOL_INFOW;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.OutcomeReporting;
import io.teardown.winsock.spi.WinsockDriver;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * {@link Ws2_32} written once for every backend: what Windows' contract says about a Winsock call before
 * the work, in front of a {@link WinsockDriver} that does the work (the portable engine, or ws2_32.dll).
 *
 * <ul>
 *   <li>WS-01: every function but {@code WSAStartup}, {@code WSAGetLastError}, {@code WSASetLastError}
 *       and the event functions fails with {@code WSANOTINITIALISED} outside a startup; startups are
 *       counted per session and the last cleanup destroys the session's sockets ({@link SocketClosing}).</li>
 *   <li>WS-13: with the driver's faults saying the network is down, calls fail with {@code WSAENETDOWN}.</li>
 *   <li>WS-02, WS-15, WS-17: a socket value is looked up in the session's kernel table and leased for
 *       the length of the call; a value that is no open socket of this driver — never issued, closed, a
 *       kernel object, a {@code DuplicateHandle} copy — fails with {@code WSAENOTSOCK} and reaches
 *       nothing. The lease makes a racing {@code closesocket} take effect when the call returns (WS-14).</li>
 *   <li>WS-08 and bad input: the argument checks of {@link Arguments}, in the order docs/winsock.md
 *       gives; a rejected call reaches nothing.</li>
 *   <li>WS-03: a successful call sets the last error to 0, except {@code closesocket}, whose success
 *       leaves it untouched; a failure sets it. Nothing throws: an unexpected exception of a driver is
 *       logged and reported as {@code WSAEFAULT}.</li>
 *   <li>{@code closesocket}, close events and the object API's outcomes: {@link SocketClosing}.</li>
 * </ul>
 * The way every socket call runs (admit, check, lease, call, last error) is {@link SocketCalls}; the
 * extension functions, with their second socket, are {@link ExtensionFront}; the event functions are
 * kernel32's under Winsock's names (KO-13), their event values resolved as the kernel front resolves its
 * own before the driver's {@code WinsockEventCalls} sees them ({@link EventFront}).
 *
 * <p>See <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>,
 * "Where the code is".
 *
 * @param <S> the driver's socket type
 */
public final class WinsockFront<S extends WinsockDriver.Socket> implements Ws2_32, OutcomeReporting, AutoCloseable {
    private static final int OK = SocketCalls.OK;
    private static final int ENOTSOCK = SocketCalls.ENOTSOCK;
    private static final int EFAULT = SocketCalls.EFAULT;
    private static final int EINVAL = Win32Error.WSAEINVAL.code();
    /** The WSASocket flags accepted: overlapped, the multipoint ones, security, no-inherit, registered I/O. */
    private static final int KNOWN_SOCKET_FLAGS = 0x01 | 0x02 | 0x04 | 0x08 | 0x10 | 0x40 | 0x80 | 0x100;

    private final Session session;
    private final WinsockDriver<S> driver;
    private final LastError lastError;
    private final Startups startups = new Startups();
    private final SocketCalls<S> calls;
    private final SocketClosing<S> closing;
    private final ExtensionFront<S> extensions;
    private final EventFront<S> events;

    /** The front of {@code session} over {@code driver}; closing the front closes the driver. */
    public WinsockFront(Session session, WinsockDriver<S> driver) {
        this.session = Objects.requireNonNull(session, "session");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.lastError = session.lastError();
        this.calls = new SocketCalls<>(session, driver, startups);
        this.closing = new SocketClosing<>(session, driver, session.handles(HandleSpace.KERNEL), startups);
        this.extensions = new ExtensionFront<>(calls, driver.extensions());
        this.events = new EventFront<>(session, calls, driver.events());
    }

    /** The session's front, as {@code Ws2_32.of} built it. */
    public static WinsockFront<?> of(Session session) {
        if (Ws2_32.of(session) instanceof WinsockFront<?> front) {
            return front;
        }
        throw new IllegalStateException("Ws2_32.of(" + session.name() + ") is not a WinsockFront");
    }

    /** The driver behind this front (for its optional capabilities). */
    public WinsockDriver<S> driver() {
        return driver;
    }

    // ---- plumbing: SocketCalls ----

    private int fail(int error) {
        return calls.fail(error);
    }

    private int onSocket(long s, ToIntFunction<S> call) {
        return calls.onSocket(s, call);
    }

    private int checked(int check, S sock, ToIntFunction<S> call) {
        return calls.checked(check, sock, call);
    }

    /** A BOOL function's result from the {@code int} form: FALSE with the last error as set. */
    private static boolean bool(int r) {
        return r != SOCKET_ERROR;
    }

    // ---- startup (WS-01) ----

    @Override
    public int WSAStartup(short wVersionRequested, WSAData lpWSAData) {
        int rc = driver.startup(wVersionRequested, lpWSAData);
        if (rc == OK) {
            startups.up();
        }
        return rc;
    }

    @Override
    public int WSACleanup() {
        return closing.cleanup();
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

    @Override
    public long WSASocketW(int af, int type, int protocol, WSAPROTOCOL_INFOW lpProtocolInfo, int g, int dwFlags) {
        int rejected = calls.admit();
        if (rejected == OK && (g != 0 || (dwFlags & ~KNOWN_SOCKET_FLAGS) != 0)) {
            rejected = EINVAL;
        }
        if (rejected != OK) {
            fail(rejected);
            return INVALID_SOCKET;
        }
        try {
            S made = driver.socket(af, type, protocol, lpProtocolInfo, g, dwFlags);
            if (made == null) {
                return INVALID_SOCKET;
            }
            long h = calls.insert(made);
            if (h != INVALID_SOCKET) {
                calls.succeeded();
            }
            return h;
        } catch (RuntimeException e) {
            calls.unexpected(e);
            return INVALID_SOCKET;
        }
    }

    @Override
    public int WSADuplicateSocketW(long s, int dwProcessId, WSAPROTOCOL_INFOW lpProtocolInfo) {
        return onSocket(s, sock -> driver.duplicateSocket(sock, dwProcessId, lpProtocolInfo));
    }

    @Override
    public int bind(long s, SockAddr name, int namelen) {
        return onSocket(s, sock -> checked(Arguments.address(name, namelen), sock, x -> driver.bind(x, name, namelen)));
    }

    @Override
    public int listen(long s, int backlog) {
        return onSocket(s, sock -> driver.listen(sock, backlog));
    }

    @Override
    public long accept(long s, SockAddr addr, IntRef addrlen) {
        long[] accepted = {INVALID_SOCKET};
        onSocket(s, sock -> {
            if (addr != null && addrlen == null) {
                return fail(EFAULT);
            }
            S child = driver.accept(sock, addr, addrlen);
            if (child == null) {
                return SOCKET_ERROR;
            }
            accepted[0] = calls.insert(child);
            return accepted[0] == INVALID_SOCKET ? SOCKET_ERROR : OK;
        });
        return accepted[0];
    }

    @Override
    public int connect(long s, SockAddr name, int namelen) {
        return onSocket(s, sock -> checked(Arguments.address(name, namelen), sock, x -> driver.connect(x, name, namelen)));
    }

    @Override
    public int send(long s, byte[] buf, int len, int flags) {
        return onSocket(s, sock -> checked(Arguments.buffer(buf, len), sock, x -> driver.send(x, buf, len, flags)));
    }

    @Override
    public int recv(long s, byte[] buf, int len, int flags) {
        return onSocket(s, sock -> checked(Arguments.buffer(buf, len), sock, x -> driver.recv(x, buf, len, flags)));
    }

    @Override
    public int sendto(long s, byte[] buf, int len, int flags, SockAddr to, int tolen) {
        return onSocket(s, sock -> {
            int check = Arguments.buffer(buf, len);
            if (check == OK && to != null) {
                check = Arguments.address(to, tolen);
            }
            return checked(check, sock, x -> driver.sendto(x, buf, len, flags, to, tolen));
        });
    }

    @Override
    public int recvfrom(long s, byte[] buf, int len, int flags, SockAddr from, IntRef fromlen) {
        return onSocket(s, sock -> {
            int check = Arguments.buffer(buf, len);
            if (check == OK && from != null && fromlen == null) {
                check = EFAULT;
            }
            return checked(check, sock, x -> driver.recvfrom(x, buf, len, flags, from, fromlen));
        });
    }

    @Override
    public int shutdown(long s, int how) {
        return onSocket(s, sock -> driver.shutdown(sock, how));
    }

    @Override
    public int closesocket(long s) {
        return closing.closesocket(s);
    }

    @Override
    public CloseOutcome closesocketOutcome(long s) {
        return closing.closesocketOutcome(s);
    }

    @Override
    public int setsockopt(long s, int level, int optname, byte[] optval, int optlen) {
        int sizes = Arguments.setOption(level, optname, optval, optlen); // WS-08: before the lookup
        if (level == SOL_SOCKET && optname == SO_UPDATE_ACCEPT_CONTEXT) {
            return extensions.updateAcceptContext(s, sizes, optval, optlen); // the value is a socket (WS-18)
        }
        return calls.onSocket(s, sizes, sock -> driver.setsockopt(sock, level, optname, optval, optlen));
    }

    @Override
    public int getsockopt(long s, int level, int optname, byte[] optval, IntRef optlen) {
        return calls.onSocket(s, Arguments.getOption(level, optname, optval, optlen),
                sock -> driver.getsockopt(sock, level, optname, optval, optlen));
    }

    @Override
    public int ioctlsocket(long s, int cmd, IntRef argp) {
        return onSocket(s, sock -> checked(argp == null ? EFAULT : OK, sock, x -> driver.ioctlsocket(x, cmd, argp)));
    }

    @Override
    public int getsockname(long s, SockAddr name, IntRef namelen) {
        return onSocket(s, sock -> checked(Arguments.outAddress(name, namelen), sock, x -> driver.getsockname(x, name, namelen)));
    }

    @Override
    public int getpeername(long s, SockAddr name, IntRef namelen) {
        return onSocket(s, sock -> checked(Arguments.outAddress(name, namelen), sock, x -> driver.getpeername(x, name, namelen)));
    }

    // ---- overlapped (WS-09, WS-17) ----

    @Override
    public int WSASend(long s, WSABUF[] lpBuffers, int dwBufferCount, IntRef lpNumberOfBytesSent, int dwFlags,
                       Overlapped lpOverlapped, OverlappedCompletionRoutine lpCompletionRoutine) {
        return onSocket(s, sock -> checked(Arguments.buffers(lpBuffers, dwBufferCount), sock, x -> driver.WSASend(x,
                lpBuffers, dwBufferCount, lpNumberOfBytesSent, dwFlags, lpOverlapped, lpCompletionRoutine)));
    }

    @Override
    public int WSARecv(long s, WSABUF[] lpBuffers, int dwBufferCount, IntRef lpNumberOfBytesRecvd, IntRef lpFlags,
                       Overlapped lpOverlapped, OverlappedCompletionRoutine lpCompletionRoutine) {
        return onSocket(s, sock -> {
            int check = Arguments.buffers(lpBuffers, dwBufferCount);
            if (check == OK && lpFlags == null) {
                check = EFAULT;
            }
            return checked(check, sock, x -> driver.WSARecv(x, lpBuffers, dwBufferCount, lpNumberOfBytesRecvd, lpFlags,
                    lpOverlapped, lpCompletionRoutine));
        });
    }

    @Override
    public boolean WSAGetOverlappedResult(long s, Overlapped lpOverlapped, IntRef lpcbTransfer, boolean fWait,
                                          IntRef lpdwFlags) {
        if (!startups.started()) {
            return bool(fail(Win32Error.WSANOTINITIALISED.code()));
        }
        // WS-17: the socket first — never issued, closed (even by the closesocket that aborted the
        // operation), a kernel object or a DuplicateHandle copy: WSAENOTSOCK before the OVERLAPPED.
        S sock = calls.lease(s);
        if (sock == null) {
            return bool(fail(ENOTSOCK));
        }
        try {
            if (lpOverlapped == null || lpcbTransfer == null || lpdwFlags == null) {
                return bool(fail(EFAULT));
            }
            // As GetOverlappedResult (KO-15): the last error is the operation's, success leaves it alone.
            return driver.getOverlappedResult(sock, lpOverlapped, lpcbTransfer, fWait, lpdwFlags);
        } catch (RuntimeException e) {
            return bool(calls.unexpected(e));
        } finally {
            calls.release(s);
        }
    }

    // ---- network events (WS-10) ----

    @Override
    public int WSAEventSelect(long s, long hEventObject, int lNetworkEvents) {
        return events.eventSelect(s, hEventObject, lNetworkEvents);
    }

    @Override
    public int WSAEnumNetworkEvents(long s, long hEventObject, WSANETWORKEVENTS lpNetworkEvents) {
        return events.enumNetworkEvents(s, hEventObject, lpNetworkEvents);
    }

    // ---- event objects: kernel32's (KO-13), no startup needed: EventFront ----

    @Override
    public long WSACreateEvent() {
        return events.createEvent();
    }

    @Override
    public boolean WSACloseEvent(long hEvent) {
        return events.closeEvent(hEvent);
    }

    @Override
    public boolean WSASetEvent(long hEvent) {
        return events.setEvent(hEvent);
    }

    @Override
    public boolean WSAResetEvent(long hEvent) {
        return events.resetEvent(hEvent);
    }

    @Override
    public int WSAWaitForMultipleEvents(int cEvents, long[] lphEvents, boolean fWaitAll, int dwTimeout, boolean fAlertable) {
        return events.waitForMultipleEvents(cEvents, lphEvents, fWaitAll, dwTimeout, fAlertable);
    }

    // ---- extension functions (WS-18): ExtensionFront ----

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

    /** Closes the driver (its threads, watchers); the sockets are the session's and close with it. */
    @Override
    public void close() {
        driver.close();
    }

    @Override
    public String toString() {
        return "WinsockFront[" + session.name() + ", " + driver + "]";
    }
}

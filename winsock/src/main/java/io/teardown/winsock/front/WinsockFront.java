package io.teardown.winsock.front;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LastError;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
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
import io.teardown.winsock.spi.WinsockFaults;
import java.util.Objects;
import java.util.Optional;
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
 *
 * <p>See <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>,
 * "Where the code is".
 *
 * @param <S> the driver's socket type
 */
public final class WinsockFront<S extends WinsockDriver.Socket> implements Ws2_32, OutcomeReporting, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WinsockFront.class.getName());
    private static final int OK = 0;
    private static final int ENOTSOCK = Win32Error.WSAENOTSOCK.code();
    private static final int EFAULT = Win32Error.WSAEFAULT.code();
    private static final int EINVAL = Win32Error.WSAEINVAL.code();
    /** The WSASocket flags accepted: overlapped, the multipoint ones, security, no-inherit, registered I/O. */
    private static final int KNOWN_SOCKET_FLAGS = 0x01 | 0x02 | 0x04 | 0x08 | 0x10 | 0x40 | 0x80 | 0x100;

    private final Session session;
    private final WinsockDriver<S> driver;
    private final HandleTable<HandleEntry> table;
    private final LastError lastError;
    private final Startups startups = new Startups();
    private final SocketClosing<S> closing;
    private volatile Optional<WinsockFaults> faults;

    /** The front of {@code session} over {@code driver}; closing the front closes the driver. */
    public WinsockFront(Session session, WinsockDriver<S> driver) {
        this.session = Objects.requireNonNull(session, "session");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.table = session.handles(HandleSpace.KERNEL);
        this.lastError = session.lastError();
        this.closing = new SocketClosing<>(session, driver, table, startups);
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

    // ---- plumbing ----

    private int fail(int error) {
        lastError.set(error);
        return SOCKET_ERROR;
    }

    private int unexpected(RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "unexpected failure behind the winsock front", e);
        return fail(EFAULT);
    }

    /** WS-01, then WS-13: 0 if a socket call may proceed, else its error. */
    private int admit() {
        if (!startups.started()) {
            return Win32Error.WSANOTINITIALISED.code();
        }
        Optional<WinsockFaults> f = faults;
        if (f == null) {
            f = driver.faults(); // looked up on first use: never while the session builds this front
            faults = f;
        }
        return f.isPresent() && f.get().networkDown() ? Win32Error.WSAENETDOWN.code() : OK;
    }

    /** Leases {@code s} if it names an open socket of this driver; null (and nothing leased) otherwise. */
    S lease(long s) {
        HandleEntry e = table.acquire(s);
        if (e == null) {
            return null;
        }
        S sock = driver.socketOf(e);
        if (sock == null) {
            table.release(s); // a kernel object, a DuplicateHandle copy (WS-02, WS-15)
        }
        return sock;
    }

    /**
     * A socket call: admitted (WS-01, WS-13), {@code precheck} (the checks before the lookup) passed,
     * {@code s} leased (WS-02), then {@code call}; success sets the last error to 0 (WS-03).
     */
    private int onSocket(long s, int precheck, ToIntFunction<S> call) {
        int rejected = admit();
        if (rejected == OK) {
            rejected = precheck;
        }
        if (rejected != OK) {
            return fail(rejected);
        }
        S sock = lease(s);
        if (sock == null) {
            return fail(ENOTSOCK);
        }
        try {
            int r = call.applyAsInt(sock);
            if (r != SOCKET_ERROR) {
                lastError.set(OK);
            }
            return r;
        } catch (RuntimeException e) {
            return unexpected(e);
        } finally {
            table.release(s);
        }
    }

    private int onSocket(long s, ToIntFunction<S> call) {
        return onSocket(s, OK, call);
    }

    /** A check made after the lookup: the call proceeds only if {@code check} is 0. */
    private int checked(int check, S sock, ToIntFunction<S> call) {
        return check == OK ? call.applyAsInt(sock) : fail(check);
    }

    /** A BOOL function's result from the {@code int} form: FALSE with the last error as set. */
    private static boolean bool(int r) {
        return r != SOCKET_ERROR;
    }

    /** Puts a socket the driver made into the table; the value, or {@code INVALID_SOCKET} with WSAEMFILE. */
    private long insert(S made) {
        try {
            return table.insert(made.entry());
        } catch (Win32Exception full) {
            driver.discard(made);
            fail(Win32Error.WSAEMFILE.code());
            return INVALID_SOCKET;
        }
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
        int rejected = admit();
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
            long h = insert(made);
            if (h != INVALID_SOCKET) {
                lastError.set(OK);
            }
            return h;
        } catch (RuntimeException e) {
            unexpected(e);
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
            accepted[0] = insert(child);
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
            return onSocket(s, sizes, sock -> updateAcceptContext(sock, Arguments.socketValue(optval, optlen)));
        }
        return onSocket(s, sizes, sock -> driver.setsockopt(sock, level, optname, optval, optlen));
    }

    /** The option's value is the listener, a socket value of its own: leased for the call too (WS-18). */
    private int updateAcceptContext(S sock, long listenerValue) {
        S listener = lease(listenerValue);
        if (listener == null) {
            return fail(ENOTSOCK);
        }
        try {
            return driver.updateAcceptContext(sock, listener);
        } finally {
            table.release(listenerValue);
        }
    }

    @Override
    public int getsockopt(long s, int level, int optname, byte[] optval, IntRef optlen) {
        return onSocket(s, Arguments.getOption(level, optname, optval, optlen),
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
        S sock = lease(s);
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
            return bool(unexpected(e));
        } finally {
            table.release(s);
        }
    }

    // ---- network events (WS-10) ----

    @Override
    public int WSAEventSelect(long s, long hEventObject, int lNetworkEvents) {
        return onSocket(s, sock -> driver.eventSelect(sock, hEventObject, lNetworkEvents));
    }

    @Override
    public int WSAEnumNetworkEvents(long s, long hEventObject, WSANETWORKEVENTS lpNetworkEvents) {
        return onSocket(s, sock -> checked(lpNetworkEvents == null ? EFAULT : OK, sock,
                x -> driver.enumNetworkEvents(x, hEventObject, lpNetworkEvents)));
    }

    // ---- event objects: kernel32's (KO-13), no startup needed ----

    @Override
    public long WSACreateEvent() {
        return driver.createEvent();
    }

    @Override
    public boolean WSACloseEvent(long hEvent) {
        return driver.closeEvent(hEvent);
    }

    @Override
    public boolean WSASetEvent(long hEvent) {
        return driver.setEvent(hEvent);
    }

    @Override
    public boolean WSAResetEvent(long hEvent) {
        return driver.resetEvent(hEvent);
    }

    @Override
    public int WSAWaitForMultipleEvents(int cEvents, long[] lphEvents, boolean fWaitAll, int dwTimeout, boolean fAlertable) {
        return driver.waitForMultipleEvents(cEvents, lphEvents, fWaitAll, dwTimeout, fAlertable);
    }

    // ---- extension functions (WS-18) ----

    @Override
    public int WSAIoctl(long s, int dwIoControlCode, byte[] lpvInBuffer, int cbInBuffer, byte[] lpvOutBuffer,
                        int cbOutBuffer, IntRef lpcbBytesReturned, Overlapped lpOverlapped,
                        OverlappedCompletionRoutine lpCompletionRoutine) {
        // Windows wants lpcbBytesReturned even for an overlapped call.
        return onSocket(s, sock -> checked(lpcbBytesReturned == null ? EFAULT : OK, sock, x -> driver.ioctl(x,
                dwIoControlCode, lpvInBuffer, cbInBuffer, lpvOutBuffer, cbOutBuffer, lpcbBytesReturned, lpOverlapped,
                lpCompletionRoutine)));
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
        return bool(onSocket(sListenSocket, listener -> {
            S target = lease(sAcceptSocket);
            if (target == null) {
                return fail(ENOTSOCK);
            }
            try {
                if (lpOverlapped == null) {
                    return fail(Win32Error.ERROR_INVALID_PARAMETER.code());
                }
                return driver.acceptEx(listener, target, lpOutputBuffer, dwReceiveDataLength, dwLocalAddressLength,
                        dwRemoteAddressLength, lpdwBytesReceived, lpOverlapped) ? OK : SOCKET_ERROR;
            } finally {
                table.release(sAcceptSocket);
            }
        }));
    }

    @Override
    public void GetAcceptExSockaddrs(byte[] lpOutputBuffer, int dwReceiveDataLength, int dwLocalAddressLength,
                                     int dwRemoteAddressLength, SockAddr LocalSockaddr, IntRef LocalSockaddrLength,
                                     SockAddr RemoteSockaddr, IntRef RemoteSockaddrLength) {
        // A void function: what it cannot read it leaves untouched.
        if (lpOutputBuffer == null || dwReceiveDataLength < 0 || dwLocalAddressLength < 0 || dwRemoteAddressLength < 0
                || (long) dwReceiveDataLength + dwLocalAddressLength + dwRemoteAddressLength > lpOutputBuffer.length) {
            return;
        }
        driver.getAcceptExSockaddrs(lpOutputBuffer, dwReceiveDataLength, dwLocalAddressLength, dwRemoteAddressLength,
                LocalSockaddr, LocalSockaddrLength, RemoteSockaddr, RemoteSockaddrLength);
    }

    @Override
    public boolean ConnectEx(long s, SockAddr name, int namelen, byte[] lpSendBuffer, int dwSendDataLength,
                             IntRef lpdwBytesSent, Overlapped lpOverlapped) {
        pending(lpOverlapped);
        return bool(onSocket(s, sock -> {
            if (lpOverlapped == null) {
                return fail(Win32Error.ERROR_INVALID_PARAMETER.code());
            }
            return checked(Arguments.address(name, namelen), sock, x -> driver.connectEx(x, name, namelen, lpSendBuffer,
                    dwSendDataLength, lpdwBytesSent, lpOverlapped) ? OK : SOCKET_ERROR);
        }));
    }

    @Override
    public boolean DisconnectEx(long s, Overlapped lpOverlapped, int dwFlags, int dwReserved) {
        return bool(onSocket(s, sock -> driver.disconnectEx(sock, lpOverlapped, dwFlags, dwReserved) ? OK : SOCKET_ERROR));
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

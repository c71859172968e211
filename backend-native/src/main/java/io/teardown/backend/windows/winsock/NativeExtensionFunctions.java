package io.teardown.backend.windows.winsock;

import com.sun.jna.Callback;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.backend.windows.jna.MswsockFunctions;
import io.teardown.backend.windows.jna.MswsockFunctions.LPFN_ACCEPTEX;
import io.teardown.backend.windows.jna.MswsockFunctions.LPFN_CONNECTEX;
import io.teardown.backend.windows.jna.MswsockFunctions.LPFN_DISCONNECTEX;
import io.teardown.backend.windows.jna.MswsockFunctions.LPFN_GETACCEPTEXSOCKADDRS;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.OverlappedOperations;
import io.teardown.backend.windows.jna.SOCKET;
import io.teardown.backend.windows.jna.Ws2_32Library;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.GUID;
import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockExtensionCalls;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * The extension functions of WS-18 on the real mswsock: {@code WSAIoctl} (and with it
 * {@code SIO_GET_EXTENSION_FUNCTION_POINTER}), {@code AcceptEx}, {@code ConnectEx}, {@code DisconnectEx},
 * {@code GetAcceptExSockaddrs}, and the {@code SO_UPDATE_ACCEPT_CONTEXT} value. Each function is obtained
 * as Windows programs obtain it — {@code WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)} with its GUID
 * ({@link Ws2_32#WSAID_ACCEPTEX} …) on the socket it is called for — and called through JNA as a typed
 * proxy of the returned pointer ({@link MswsockFunctions}); the pointer is kept per GUID, as servers
 * keep it. An overlapped call gets its {@code OVERLAPPED}, buffer and event in native memory from the
 * Winsock facade's {@link OverlappedOperations} and completes exactly as {@code WSASend}/{@code WSARecv}
 * do there: the memory is held until the completion was delivered into the caller's
 * {@link Overlapped} (and {@code AcceptEx}'s addresses copied into its {@code byte[]}), then the event
 * is set or the routine called — once, also when {@code closesocket} aborted it (WS-09).
 *
 * <p>The Winsock front has resolved the sockets ({@code WSAENOTSOCK}) and checked a missing
 * {@code OVERLAPPED} ({@code ERROR_INVALID_PARAMETER}) and the address; lengths that do not fit the Java
 * arrays ({@code WSAEFAULT}) are judged here, before anything reaches Windows.
 * See docs/native-backend.md and docs/winsock.md.
 */
final class NativeExtensionFunctions implements WinsockExtensionCalls<NativeSocket> {
    private static final int EFAULT = Win32Error.WSAEFAULT.code();
    private static final int IO_PENDING = Win32Error.ERROR_IO_PENDING.code();
    /** {@code OVERLAPPED.hEvent}: after Internal and InternalHigh (pointer-sized) and Offset, OffsetHigh. */
    private static final long H_EVENT = 2L * Native.POINTER_SIZE + 8;

    private final Session session;
    private final Ws2_32Library lib;
    private final NativeCalls calls;
    private final NativeOverlappedIo io;
    private final MswsockFunctions.Binder binder;
    private final Map<GUID, Callback> functions = new ConcurrentHashMap<>();

    NativeExtensionFunctions(Session session, Ws2_32Library lib, NativeCalls calls, NativeOverlappedIo io,
                             MswsockFunctions.Binder binder) {
        this.session = Objects.requireNonNull(session, "session");
        this.lib = Objects.requireNonNull(lib, "lib");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.io = Objects.requireNonNull(io, "io");
        this.binder = Objects.requireNonNull(binder, "binder");
    }

    // ------------------------------------------------------------------ WSAIoctl

    /**
     * {@code WSAIoctl}, synchronous on Windows' side; with an {@code OVERLAPPED} (or routine) the result
     * is also delivered as a completion of 0 bytes, as Windows does for an ioctl that completes at once.
     */
    @Override
    public int ioctl(NativeSocket s, int code, byte[] in, int cbIn, byte[] out, int cbOut, IntRef returned, Overlapped ov,
                 OverlappedCompletionRoutine routine) {
        if (outOfBounds(in, cbIn) || outOfBounds(out, cbOut)) {
            return error(EFAULT);
        }
        Memory inMemory = copyIn(in, cbIn);
        Memory outMemory = cbOut == 0 ? null : new Memory(cbOut);
        IntByReference n = new IntByReference();
        int rc = result(calls.callInt(() -> lib.WSAIoctl(s.os(), code, inMemory, cbIn, outMemory, cbOut, n, null, null)));
        if (rc == 0) {
            returned.value = n.getValue();
            if (outMemory != null) {
                outMemory.read(0, out, 0, Math.min(cbOut, Math.max(0, n.getValue())));
            }
            if (ov != null || routine != null) {
                Overlapped target = ov != null ? ov : new Overlapped();
                OverlappedOperations operations = io.operations();
                OverlappedOperations.Operation op = operations.begin(0, c -> io.deliver(c, null, 0, target, routine));
                operations.complete(op.overlapped(), 0, 0, 0);
            }
        }
        return rc;
    }

    // ------------------------------------------------------------------ AcceptEx, GetAcceptExSockaddrs

    @Override
    public boolean acceptEx(NativeSocket l, NativeSocket a, byte[] out, int receiveLength, int localLength, int remoteLength,
                            IntRef received, Overlapped ov) {
        int size = receiveLength + localLength + remoteLength;
        if (out == null || receiveLength < 0 || localLength < 0 || remoteLength < 0
                || (long) receiveLength + localLength + remoteLength > out.length) {
            return failed(EFAULT);
        }
        NativeCalls.Captured<LPFN_ACCEPTEX> found = function(l, Ws2_32.WSAID_ACCEPTEX, LPFN_ACCEPTEX.class);
        if (found.value() == null) {
            return failed(found.lastError());
        }
        LPFN_ACCEPTEX acceptEx = found.value();
        // The whole buffer comes back: AcceptEx writes both addresses after the received bytes.
        return done(overlapped(ov, size, null, op -> {
            IntByReference n = new IntByReference();
            boolean ok = acceptEx.invoke(l.os(), a.os(), op.buffer(), receiveLength, localLength, remoteLength, n,
                    op.overlapped());
            return ok ? n.getValue() : Ws2_32.SOCKET_ERROR;
        }, received, out, size));
    }

    /**
     * {@code GetAcceptExSockaddrs}: the real function parses the buffer (its layout is the provider's),
     * called on a native copy of it. A void function: what it cannot read it leaves untouched, also
     * before {@code WSAStartup} and when no socket has yet been asked for the pointer and none can be made.
     */
    @Override
    public void getAcceptExSockaddrs(byte[] buffer, int receiveLength, int localLength, int remoteLength, SockAddr local,
                                     IntRef localLen, SockAddr remote, IntRef remoteLen) {
        int size = receiveLength + localLength + remoteLength;
        LPFN_GETACCEPTEXSOCKADDRS fn = (LPFN_GETACCEPTEXSOCKADDRS) functions.get(Ws2_32.WSAID_GETACCEPTEXSOCKADDRS);
        if (fn == null) {
            fn = lookUpOnAScratchSocket();
            if (fn == null) {
                return;
            }
        }
        Memory native_ = copyIn(buffer, size);
        PointerByReference localAddress = new PointerByReference();
        PointerByReference remoteAddress = new PointerByReference();
        IntByReference localSize = new IntByReference();
        IntByReference remoteSize = new IntByReference();
        fn.invoke(native_, receiveLength, localLength, remoteLength, localAddress, localSize, remoteAddress, remoteSize);
        readAddress(localAddress.getValue(), localSize.getValue(), local, localLen);
        readAddress(remoteAddress.getValue(), remoteSize.getValue(), remote, remoteLen);
    }

    private static void readAddress(Pointer address, int size, SockAddr into, IntRef length) {
        if (address == null) {
            return;
        }
        if (into != null) {
            SockAddrs.read(address, into);
        }
        if (length != null) {
            length.value = size;
        }
    }

    /** No socket has been asked yet: ask a scratch TCP socket of our own, as a C program would. */
    private LPFN_GETACCEPTEXSOCKADDRS lookUpOnAScratchSocket() {
        SOCKET scratch = lib.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        if (scratch == null || scratch.isInvalid()) {
            return null;
        }
        try {
            Pointer p = pointer(scratch, Ws2_32.WSAID_GETACCEPTEXSOCKADDRS).value();
            return p == null ? null : (LPFN_GETACCEPTEXSOCKADDRS) functions.computeIfAbsent(
                    Ws2_32.WSAID_GETACCEPTEXSOCKADDRS, g -> binder.bind(LPFN_GETACCEPTEXSOCKADDRS.class, p));
        } finally {
            lib.closesocket(scratch);
        }
    }

    // ------------------------------------------------------------------ ConnectEx, DisconnectEx

    @Override
    public boolean connectEx(NativeSocket e, SockAddr name, int namelen, byte[] send, int sendLength, IntRef sent, Overlapped ov) {
        if (sendLength < 0 || sendLength > 0 && (send == null || sendLength > send.length)) {
            return failed(EFAULT);
        }
        NativeCalls.Captured<LPFN_CONNECTEX> found = function(e, Ws2_32.WSAID_CONNECTEX, LPFN_CONNECTEX.class);
        if (found.value() == null) {
            return failed(found.lastError());
        }
        LPFN_CONNECTEX connectEx = found.value();
        Memory address = sockaddr(name, namelen);
        return done(overlapped(ov, sendLength, send, op -> {
            IntByReference n = new IntByReference();
            boolean ok = connectEx.invoke(e.os(), address, namelen, sendLength == 0 ? null : op.buffer(), sendLength,
                    n, op.overlapped());
            return ok ? n.getValue() : Ws2_32.SOCKET_ERROR;
        }, sent, null, 0));
    }

    @Override
    public boolean disconnectEx(NativeSocket e, Overlapped ov, int flags, int reserved) {
        NativeCalls.Captured<LPFN_DISCONNECTEX> found = function(e, Ws2_32.WSAID_DISCONNECTEX, LPFN_DISCONNECTEX.class);
        if (found.value() == null) {
            return failed(found.lastError());
        }
        LPFN_DISCONNECTEX disconnectEx = found.value();
        if (ov == null) { // synchronous: Windows returns when the FIN is queued
            return done(calls.callInt(() -> disconnectEx.invoke(e.os(), null, flags, reserved) ? 0 : Ws2_32.SOCKET_ERROR));
        }
        return done(overlapped(ov, 0, null, op -> disconnectEx.invoke(e.os(), op.overlapped(), flags, reserved)
                ? 0 : Ws2_32.SOCKET_ERROR, null, null, 0));
    }

    // ------------------------------------------------------------------ SO_UPDATE_ACCEPT_CONTEXT

    /**
     * {@code setsockopt(SO_UPDATE_ACCEPT_CONTEXT)}: the value named the listener by its session value (the
     * front resolved it); Windows needs the listener's own {@code SOCKET}, so the value passed on is that.
     */
    @Override
    public int updateAcceptContext(NativeSocket a, NativeSocket l) {
        Memory os = new Memory(Native.POINTER_SIZE);
        if (Native.POINTER_SIZE == 8) {
            os.setLong(0, l.entry().os());
        } else {
            os.setInt(0, (int) l.entry().os());
        }
        return result(calls.callInt(() -> lib.setsockopt(a.os(), Ws2_32.SOL_SOCKET, Ws2_32.SO_UPDATE_ACCEPT_CONTEXT, os,
                Native.POINTER_SIZE)));
    }

    // ------------------------------------------------------------------ plumbing

    /**
     * One overlapped call: native memory from the facade's operations (with {@code in} copied into its
     * buffer), its own event in {@code OVERLAPPED.hEvent}, {@code issue} run with it. Pending or done,
     * the completion thread waits for the event and delivers the result once, after copying the buffer
     * into {@code copyBack} (when given). Returns the bytes of a call done at once, else
     * {@code SOCKET_ERROR} with the captured error ({@code ERROR_IO_PENDING} when pending).
     */
    private NativeCalls.CapturedInt overlapped(Overlapped ov, int size, byte[] in,
                                               ToIntFunction<OverlappedOperations.Operation> issue, IntRef bytes,
                                               byte[] copyBack, int copyLength) {
        NativeCalls.Captured<HANDLE> ev = calls.call(lib::WSACreateEvent);
        if (ev.value() == null) {
            return new NativeCalls.CapturedInt(Ws2_32.SOCKET_ERROR, ev.lastError());
        }
        HANDLE event = ev.value();
        ov.InternalHigh = 0;
        ov.Internal = Overlapped.STATUS_PENDING;
        OverlappedOperations operations = io.operations();
        OverlappedOperations.Operation op = operations.begin(size, c -> {
            if (copyBack != null && c.error() == 0) {
                c.operation().buffer().read(0, copyBack, 0, copyLength);
            }
            io.deliver(c, null, 0, ov, null);
        });
        op.overlapped().setPointer(H_EVENT, event.getPointer());
        if (in != null && size > 0) {
            op.buffer().write(0, in, 0, size);
        }
        NativeCalls.CapturedInt r = calls.callInt(() -> issue.applyAsInt(op));
        if (r.value() == Ws2_32.SOCKET_ERROR && r.lastError() != IO_PENDING) {
            operations.abandon(op); // failed at once: Windows reports no completion
            lib.WSACloseEvent(event);
            ov.Internal = r.lastError();
            return r;
        }
        if (r.value() != Ws2_32.SOCKET_ERROR) {
            // Done at once: the caller sees the result on return; the event still fires and finds it delivered.
            operations.complete(op.overlapped(), 0, r.value(), 0);
            if (bytes != null) {
                bytes.value = r.value();
            }
        }
        io.awaitCompletion(op, event);
        return r.value() == Ws2_32.SOCKET_ERROR ? r : new NativeCalls.CapturedInt(0, r.lastError());
    }

    /** The function for {@code guid}, asked of socket {@code e} the first time; a null value with the error on failure. */
    private <T extends Callback> NativeCalls.Captured<T> function(NativeSocket e, GUID guid, Class<T> type) {
        Callback known = functions.get(guid);
        if (known != null) {
            return new NativeCalls.Captured<>(type.cast(known), 0);
        }
        NativeCalls.Captured<Pointer> p = pointer(e.os(), guid);
        return p.value() == null ? new NativeCalls.Captured<>(null, p.lastError())
                : new NativeCalls.Captured<>(type.cast(functions.computeIfAbsent(guid, g -> binder.bind(type, p.value()))), 0);
    }

    /** {@code WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)} with the GUID's 16 bytes: the pointer, or null and the error. */
    private NativeCalls.Captured<Pointer> pointer(SOCKET s, GUID guid) {
        Memory in = copyIn(guid.bytes(), GUID.SIZE);
        Memory out = new Memory(Native.POINTER_SIZE);
        out.clear();
        IntByReference n = new IntByReference();
        NativeCalls.CapturedInt r = calls.callInt(() -> lib.WSAIoctl(s, Ws2_32.SIO_GET_EXTENSION_FUNCTION_POINTER, in,
                GUID.SIZE, out, Native.POINTER_SIZE, n, null, null));
        if (r.value() != 0) {
            return new NativeCalls.Captured<>(null, r.lastError());
        }
        Pointer p = out.getPointer(0);
        return new NativeCalls.Captured<>(p, p == null ? Win32Error.WSAEINVAL.code() : 0);
    }

    /** A call's captured result as the driver reports it: the value, or SOCKET_ERROR with the last error set. */
    private int result(NativeCalls.CapturedInt r) {
        if (r.value() == Ws2_32.SOCKET_ERROR) {
            session.lastError().set(r.lastError());
        }
        return r.value();
    }

    private int error(int code) {
        session.lastError().set(code);
        return Ws2_32.SOCKET_ERROR;
    }

    /** A BOOL function's failure: the last error set, FALSE. */
    private boolean failed(int code) {
        session.lastError().set(code);
        return false;
    }

    /** A BOOL function's result from a captured call (the last error set when it failed). */
    private boolean done(NativeCalls.CapturedInt r) {
        return result(r) != Ws2_32.SOCKET_ERROR;
    }

    private static boolean outOfBounds(byte[] buffer, int length) {
        return length < 0 || length > 0 && (buffer == null || length > buffer.length);
    }

    /** The address in native memory at least {@code namelen} bytes long (Windows reads that many). */
    private static Memory sockaddr(SockAddr name, int namelen) {
        Memory m = SockAddrs.sockaddr(name);
        if (namelen <= m.size()) {
            return m;
        }
        Memory longer = new Memory(namelen);
        longer.clear();
        longer.write(0, m.getByteArray(0, (int) m.size()), 0, (int) m.size());
        return longer;
    }

    private static Memory copyIn(byte[] bytes, int length) {
        if (bytes == null || length == 0) {
            return null;
        }
        Memory m = new Memory(length);
        m.write(0, bytes, 0, length);
        return m;
    }
}

package io.teardown.winsock.engine;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.winsock.GUID;
import io.teardown.winsock.OptionBytes;
import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.SockAddr;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.Ws2_32;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;

/**
 * The extension functions of WS-18 — {@code WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)},
 * {@code AcceptEx}, {@code GetAcceptExSockaddrs}, {@code ConnectEx}, {@code DisconnectEx} and the
 * {@code SO_UPDATE_ACCEPT_CONTEXT}/{@code SO_UPDATE_CONNECT_CONTEXT} options — validated here in
 * Windows' order (Wine's {@code sock.c} records it) and carried out by {@link StreamSocket}. Each
 * overlapped one is an {@link OverlappedOp}, so it completes as {@code WSASend}/{@code WSARecv} do.
 * See docs/winsock.md.
 */
final class ExtensionFunctions {
    /**
     * The "function pointers" {@code SIO_GET_EXTENSION_FUNCTION_POINTER} hands out: opaque, non-zero,
     * distinct and stable. A Java caller calls the {@link Ws2_32} method of the same name instead.
     */
    private static final Map<GUID, Long> POINTERS = Map.of(
            Ws2_32.WSAID_ACCEPTEX, 0x7EA0_0001L,
            Ws2_32.WSAID_GETACCEPTEXSOCKADDRS, 0x7EA0_0002L,
            Ws2_32.WSAID_CONNECTEX, 0x7EA0_0003L,
            Ws2_32.WSAID_DISCONNECTEX, 0x7EA0_0004L);
    private static final int POINTER_SIZE = 8;

    /** WSAIoctl on a leased socket ({@code returned} given, the front checked): returns 0 or throws the error. */
    int ioctl(EmulatedSocket sock, int code, byte[] in, int cbIn, byte[] out, int cbOut, IntRef returned,
              Overlapped ov, OverlappedCompletionRoutine routine) {
        int n;
        switch (code) {
            case Ws2_32.SIO_GET_EXTENSION_FUNCTION_POINTER -> {
                if (in == null || cbIn < GUID.SIZE || cbIn > in.length) {
                    throw WsaException.of(Win32Error.WSAEFAULT);
                }
                Long pointer = POINTERS.get(GUID.read(in, cbIn));
                if (pointer == null) {
                    throw WsaException.of(Win32Error.WSAEINVAL); // and nothing is written or completed
                }
                if (out == null || cbOut < POINTER_SIZE || cbOut > out.length) {
                    throw WsaException.of(Win32Error.WSAEFAULT);
                }
                for (int i = 0; i < POINTER_SIZE; i++) {
                    out[i] = (byte) (pointer >>> (8 * i));
                }
                n = POINTER_SIZE;
            }
            case Ws2_32.FIONBIO -> {
                if (in == null || cbIn < 4 || cbIn > in.length) {
                    throw WsaException.of(Win32Error.WSAEFAULT);
                }
                sock.ioctl(Ws2_32.FIONBIO, new IntRef(OptionBytes.int32(in)));
                n = 0;
            }
            case Ws2_32.FIONREAD -> {
                if (out == null || cbOut < 4 || cbOut > out.length) {
                    throw WsaException.of(Win32Error.WSAEFAULT);
                }
                IntRef v = new IntRef();
                sock.ioctl(Ws2_32.FIONREAD, v);
                System.arraycopy(OptionBytes.int32(v.value), 0, out, 0, 4);
                n = 4;
            }
            default -> throw WsaException.of(Win32Error.WSAEOPNOTSUPP);
        }
        returned.value = n;
        if (ov != null && !sock.nonOverlapped) {
            // an overlapped WSAIoctl that succeeded at once still delivers its completion (0 bytes)
            new OverlappedOp(sock, ov, routine, null, 0, null).completeAtOnce(0);
        }
        return 0;
    }

    /** AcceptEx on leased sockets: pends (throws ERROR_IO_PENDING) or throws the error. */
    void acceptEx(EmulatedSocket listenSock, EmulatedSocket acceptSock, byte[] out, int receiveLength,
                  int localLength, int remoteLength, Overlapped ov) {
        if (ov == null) {
            throw WsaException.of(Win32Error.ERROR_INVALID_PARAMETER);
        }
        if (!(listenSock instanceof StreamSocket listener)) {
            throw WsaException.of(Win32Error.WSAEINVAL);
        }
        if (out == null || receiveLength < 0 || localLength < 0 || remoteLength < 0
                || (long) receiveLength + localLength + remoteLength > out.length) {
            throw WsaException.of(Win32Error.WSAEFAULT);
        }
        if (!(acceptSock instanceof StreamSocket target) || target == listener) {
            throw WsaException.of(Win32Error.WSAEINVAL); // a UDP socket cannot be accepted into
        }
        OverlappedOp op = new OverlappedOp(listener, ov, null, null, 0, null); // the listener's operation
        StreamExtensions.acceptEx(listener, new AcceptExOp(op, listener, target, out, receiveLength, localLength, remoteLength));
        throw WsaException.of(Win32Error.ERROR_IO_PENDING);
    }

    /** GetAcceptExSockaddrs: a void C function; what it cannot read it leaves untouched. */
    static void sockaddrs(byte[] out, int receiveLength, int localLength, int remoteLength, SockAddr local,
                          IntRef localLen, SockAddr remote, IntRef remoteLen) {
        if (out == null || receiveLength < 0 || localLength < 0 || remoteLength < 0
                || (long) receiveLength + localLength + remoteLength > out.length) {
            return;
        }
        if (localLength > 0) {
            AcceptExOp.readAddress(out, receiveLength, localLength, local, localLen);
        }
        AcceptExOp.readAddress(out, receiveLength + localLength, remoteLength, remote, remoteLen);
    }

    /** ConnectEx on a leased socket: pends (throws ERROR_IO_PENDING) or throws the error. */
    void connectEx(EmulatedSocket sock, InetSocketAddress remote, byte[] buf, int len, Overlapped ov) {
        if (ov == null) {
            throw WsaException.of(Win32Error.ERROR_INVALID_PARAMETER);
        }
        if (!(sock instanceof StreamSocket stream)) {
            throw WsaException.of(Win32Error.WSAEINVAL);
        }
        if (len < 0 || len > 0 && (buf == null || len > buf.length)) {
            throw WsaException.of(Win32Error.WSAEFAULT);
        }
        byte[] data = len == 0 ? new byte[0] : Arrays.copyOf(buf, len);
        StreamExtensions.connectEx(stream, remote, data, new OverlappedOp(stream, ov, null, null, 0, null));
        throw WsaException.of(Win32Error.ERROR_IO_PENDING);
    }

    /** DisconnectEx on a leased socket: returns normally when done at once (no OVERLAPPED), else pends or throws. */
    void disconnectEx(EmulatedSocket sock, Overlapped ov, int flags, int reserved) {
        if ((flags & ~Ws2_32.TF_REUSE_SOCKET) != 0 || reserved != 0) {
            throw WsaException.of(Win32Error.WSAEINVAL);
        }
        if (!(sock instanceof StreamSocket stream)) {
            throw WsaException.of(Win32Error.WSAENOTCONN);
        }
        OverlappedOp op = ov == null || sock.nonOverlapped ? null : new OverlappedOp(sock, ov, null, null, 0, null);
        StreamExtensions.disconnectEx(stream, (flags & Ws2_32.TF_REUSE_SOCKET) != 0);
        if (op != null) {
            op.complete(0, 0); // the FIN is queued behind the data: one completion, 0 bytes
            throw WsaException.of(Win32Error.ERROR_IO_PENDING);
        }
    }

    /**
     * SO_UPDATE_ACCEPT_CONTEXT on leased sockets: the option's value named {@code listenerSock} (a SOCKET;
     * the front checked its size and resolved it).
     */
    static void updateAcceptContext(EmulatedSocket sock, EmulatedSocket listenerSock) {
        if (!(sock instanceof StreamSocket stream) || !(listenerSock instanceof StreamSocket listener)
                || listener == stream) {
            throw WsaException.of(Win32Error.WSAEINVAL);
        }
        StreamExtensions.updateAcceptContext(stream, listener);
    }

    /** SO_UPDATE_CONNECT_CONTEXT (its value is not used). */
    static void updateConnectContext(EmulatedSocket sock) {
        if (!(sock instanceof StreamSocket stream)) {
            throw WsaException.of(Win32Error.WSAEINVAL);
        }
        StreamExtensions.updateConnectContext(stream);
    }
}

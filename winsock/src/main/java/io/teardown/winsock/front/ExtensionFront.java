package io.teardown.winsock.front;

import static io.teardown.winsock.front.SocketCalls.EFAULT;
import static io.teardown.winsock.front.SocketCalls.OK;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockExtensionCalls;

/**
 * The front of the extension functions (WS-18): {@code WSAIoctl}, {@code AcceptEx} (two sockets, both
 * leased), {@code GetAcceptExSockaddrs}, {@code ConnectEx}, {@code DisconnectEx} and
 * {@code SO_UPDATE_ACCEPT_CONTEXT} (whose value is a second socket). An {@code OVERLAPPED} given to
 * {@code AcceptEx}/{@code ConnectEx} is marked pending before anything is checked, as Windows leaves it
 * even when the call fails; a missing one is {@code ERROR_INVALID_PARAMETER} once the sockets are known.
 */
final class ExtensionFront<S extends io.teardown.winsock.spi.WinsockDriver.Socket> {
    private final SocketCalls<S> calls;
    private final WinsockExtensionCalls<S> driver;

    ExtensionFront(SocketCalls<S> calls, WinsockExtensionCalls<S> driver) {
        this.calls = calls;
        this.driver = driver;
    }

    private static boolean bool(int r) {
        return r != Ws2_32.SOCKET_ERROR;
    }

    private static int asInt(boolean ok) {
        return ok ? OK : Ws2_32.SOCKET_ERROR;
    }

    /** Marks an OVERLAPPED pending before validation: Windows leaves STATUS_PENDING there even when the call fails. */
    private static void pending(Overlapped ov) {
        if (ov != null) {
            ov.Internal = Overlapped.STATUS_PENDING;
        }
    }

    int WSAIoctl(long s, int code, byte[] in, int cbIn, byte[] out, int cbOut, IntRef returned, Overlapped ov,
                 OverlappedCompletionRoutine routine) {
        // Windows wants lpcbBytesReturned even for an overlapped call.
        return calls.onSocket(s, sock -> calls.checked(returned == null ? EFAULT : OK, sock,
                x -> driver.ioctl(x, code, in, cbIn, out, cbOut, returned, ov, routine)));
    }

    boolean AcceptEx(long sListenSocket, long sAcceptSocket, byte[] out, int receiveLength, int localLength,
                     int remoteLength, IntRef received, Overlapped ov) {
        pending(ov);
        return bool(calls.onSocket(sListenSocket, listener -> calls.withSecond(sAcceptSocket, target -> ov == null
                ? calls.fail(Win32Error.ERROR_INVALID_PARAMETER.code())
                : asInt(driver.acceptEx(listener, target, out, receiveLength, localLength, remoteLength, received, ov)))));
    }

    void GetAcceptExSockaddrs(byte[] out, int receiveLength, int localLength, int remoteLength, SockAddr local,
                              IntRef localLen, SockAddr remote, IntRef remoteLen) {
        // A void function: what it cannot read it leaves untouched.
        if (out == null || receiveLength < 0 || localLength < 0 || remoteLength < 0
                || (long) receiveLength + localLength + remoteLength > out.length) {
            return;
        }
        driver.getAcceptExSockaddrs(out, receiveLength, localLength, remoteLength, local, localLen, remote, remoteLen);
    }

    boolean ConnectEx(long s, SockAddr name, int namelen, byte[] send, int sendLength, IntRef sent, Overlapped ov) {
        pending(ov);
        return bool(calls.onSocket(s, sock -> ov == null ? calls.fail(Win32Error.ERROR_INVALID_PARAMETER.code())
                : calls.checked(Arguments.address(name, namelen), sock,
                        x -> asInt(driver.connectEx(x, name, namelen, send, sendLength, sent, ov)))));
    }

    boolean DisconnectEx(long s, Overlapped ov, int flags, int reserved) {
        return bool(calls.onSocket(s, sock -> asInt(driver.disconnectEx(sock, ov, flags, reserved))));
    }

    /** The option's value is the listener, a socket value of its own: leased for the call too. */
    int updateAcceptContext(long s, int sizes, byte[] optval, int optlen) {
        return calls.onSocket(s, sizes, sock -> calls.withSecond(Arguments.socketValue(optval, optlen),
                listener -> driver.updateAcceptContext(sock, listener)));
    }
}

package io.teardown.backend.windows.jna;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary.StdCallCallback;

/**
 * The Winsock extension functions of mswsock.h (WS-18) as the function-pointer types
 * {@code WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)} hands out: {@code LPFN_ACCEPTEX},
 * {@code LPFN_CONNECTEX}, {@code LPFN_DISCONNECTEX} and {@code LPFN_GETACCEPTEXSOCKADDRS}. Each is a
 * one-method {@code WINAPI} callback type, so BindingAbiTest checks it against the typedef in the
 * headers, and {@link #bind} turns a returned pointer into a typed proxy that calls it (JNA's
 * {@link CallbackReference#getCallback(Class, Pointer)}, which invokes the pointer as a
 * {@link com.sun.jna.Function} with the {@code WINAPI} convention). Buffers and {@code OVERLAPPED}s are
 * {@link Pointer}s to native memory the caller keeps until the operation's completion (see
 * {@link OverlappedOperations}). See docs/native-backend.md.
 */
public final class MswsockFunctions {
    private MswsockFunctions() {
    }

    /**
     * {@code BOOL AcceptEx(SOCKET sListenSocket, SOCKET sAcceptSocket, PVOID lpOutputBuffer, DWORD
     * dwReceiveDataLength, DWORD dwLocalAddressLength, DWORD dwRemoteAddressLength, LPDWORD
     * lpdwBytesReceived, LPOVERLAPPED lpOverlapped)}.
     */
    public interface LPFN_ACCEPTEX extends StdCallCallback {
        /** Calls the function. */
        boolean invoke(SOCKET sListenSocket, SOCKET sAcceptSocket, Pointer lpOutputBuffer, int dwReceiveDataLength,
                       int dwLocalAddressLength, int dwRemoteAddressLength, IntByReference lpdwBytesReceived,
                       Pointer lpOverlapped);
    }

    /**
     * {@code BOOL ConnectEx(SOCKET s, const struct sockaddr *name, int namelen, PVOID lpSendBuffer, DWORD
     * dwSendDataLength, LPDWORD lpdwBytesSent, LPOVERLAPPED lpOverlapped)}.
     */
    public interface LPFN_CONNECTEX extends StdCallCallback {
        /** Calls the function. */
        boolean invoke(SOCKET s, Pointer name, int namelen, Pointer lpSendBuffer, int dwSendDataLength,
                       IntByReference lpdwBytesSent, Pointer lpOverlapped);
    }

    /** {@code BOOL DisconnectEx(SOCKET s, LPOVERLAPPED lpOverlapped, DWORD dwFlags, DWORD dwReserved)}. */
    public interface LPFN_DISCONNECTEX extends StdCallCallback {
        /** Calls the function. */
        boolean invoke(SOCKET s, Pointer lpOverlapped, int dwFlags, int dwReserved);
    }

    /**
     * {@code VOID GetAcceptExSockaddrs(PVOID lpOutputBuffer, DWORD dwReceiveDataLength, DWORD
     * dwLocalAddressLength, DWORD dwRemoteAddressLength, struct sockaddr **LocalSockaddr, LPINT
     * LocalSockaddrLength, struct sockaddr **RemoteSockaddr, LPINT RemoteSockaddrLength)}: the two
     * addresses point into {@code lpOutputBuffer}.
     */
    public interface LPFN_GETACCEPTEXSOCKADDRS extends StdCallCallback {
        /** Calls the function. */
        void invoke(Pointer lpOutputBuffer, int dwReceiveDataLength, int dwLocalAddressLength, int dwRemoteAddressLength,
                    PointerByReference LocalSockaddr, IntByReference LocalSockaddrLength,
                    PointerByReference RemoteSockaddr, IntByReference RemoteSockaddrLength);
    }

    /** Turns function pointers into typed proxies; tests substitute one that never calls native code. */
    @FunctionalInterface
    public interface Binder {
        /** A proxy of {@code type} that calls the native function at {@code pointer}. */
        <T extends Callback> T bind(Class<T> type, Pointer pointer);
    }

    /** The binder that calls the real function pointers. */
    public static final Binder NATIVE = MswsockFunctions::bind;

    /** A proxy of {@code type} calling the {@code WINAPI} function at {@code pointer}. */
    public static <T extends Callback> T bind(Class<T> type, Pointer pointer) {
        return type.cast(CallbackReference.getCallback(type, pointer));
    }
}

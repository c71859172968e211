package io.teardown.winsock.engine;

import io.teardown.api.IntRef;
import io.teardown.api.LastError;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.spi.WinsockExtensionCalls;

/**
 * The engine's extension functions behind the Winsock front (WS-18), on sockets the front resolved and
 * leased; the rules are {@link ExtensionFunctions}' and {@link StreamExtensions}'. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>.
 */
final class EngineExtensionCalls implements WinsockExtensionCalls<SocketEntry> {
    private final LastError lastError;
    private final ExtensionFunctions functions = new ExtensionFunctions();

    EngineExtensionCalls(LastError lastError) {
        this.lastError = lastError;
    }

    @Override
    public int ioctl(SocketEntry s, int dwIoControlCode, byte[] lpvInBuffer, int cbInBuffer, byte[] lpvOutBuffer,
                     int cbOutBuffer, IntRef lpcbBytesReturned, Overlapped lpOverlapped,
                     OverlappedCompletionRoutine lpCompletionRoutine) {
        return reported(() -> functions.ioctl(s.socket, dwIoControlCode, lpvInBuffer, cbInBuffer, lpvOutBuffer,
                cbOutBuffer, lpcbBytesReturned, lpOverlapped, lpCompletionRoutine));
    }

    @Override
    public boolean acceptEx(SocketEntry listener, SocketEntry acceptSocket, byte[] lpOutputBuffer,
                            int dwReceiveDataLength, int dwLocalAddressLength, int dwRemoteAddressLength, IntRef lpdwBytesReceived,
                            Overlapped lpOverlapped) {
        return succeeded(() -> functions.acceptEx(listener.socket, acceptSocket.socket, lpOutputBuffer,
                dwReceiveDataLength, dwLocalAddressLength, dwRemoteAddressLength, lpOverlapped));
    }

    @Override
    public void getAcceptExSockaddrs(byte[] lpOutputBuffer, int dwReceiveDataLength, int dwLocalAddressLength,
                                     int dwRemoteAddressLength, SockAddr LocalSockaddr, IntRef LocalSockaddrLength,
                                     SockAddr RemoteSockaddr, IntRef RemoteSockaddrLength) {
        ExtensionFunctions.sockaddrs(lpOutputBuffer, dwReceiveDataLength, dwLocalAddressLength, dwRemoteAddressLength,
                LocalSockaddr, LocalSockaddrLength, RemoteSockaddr, RemoteSockaddrLength);
    }

    @Override
    public boolean connectEx(SocketEntry s, SockAddr name, int namelen, byte[] lpSendBuffer, int dwSendDataLength,
                             IntRef lpdwBytesSent, Overlapped lpOverlapped) {
        return succeeded(() -> functions.connectEx(s.socket, EmulatedWinsockDriver.address(s.socket, name),
                lpSendBuffer, dwSendDataLength, lpOverlapped));
    }

    @Override
    public boolean disconnectEx(SocketEntry s, Overlapped lpOverlapped, int dwFlags, int dwReserved) {
        return succeeded(() -> functions.disconnectEx(s.socket, lpOverlapped, dwFlags, dwReserved));
    }

    @Override
    public int updateAcceptContext(SocketEntry s, SocketEntry listener) {
        return reported(() -> {
            ExtensionFunctions.updateAcceptContext(s.socket, listener.socket);
            return 0;
        });
    }

    private int reported(java.util.function.IntSupplier work) {
        return WsaException.reported(lastError, work);
    }

    private boolean succeeded(Runnable work) {
        return WsaException.succeeded(lastError, work);
    }
}

package io.teardown.winsock.spi;

import io.teardown.api.IntRef;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.SockAddr;

/**
 * The extension functions behind the Winsock front (WS-18), one object per driver
 * ({@link WinsockDriver#extensions()}): {@code WSAIoctl}, {@code AcceptEx}, {@code GetAcceptExSockaddrs},
 * {@code ConnectEx}, {@code DisconnectEx} and {@code SO_UPDATE_ACCEPT_CONTEXT}, on sockets the front
 * resolved and leased. Each returns what its C function returns, the last error set on failure. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>.
 *
 * @param <S> the driver's socket type
 */
public interface WinsockExtensionCalls<S extends WinsockDriver.Socket> {
    /** {@code WSAIoctl}'s work; {@code lpcbBytesReturned} is non-null. */
    int ioctl(S s, int dwIoControlCode, byte[] lpvInBuffer, int cbInBuffer, byte[] lpvOutBuffer, int cbOutBuffer,
              IntRef lpcbBytesReturned, Overlapped lpOverlapped, OverlappedCompletionRoutine lpCompletionRoutine);

    /** {@code AcceptEx}'s work on two leased sockets; {@code lpOverlapped} is non-null and marked pending. */
    boolean acceptEx(S listener, S acceptSocket, byte[] lpOutputBuffer, int dwReceiveDataLength,
                     int dwLocalAddressLength, int dwRemoteAddressLength, IntRef lpdwBytesReceived,
                     Overlapped lpOverlapped);

    /** {@code GetAcceptExSockaddrs}: a void function that leaves untouched what it cannot read. */
    void getAcceptExSockaddrs(byte[] lpOutputBuffer, int dwReceiveDataLength, int dwLocalAddressLength,
                              int dwRemoteAddressLength, SockAddr LocalSockaddr, IntRef LocalSockaddrLength,
                              SockAddr RemoteSockaddr, IntRef RemoteSockaddrLength);

    /** {@code ConnectEx}'s work; {@code name} non-null with {@code namelen >= name.size()}, {@code lpOverlapped} non-null and marked pending. */
    boolean connectEx(S s, SockAddr name, int namelen, byte[] lpSendBuffer, int dwSendDataLength,
                      IntRef lpdwBytesSent, Overlapped lpOverlapped);

    /** {@code DisconnectEx}'s work. */
    boolean disconnectEx(S s, Overlapped lpOverlapped, int dwFlags, int dwReserved);

    /**
     * {@code setsockopt(SO_UPDATE_ACCEPT_CONTEXT)}'s work: {@code s} was accepted by {@code AcceptEx} on
     * {@code listener}, which the front resolved from the option's value (WS-18).
     */
    int updateAcceptContext(S s, S listener);
}

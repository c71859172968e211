package io.teardown.winsock;

/**
 * A socket of the object API: a SOCKET value of the session's kernel handle table, closed with
 * {@code closesocket}. {@link #close()} is idempotent; {@link #closesocket()} reports what happened.
 * Named {@code WinsockSocket}, not {@code Socket}, so that {@code import io.teardown.winsock.*} and
 * {@code import java.net.*} can sit in one file.
 *
 * See docs/winsock.md.
 */
public sealed interface WinsockSocket extends AutoCloseable permits TcpSocket, TcpListener, UdpSocket {
    /** The SOCKET value, for the flat facade. */
    long handle();

    /**
     * {@code closesocket} once, with its outcome (WS-04 … WS-07). A {@link CloseOutcome.WouldBlock} leaves the
     * socket open; anything else closes it. A second call fails with {@code WSAENOTSOCK} (WS-03).
     *
     * @throws io.teardown.api.Win32Exception with the Windows error
     */
    CloseOutcome closesocket();

    /**
     * Closes unless closed already. A non-blocking socket whose lingering close would block is switched
     * to blocking and closed again, so {@code close()} always releases the socket.
     */
    @Override
    void close();
}

package io.teardown.winsock;

import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;

/** A listening TCP socket of the object API. Accepted sockets inherit its linger setting (WS-08). */
public final class TcpListener extends SocketHandle implements WinsockSocket {
    private final Winsock winsock;

    TcpListener(Winsock winsock, long handle) {
        super(winsock, handle);
        this.winsock = winsock;
    }

    /** Accepts one connection (blocks on a blocking listener). */
    public TcpSocket accept() {
        long h = ws.accept(handle, null, null);
        if (h == Ws2_32.INVALID_SOCKET) {
            int e = ws.WSAGetLastError();
            throw new Win32Exception(e, "accept: " + Win32Error.describe(e));
        }
        return new TcpSocket(winsock, h);
    }
}

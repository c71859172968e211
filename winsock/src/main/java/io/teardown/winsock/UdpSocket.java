package io.teardown.winsock;

import io.teardown.api.IntRef;
import io.teardown.api.Ref;
import java.net.InetSocketAddress;

/** A UDP socket of the object API. */
public final class UdpSocket extends SocketHandle implements WinsockSocket {
    UdpSocket(Winsock winsock, long handle) {
        super(winsock, handle);
    }

    /** Sends one datagram. */
    public int sendTo(byte[] data, InetSocketAddress to) {
        SockAddr a = SockAddr.of(to);
        return check(ws.sendto(handle, data, data.length, 0, a, a.size()), "sendto");
    }

    /** Receives one datagram into {@code buf}, and its sender into {@code from} if given. */
    public int receive(byte[] buf, Ref<InetSocketAddress> from) {
        SockAddr a = new SockAddr();
        int n = check(ws.recvfrom(handle, buf, buf.length, 0, a, new IntRef(SockAddr.SIZE_IN6)), "recvfrom");
        if (from != null) {
            from.value = a.toInetSocketAddress();
        }
        return n;
    }
}

package io.teardown.winsock;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LeakWatch;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import io.teardown.winsock.spi.OutcomeReporting;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/** What the object API's sockets share: the handle, leak watch, options and the close path. */
abstract class SocketHandle {
    final Ws2_32 ws;
    final long handle;
    private final LeakWatch watch;
    private final AtomicBoolean closed = new AtomicBoolean();

    SocketHandle(Winsock winsock, long handle) {
        this.ws = winsock.flat();
        this.handle = handle;
        this.watch = winsock.session().watch(this, HandleSpace.KERNEL, handle, "Socket");
    }

    public long handle() {
        return handle;
    }

    int check(int result, String what) {
        if (result == Ws2_32.SOCKET_ERROR) {
            int e = ws.WSAGetLastError();
            throw new Win32Exception(e, what + ": " + Win32Error.describe(e));
        }
        return result;
    }

    public CloseOutcome closesocket() {
        CloseOutcome o;
        if (ws instanceof OutcomeReporting r) {
            o = r.closesocketOutcome(handle);
        } else {
            int res = ws.closesocket(handle);
            if (res == Ws2_32.SOCKET_ERROR && ws.WSAGetLastError() == Win32Error.WSAEWOULDBLOCK.code()) {
                o = new CloseOutcome.WouldBlock();
            } else {
                check(res, "closesocket");
                o = new CloseOutcome.Closed();
            }
        }
        if (o.closed()) {
            closed.set(true);
            watch.closed();
        }
        return o;
    }

    public void close() {
        if (closed.get()) {
            return;
        }
        CloseOutcome o = closesocket();
        if (!o.closed()) {
            nonBlocking(false);
            closesocket();
        }
    }

    /** Sets {@code SO_LINGER} (WS-08). */
    public void linger(Linger linger) {
        check(ws.setsockopt(handle, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, linger), "setsockopt(SO_LINGER)");
    }

    /** Reads {@code SO_LINGER} ({@code l_onoff} normalised to 0 or 1). */
    public Linger linger() {
        byte[] b = new byte[OptionBytes.LINGER_SIZE];
        check(ws.getsockopt(handle, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, b, new IntRef(b.length)), "getsockopt(SO_LINGER)");
        return OptionBytes.linger(b);
    }

    /** {@code ioctlsocket(FIONBIO)}. */
    public void nonBlocking(boolean on) {
        check(ws.ioctlsocket(handle, Ws2_32.FIONBIO, new IntRef(on ? 1 : 0)), "ioctlsocket(FIONBIO)");
    }

    /** The local address ({@code getsockname}). */
    public InetSocketAddress localAddress() {
        SockAddr a = new SockAddr();
        check(ws.getsockname(handle, a, new IntRef(SockAddr.SIZE_IN6)), "getsockname");
        return a.toInetSocketAddress();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[0x" + Long.toHexString(handle) + (closed.get() ? ", closed" : "") + "]";
    }
}

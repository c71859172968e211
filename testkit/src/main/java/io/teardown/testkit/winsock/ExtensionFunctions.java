package io.teardown.testkit.winsock;

import static io.teardown.testkit.winsock.Wsa.failsBool;
import static io.teardown.testkit.winsock.Wsa.ok;
import static io.teardown.testkit.winsock.Wsa.tcp;
import static io.teardown.winsock.Ws2_32.SOL_SOCKET;
import static io.teardown.winsock.Ws2_32.SO_UPDATE_ACCEPT_CONTEXT;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAOVERLAPPED;
import io.teardown.winsock.Ws2_32;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * What the WS-18 contracts ({@link ExtensionFunctionsContract}, {@link AcceptExContract},
 * {@link ConnectExContract}) share: the events their {@code OVERLAPPED}s signal, closed at the end of a
 * test, and the steps of an {@code AcceptEx}. One instance per test.
 */
final class ExtensionFunctions {
    /** The size AcceptEx needs for each address: a {@code sockaddr_in} plus 16 bytes. */
    static final int ADDR = SockAddr.SIZE_IN + 16;

    private final List<Long> events = new ArrayList<>();

    /** An event for an OVERLAPPED, closed by {@link #closeEvents} at the end of the test. */
    long event(Ws2_32 ws) {
        long e = Wsa.event(ws);
        events.add(e);
        return e;
    }

    void closeEvents(Ws2_32 ws) {
        for (long e : events) {
            assertTrue(ws.WSACloseEvent(e), "WSACloseEvent");
        }
        events.clear();
    }

    private static byte[] socketValue(long s) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (s >>> (8 * i));
        }
        return b;
    }

    static void updateAcceptContext(Ws2_32 ws, long accepted, long listener) {
        ok(ws, ws.setsockopt(accepted, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, socketValue(listener), 8),
                "setsockopt(SO_UPDATE_ACCEPT_CONTEXT)");
    }

    static byte[] read(Socket s, int n) throws Exception {
        s.setSoTimeout(10_000);
        return s.getInputStream().readNBytes(n);
    }

    /** A pending AcceptEx of {@code listener} into a new socket; returns the accept socket. */
    static long pendingAcceptEx(Ws2_32 ws, long listener, byte[] buf, int receive, WSAOVERLAPPED ov) {
        long a = tcp(ws);
        failsBool(ws, ws.AcceptEx(listener, a, buf, receive, ADDR, ADDR, new IntRef(), ov), Win32Error.ERROR_IO_PENDING,
                "AcceptEx");
        return a;
    }
}

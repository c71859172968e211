package io.teardown.testkit.winsock;

import static io.teardown.testkit.winsock.Wsa.completesOnce;
import static io.teardown.testkit.winsock.Wsa.connect;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.ok;
import static io.teardown.testkit.winsock.Wsa.started;
import static io.teardown.testkit.winsock.Wsa.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.winsock.GUID;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAOVERLAPPED;
import io.teardown.winsock.Ws2_32;
import java.io.InputStream;
import java.net.Socket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * WS-18: the extension functions ({@code AcceptEx}, {@code GetAcceptExSockaddrs}, {@code ConnectEx},
 * {@code DisconnectEx}) through the flat facade — this class holds their lookup by GUID through
 * {@code WSAIoctl} and the non-overlapped socket that ignores an {@code OVERLAPPED}; the functions
 * themselves are in {@link AcceptExContract} and {@link ConnectExContract}.
 * Peers are plain JDK sockets. Windows' answers are those Wine's
 * {@code dlls/ws2_32/tests/sock.c} records; the shared helpers are in {@link ExtensionFunctions}.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class ExtensionFunctionsContract {
    private final ExtensionFunctions fx = new ExtensionFunctions();

    /** For JUnit and subclasses. */
    public ExtensionFunctionsContract() {
    }

    // ---------------------------------------------------------------- WSAIoctl

    /** WS-18: the four GUIDs give distinct non-zero pointers; an unknown GUID WSAEINVAL, touching nothing. */
    @TestTemplate
    public void WS_18_extensionFunctionPointersByGuid(TestBackend b) {
        Ws2_32 ws = started(b.session());
        long s = tcp(ws);
        Set<Long> seen = new HashSet<>();
        for (GUID g : List.of(Ws2_32.WSAID_ACCEPTEX, Ws2_32.WSAID_CONNECTEX, Ws2_32.WSAID_DISCONNECTEX,
                Ws2_32.WSAID_GETACCEPTEXSOCKADDRS)) {
            byte[] out = new byte[8];
            IntRef size = new IntRef(-1);
            ok(ws, ws.WSAIoctl(s, Ws2_32.SIO_GET_EXTENSION_FUNCTION_POINTER, g.bytes(), GUID.SIZE, out, 8, size, null,
                    null), "WSAIoctl " + g);
            assertEquals(8, size.value);
            long p = 0;
            for (int i = 0; i < 8; i++) {
                p |= (out[i] & 0xFFL) << (8 * i);
            }
            assertNotEquals(0L, p, "a non-zero function pointer");
            assertTrue(seen.add(p), "one pointer per function");
        }
        IntRef size = new IntRef(0xBEEF);
        WSAOVERLAPPED ov = new WSAOVERLAPPED(fx.event(ws));
        ov.Internal = 0xDEAD;
        byte[] bogus = GUID.of(0xdeadbeef, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).bytes();
        fails(ws, ws.WSAIoctl(s, Ws2_32.SIO_GET_EXTENSION_FUNCTION_POINTER, bogus, GUID.SIZE, new byte[8], 8, size, ov,
                null), Win32Error.WSAEINVAL, "WSAIoctl(bogus GUID)");
        assertEquals(0xBEEF, size.value, "size untouched");
        assertEquals(0xDEAD, ov.Internal, "OVERLAPPED untouched");
        fails(ws, ws.WSAIoctl(s, Ws2_32.SIO_GET_EXTENSION_FUNCTION_POINTER, Ws2_32.WSAID_ACCEPTEX.bytes(), GUID.SIZE,
                new byte[8], 8, null, ov, null), Win32Error.WSAEFAULT, "WSAIoctl without lpcbBytesReturned");
        // overlapped and successful at once: the completion is still delivered, 0 bytes
        ok(ws, ws.WSAIoctl(s, Ws2_32.SIO_GET_EXTENSION_FUNCTION_POINTER, Ws2_32.WSAID_ACCEPTEX.bytes(), GUID.SIZE,
                new byte[8], 8, size, ov, null), "overlapped WSAIoctl");
        completesOnce(ws, ov, 0, 0, "overlapped WSAIoctl");
        fails(ws, ws.WSAIoctl(0x7777, Ws2_32.SIO_GET_EXTENSION_FUNCTION_POINTER, Ws2_32.WSAID_ACCEPTEX.bytes(),
                GUID.SIZE, new byte[8], 8, size, null, null), Win32Error.WSAENOTSOCK, "WSAIoctl(not a socket)");
        assertEquals(0, ws.closesocket(s));
        fx.closeEvents(ws);
    }

    /** WS-18: a socket made by WSASocket without WSA_FLAG_OVERLAPPED ignores the OVERLAPPED of WSARecv: it completes as recv. */
    @TestTemplate
    public void WS_18_nonOverlappedSocketIgnoresOverlapped(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = ws.WSASocketW(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP, null, 0, 0);
            assertNotEquals(Ws2_32.INVALID_SOCKET, s);
            ok(ws, ws.connect(s, SockAddr.of(peer.address(), peer.port())), "connect");
            Socket p = peer.accept();
            p.getOutputStream().write(Payload.bytes(0, 4));
            byte[] buf = new byte[4];
            WSAOVERLAPPED ov = new WSAOVERLAPPED(fx.event(ws));
            IntRef n = new IntRef();
            assertEquals(0, ws.WSARecv(s, new WSABUF[] {new WSABUF(buf)}, 1, n, new IntRef(), ov, null));
            assertTrue(n.value > 0);
            assertEquals(Ws2_32.WSA_WAIT_TIMEOUT, ws.WSAWaitForMultipleEvents(1, new long[] {ov.hEvent}, false, 200,
                    false), "no completion for a non-overlapped socket");
            fails(ws, (int) ws.WSASocketW(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, 0, null, 1, 0), Win32Error.WSAEINVAL,
                    "WSASocket(g = 1)");
            assertEquals(0, ws.closesocket(s));
            InputStream in = p.getInputStream();
            p.setSoTimeout(10_000);
            assertEquals(-1, in.read());
        }
        fx.closeEvents(ws);
    }
}

package io.teardown.testkit.winsock;

import static io.teardown.testkit.winsock.Wsa.connect;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.ok;
import static io.teardown.testkit.winsock.Wsa.started;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.winsock.Linger;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAPROTOCOL_INFOW;
import io.teardown.winsock.Ws2_32;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * WS-19: several descriptors, one socket. {@code WSADuplicateSocketW} + {@code WSASocketW(FROM_PROTOCOL_INFO)}
 * make a second descriptor; closing one frees only it, and the peer (a plain JDK socket) sees the FIN
 * or RST of WS-04 … WS-06 only when the last descriptor closes. The final {@code WSACleanup} destroys
 * every descriptor.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class DescriptorsContract {
    private static final int PID = (int) ProcessHandle.current().pid();

    /** For JUnit and subclasses. */
    public DescriptorsContract() {
    }

    private static long duplicate(Ws2_32 ws, long s) {
        WSAPROTOCOL_INFOW info = new WSAPROTOCOL_INFOW();
        ok(ws, ws.WSADuplicateSocketW(s, PID, info), "WSADuplicateSocketW");
        long d = ws.WSASocketW(Ws2_32.FROM_PROTOCOL_INFO, Ws2_32.FROM_PROTOCOL_INFO, Ws2_32.FROM_PROTOCOL_INFO, info, 0,
                Ws2_32.WSA_FLAG_OVERLAPPED);
        assertNotEquals(Ws2_32.INVALID_SOCKET, d, () -> "WSASocketW(FROM_PROTOCOL_INFO): " + Wsa.err(ws));
        assertNotEquals(s, d, "a descriptor of its own");
        return d;
    }

    /** Whether nothing (neither data nor an end) arrives within a short wait. */
    private static void nothingArrives(Socket p) throws Exception {
        p.setSoTimeout(300);
        try {
            int r = p.getInputStream().read();
            throw new AssertionError("the peer saw " + (r < 0 ? "FIN" : "data") + " while a descriptor was still open");
        } catch (SocketTimeoutException expected) {
            // the connection is still open
        }
    }

    /** WS-19: closing one descriptor keeps the connection; the FIN (after all data) comes with the last close. */
    @TestTemplate
    public void WS_19_finOnlyWhenLastDescriptorCloses(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            long d = duplicate(ws, s);
            assertEquals(3, ws.send(s, Payload.bytes(0, 3), 3, 0));
            assertArrayEquals(Payload.bytes(0, 3), readSome(p, 3));
            assertEquals(0, ws.closesocket(s));
            fails(ws, ws.send(s, new byte[1], 1, 0), Win32Error.WSAENOTSOCK, "send on the closed descriptor");
            nothingArrives(p);
            assertEquals(2, ws.send(d, Payload.bytes(3, 2), 2, 0), "the other descriptor still sends");
            p.getOutputStream().write(9);
            byte[] one = new byte[1];
            assertEquals(1, ws.recv(d, one, 1, 0), "and receives");
            assertEquals(0, ws.closesocket(d));
            JdkPeer.Observation o = JdkPeer.observe(p, Duration.ofSeconds(20));
            assertEquals(JdkPeer.Ending.EOF, o.ending(), "" + o);
            assertEquals(2, o.bytes());
        }
    }

    private static byte[] readSome(Socket p, int n) throws Exception {
        p.setSoTimeout(10_000);
        return p.getInputStream().readNBytes(n);
    }

    /** WS-19: the linger setting belongs to the socket: an abortive {1,0} close resets only at the last descriptor. */
    @TestTemplate
    public void WS_19_resetOnlyWhenLastDescriptorCloses(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            ok(ws, ws.setsockopt(s, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, new Linger(1, 0)), "SO_LINGER {1,0}");
            long d = duplicate(ws, s);
            assertEquals(0, ws.closesocket(d));
            nothingArrives(p);
            assertEquals(0, ws.closesocket(s));
            JdkPeer.Observation o = JdkPeer.observe(p, Duration.ofSeconds(20));
            assertEquals(JdkPeer.Ending.RESET, o.ending(), "" + o);
        }
    }

    /** WS-19 / WS-01: the final WSACleanup destroys every descriptor; the connection ends. */
    @TestTemplate
    public void WS_19_cleanupDestroysEveryDescriptor(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            long d = duplicate(ws, s);
            assertEquals(0, ws.WSACleanup());
            JdkPeer.Observation o = JdkPeer.observe(p, Duration.ofSeconds(20));
            assertEquals(JdkPeer.Ending.EOF, o.ending(), "" + o);
            started(b.session());
            fails(ws, ws.closesocket(s), Win32Error.WSAENOTSOCK, "closesocket(original) after cleanup");
            fails(ws, ws.closesocket(d), Win32Error.WSAENOTSOCK, "closesocket(duplicate) after cleanup");
        }
    }

    /** WS-19: WSADuplicateSocketW's errors and the structure it fills; an info makes one descriptor. */
    @TestTemplate
    public void WS_19_duplicateRejectsBadInput(TestBackend b) {
        Ws2_32 ws = started(b.session());
        long s = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_DGRAM, Ws2_32.IPPROTO_UDP);
        WSAPROTOCOL_INFOW info = new WSAPROTOCOL_INFOW();
        fails(ws, ws.WSADuplicateSocketW(0, PID, info), Win32Error.WSAENOTSOCK, "WSADuplicateSocketW(0)");
        fails(ws, ws.WSADuplicateSocketW(s, 0, null), Win32Error.WSAEINVAL, "WSADuplicateSocketW(pid 0)");
        fails(ws, ws.WSADuplicateSocketW(s, ~0, info), Win32Error.WSAEINVAL, "WSADuplicateSocketW(bad pid)");
        fails(ws, ws.WSADuplicateSocketW(s, PID, null), Win32Error.WSAEFAULT, "WSADuplicateSocketW(NULL info)");
        ok(ws, ws.WSADuplicateSocketW(s, PID, info), "WSADuplicateSocketW");
        assertEquals(Ws2_32.AF_INET, info.iAddressFamily);
        assertEquals(Ws2_32.SOCK_DGRAM, info.iSocketType);
        assertEquals(Ws2_32.IPPROTO_UDP, info.iProtocol);
        long d = ws.WSASocketW(0, 0, 0, info, 0, 0);
        assertNotEquals(Ws2_32.INVALID_SOCKET, d);
        fails(ws, (int) ws.WSASocketW(0, 0, 0, info, 0, 0), Win32Error.WSAEINVAL, "a second WSASocketW from one info");
        byte[] type = new byte[4];
        ok(ws, ws.getsockopt(d, Ws2_32.SOL_SOCKET, Ws2_32.SO_TYPE, type, new io.teardown.api.IntRef(4)), "SO_TYPE");
        assertEquals(Ws2_32.SOCK_DGRAM, io.teardown.winsock.OptionBytes.int32(type));
        assertEquals(0, ws.closesocket(s));
        assertEquals(0, ws.closesocket(d));
        fails(ws, ws.closesocket(d), Win32Error.WSAENOTSOCK, "closesocket twice");
    }
    /**
     * WS-19 with KO-14: the completion port belongs to the socket, not to one descriptor. After
     * {@code closesocket} of the descriptor that was associated, an overlapped receive on the other
     * descriptor still completes through the port, with its key and its own {@code OVERLAPPED}.
     */
    @TestTemplate
    public void WS_19_portAssociationOutlivesAClosedDescriptor(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            long d = duplicate(ws, s);
            long port = k.CreateIoCompletionPort(Kernel32.INVALID_HANDLE_VALUE, 0, 0, 0);
            assertEquals(port, k.CreateIoCompletionPort(s, port, 77, 0), () -> "associate: " + k.GetLastError());
            assertEquals(0, ws.closesocket(s));
            Overlapped ov = new Overlapped();
            WSABUF[] bufs = {new WSABUF(new byte[8])};
            fails(ws, ws.WSARecv(d, bufs, 1, new IntRef(), new IntRef(), ov, null), Win32Error.ERROR_IO_PENDING,
                    "overlapped WSARecv on the other descriptor");
            p.getOutputStream().write(Payload.bytes(0, 5));
            IntRef n = new IntRef();
            LongRef key = new LongRef();
            Ref<Overlapped> got = new Ref<>();
            assertTrue(k.GetQueuedCompletionStatus(port, n, key, got, 20_000), () -> "packet: " + k.GetLastError());
            assertSame(ov, got.value, "the caller's own OVERLAPPED");
            assertEquals(5, n.value);
            assertEquals(77, key.value);
            assertEquals(0, ws.closesocket(d));
            assertTrue(k.CloseHandle(port));
        }
    }
}

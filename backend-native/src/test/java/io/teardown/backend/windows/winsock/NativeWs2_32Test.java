package io.teardown.backend.windows.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.RecordingWs2_32;
import io.teardown.backend.windows.jna.ThreadLocalLastError;
import io.teardown.backend.windows.kernel.FakeKernel;
import io.teardown.backend.windows.jna.Kernel32Library;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.WSAOVERLAPPED;
import io.teardown.winsock.WSAPROTOCOL_INFOW;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockDriver;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Winsock front over {@link NativeWinsockDriver} over a recording ws2_32 (no DLL): SOCKETs are session values, a non-socket value
 * is WSAENOTSOCK before Windows (WS-02, WS-15), a close racing a call is deferred (WS-14), WS-01 per
 * session, the captured error is WSAGetLastError.
 */
@Timeout(10)
class NativeWs2_32Test {
    private static final long OS_SOCKET = 0x200;

    private final ThreadLocalLastError slot = new ThreadLocalLastError();
    private final RecordingWs2_32 lib = new RecordingWs2_32(slot);
    private final FakeKernel kernel = new FakeKernel(slot);
    private final Session session = Session.builder().name("native-winsock-test").build();
    private final NativeWinsockDriver driver = new NativeWinsockDriver(session, lib, kernel.as(Kernel32Library.class),
            new NativeCalls(slot));
    private final Ws2_32 ws = WinsockDriver.front(session, driver);
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        driver.close();
        session.close();
    }

    private long started() {
        assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
        lib.answer("socket", OS_SOCKET, 0);
        long s = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        assertNotEquals(Ws2_32.INVALID_SOCKET, s);
        return s;
    }

    @Test
    void nothingReachesWindowsBeforeTheSessionsStartup() {
        assertEquals(Ws2_32.INVALID_SOCKET, ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, 0));
        assertEquals(10093, ws.WSAGetLastError(), "WS-01");
        assertEquals(Ws2_32.SOCKET_ERROR, ws.WSACleanup());
        assertEquals(10093, ws.WSAGetLastError());
        assertTrue(lib.calls.isEmpty(), lib.calls::toString);
    }

    @Test
    void socketsAreSessionValuesAndCallsReachTheOsSocket() {
        long s = started();
        assertNotEquals(OS_SOCKET, s);
        assertEquals(0, ws.connect(s, SockAddr.of(InetAddress.getLoopbackAddress(), 80)));
        assertEquals(List.of("connect(" + OS_SOCKET + ", 16)"), lib.callsOf("connect"));
        assertEquals(0, ws.closesocket(s));
        assertEquals(List.of("closesocket(" + OS_SOCKET + ")"), lib.callsOf("closesocket"));
    }

    @Test
    void theCapturedErrorIsWsaGetLastError() {
        long s = started();
        lib.answer("send", -1, 10054);
        assertEquals(Ws2_32.SOCKET_ERROR, ws.send(s, new byte[4], 4, 0));
        assertEquals(10054, ws.WSAGetLastError());
        ws.closesocket(s);
    }

    @Test
    void notASocketIsWsaenotsockAndNeverReachesWindows() {
        long s = started();
        assertEquals(0, ws.closesocket(s));
        lib.answer("WSACreateEvent", 0x300, 0);
        kernel.objects.put(0x300L, "Event");
        long event = ws.WSACreateEvent();
        lib.calls.clear();
        assertEquals(Ws2_32.SOCKET_ERROR, ws.closesocket(s), "closed (WS-02)");
        assertEquals(10038, ws.WSAGetLastError());
        assertEquals(Ws2_32.SOCKET_ERROR, ws.closesocket(OS_SOCKET), "an OS value is not a session value");
        assertEquals(Ws2_32.SOCKET_ERROR, ws.closesocket(event), "WS-15: a kernel object");
        assertEquals(10038, ws.WSAGetLastError());
        assertEquals(Ws2_32.SOCKET_ERROR, ws.recv(event, new byte[1], 1, 0));
        assertTrue(lib.calls.isEmpty(), lib.calls::toString);
        assertTrue(ws.WSASetEvent(event), "the event is intact");
        assertTrue(ws.WSACloseEvent(event));
    }

    @Test
    void closeRacingABlockingReceiveTakesEffectWhenItReturns() throws Exception {
        long s = started();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch data = new CountDownLatch(1);
        lib.during("recv", args -> {
            inside.countDown();
            assertTrue(data.await(5, TimeUnit.SECONDS));
        });
        lib.answer("recv", 3, null);
        Future<Integer> recv = pool.submit(() -> ws.recv(s, new byte[8], 8, 0));
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        assertEquals(0, ws.closesocket(s), "WS-14: the close returns at once");
        assertTrue(lib.callsOf("closesocket").isEmpty(), "not while recv uses the OS socket");
        assertEquals(Ws2_32.SOCKET_ERROR, ws.send(s, new byte[1], 1, 0), "the value is invalid at once");
        assertEquals(10038, ws.WSAGetLastError());
        data.countDown();
        assertEquals(3, recv.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("closesocket(" + OS_SOCKET + ")"), lib.callsOf("closesocket"));
    }

    @Test
    void aNonBlockingLingeringCloseThatWouldBlockKeepsTheSocket() {
        long s = started();
        IntRef on = new IntRef();
        on.value = 1;
        assertEquals(0, ws.ioctlsocket(s, Ws2_32.FIONBIO, on));
        lib.optionValue = new byte[] {1, 0, 5, 0}; // struct linger {l_onoff = 1, l_linger = 5}
        lib.answer("closesocket", -1, 10035);
        assertEquals(Ws2_32.SOCKET_ERROR, ws.closesocket(s));
        assertEquals(10035, ws.WSAGetLastError(), "WS-07: WSAEWOULDBLOCK");
        assertEquals(0, ws.send(s, new byte[1], 1, 0), "the socket is still open");
        lib.answer("closesocket", 0, null);
        assertEquals(0, ws.closesocket(s));
        assertEquals(2, lib.callsOf("closesocket").size());
        assertEquals(Ws2_32.SOCKET_ERROR, ws.send(s, new byte[1], 1, 0));
        assertEquals(10038, ws.WSAGetLastError());
    }

    @Test
    void getsockoptCopiesTheOptionBytes() {
        long s = started();
        lib.optionValue = new byte[] {1, 0, 7, 0};
        byte[] out = new byte[4];
        IntRef len = new IntRef();
        len.value = 4;
        assertEquals(0, ws.getsockopt(s, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, out, len));
        assertEquals(4, len.value);
        assertEquals(7, out[2]);
        ws.closesocket(s);
    }

    @Test
    void theFinalCleanupClosesTheSessionsSockets() {
        long s = started();
        assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
        assertEquals(0, ws.WSACleanup());
        assertEquals(0, ws.send(s, new byte[1], 1, 0), "one cleanup of two leaves the socket working");
        assertEquals(0, ws.WSACleanup());
        assertEquals(List.of("closesocket(" + OS_SOCKET + ")"), lib.callsOf("closesocket"));
        assertEquals(Ws2_32.SOCKET_ERROR, ws.send(s, new byte[1], 1, 0));
        assertEquals(10093, ws.WSAGetLastError());
        assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
        assertEquals(Ws2_32.SOCKET_ERROR, ws.closesocket(s));
        assertEquals(10038, ws.WSAGetLastError(), "WS-01: old descriptors are gone");
        assertEquals(0, ws.WSACleanup());
    }

    @Test
    void anOverlappedReceiveCompletesExactlyOnceIntoTheJavaOverlapped() throws Exception {
        long s = started();
        lib.answer("WSACreateEvent", 0x300, 0);
        kernel.objects.put(0x300L, "Event"); // the fake kernel reports it signalled
        lib.answer("WSARecv", -1, 997);
        lib.answer("WSACloseEvent", 1, null);
        WSAOVERLAPPED ov = new WSAOVERLAPPED();
        java.util.concurrent.atomic.AtomicInteger routines = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch delivered = new CountDownLatch(1);
        assertEquals(Ws2_32.SOCKET_ERROR, ws.WSARecv(s, new WSABUF[] {new WSABUF(new byte[4])}, 1, new IntRef(),
                new IntRef(), ov, (error, bytes, o, flags) -> {
                    routines.incrementAndGet();
                    assertEquals(0, error);
                    assertTrue(o == ov);
                    delivered.countDown();
                }));
        assertEquals(997, ws.WSAGetLastError(), "WS-09: pending");
        assertTrue(delivered.await(5, TimeUnit.SECONDS));
        IntRef bytes = new IntRef();
        assertTrue(ws.WSAGetOverlappedResult(s, ov, bytes, true, new IntRef()));
        assertEquals(0, ov.Internal);
        Thread.sleep(100);
        assertEquals(1, routines.get(), "exactly once");
        assertEquals(1, lib.callsOf("WSACloseEvent").size(), "the operation's own event is closed");
        assertEquals(0, ws.closesocket(s));
    }

    @Test
    void anOverlappedCallThatFailsAtOnceDeliversNothing() throws Exception {
        long s = started();
        lib.answer("WSACreateEvent", 0x300, 0);
        lib.answer("WSASend", -1, 10054);
        java.util.concurrent.atomic.AtomicInteger routines = new java.util.concurrent.atomic.AtomicInteger();
        assertEquals(Ws2_32.SOCKET_ERROR, ws.WSASend(s, new WSABUF[] {new WSABUF(new byte[4])}, 1, new IntRef(), 0,
                new WSAOVERLAPPED(), (e, b, o, f) -> routines.incrementAndGet()));
        assertEquals(10054, ws.WSAGetLastError());
        Thread.sleep(100);
        assertEquals(0, routines.get());
        assertEquals(1, lib.callsOf("WSACloseEvent").size());
        assertEquals(0, ws.closesocket(s));
    }

    @Test
    void cancelledOperationsReportOperationAborted() {
        assertEquals(995, NativeOverlappedIo.wsaError(0xC0000120), "STATUS_CANCELLED: closesocket cancelled it (WS-09)");
        assertEquals(0, NativeOverlappedIo.wsaError(0));
    }

    @Test
    void sockaddrsRoundTrip() throws Exception {
        SockAddr a = SockAddr.of(InetAddress.getByName("::1"), 8443);
        SockAddr b = new SockAddr();
        SockAddrs.read(SockAddrs.sockaddr(a), b);
        assertEquals(a.address, b.address);
        assertEquals(8443, b.port);
        assertEquals(Ws2_32.AF_INET6, b.family);
    }

    /** WS-19: WSADuplicateSocketW's structure comes back from Windows whole and goes to WSASocketW unchanged. */
    @Test
    void duplicateSocketHandsWindowsProtocolInfoBackToWsaSocket() {
        long s = started();
        lib.during("WSADuplicateSocket", args -> {
            Pointer p = (Pointer) args[2];
            p.setInt(76, Ws2_32.AF_INET);
            p.setInt(88, Ws2_32.SOCK_STREAM);
            p.setInt(92, Ws2_32.IPPROTO_TCP);
            p.setInt(112, 0x4321);
        });
        WSAPROTOCOL_INFOW info = new WSAPROTOCOL_INFOW();
        assertEquals(0, ws.WSADuplicateSocketW(s, 42, info));
        assertEquals(Ws2_32.AF_INET, info.iAddressFamily);
        assertEquals(Ws2_32.IPPROTO_TCP, info.iProtocol);
        assertEquals(0x4321, info.dwProviderReserved);
        AtomicInteger passed = new AtomicInteger();
        lib.during("WSASocket", args -> passed.set(((Pointer) args[3]).getInt(112)));
        lib.answer("WSASocket", 0x300, 0);
        long d = ws.WSASocketW(Ws2_32.FROM_PROTOCOL_INFO, Ws2_32.FROM_PROTOCOL_INFO, Ws2_32.FROM_PROTOCOL_INFO, info, 0,
                Ws2_32.WSA_FLAG_OVERLAPPED);
        assertNotEquals(Ws2_32.INVALID_SOCKET, d);
        assertEquals(0x4321, passed.get(), "the provider's value reached WSASocketW");
        assertEquals(0, ws.closesocket(d));
        assertEquals(List.of("closesocket(" + 0x300 + ")"), lib.callsOf("closesocket"));
        assertEquals(0, ws.closesocket(s));
    }
}

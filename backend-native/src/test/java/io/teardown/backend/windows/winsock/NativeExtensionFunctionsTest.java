package io.teardown.backend.windows.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.backend.windows.jna.MswsockFunctions;
import io.teardown.backend.windows.jna.MswsockFunctions.LPFN_ACCEPTEX;
import io.teardown.backend.windows.jna.MswsockFunctions.LPFN_CONNECTEX;
import io.teardown.backend.windows.jna.MswsockFunctions.LPFN_GETACCEPTEXSOCKADDRS;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.RecordingWs2_32;
import io.teardown.backend.windows.jna.ThreadLocalLastError;
import io.teardown.backend.windows.kernel.FakeKernel;
import io.teardown.backend.windows.jna.Kernel32Library;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.GUID;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.WSAOVERLAPPED;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockDriver;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The extension functions of the native backend (WS-18) without Windows: the GUIDs sent to
 * {@code WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)}, the checks made before anything reaches
 * Windows, the function pointer asked for once and called with the sockets' own values, an overlapped
 * {@code AcceptEx} completed exactly once into the caller's {@code OVERLAPPED} and {@code byte[]}, and
 * {@code SO_UPDATE_ACCEPT_CONTEXT} carrying the listener's Windows socket. A recording ws2_32 and a fake
 * binder stand in for the DLL and the function pointers.
 */
class NativeExtensionFunctionsTest {
    private static final long LISTENER_OS = 0x200;
    private static final long ACCEPT_OS = 0x204;
    private static final String IOCTL = Integer.toHexString(Ws2_32.SIO_GET_EXTENSION_FUNCTION_POINTER);

    private final ThreadLocalLastError slot = new ThreadLocalLastError();
    private final RecordingWs2_32 lib = new RecordingWs2_32(slot);
    private final FakeKernel kernel = new FakeKernel(slot);
    private final Session session = Session.builder().name("native-extensions-test").build();
    /** The "functions" behind the pointers the recording WSAIoctl hands out, by pointer value. */
    private final Map<Long, Callback> behind = new ConcurrentHashMap<>();
    private final NativeWinsockDriver driver = new NativeWinsockDriver(session, lib, kernel.as(Kernel32Library.class), new NativeCalls(slot),
            Throwable::printStackTrace, new MswsockFunctions.Binder() {
                @Override
                public <T extends Callback> T bind(Class<T> type, Pointer pointer) {
                    return type.cast(behind.get(Pointer.nativeValue(pointer)));
                }
            });
    private final Ws2_32 ws = WinsockDriver.front(session, driver);

    @AfterEach
    void tearDown() {
        driver.close();
        session.close();
    }

    private static String hex(GUID guid) {
        return HexFormat.of().formatHex(guid.bytes());
    }

    private long socket(long os) {
        lib.answer("socket", os, 0);
        return ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
    }

    private long[] listenerAndAcceptSocket() {
        assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
        return new long[] {socket(LISTENER_OS), socket(ACCEPT_OS)};
    }

    @Test
    void theGuidsAreMswsockHsInWindowsMemoryLayout() {
        // mswsock.h: {Data1, Data2, Data3, {Data4}}; in memory Data1..3 little-endian, then Data4's bytes.
        assertEquals("f17d36b5accbcf1195ca00805f48a192", hex(Ws2_32.WSAID_ACCEPTEX));
        assertEquals("f27d36b5accbcf1195ca00805f48a192", hex(Ws2_32.WSAID_GETACCEPTEXSOCKADDRS));
        assertEquals("b907a225f3dd60468ee976e58c74063e", hex(Ws2_32.WSAID_CONNECTEX));
        assertEquals("112eda7f30866f43a031f536a6eec157", hex(Ws2_32.WSAID_DISCONNECTEX));
    }

    @Test
    void nothingReachesWindowsBeforeStartupOrForArgumentsJavaCanJudge() {
        assertFalse(ws.AcceptEx(4, 8, new byte[64], 0, 32, 32, new IntRef(), new WSAOVERLAPPED()));
        assertEquals(10093, ws.WSAGetLastError(), "WS-01");
        long[] s = listenerAndAcceptSocket();
        lib.calls.clear();
        assertFalse(ws.AcceptEx(s[0], 0x7777, new byte[64], 0, 32, 32, new IntRef(), new WSAOVERLAPPED()));
        assertEquals(10038, ws.WSAGetLastError(), "the accept socket is not a socket");
        assertFalse(ws.AcceptEx(s[0], s[1], new byte[64], 0, 32, 32, new IntRef(), null));
        assertEquals(87, ws.WSAGetLastError(), "no OVERLAPPED");
        assertFalse(ws.AcceptEx(s[0], s[1], new byte[63], 0, 32, 32, new IntRef(), new WSAOVERLAPPED()));
        assertEquals(10014, ws.WSAGetLastError(), "the lengths do not fit the buffer");
        assertFalse(ws.AcceptEx(s[0], s[1], new byte[64], Integer.MAX_VALUE, 32, 32, new IntRef(), new WSAOVERLAPPED()));
        assertEquals(10014, ws.WSAGetLastError(), "lengths whose sum overflows an int");
        assertFalse(ws.ConnectEx(s[0], SockAddr.of(InetAddress.getLoopbackAddress(), 80), -1, null, 0, new IntRef(),
                new WSAOVERLAPPED()));
        assertEquals(10014, ws.WSAGetLastError(), "a negative namelen");
        assertFalse(ws.ConnectEx(s[0], null, 16, null, 0, new IntRef(), new WSAOVERLAPPED()));
        assertEquals(10014, ws.WSAGetLastError(), "no address");
        assertFalse(ws.ConnectEx(s[0], SockAddr.of(InetAddress.getLoopbackAddress(), 80), 16, new byte[2], 3,
                new IntRef(), new WSAOVERLAPPED()));
        assertEquals(10014, ws.WSAGetLastError(), "the send length does not fit the buffer");
        assertFalse(ws.DisconnectEx(0x7777, null, 0, 0));
        assertEquals(10038, ws.WSAGetLastError());
        assertEquals(Ws2_32.SOCKET_ERROR, ws.WSAIoctl(s[0], Ws2_32.SIO_GET_EXTENSION_FUNCTION_POINTER,
                Ws2_32.WSAID_ACCEPTEX.bytes(), GUID.SIZE, new byte[8], 8, null, null, null));
        assertEquals(10014, ws.WSAGetLastError(), "no lpcbBytesReturned");
        assertEquals(Ws2_32.SOCKET_ERROR, ws.setsockopt(s[1], Ws2_32.SOL_SOCKET, Ws2_32.SO_UPDATE_ACCEPT_CONTEXT,
                new byte[2], 2));
        assertEquals(10014, ws.WSAGetLastError(), "SO_UPDATE_ACCEPT_CONTEXT shorter than a SOCKET");
        assertTrue(lib.calls.isEmpty(), lib.calls::toString);
    }

    @Test
    void wsaIoctlPassesTheGuidAndReturnsWindowsPointer() {
        long[] s = listenerAndAcceptSocket();
        lib.extensionPointers.put(hex(Ws2_32.WSAID_CONNECTEX), 0x7000_1234L);
        byte[] out = new byte[8];
        IntRef returned = new IntRef();
        assertEquals(0, ws.WSAIoctl(s[0], Ws2_32.SIO_GET_EXTENSION_FUNCTION_POINTER, Ws2_32.WSAID_CONNECTEX.bytes(),
                GUID.SIZE, out, 8, returned, null, null));
        assertEquals(List.of("WSAIoctl(" + LISTENER_OS + ", " + IOCTL + ", " + hex(Ws2_32.WSAID_CONNECTEX) + ", 8)"),
                lib.callsOf("WSAIoctl"));
        assertEquals(8, returned.value);
        assertEquals(0x7000_1234L, java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
    }

    @Test
    void soUpdateAcceptContextGivesWindowsTheListenersOwnSocket() {
        long[] s = listenerAndAcceptSocket();
        byte[] value = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(s[0]).array();
        assertEquals(0, ws.setsockopt(s[1], Ws2_32.SOL_SOCKET, Ws2_32.SO_UPDATE_ACCEPT_CONTEXT, value, 8));
        assertEquals(List.of("setsockopt(" + ACCEPT_OS + ", 65535, 28683, " + Native.POINTER_SIZE + ", " + LISTENER_OS + ")"),
                lib.callsOf("setsockopt"));
        byte[] notASocket = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0x7777).array();
        assertEquals(Ws2_32.SOCKET_ERROR, ws.setsockopt(s[1], Ws2_32.SOL_SOCKET, Ws2_32.SO_UPDATE_ACCEPT_CONTEXT,
                notASocket, 8));
        assertEquals(10038, ws.WSAGetLastError());
    }

    @Test
    @Timeout(10)
    void anOverlappedAcceptExIsAskedForOnceAndCompletesOnceIntoTheCallersObjects() throws Exception {
        long[] s = listenerAndAcceptSocket();
        lib.extensionPointers.put(hex(Ws2_32.WSAID_ACCEPTEX), 0x7000_0001L);
        lib.answer("WSACreateEvent", 0x300, 0);
        lib.answer("WSACloseEvent", 1, null);
        kernel.objects.put(0x300L, "Event"); // the fake kernel reports it signalled
        List<String> invoked = new java.util.concurrent.CopyOnWriteArrayList<>();
        behind.put(0x7000_0001L, (LPFN_ACCEPTEX) (listen, accept, buffer, receive, local, remote, bytes, ov) -> {
            invoked.add(listen + " " + accept + " " + receive + " " + local + " " + remote);
            buffer.setByte(local + remote - 1, (byte) 0x5A); // Windows writes the addresses into the buffer
            assertEquals(0x300L, Pointer.nativeValue(ov.getPointer(2L * Native.POINTER_SIZE + 8)), "its own event");
            slot.set(997);
            return false;
        });
        byte[] out = new byte[64];
        WSAOVERLAPPED ov = new WSAOVERLAPPED();
        assertFalse(ws.AcceptEx(s[0], s[1], out, 0, 32, 32, new IntRef(), ov));
        assertEquals(997, ws.WSAGetLastError(), "pending");
        IntRef bytes = new IntRef();
        assertTrue(ws.WSAGetOverlappedResult(s[0], ov, bytes, true, new IntRef()));
        assertEquals(0, ov.Internal);
        assertEquals(0x5A, out[63], "the buffer came back into the caller's array");
        assertEquals(List.of(LISTENER_OS + " " + ACCEPT_OS + " 0 32 32"), invoked, "the sockets' Windows values");

        WSAOVERLAPPED second = new WSAOVERLAPPED();
        assertFalse(ws.AcceptEx(s[0], s[1], new byte[64], 0, 32, 32, new IntRef(), second));
        assertTrue(ws.WSAGetOverlappedResult(s[0], second, bytes, true, new IntRef()));
        assertEquals(1, lib.callsOf("WSAIoctl").size(), "the pointer is asked for once: " + lib.callsOf("WSAIoctl"));
        assertEquals(List.of("WSAIoctl(" + LISTENER_OS + ", " + IOCTL + ", " + hex(Ws2_32.WSAID_ACCEPTEX) + ", 8)"),
                lib.callsOf("WSAIoctl"));
        long until = System.nanoTime() + 5_000_000_000L;
        while (lib.callsOf("WSACloseEvent").size() < 2 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals(2, lib.callsOf("WSACloseEvent").size(), "each operation's own event is closed");
    }

    @Test
    void aFailedLookUpIsTheCallsErrorAndNothingIsIssued() {
        long[] s = listenerAndAcceptSocket();
        lib.answer("WSAIoctl", -1, 10045);
        assertFalse(ws.ConnectEx(s[1], SockAddr.of(InetAddress.getLoopbackAddress(), 80), 16, null, 0, new IntRef(),
                new WSAOVERLAPPED()));
        assertEquals(10045, ws.WSAGetLastError());
        assertTrue(lib.callsOf("WSACreateEvent").isEmpty(), "no operation begun");
    }

    @Test
    void aConnectExThatFailsAtOnceDeliversNothingAndFreesItsEvent() throws Exception {
        long[] s = listenerAndAcceptSocket();
        lib.extensionPointers.put(hex(Ws2_32.WSAID_CONNECTEX), 0x7000_0003L);
        lib.answer("WSACreateEvent", 0x300, 0);
        AtomicInteger sentLength = new AtomicInteger(-1);
        behind.put(0x7000_0003L, (LPFN_CONNECTEX) (sock, name, namelen, send, length, sent, ov) -> {
            sentLength.set(length);
            assertEquals(Ws2_32.AF_INET, name.getShort(0), "a sockaddr_in");
            assertEquals((byte) 7, send.getByte(2), "the data to send, in native memory");
            slot.set(10061);
            return false;
        });
        WSAOVERLAPPED ov = new WSAOVERLAPPED();
        assertFalse(ws.ConnectEx(s[1], SockAddr.of(InetAddress.getLoopbackAddress(), 80), 16, new byte[] {0, 0, 7}, 3,
                new IntRef(), ov));
        assertEquals(10061, ws.WSAGetLastError());
        assertEquals(3, sentLength.get());
        assertEquals(10061, ov.Internal, "the failure, and no completion later");
        assertEquals(1, lib.callsOf("WSACloseEvent").size());
    }

    @Test
    void getAcceptExSockaddrsAsksAScratchSocketWhenNoneWasAskedAndReadsWhatWindowsParsed() throws Exception {
        assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
        lib.answer("socket", 0x208, 0);
        lib.extensionPointers.put(hex(Ws2_32.WSAID_GETACCEPTEXSOCKADDRS), 0x7000_0002L);
        behind.put(0x7000_0002L, (LPFN_GETACCEPTEXSOCKADDRS) (buffer, receive, local, remote, localOut, localLen,
                                                                 remoteOut, remoteLen) -> {
            // a provider's layout: here simply each sockaddr_in at the start of its area
            localOut.setValue(buffer.share(receive));
            localLen.setValue(16);
            remoteOut.setValue(buffer.share(receive + local));
            remoteLen.setValue(16);
        });
        byte[] out = new byte[4 + 32 + 32];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(out);
        b.putShort(4, Short.reverseBytes((short) Ws2_32.AF_INET)).putShort(6, (short) 8080).put(8, new byte[] {127, 0, 0, 1});
        b.putShort(36, Short.reverseBytes((short) Ws2_32.AF_INET)).putShort(38, (short) 50000).put(40, new byte[] {127, 0, 0, 2});
        SockAddr local = new SockAddr();
        SockAddr remote = new SockAddr();
        IntRef localLen = new IntRef();
        IntRef remoteLen = new IntRef();
        ws.GetAcceptExSockaddrs(out, 4, 32, 32, local, localLen, remote, remoteLen);
        assertEquals(8080, local.port);
        assertEquals(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), local.address);
        assertEquals(50000, remote.port);
        assertEquals(InetAddress.getByAddress(new byte[] {127, 0, 0, 2}), remote.address);
        assertEquals(16, localLen.value);
        assertEquals(List.of("closesocket(520)"), lib.callsOf("closesocket"), "the scratch socket is closed");

        SockAddr untouched = new SockAddr();
        ws.GetAcceptExSockaddrs(new byte[8], 4, 32, 32, untouched, new IntRef(), null, null);
        assertNull(untouched.address, "lengths beyond the array: nothing read");
    }

    @Test
    void anOverlappedIoctlAlsoCompletesItsOverlapped() {
        long[] s = listenerAndAcceptSocket();
        Overlapped ov = new WSAOVERLAPPED();
        ov.Internal = Overlapped.STATUS_PENDING;
        assertEquals(0, ws.WSAIoctl(s[0], Ws2_32.FIONBIO, new byte[4], 4, null, 0, new IntRef(), ov, null));
        assertEquals(0, ov.Internal, "done at once, delivered as a completion of 0 bytes");
    }
}

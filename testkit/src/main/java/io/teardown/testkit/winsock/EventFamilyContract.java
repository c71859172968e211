package io.teardown.testkit.winsock;

import static io.teardown.kernel.Kernel32.WAIT_OBJECT_0;
import static io.teardown.kernel.Kernel32.WAIT_TIMEOUT;
import static io.teardown.testkit.winsock.OverlappedCalls.ABORTED;
import static io.teardown.testkit.winsock.OverlappedCalls.Packet;
import static io.teardown.testkit.winsock.OverlappedCalls.buffer;
import static io.teardown.testkit.winsock.OverlappedCalls.pendingRecv;
import static io.teardown.testkit.winsock.OverlappedCalls.port;
import static io.teardown.testkit.winsock.OverlappedCalls.portFor;
import static io.teardown.testkit.winsock.OverlappedCalls.take;
import static io.teardown.testkit.winsock.Wsa.connect;
import static io.teardown.testkit.winsock.Wsa.event;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.ok;
import static io.teardown.testkit.winsock.Wsa.pair;
import static io.teardown.testkit.winsock.Wsa.started;
import static io.teardown.testkit.winsock.Wsa.waitForEvents;
import static io.teardown.winsock.Ws2_32.FD_READ;
import static io.teardown.winsock.Ws2_32.WSA_WAIT_EVENT_0;
import static io.teardown.winsock.Ws2_32.WSA_WAIT_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.winsock.Ws2_32;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One family of waitable objects and one {@code OVERLAPPED} shared by Winsock and kernel32 (KO-13, * <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>): Winsock events are kernel events, event selection and overlapped operations take kernel
 * events, and a duplicated socket handle names the same endpoint, through the flat {@code Ws2_32} and {@link
 * Kernel32} facades, on sockets connected to each other or to independent JDK peers.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems({"kernel", "winsock"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class EventFamilyContract {
    /** For JUnit and subclasses. */
    public EventFamilyContract() {
    }

    /** KO-13: a WSACreateEvent event is a kernel manual-reset event, and a CreateEvent event a Winsock event. */
    @TestTemplate
    public void KO_13_winsockEventsAndKernelEventsAreOneFamily(TestBackend b) {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        long wsaEvent = event(ws);
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(wsaEvent, 0), "created non-signalled");
        assertTrue(ws.WSASetEvent(wsaEvent));
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(wsaEvent, 0));
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(wsaEvent, 0), "manual reset: still signalled");
        assertTrue(k.ResetEvent(wsaEvent));
        assertEquals(WSA_WAIT_TIMEOUT, ws.WSAWaitForMultipleEvents(1, new long[] {wsaEvent}, false, 0, false));

        long kernelEvent = k.CreateEvent(null, true, false, null);
        assertTrue(ws.WSASetEvent(kernelEvent));
        assertEquals(WSA_WAIT_EVENT_0 + 1, ws.WSAWaitForMultipleEvents(2, new long[] {wsaEvent, kernelEvent}, false,
                0, false));
        assertTrue(ws.WSAResetEvent(kernelEvent));
        assertEquals(WAIT_TIMEOUT, k.WaitForMultipleObjects(2, new long[] {wsaEvent, kernelEvent}, false, 0));

        assertTrue(k.CloseHandle(wsaEvent), "CloseHandle closes a WSACreateEvent event");
        assertTrue(ws.WSACloseEvent(kernelEvent), "WSACloseEvent closes a CreateEvent event");
        assertFalse(ws.WSASetEvent(wsaEvent));
        assertEquals(Win32Error.ERROR_INVALID_HANDLE.code(), ws.WSAGetLastError(), "WSA_INVALID_HANDLE is 6");
        assertFalse(k.SetEvent(kernelEvent));
        assertEquals(6, k.GetLastError());
    }

    /**
     * KO-13: WSAEventSelect takes a CreateEvent event, and the hEvent of a kernel32 OVERLAPPED given to
     * WSARecv is set at completion, for kernel32's waits and for WSAGetOverlappedResult alike.
     */
    @TestTemplate
    public void KO_13_eventSelectAndOverlappedTakeKernelEvents(TestBackend b) {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        long[] sockets = pair(ws);
        long reader = sockets[0];
        long writer = sockets[1];
        long selected = k.CreateEvent(null, true, false, null);
        ok(ws, ws.WSAEventSelect(reader, selected, FD_READ), "WSAEventSelect with a CreateEvent event");
        ok(ws, ws.send(writer, new byte[] {1, 2, 3}, 3, 0), "send");
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(selected, 10_000), "FD_READ set the kernel event");
        WSANETWORKEVENTS ne = waitForEvents(ws, reader, selected, FD_READ);
        assertEquals(FD_READ, ne.lNetworkEvents & FD_READ);
        ok(ws, ws.WSAEventSelect(reader, 0, 0), "WSAEventSelect(0)");
        assertEquals(3, ws.recv(reader, new byte[8], 8, 0));

        Overlapped ov = new Overlapped(k.CreateEvent(null, true, false, null)); // kernel32's structure
        WSABUF[] bufs = buffer(16);
        pendingRecv(ws, reader, bufs, ov);
        assertEquals(Overlapped.STATUS_PENDING, ov.Internal);
        ok(ws, ws.send(writer, new byte[] {9, 8}, 2, 0), "send");
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(ov.hEvent, 10_000), "completion set the kernel event");
        IntRef n = new IntRef();
        assertTrue(ws.WSAGetOverlappedResult(reader, ov, n, false, new IntRef()));
        assertEquals(2, n.value);
        assertEquals(2, ov.InternalHigh);
        assertEquals(0, ov.Internal);
        assertArrayEquals(new byte[] {9, 8}, java.util.Arrays.copyOf(bufs[0].buf, 2));
        assertTrue(k.CloseHandle(ov.hEvent));
        assertTrue(k.CloseHandle(selected));
        ok(ws, ws.closesocket(reader), "closesocket");
        ok(ws, ws.closesocket(writer), "closesocket");
    }

    /**
     * KO-13: a socket is a kernel handle: a DuplicateHandle copy names the same endpoint for the kernel
     * functions — associating the copy puts the socket on the port, and CancelIoEx through the copy
     * cancels the socket's operation — while Winsock still refuses the copy (WS-02).
     */
    @TestTemplate
    public void KO_13_aDuplicatedSocketHandleNamesTheSameEndpoint(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            LongRef copy = new LongRef();
            assertTrue(k.DuplicateHandle(k.GetCurrentProcess(), s, k.GetCurrentProcess(), copy, 0, false,
                    Kernel32.DUPLICATE_SAME_ACCESS));
            long port = portFor(k, copy.value, 8);
            Overlapped first = new Overlapped();
            pendingRecv(ws, s, buffer(8), first);
            p.getOutputStream().write(new byte[] {1, 2});
            Packet got = take(k, port, 10_000);
            assertTrue(got.ok());
            assertSame(first, got.overlapped());
            assertEquals(8, got.key());
            Overlapped second = new Overlapped();
            pendingRecv(ws, s, buffer(8), second);
            assertTrue(k.CancelIoEx(copy.value, second));
            assertEquals(ABORTED, take(k, port, 10_000).error());
            fails(ws, ws.closesocket(copy.value), Win32Error.WSAENOTSOCK, "closesocket on the copy");
            assertTrue(k.CloseHandle(copy.value));
            assertEquals(0, ws.closesocket(s));
            assertTrue(k.CloseHandle(port));
        }
    }
}

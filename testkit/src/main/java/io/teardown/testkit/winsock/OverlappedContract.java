package io.teardown.testkit.winsock;

import static io.teardown.kernel.Kernel32.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS;
import static io.teardown.kernel.Kernel32.INFINITE;
import static io.teardown.kernel.Kernel32.INVALID_HANDLE_VALUE;
import static io.teardown.kernel.Kernel32.WAIT_IO_COMPLETION;
import static io.teardown.kernel.Kernel32.WAIT_OBJECT_0;
import static io.teardown.kernel.Kernel32.WAIT_TIMEOUT;
import static io.teardown.testkit.winsock.WinsockContract.connect;
import static io.teardown.testkit.winsock.WinsockContract.event;
import static io.teardown.testkit.winsock.WinsockContract.fails;
import static io.teardown.testkit.winsock.WinsockContract.ok;
import static io.teardown.testkit.winsock.WinsockContract.pair;
import static io.teardown.testkit.winsock.WinsockContract.started;
import static io.teardown.testkit.winsock.WinsockContract.waitForEvents;
import static io.teardown.winsock.Ws2_32.FD_READ;
import static io.teardown.winsock.Ws2_32.SOCKET_ERROR;
import static io.teardown.winsock.Ws2_32.WSA_WAIT_EVENT_0;
import static io.teardown.winsock.Ws2_32.WSA_WAIT_IO_COMPLETION;
import static io.teardown.winsock.Ws2_32.WSA_WAIT_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.OverlappedEntry;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.winsock.WSAOVERLAPPED;
import io.teardown.winsock.Ws2_32;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sockets as kernel objects (TCK): the rules where Winsock meets the object manager — one family of
 * events and waits (KO-13), completion ports with sockets (KO-14), cancellation and
 * {@code GetOverlappedResult} (KO-15, WS-17), the close that aborts pending operations (WS-09), and
 * completion routines as APCs of the issuing thread (KO-16). Real TCP on loopback; peers are plain JDK
 * sockets ({@link JdkPeer}) or a second socket of the same session. Each check looks at the status,
 * the bytes, the key, the very {@code OVERLAPPED} object, that it was delivered exactly once, and on
 * which thread. The Netty backend runs it on epoll and on NIO.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems({"kernel", "winsock"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class OverlappedContract {
    private static final int ABORTED = Win32Error.ERROR_OPERATION_ABORTED.code();
    private static final int CONNECTION_ABORTED = Win32Error.ERROR_CONNECTION_ABORTED.code();

    /** For JUnit and subclasses. */
    public OverlappedContract() {
    }

    // ---------------------------------------------------------------- helpers

    private static WSABUF[] buffer(int size) {
        return new WSABUF[] {new WSABUF(new byte[size])};
    }

    /** An overlapped receive that must pend (nothing has arrived). */
    private static void pendingRecv(Ws2_32 ws, long s, WSABUF[] bufs, Overlapped ov) {
        fails(ws, ws.WSARecv(s, bufs, 1, new IntRef(), new IntRef(), ov, null), Win32Error.ERROR_IO_PENDING,
                "overlapped WSARecv");
    }

    /** One packet from the port, which must come. */
    private record Packet(boolean ok, int error, int bytes, long key, Overlapped overlapped) {
    }

    private static Packet take(Kernel32 k, long port, int timeoutMs) {
        IntRef n = new IntRef(-1);
        LongRef key = new LongRef(-1);
        Ref<Overlapped> ov = new Ref<>();
        boolean ok = k.GetQueuedCompletionStatus(port, n, key, ov, timeoutMs);
        return new Packet(ok, ok ? 0 : k.GetLastError(), n.value, key.value, ov.value);
    }

    private static void noPacket(Kernel32 k, long port) {
        Packet p = take(k, port, 100);
        assertFalse(p.ok(), "no further packet");
        assertEquals(WAIT_TIMEOUT, p.error());
        assertNull(p.overlapped());
    }

    private static boolean parked(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }

    /** A new port with {@code s} associated under {@code key} (KO-14). */
    private static long portFor(Kernel32 k, long s, long key) {
        long port = port(k);
        assertEquals(port, k.CreateIoCompletionPort(s, port, key, 0), () -> "associate: " + k.GetLastError());
        return port;
    }

    private static long port(Kernel32 k) {
        long port = k.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
        assertNotEquals(0L, port, () -> "CreateIoCompletionPort: " + k.GetLastError());
        return port;
    }

    // ---------------------------------------------------------------- KO-13

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

    // ---------------------------------------------------------------- KO-14

    /**
     * KO-14: a socket associated with a port posts one packet per operation — bytes, key and the very
     * OVERLAPPED — for a receive that pended and for a send that completed at once; nothing more.
     */
    @TestTemplate
    public void KO_14_socketOnAPortPostsOnePacketPerOperation(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            long port = portFor(k, s, 77);
            WSAOVERLAPPED recvOv = new WSAOVERLAPPED();
            WSABUF[] bufs = buffer(32);
            pendingRecv(ws, s, bufs, recvOv);
            p.getOutputStream().write(Payload.bytes(0, 5));
            Packet got = take(k, port, 10_000);
            assertTrue(got.ok(), () -> "GetQueuedCompletionStatus: " + got);
            assertEquals(5, got.bytes());
            assertEquals(77, got.key());
            assertSame(recvOv, got.overlapped(), "the caller's own OVERLAPPED");
            assertArrayEquals(Payload.bytes(0, 5), java.util.Arrays.copyOf(bufs[0].buf, 5));

            Overlapped sendOv = new Overlapped();
            byte[] data = Payload.bytes(5, 10);
            assertEquals(0, ws.WSASend(s, new WSABUF[] {new WSABUF(data)}, 1, new IntRef(), 0, sendOv, null),
                    "a send with room completes at once");
            Packet sent = take(k, port, 10_000);
            assertTrue(sent.ok());
            assertEquals(10, sent.bytes());
            assertSame(sendOv, sent.overlapped(), "a completion at once still posts its packet");
            noPacket(k, port);
            assertEquals(0, ws.closesocket(s));
            noPacket(k, port);
            assertTrue(k.CloseHandle(port));
        }
    }

    /** KO-14: a second association of one socket fails with 87; a handle that does no I/O cannot be associated. */
    @TestTemplate
    public void KO_14_associationErrors(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            long port = port(k);
            long other = port(k);
            assertEquals(port, k.CreateIoCompletionPort(s, port, 1, 0));
            assertEquals(0L, k.CreateIoCompletionPort(s, other, 2, 0));
            assertEquals(87, k.GetLastError(), "one port per handle");
            long ev = event(ws);
            assertEquals(0L, k.CreateIoCompletionPort(ev, port, 3, 0));
            assertEquals(6, k.GetLastError());
            assertEquals(0L, k.CreateIoCompletionPort(s, ev, 3, 0), "the port must be a port");
            assertEquals(6, k.GetLastError());
            assertTrue(k.CloseHandle(ev));
            assertEquals(0, ws.closesocket(s));
            assertTrue(k.CloseHandle(port));
            assertTrue(k.CloseHandle(other));
        }
    }

    /**
     * KO-14, WS-09, WS-05: a failed or aborted operation posts FALSE with its status, key and OVERLAPPED
     * — 1236 for a receive aborted by closesocket, 64 for one failed by the peer's reset.
     */
    @TestTemplate
    public void KO_14_failedAndAbortedOperationsPostTheirStatus(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        long port = port(k);
        try (JdkPeer peer = JdkPeer.listen()) {
            long aborted = connect(ws, peer);
            peer.accept();
            long reset = connect(ws, peer);
            Socket resetter = peer.accept();
            assertEquals(port, k.CreateIoCompletionPort(aborted, port, 1, 0));
            assertEquals(port, k.CreateIoCompletionPort(reset, port, 2, 0));
            Overlapped a = new Overlapped();
            Overlapped r = new Overlapped();
            pendingRecv(ws, aborted, buffer(8), a);
            pendingRecv(ws, reset, buffer(8), r);

            assertEquals(0, ws.closesocket(aborted));
            Packet got = take(k, port, 10_000);
            assertFalse(got.ok());
            assertEquals(CONNECTION_ABORTED, got.error(), "WS-09: a connected TCP socket's operation ends with 1236");
            assertEquals(1, got.key());
            assertEquals(0, got.bytes());
            assertSame(a, got.overlapped());

            resetter.setSoLinger(true, 0);
            resetter.close(); // RST
            got = take(k, port, 10_000);
            assertFalse(got.ok());
            assertEquals(Win32Error.ERROR_NETNAME_DELETED.code(), got.error(), "WS-05: a reset fails it with 64");
            assertEquals(2, got.key());
            assertSame(r, got.overlapped());
            noPacket(k, port);
            assertEquals(0, ws.closesocket(reset));
            noPacket(k, port);
        }
        assertTrue(k.CloseHandle(port));
    }

    /** KO-14: FILE_SKIP_COMPLETION_PORT_ON_SUCCESS: no packet for an operation that succeeded at once. */
    @TestTemplate
    public void KO_14_skipCompletionPortOnSuccess(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            long port = portFor(k, s, 5);
            assertTrue(k.SetFileCompletionNotificationModes(s, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS));
            Overlapped sendOv = new Overlapped();
            IntRef sent = new IntRef();
            assertEquals(0, ws.WSASend(s, new WSABUF[] {new WSABUF(new byte[] {1, 2, 3})}, 1, sent, 0, sendOv, null));
            assertEquals(3, sent.value);
            assertEquals(0, sendOv.Internal);
            assertEquals(3, sendOv.InternalHigh);
            noPacket(k, port);
            Overlapped recvOv = new Overlapped();
            pendingRecv(ws, s, buffer(8), recvOv);
            p.getOutputStream().write(new byte[] {4});
            Packet got = take(k, port, 10_000);
            assertTrue(got.ok(), "an operation that pended still posts");
            assertSame(recvOv, got.overlapped());
            assertEquals(1, got.bytes());
            assertFalse(k.SetFileCompletionNotificationModes(s, 0x80));
            assertEquals(87, k.GetLastError());
            assertEquals(0, ws.closesocket(s));
            assertTrue(k.CloseHandle(port));
        }
    }

    /**
     * KO-14: GetQueuedCompletionStatusEx takes several packets at once — posted ones and socket
     * completions, each with its status — in order.
     */
    @TestTemplate
    public void KO_14_getQueuedCompletionStatusExTakesSeveral(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            peer.accept();
            long port = portFor(k, s, 9);
            Overlapped posted = new Overlapped();
            assertTrue(k.PostQueuedCompletionStatus(port, 123, 4, posted));
            Overlapped recv = new Overlapped();
            pendingRecv(ws, s, buffer(8), recv);
            assertEquals(0, ws.closesocket(s));
            OverlappedEntry[] entries = new OverlappedEntry[4];
            IntRef removed = new IntRef();
            List<OverlappedEntry> all = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (all.size() < 2 && System.nanoTime() < deadline) {
                assertTrue(k.GetQueuedCompletionStatusEx(port, entries, 4, removed, 10_000, false));
                for (int i = 0; i < removed.value; i++) {
                    all.add(entries[i]);
                    entries[i] = null;
                }
            }
            assertEquals(2, all.size());
            assertSame(posted, all.get(0).lpOverlapped);
            assertEquals(4, all.get(0).lpCompletionKey);
            assertEquals(123, all.get(0).dwNumberOfBytesTransferred);
            assertEquals(0, all.get(0).Internal);
            assertSame(recv, all.get(1).lpOverlapped);
            assertEquals(9, all.get(1).lpCompletionKey);
            assertEquals(CONNECTION_ABORTED, all.get(1).Internal);
            assertFalse(k.GetQueuedCompletionStatusEx(port, entries, 4, removed, 50, false));
            assertEquals(WAIT_TIMEOUT, k.GetLastError());
            assertTrue(k.CloseHandle(port));
        }
    }

    /**
     * KO-14: a thread waiting on a port whose handle is closed wakes with ERROR_ABANDONED_WAIT_0 (735) and
     * a NULL OVERLAPPED; the associated socket's later completions reach nobody and break nothing.
     */
    @TestTemplate
    public void KO_14_waitersOnAClosedPortWakeWithAbandonedWait(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            peer.accept();
            long port = portFor(k, s, 1);
            AtomicReference<Packet> result = new AtomicReference<>();
            Thread waiter = new Thread(() -> result.set(take(k, port, INFINITE)), "port-waiter");
            waiter.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!parked(waiter) && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // close the port only once the waiter is blocked in the call
            }
            assertTrue(parked(waiter), "the waiter blocks in GetQueuedCompletionStatus");
            assertTrue(k.CloseHandle(port));
            waiter.join(10_000);
            Packet got = result.get();
            assertFalse(got.ok());
            assertEquals(Win32Error.ERROR_ABANDONED_WAIT_0.code(), got.error());
            assertNull(got.overlapped());
            Overlapped ov = new Overlapped(event(ws));
            pendingRecv(ws, s, buffer(8), ov);
            assertEquals(0, ws.closesocket(s));
            assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(ov.hEvent, 10_000), "the event is still set");
            assertEquals(CONNECTION_ABORTED, ov.Internal);
            assertTrue(k.CloseHandle(ov.hEvent));
        }
    }

    // ---------------------------------------------------------------- KO-15, WS-17, WS-09

    /**
     * KO-15: CancelIoEx cancels a pending receive with 995 (event set, status in the OVERLAPPED), exactly
     * once; with nothing left it fails with 1168; the socket keeps working.
     */
    @TestTemplate
    public void KO_15_cancelIoExCancelsAPendingReceive(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            long port = portFor(k, s, 3);
            Overlapped ov = new Overlapped(event(ws));
            pendingRecv(ws, s, buffer(8), ov);
            assertTrue(k.CancelIoEx(s, ov), () -> "CancelIoEx: " + k.GetLastError());
            assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(ov.hEvent, 10_000));
            IntRef n = new IntRef(-1);
            assertFalse(ws.WSAGetOverlappedResult(s, ov, n, false, new IntRef()));
            assertEquals(ABORTED, ws.WSAGetLastError());
            assertEquals(0, n.value);
            Packet got = take(k, port, 10_000);
            assertEquals(ABORTED, got.error());
            assertSame(ov, got.overlapped());
            assertEquals(3, got.key());
            noPacket(k, port);
            assertFalse(k.CancelIoEx(s, ov));
            assertEquals(Win32Error.ERROR_NOT_FOUND.code(), k.GetLastError());
            assertFalse(k.CancelIoEx(s, null));
            assertEquals(Win32Error.ERROR_NOT_FOUND.code(), k.GetLastError());

            p.getOutputStream().write(new byte[] {42});
            byte[] one = new byte[1];
            assertEquals(1, ws.recv(s, one, 1, 0), "the socket still works; no byte went to the cancelled read");
            assertEquals(42, one[0]);
            assertEquals(0, ws.closesocket(s));
            assertTrue(k.CloseHandle(ov.hEvent));
            assertTrue(k.CloseHandle(port));
        }
    }

    /** KO-15: CancelIo cancels only the calling thread's operations; CancelIoEx(h, NULL) everyone's. */
    @TestTemplate
    public void KO_15_cancelIoIsPerThread(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            peer.accept();
            Overlapped ov = new Overlapped(event(ws));
            Thread issuer = new Thread(() -> pendingRecv(ws, s, buffer(8), ov));
            issuer.start();
            issuer.join(10_000);
            assertFalse(k.CancelIo(s), "not this thread's operation");
            assertEquals(Win32Error.ERROR_NOT_FOUND.code(), k.GetLastError());
            assertEquals(Overlapped.STATUS_PENDING, ov.Internal);
            assertTrue(k.CancelIoEx(s, null));
            assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(ov.hEvent, 10_000));
            assertEquals(ABORTED, ov.Internal);
            Overlapped mine = new Overlapped();
            pendingRecv(ws, s, buffer(8), mine);
            assertTrue(k.CancelIo(s));
            assertEquals(ABORTED, mine.Internal);
            assertEquals(0, ws.closesocket(s));
            assertTrue(k.CloseHandle(ov.hEvent));
        }
    }

    /**
     * KO-15: kernel32's GetOverlappedResult(Ex) on a socket: 996 while pending without waiting,
     * WAIT_TIMEOUT at a timeout, the result once it completes.
     */
    @TestTemplate
    public void KO_15_getOverlappedResultOnASocket(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            Overlapped ov = new Overlapped();
            pendingRecv(ws, s, buffer(8), ov);
            IntRef n = new IntRef(-1);
            assertFalse(k.GetOverlappedResult(s, ov, n, false));
            assertEquals(Win32Error.ERROR_IO_INCOMPLETE.code(), k.GetLastError());
            assertFalse(k.GetOverlappedResultEx(s, ov, n, 50, false));
            assertEquals(WAIT_TIMEOUT, k.GetLastError());
            CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(100);
                    p.getOutputStream().write(new byte[] {1, 2, 3, 4});
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(k.GetOverlappedResult(s, ov, n, true), () -> "GetOverlappedResult: " + k.GetLastError());
            assertEquals(4, n.value);
            assertEquals(0, ws.closesocket(s));
        }
    }

    /**
     * WS-17: WSAGetOverlappedResult checks the socket first — a closed socket (even the one whose close
     * aborted the operation), a never-issued value, a kernel object, a DuplicateHandle copy: WSAENOTSOCK,
     * before the OVERLAPPED is looked at.
     */
    @TestTemplate
    public void WS_17_wsaGetOverlappedResultChecksTheSocketFirst(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            peer.accept();
            long live = connect(ws, peer);
            peer.accept();
            Overlapped ov = new Overlapped(event(ws));
            pendingRecv(ws, s, buffer(8), ov);
            assertEquals(0, ws.closesocket(s));
            assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(ov.hEvent, 10_000));
            LongRef copy = new LongRef();
            assertTrue(k.DuplicateHandle(k.GetCurrentProcess(), live, k.GetCurrentProcess(), copy, 0, false,
                    Kernel32.DUPLICATE_SAME_ACCESS));
            for (long bad : new long[] {s, 0x7FFF_FFF0L, ov.hEvent, copy.value}) {
                assertFalse(ws.WSAGetOverlappedResult(bad, ov, new IntRef(), false, new IntRef()));
                assertEquals(Win32Error.WSAENOTSOCK.code(), ws.WSAGetLastError(), () -> "value " + bad);
                assertFalse(ws.WSAGetOverlappedResult(bad, null, new IntRef(), false, new IntRef()));
                assertEquals(Win32Error.WSAENOTSOCK.code(), ws.WSAGetLastError(), "the socket before the OVERLAPPED");
            }
            assertFalse(ws.WSAGetOverlappedResult(live, null, new IntRef(), false, new IntRef()));
            assertEquals(Win32Error.WSAEFAULT.code(), ws.WSAGetLastError());
            IntRef n = new IntRef(-1);
            assertFalse(ws.WSAGetOverlappedResult(live, ov, n, false, new IntRef()), "an open socket reads the result");
            assertEquals(CONNECTION_ABORTED, ws.WSAGetLastError());
            assertEquals(0, n.value);
            assertTrue(k.CloseHandle(copy.value));
            assertTrue(k.CloseHandle(ov.hEvent));
            assertEquals(0, ws.closesocket(live));
        }
    }

    /**
     * WS-09: closesocket with several operations pending completes each exactly once through the
     * mechanism it was issued with — port packet, event, completion routine — with 1236 and 0 bytes.
     */
    @TestTemplate
    public void WS_09_closesocketAbortsEachOperationOnceThroughItsMechanism(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            peer.accept();
            long port = portFor(k, s, 11);
            Overlapped viaPort = new Overlapped();
            Overlapped viaEvent = new Overlapped(k.CreateEvent(null, true, false, null) | 1); // low bit: no packet
            Overlapped viaRoutine = new Overlapped();
            AtomicInteger routines = new AtomicInteger();
            AtomicReference<int[]> routineResult = new AtomicReference<>();
            pendingRecv(ws, s, buffer(8), viaPort);
            pendingRecv(ws, s, buffer(8), viaEvent);
            fails(ws, ws.WSARecv(s, buffer(8), 1, new IntRef(), new IntRef(), viaRoutine, (e, n, o, f) -> {
                routines.incrementAndGet();
                routineResult.set(new int[] {e, n, o == viaRoutine ? 1 : 0});
            }), Win32Error.ERROR_IO_PENDING, "WSARecv with a routine");
            assertEquals(0, ws.closesocket(s));

            Packet got = take(k, port, 10_000);
            assertEquals(CONNECTION_ABORTED, got.error());
            assertSame(viaPort, got.overlapped());
            assertEquals(11, got.key());
            assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(viaEvent.hEvent & ~1L, 10_000));
            assertEquals(CONNECTION_ABORTED, viaEvent.Internal);
            assertEquals(WAIT_IO_COMPLETION, k.SleepEx(10_000, true));
            assertArrayEquals(new int[] {CONNECTION_ABORTED, 0, 1}, routineResult.get());
            assertEquals(0, k.SleepEx(50, true));
            assertEquals(1, routines.get(), "exactly once");
            noPacket(k, port);
            assertTrue(k.CloseHandle(viaEvent.hEvent & ~1L));
            assertTrue(k.CloseHandle(port));
        }
    }

    // ---------------------------------------------------------------- KO-16

    /**
     * KO-16: a WSARecv completion routine is an APC of the issuing thread: not run in a non-alertable
     * wait, not run by another thread's alertable wait, run by the issuer's alertable wait, which
     * returns WAIT_IO_COMPLETION — with the status, the bytes and the very OVERLAPPED.
     */
    @TestTemplate
    public void KO_16_completionRoutineRunsOnTheIssuingThreadInAnAlertableWait(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            long untouched = event(ws);
            Overlapped ov = new WSAOVERLAPPED(untouched); // with a routine, hEvent is the caller's own
            AtomicInteger calls = new AtomicInteger();
            AtomicReference<String> thread = new AtomicReference<>();
            AtomicReference<int[]> result = new AtomicReference<>();
            fails(ws, ws.WSARecv(s, buffer(16), 1, new IntRef(), new IntRef(), ov, (e, n, o, f) -> {
                calls.incrementAndGet();
                thread.set(Thread.currentThread().getName());
                result.set(new int[] {e, n, o == ov ? 1 : 0});
            }), Win32Error.ERROR_IO_PENDING, "WSARecv with a routine");
            p.getOutputStream().write(Payload.bytes(0, 6));
            IntRef n = new IntRef();
            assertTrue(k.GetOverlappedResult(s, ov, n, true), "a non-alertable wait for the completion");
            assertEquals(6, n.value);
            assertEquals(0, calls.get(), "not run in a non-alertable wait");
            assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(untouched, 0), "hEvent is not set when a routine is given");
            CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> k.SleepEx(100, true));
            assertEquals(0, other.get(10, TimeUnit.SECONDS), "another thread's alertable wait runs nothing");
            assertEquals(0, calls.get());
            long signalled = k.CreateEvent(null, true, true, null);
            assertEquals(WSA_WAIT_IO_COMPLETION, ws.WSAWaitForMultipleEvents(1, new long[] {signalled}, false, 10_000,
                    true), "an alertable wait runs the routine first, even with its event set");
            assertEquals(1, calls.get());
            assertEquals(Thread.currentThread().getName(), thread.get());
            assertArrayEquals(new int[] {0, 6, 1}, result.get());
            assertEquals(WSA_WAIT_EVENT_0, ws.WSAWaitForMultipleEvents(1, new long[] {signalled}, false, 0, true));
            assertEquals(1, calls.get(), "exactly once");
            assertEquals(0, ws.closesocket(s));
            assertTrue(ws.WSACloseEvent(untouched));
            assertTrue(k.CloseHandle(signalled));
        }
    }

    /**
     * KO-16: the routine of an operation whose issuing thread ended before it waited alertably never runs
     * — not on the thread that closes the socket, not in anyone's alertable wait — while the OVERLAPPED
     * still records the abort.
     */
    @TestTemplate
    public void KO_16_routinesOfAThreadThatEndedNeverRun(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            peer.accept();
            AtomicInteger calls = new AtomicInteger();
            Overlapped ov = new Overlapped();
            Thread issuer = new Thread(() -> fails(ws, ws.WSARecv(s, buffer(8), 1, new IntRef(), new IntRef(), ov,
                    (e, n, o, f) -> calls.incrementAndGet()), Win32Error.ERROR_IO_PENDING, "WSARecv with a routine"));
            issuer.start();
            issuer.join(10_000);
            assertFalse(issuer.isAlive());
            assertEquals(0, ws.closesocket(s));
            assertEquals(CONNECTION_ABORTED, ov.Internal, "the structure records the abort");
            assertEquals(0, k.SleepEx(50, true), "nothing is queued to this thread");
            assertEquals(0, calls.get(), "the ended thread's routine never runs");
        }
    }

    /** KO-16: an alertable GetQueuedCompletionStatusEx runs the thread's routines and fails with WAIT_IO_COMPLETION. */
    @TestTemplate
    public void KO_16_alertableGetQueuedCompletionStatusExRunsRoutines(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            peer.accept();
            long port = port(k);
            AtomicInteger calls = new AtomicInteger();
            Overlapped ov = new Overlapped();
            fails(ws, ws.WSARecv(s, buffer(8), 1, new IntRef(), new IntRef(), ov, (e, n, o, f) -> calls.incrementAndGet()),
                    Win32Error.ERROR_IO_PENDING, "WSARecv with a routine");
            assertEquals(0, ws.closesocket(s));
            IntRef removed = new IntRef(-1);
            assertFalse(k.GetQueuedCompletionStatusEx(port, new OverlappedEntry[1], 1, removed, 10_000, true));
            assertEquals(WAIT_IO_COMPLETION, k.GetLastError());
            assertEquals(1, calls.get());
            assertEquals(SOCKET_ERROR, ws.closesocket(s));
            assertTrue(k.CloseHandle(port));
        }
    }
}

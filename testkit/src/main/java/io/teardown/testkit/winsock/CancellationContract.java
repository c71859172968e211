package io.teardown.testkit.winsock;

import static io.teardown.kernel.Kernel32.WAIT_IO_COMPLETION;
import static io.teardown.kernel.Kernel32.WAIT_OBJECT_0;
import static io.teardown.kernel.Kernel32.WAIT_TIMEOUT;
import static io.teardown.testkit.winsock.OverlappedCalls.ABORTED;
import static io.teardown.testkit.winsock.OverlappedCalls.CONNECTION_ABORTED;
import static io.teardown.testkit.winsock.OverlappedCalls.Packet;
import static io.teardown.testkit.winsock.OverlappedCalls.buffer;
import static io.teardown.testkit.winsock.OverlappedCalls.noPacket;
import static io.teardown.testkit.winsock.OverlappedCalls.pendingRecv;
import static io.teardown.testkit.winsock.OverlappedCalls.port;
import static io.teardown.testkit.winsock.OverlappedCalls.portFor;
import static io.teardown.testkit.winsock.OverlappedCalls.take;
import static io.teardown.testkit.winsock.Wsa.connect;
import static io.teardown.testkit.winsock.Wsa.event;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.started;
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
import io.teardown.winsock.Ws2_32;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cancelling and aborting overlapped socket operations (KO-15, WS-17, WS-09, <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>): {@code
 * CancelIo}/{@code CancelIoEx}, {@code GetOverlappedResult} on sockets, {@code WSAGetOverlappedResult}
 * checking the socket first, and {@code closesocket} aborting each operation once through its mechanism,
 * through the flat {@code Ws2_32} and {@link Kernel32} facades, on sockets connected to each other or to
 * independent JDK peers.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems({"kernel", "winsock"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class CancellationContract {
    /** For JUnit and subclasses. */
    public CancellationContract() {
    }

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
}

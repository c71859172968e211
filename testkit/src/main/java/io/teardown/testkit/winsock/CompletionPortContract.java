package io.teardown.testkit.winsock;

import static io.teardown.kernel.Kernel32.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS;
import static io.teardown.kernel.Kernel32.INFINITE;
import static io.teardown.kernel.Kernel32.WAIT_OBJECT_0;
import static io.teardown.kernel.Kernel32.WAIT_TIMEOUT;
import static io.teardown.testkit.winsock.OverlappedCalls.CONNECTION_ABORTED;
import static io.teardown.testkit.winsock.OverlappedCalls.Packet;
import static io.teardown.testkit.winsock.OverlappedCalls.buffer;
import static io.teardown.testkit.winsock.OverlappedCalls.noPacket;
import static io.teardown.testkit.winsock.OverlappedCalls.parked;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.OverlappedEntry;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAOVERLAPPED;
import io.teardown.winsock.Ws2_32;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * I/O completion ports with sockets (KO-14, <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>): one packet per operation with its key and {@code
 * OVERLAPPED}, association errors, failed and aborted operations, skipping the port on success, {@code
 * GetQueuedCompletionStatusEx}, and waiters woken with {@code ERROR_ABANDONED_WAIT_0} when the port closes,
 * through the flat {@code Ws2_32} and {@link Kernel32} facades, on sockets connected to each other or to
 * independent JDK peers.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems({"kernel", "winsock"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class CompletionPortContract {
    /** For JUnit and subclasses. */
    public CompletionPortContract() {
    }

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

    /**
     * KO-14, WS-09: overlapped sends issued back to back from two threads in turn, small ones and ones
     * larger than the socket's buffers, while the peer first does not read and then does: the peer
     * gets every byte once and in the order the sends were issued (whether a send went to the kernel
     * at once on its own thread or queued behind an earlier one), and each send posts exactly one
     * packet with its full byte count.
     */
    @TestTemplate
    public void KO_14_overlappedSendsArriveWholeAndInOrder(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        Kernel32 k = Kernel32.of(b.session());
        int[] sizes = {1, 700, 256 * 1024, 3, 64 * 1024, 5, 1024 * 1024, 17, 9000, 2};
        long total = 0;
        for (int n : sizes) {
            total += n;
        }
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            long port = portFor(k, s, 9);
            List<WSAOVERLAPPED> issued = new ArrayList<>();
            long offset = 0;
            for (int i = 0; i < sizes.length; i++) {
                WSAOVERLAPPED ov = new WSAOVERLAPPED();
                issued.add(ov);
                byte[] data = Payload.bytes(offset, sizes[i]);
                offset += sizes[i];
                AtomicReference<String> failed = new AtomicReference<>();
                // Every other send from a second thread: a worker's send is the case that writes on its thread.
                Runnable send = () -> {
                    if (ws.WSASend(s, new WSABUF[] {new WSABUF(data)}, 1, new IntRef(), 0, ov, null) != 0
                            && ws.WSAGetLastError() != Win32Error.ERROR_IO_PENDING.code()) {
                        failed.set("WSASend: " + ws.WSAGetLastError());
                    }
                };
                if (i % 2 == 0) {
                    send.run();
                } else {
                    Thread t = new Thread(send);
                    t.start();
                    t.join(10_000);
                }
                assertNull(failed.get());
            }
            byte[] got = new byte[(int) total];
            java.io.DataInputStream in = new java.io.DataInputStream(p.getInputStream());
            in.readFully(got);
            assertTrue(Payload.matches(got, got.length, 0), "every byte once, in the order the sends were issued");
            List<Overlapped> completed = new ArrayList<>();
            for (int i = 0; i < sizes.length; i++) {
                Packet done = take(k, port, 10_000);
                assertTrue(done.ok(), () -> "send packet: " + done);
                int which = issued.indexOf((WSAOVERLAPPED) done.overlapped());
                assertTrue(which >= 0, "a packet of one of the sends");
                assertEquals(sizes[which], done.bytes(), "a send completes with all its bytes");
                assertFalse(completed.contains(done.overlapped()), "one packet per send");
                completed.add(done.overlapped());
            }
            noPacket(k, port);
            assertEquals(0, ws.closesocket(s));
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
}

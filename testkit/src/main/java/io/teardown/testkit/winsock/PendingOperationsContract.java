package io.teardown.testkit.winsock;

import static io.teardown.testkit.winsock.Wsa.connect;
import static io.teardown.testkit.winsock.Wsa.event;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.stalledConnection;
import static io.teardown.testkit.winsock.Wsa.started;
import static io.teardown.winsock.Ws2_32.SOCKET_ERROR;
import static io.teardown.winsock.Ws2_32.WSA_WAIT_EVENT_0;
import static io.teardown.winsock.Ws2_32.WSA_WAIT_IO_COMPLETION;
import static io.teardown.winsock.Ws2_32.WSA_WAIT_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAOVERLAPPED;
import io.teardown.winsock.Ws2_32;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The winsock contract, overlapped operations pending at the close (WS-09, <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>): each completes
 * exactly once, through its completion routine or event, with {@code ERROR_CONNECTION_ABORTED}, through the
 * flat facade {@link Ws2_32} only, against independent peers written with plain JDK sockets ({@link
 * JdkPeer}). Each backend runs this class from its tests; the Netty backend runs it once per transport (epoll
 * and forced NIO).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("winsock")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class PendingOperationsContract {
    /** For JUnit and subclasses. */
    public PendingOperationsContract() {
    }

    /** WS-09: a pending overlapped recv is completed by closesocket with 1236, exactly once, through its routine. */
    @TestTemplate
    public void WS_09_pendingRecvCompletionRoutineRunsOnceWithConnectionAborted(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            peer.accept();
            AtomicInteger calls = new AtomicInteger();
            AtomicReference<int[]> result = new AtomicReference<>();
            AtomicReference<String> thread = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            WSAOVERLAPPED ov = new WSAOVERLAPPED();
            fails(ws, ws.WSARecv(s, new WSABUF[] {new WSABUF(new byte[64])}, 1, new IntRef(), new IntRef(), ov,
                    (error, bytes, o, flags) -> {
                        calls.incrementAndGet();
                        result.set(new int[] {error, bytes});
                        thread.set(Thread.currentThread().getName());
                        done.countDown();
                    }), Win32Error.ERROR_IO_PENDING, "overlapped WSARecv");
            assertEquals(0, ws.closesocket(s));
            // KO-16: the routine is an APC of this thread: it runs only inside an alertable wait.
            long idle = event(ws);
            assertEquals(WSA_WAIT_TIMEOUT, ws.WSAWaitForMultipleEvents(1, new long[] {idle}, false, 50, false));
            assertEquals(0, calls.get(), "not run outside an alertable wait");
            assertEquals(WSA_WAIT_IO_COMPLETION, ws.WSAWaitForMultipleEvents(1, new long[] {idle}, false, 10_000, true));
            assertTrue(done.await(0, TimeUnit.SECONDS), "the completion routine ran");
            assertArrayEquals(new int[] {Win32Error.ERROR_CONNECTION_ABORTED.code(), 0}, result.get());
            assertEquals(WSA_WAIT_TIMEOUT, ws.WSAWaitForMultipleEvents(1, new long[] {idle}, false, 100, true));
            assertEquals(1, calls.get(), "delivered exactly once");
            assertEquals(Thread.currentThread().getName(), thread.get(), "on the issuing thread");
            assertTrue(ws.WSACloseEvent(idle));
        }
    }

    /** WS-09: event-style: pending overlapped send and recv both complete with 1236 after closesocket. */
    @TestTemplate
    public void WS_09_pendingSendAndRecvEventsSignalledWithConnectionAborted(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen(InetAddress.getLoopbackAddress(), 8192)) {
            long s = stalledConnection(ws, peer, new AtomicLong());
            peer.accept();
            long sendEv = event(ws);
            long recvEv = event(ws);
            WSAOVERLAPPED sendOv = new WSAOVERLAPPED(sendEv);
            WSAOVERLAPPED recvOv = new WSAOVERLAPPED(recvEv);
            byte[] more = Payload.bytes(0, 4096);
            fails(ws, ws.WSASend(s, new WSABUF[] {new WSABUF(more)}, 1, new IntRef(), 0, sendOv, null),
                    Win32Error.ERROR_IO_PENDING, "overlapped WSASend on a full connection");
            fails(ws, ws.WSARecv(s, new WSABUF[] {new WSABUF(new byte[16])}, 1, new IntRef(), new IntRef(), recvOv, null),
                    Win32Error.ERROR_IO_PENDING, "overlapped WSARecv");
            assertFalse(ws.WSAGetOverlappedResult(s, recvOv, new IntRef(), false, new IntRef()));
            assertEquals(Win32Error.ERROR_IO_INCOMPLETE.code(), ws.WSAGetLastError());
            assertEquals(0, ws.closesocket(s));
            assertEquals(WSA_WAIT_EVENT_0, ws.WSAWaitForMultipleEvents(2, new long[] {sendEv, recvEv}, true, 10_000, false));
            for (WSAOVERLAPPED ov : new WSAOVERLAPPED[] {sendOv, recvOv}) {
                // WS-17: the closed socket is checked first; the result is in the structure itself.
                assertFalse(ws.WSAGetOverlappedResult(s, ov, new IntRef(), true, new IntRef()));
                assertEquals(Win32Error.WSAENOTSOCK.code(), ws.WSAGetLastError());
                assertEquals(Win32Error.ERROR_CONNECTION_ABORTED.code(), ov.Internal);
                assertEquals(0, ov.InternalHigh);
            }
            assertTrue(ws.WSACloseEvent(sendEv));
            assertTrue(ws.WSACloseEvent(recvEv));
        }
    }

    /** WS-09: an operation that completed normally is not completed again by closesocket. */
    @TestTemplate
    public void WS_09_completedRecvIsDeliveredOnceWithItsData(TestBackend b) throws Exception {
        Ws2_32 ws = started(b.session());
        try (JdkPeer peer = JdkPeer.listen()) {
            long s = connect(ws, peer);
            Socket p = peer.accept();
            AtomicInteger calls = new AtomicInteger();
            AtomicReference<int[]> result = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            byte[] buf = new byte[64];
            WSAOVERLAPPED ov = new WSAOVERLAPPED();
            int r = ws.WSARecv(s, new WSABUF[] {new WSABUF(buf)}, 1, new IntRef(), new IntRef(), ov,
                    (error, bytes, o, flags) -> {
                        calls.incrementAndGet();
                        result.set(new int[] {error, bytes});
                        done.countDown();
                    });
            assertEquals(SOCKET_ERROR, r);
            assertEquals(Win32Error.ERROR_IO_PENDING.code(), ws.WSAGetLastError());
            p.getOutputStream().write(Payload.bytes(0, 5));
            long idle = event(ws);
            assertEquals(WSA_WAIT_IO_COMPLETION, ws.WSAWaitForMultipleEvents(1, new long[] {idle}, false, 10_000, true));
            assertTrue(done.await(0, TimeUnit.SECONDS));
            assertArrayEquals(new int[] {0, 5}, result.get());
            assertArrayEquals(Payload.bytes(0, 5), java.util.Arrays.copyOf(buf, 5));
            assertEquals(0, ws.closesocket(s));
            assertEquals(WSA_WAIT_TIMEOUT, ws.WSAWaitForMultipleEvents(1, new long[] {idle}, false, 100, true));
            assertEquals(1, calls.get());
            assertTrue(ws.WSACloseEvent(idle));
        }
    }
}

package io.teardown.testkit.winsock;

import static io.teardown.kernel.Kernel32.WAIT_IO_COMPLETION;
import static io.teardown.kernel.Kernel32.WAIT_TIMEOUT;
import static io.teardown.testkit.winsock.OverlappedCalls.CONNECTION_ABORTED;
import static io.teardown.testkit.winsock.OverlappedCalls.buffer;
import static io.teardown.testkit.winsock.OverlappedCalls.port;
import static io.teardown.testkit.winsock.Wsa.connect;
import static io.teardown.testkit.winsock.Wsa.event;
import static io.teardown.testkit.winsock.Wsa.fails;
import static io.teardown.testkit.winsock.Wsa.started;
import static io.teardown.winsock.Ws2_32.SOCKET_ERROR;
import static io.teardown.winsock.Ws2_32.WSA_WAIT_EVENT_0;
import static io.teardown.winsock.Ws2_32.WSA_WAIT_IO_COMPLETION;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.OverlappedEntry;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.winsock.WSAOVERLAPPED;
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
 * Completion routines of socket operations (KO-16, <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>): they run on the issuing thread inside an
 * alertable wait, never for a thread that ended, and inside an alertable {@code GetQueuedCompletionStatusEx},
 * through the flat {@code Ws2_32} and {@link Kernel32} facades, on sockets connected to each other or to
 * independent JDK peers.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems({"kernel", "winsock"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class CompletionRoutineContract {
    /** For JUnit and subclasses. */
    public CompletionRoutineContract() {
    }

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

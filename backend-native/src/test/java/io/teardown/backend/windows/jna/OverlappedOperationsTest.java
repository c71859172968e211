package io.teardown.backend.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase.OVERLAPPED;
import com.sun.jna.ptr.IntByReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link OverlappedOperations}: native memory lives until the single completion (WS-09), found by the
 * OVERLAPPED address, whichever way Windows reports it.
 */
class OverlappedOperationsTest {
    private static final int ERROR_CONNECTION_ABORTED = 1236;

    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private final OverlappedOperations ops = new OverlappedOperations(uncaught::add);
    private final List<OverlappedOperations.Completion> done = new CopyOnWriteArrayList<>();
    private final ThreadLocalLastError slot = new ThreadLocalLastError();
    private final RecordingWs2_32 ws2 = new RecordingWs2_32(slot);

    @Test
    void memoryIsNativeAndDescribedByTheWsabuf() {
        OverlappedOperations.Operation op = ops.begin(512, done::add);
        assertEquals(new OVERLAPPED().size(), ((com.sun.jna.Memory) op.overlapped()).size());
        assertEquals(0L, op.overlapped().getLong(0), "OVERLAPPED starts zeroed");
        assertEquals(512, op.wsabuf().len);
        assertEquals(Pointer.nativeValue(op.buffer()), Pointer.nativeValue(op.wsabuf().buf));
        assertEquals(Pointer.nativeValue(op.buffer()), Pointer.nativeValue(op.wsabuf().getPointer().getPointer(com.sun.jna.Native.POINTER_SIZE)),
                "the WSABUF in native memory points at the buffer");
    }

    @Test
    void aCancelledReceiveCompletesExactlyOnceAfterClose() {
        // WSARecv pends (SOCKET_ERROR + WSA_IO_PENDING); closesocket cancels it; Windows then runs the
        // completion routine with 1236 — after closesocket returned (WS-09).
        ws2.answer("WSARecv", Ws2_32Library.SOCKET_ERROR, Ws2_32Library.WSA_IO_PENDING);
        OverlappedOperations.Operation op = ops.begin(64, done::add);
        NativeCalls.CapturedInt r = new NativeCalls(slot).callInt(() -> ws2.WSARecv(new SOCKET(8), op.wsabuf(), 1,
                null, new IntByReference(0), op.overlapped(), ops.routine()));
        assertEquals(Ws2_32Library.WSA_IO_PENDING, r.lastError());
        assertEquals(0, ws2.closesocket(new SOCKET(8)));
        assertEquals(1, ops.pendingCount(), "memory still owned: the kernel may write it until completion");
        ops.routine().callback(ERROR_CONNECTION_ABORTED, 0, op.overlapped(), 0);
        ops.routine().callback(ERROR_CONNECTION_ABORTED, 0, op.overlapped(), 0);
        assertEquals(1, done.size(), "delivered exactly once");
        assertSame(op, done.get(0).operation());
        assertEquals(ERROR_CONNECTION_ABORTED, done.get(0).error());
        assertEquals(0, ops.pendingCount());
    }

    @Test
    void completionsFromAPortAreRoutedTheSameWay() {
        OverlappedOperations.Operation a = ops.begin(16, done::add);
        OverlappedOperations.Operation b = ops.begin(16, done::add);
        assertTrue(ops.complete(b.overlapped(), 0, 16, 0).isPresent());
        assertTrue(ops.complete(new Pointer(0x10), 0, 0, 0).isEmpty(), "unknown OVERLAPPED");
        assertTrue(ops.complete(null, 0, 0, 0).isEmpty());
        assertEquals(List.of(b), done.stream().map(OverlappedOperations.Completion::operation).toList());
        assertEquals(1, ops.pendingCount());
        ops.abandon(a);
        assertEquals(0, ops.pendingCount(), "a call that failed at once gets no completion");
    }

    @Test
    void aThrowingListenerIsReported() {
        IllegalStateException boom = new IllegalStateException("listener bug");
        OverlappedOperations.Operation op = ops.begin(1, c -> {
            throw boom;
        });
        ops.routine().callback(0, 1, op.overlapped(), 0);
        assertEquals(List.of(boom), uncaught);
        assertEquals(0, ops.pendingCount());
    }
}

package io.teardown.backend.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link NativeCalls}: the last error is read on the calling thread, right after the call, and
 * functions that return their error leave it alone.
 */
@Timeout(30)
class NativeCallsTest {
    private static final int WSAENOTSOCK = 10038;
    private static final int WSAECONNRESET = 10054;
    private static final int ERROR_INVALID_HANDLE = 6;

    private final ThreadLocalLastError slot = new ThreadLocalLastError();
    private final RecordingWs2_32 ws2 = new RecordingWs2_32(slot);
    private final NativeCalls calls = new NativeCalls(slot);

    @Test
    void capturesTheErrorTheCallSet() {
        ws2.answer("closesocket", Ws2_32Library.SOCKET_ERROR, WSAENOTSOCK);
        NativeCalls.CapturedInt r = calls.callInt(() -> ws2.closesocket(new SOCKET(0x1234)));
        assertEquals(Ws2_32Library.SOCKET_ERROR, r.value());
        assertEquals(WSAENOTSOCK, r.lastError());
        assertEquals(List.of("closesocket(4660)"), ws2.calls);
    }

    @Test
    void anotherThreadsFailureDuringTheCallDoesNotLeakIn() throws Exception {
        // Thread A fails closesocket with 10038; while A is still inside the call, thread B fails recv
        // with 10054. Each captures its own code: the slot is per thread, as GetLastError is.
        ws2.answer("closesocket", Ws2_32Library.SOCKET_ERROR, WSAENOTSOCK);
        ws2.answer("recv", Ws2_32Library.SOCKET_ERROR, WSAECONNRESET);
        CountDownLatch aInside = new CountDownLatch(1);
        CountDownLatch bDone = new CountDownLatch(1);
        ws2.during("closesocket", args -> {
            aInside.countDown();
            assertTrue(bDone.await(10, TimeUnit.SECONDS));
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<NativeCalls.CapturedInt> a = pool.submit(() -> calls.callInt(() -> ws2.closesocket(new SOCKET(8))));
            Future<NativeCalls.CapturedInt> b = pool.submit(() -> {
                assertTrue(aInside.await(10, TimeUnit.SECONDS));
                try {
                    return calls.callInt(() -> ws2.recv(new SOCKET(12), new byte[1], 1, 0));
                } finally {
                    bDone.countDown();
                }
            });
            assertEquals(WSAECONNRESET, b.get(10, TimeUnit.SECONDS).lastError());
            assertEquals(WSAENOTSOCK, a.get(10, TimeUnit.SECONDS).lastError());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void capturesBeforeTheNextCallOverwritesTheSlot() {
        ws2.answer("closesocket", Ws2_32Library.SOCKET_ERROR, WSAENOTSOCK);
        ws2.answer("WSACloseEvent", 0, ERROR_INVALID_HANDLE);
        NativeCalls.CapturedInt close = calls.callInt(() -> ws2.closesocket(new SOCKET(8)));
        NativeCalls.CapturedBool event = calls.callBool(() -> ws2.WSACloseEvent(new HANDLE(new Pointer(16))));
        assertEquals(WSAENOTSOCK, close.lastError());
        assertFalse(event.ok());
        assertEquals(ERROR_INVALID_HANDLE, event.lastError());
    }

    @Test
    void successLeavesTheLastErrorAsItWas() {
        // Windows' close functions do not reset the last error on success (SEMANTICS preamble).
        slot.set(WSAECONNRESET);
        NativeCalls.CapturedInt r = calls.callInt(() -> ws2.closesocket(new SOCKET(8)));
        assertEquals(0, r.value());
        assertEquals(WSAECONNRESET, r.lastError(), "stale value, exactly what GetLastError would show");
    }

    @Test
    void clearedCallStartsFromZero() {
        slot.set(WSAECONNRESET);
        assertEquals(0, calls.callIntCleared(() -> ws2.closesocket(new SOCKET(8))).lastError());
    }

    @Test
    void objectResultsComeWithTheirError() {
        ws2.answer("WSACreateEvent", 0, 8); // ERROR_NOT_ENOUGH_MEMORY
        NativeCalls.Captured<HANDLE> r = calls.call(ws2::WSACreateEvent);
        assertNull(r.value());
        assertEquals(8, r.lastError());
    }

    @Test
    void functionsReturningTheirErrorLeaveTheSlotAlone() {
        // WSAStartup and Wlan* return the code; the last error stays what it was (WL-01).
        RecordingWlanApi wlan = new RecordingWlanApi(slot);
        wlan.answer("WlanCloseHandle", ERROR_INVALID_HANDLE, null);
        ws2.answer("WSAStartup", 10092, null); // WSAVERNOTSUPPORTED
        slot.set(1234);
        assertEquals(ERROR_INVALID_HANDLE, calls.returningError(() -> wlan.WlanCloseHandle(new HANDLE(new Pointer(4)), null)));
        assertEquals(10092, calls.returningError(() -> ws2.WSAStartup(Ws2_32Library.WINSOCK_VERSION, new WSADATA())));
        assertEquals(1234, slot.get());
    }

    @Test
    void jnaSlotIsPerThreadOnThisMachine() throws Exception {
        // The production slot is JNA's own per-thread copy (native dispatch, no Windows DLL involved).
        NativeCalls jna = NativeCalls.jna();
        LastErrorSlot.JNA.set(4321);
        AtomicInteger other = new AtomicInteger(-1);
        Thread t = new Thread(() -> other.set(Native.getLastError()));
        t.start();
        t.join(10_000);
        assertEquals(0, other.get(), "a fresh thread starts with 0");
        assertEquals(4321, jna.callInt(() -> 1).lastError());
        assertEquals(4321, LastErrorSlot.JNA.get());
        LastErrorSlot.JNA.set(0);
    }
}

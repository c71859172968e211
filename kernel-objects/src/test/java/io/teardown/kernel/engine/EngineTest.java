package io.teardown.kernel.engine;

import static io.teardown.kernel.Kernel32.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.front.KernelFront;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Engine rules below the contract: waits, naming, counts, the command-line splitter. */
@Timeout(30)
class EngineTest {
    private final Session session = Session.builder().build();
    private final KernelFront k = new KernelFront(session, new EngineKernelDriver(session));

    @AfterEach
    void close() {
        assertEquals(0, session.handles(HandleSpace.KERNEL).size(), "every handle was closed");
        session.close();
        k.close();
    }

    @Test
    void waitAllTakesEveryObjectAtOnce() {
        long a = k.CreateEvent(null, false, true, null);
        long s = k.CreateSemaphore(null, 0, 1, null);
        assertEquals(WAIT_TIMEOUT, k.WaitForMultipleObjects(2, new long[] {a, s}, true, 0));
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(a, 0), "a failed wait-all consumed nothing");
        assertTrue(k.SetEvent(a));
        assertTrue(k.ReleaseSemaphore(s, 1, null));
        assertEquals(WAIT_OBJECT_0, k.WaitForMultipleObjects(2, new long[] {a, s}, true, 0));
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(a, 0), "the auto-reset event was consumed");
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(s, 0), "the semaphore was consumed");
        assertEquals(WAIT_FAILED, k.WaitForMultipleObjects(2, new long[] {a, a}, true, 0));
        assertEquals(87, k.GetLastError(), "the same object twice in a wait-all");
        assertEquals(WAIT_FAILED, k.WaitForMultipleObjects(0, new long[0], false, 0));
        assertEquals(87, k.GetLastError());
        assertTrue(k.SetEvent(a));
        assertEquals(WAIT_OBJECT_0 + 1, k.WaitForMultipleObjects(2, new long[] {s, a}, false, 0));
        assertTrue(k.CloseHandle(a));
        assertTrue(k.CloseHandle(s));
    }

    @Test
    void namesAreSharedAcrossTypesAndGoWithTheLastHandle() {
        long ev = k.CreateEvent(null, true, false, "shared");
        assertEquals(0, k.GetLastError());
        long again = k.CreateEvent(null, true, false, "shared");
        assertEquals(183, k.GetLastError(), "ERROR_ALREADY_EXISTS");
        assertTrue(k.CompareObjectHandles(ev, again));
        assertEquals(0, k.CreateMutex(null, false, "shared"), "a name held by another type");
        assertEquals(6, k.GetLastError());
        assertEquals(0, k.OpenMutex(SYNCHRONIZE, false, "shared"));
        assertEquals(6, k.GetLastError());
        assertTrue(k.CloseHandle(ev));
        assertTrue(k.CloseHandle(again));
        long mx = k.CreateMutex(null, false, "shared");
        assertEquals(0, k.GetLastError(), "the name went with the event's last handle");
        long local = k.OpenMutex(SYNCHRONIZE, false, "Local\\shared");
        assertTrue(k.CompareObjectHandles(mx, local), "Local\\ names the session's namespace");
        assertEquals(0, k.OpenMutex(SYNCHRONIZE, false, "SHARED"), "names are case-sensitive");
        assertEquals(2, k.GetLastError());
        assertEquals(0, k.CreateEvent(null, false, false, "a\\b"));
        assertEquals(3, k.GetLastError(), "ERROR_PATH_NOT_FOUND");
        assertTrue(k.CloseHandle(local));
        assertTrue(k.CloseHandle(mx));
    }

    @Test
    void handleCountsFollowDuplicatesAndCloses() {
        long ev = k.CreateEvent(null, false, false, null);
        KernelObject o = ((HandleRecord) session.handles(HandleSpace.KERNEL).get(ev)).object;
        LongRef d1 = new LongRef();
        LongRef d2 = new LongRef();
        assertTrue(k.DuplicateHandle(-1, ev, -1, d1, 0, false, DUPLICATE_SAME_ACCESS));
        assertTrue(k.DuplicateHandle(-1, d1.value, -1, d2, 0, false, DUPLICATE_SAME_ACCESS));
        assertEquals(3, o.handleCount());
        assertTrue(k.CloseHandle(d1.value));
        assertEquals(2, o.handleCount());
        assertTrue(k.DuplicateHandle(-1, d2.value, -1, d1, 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
        assertEquals(d2.value, d1.value);
        assertEquals(2, o.handleCount(), "close-source moves the handle, it does not add one");
        assertTrue(k.CloseHandle(ev));
        assertTrue(k.CloseHandle(d1.value));
        assertEquals(0, o.handleCount());
        assertEquals(0, o.pointerCount(), "destroyed with the last handle");
    }

    @Test
    void accessIsCheckedOnDuplicatesWithLessAccess() {
        long ev = k.CreateEvent(null, false, false, null);
        LongRef waitOnly = new LongRef();
        assertTrue(k.DuplicateHandle(-1, ev, -1, waitOnly, SYNCHRONIZE, false, 0));
        assertFalse(k.SetEvent(waitOnly.value));
        assertEquals(5, k.GetLastError(), "ERROR_ACCESS_DENIED");
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(waitOnly.value, 0));
        assertTrue(k.CloseHandle(waitOnly.value));
        assertTrue(k.CloseHandle(ev));
    }

    @Test
    void completionPortClosedDuringGetQueuedCompletionStatusAbandonsTheWait() throws InterruptedException {
        long port = k.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 1);
        IntRef error = new IntRef(-1);
        long t = k.CreateThread(null, 0, p -> {
            Ref<Overlapped> ov = new Ref<>();
            error.value = k.GetQueuedCompletionStatus(port, new IntRef(), new LongRef(), ov, INFINITE) ? 0 : k.GetLastError();
            return 0;
        }, 0, 0, null);
        Thread.sleep(100);
        assertTrue(k.CloseHandle(port));
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(t, 10_000));
        assertEquals(735, error.value, "ERROR_ABANDONED_WAIT_0");
        assertTrue(k.CloseHandle(t));
    }

    @Test
    void getCurrentThreadDuplicatesIntoARealThreadHandle() {
        LongRef me = new LongRef();
        assertTrue(k.DuplicateHandle(-1, -2, -1, me, 0, false, DUPLICATE_SAME_ACCESS));
        assertNotEquals(-2, me.value);
        IntRef code = new IntRef();
        assertTrue(k.GetExitCodeThread(me.value, code));
        assertEquals(STILL_ACTIVE, code.value);
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(me.value, 0));
        assertTrue(k.CloseHandle(me.value));
    }

    @Test
    void absoluteTimerDueTimeUsesFileTime() {
        long t = k.CreateWaitableTimer(null, false, null);
        long now = System.currentTimeMillis() * 10_000L + 116444736000000000L;
        assertTrue(k.SetWaitableTimer(t, now + 20 * 10_000L, 0, null, 0, false));
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(t, 5000));
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(t, 0), "a synchronization timer releases one wait");
        assertTrue(k.CloseHandle(t));
    }

    @Test
    void blockedWaitersWakeWhenTheStateChanges() {
        long sem = k.CreateSemaphore(null, 0, 8, null);
        long[] threads = new long[4];
        IntRef[] results = new IntRef[4];
        for (int i = 0; i < threads.length; i++) {
            IntRef r = new IntRef(-2);
            results[i] = r;
            threads[i] = k.CreateThread(null, 0, p -> {
                r.value = k.WaitForSingleObject(sem, INFINITE);
                return 0;
            }, 0, 0, null);
        }
        assertEquals(WAIT_TIMEOUT, k.WaitForMultipleObjects(4, threads, false, 100), "all four are blocked");
        assertTrue(k.ReleaseSemaphore(sem, 4, null));
        assertEquals(WAIT_OBJECT_0, k.WaitForMultipleObjects(4, threads, true, 10_000), "all four woke");
        for (int i = 0; i < threads.length; i++) {
            assertEquals(WAIT_OBJECT_0, results[i].value);
            assertTrue(k.CloseHandle(threads[i]));
        }
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(sem, 0), "each wake took one count");
        assertTrue(k.CloseHandle(sem));
    }

    @Test
    void strictModeReportsStaleUseInAnyCall() {
        java.util.List<io.teardown.api.Misuse> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Session strict = Session.builder().strict(true).misuseHandler(seen::add).build()) {
            KernelFront s = new KernelFront(strict, new EngineKernelDriver(strict));
            long old = s.CreateEvent(null, false, false, null);
            assertTrue(s.CloseHandle(old));
            long fresh = s.CreateEvent(null, false, false, null);
            assertFalse(s.SetEvent(old));
            assertEquals(6, s.GetLastError());
            assertEquals(1, seen.size());
            assertEquals(io.teardown.api.Misuse.Kind.STALE_HANDLE, seen.get(0).kind());
            assertEquals("SetEvent", seen.get(0).function());
            assertEquals(WAIT_FAILED, s.WaitForSingleObject(old, 0));
            assertEquals("WaitForSingleObject", seen.get(1).function());
            assertTrue(s.CloseHandle(fresh));
            s.close();
        }
    }

    @Test
    void onlyTheStdConstantClearsTheStandardHandle() {
        try (Session other = Session.builder().build()) {
            KernelFront s = new KernelFront(other, new EngineKernelDriver(other));
            long original = s.GetStdHandle(STD_OUTPUT_HANDLE);
            long ev = s.CreateEvent(null, false, false, null);
            assertTrue(s.SetStdHandle(STD_OUTPUT_HANDLE, ev));
            assertTrue(s.CloseHandle(ev));
            assertEquals(ev, s.GetStdHandle(STD_OUTPUT_HANDLE), "closing the value itself leaves the stale value");
            assertTrue(s.SetStdHandle(STD_OUTPUT_HANDLE, original));
            assertTrue(s.CloseHandle(STD_OUTPUT_HANDLE));
            assertEquals(0, s.GetStdHandle(STD_OUTPUT_HANDLE));
            assertFalse(s.CloseHandle(original));
            s.close();
        }
    }

    @Test
    void commandLinesSplitAsWindowsDoes() {
        assertEquals(List.of("a b", "c", "d\"e", "f\\\\"), CommandLine.split("\"a b\" c d\\\"e f\\\\"));
        assertEquals(List.of("x"), CommandLine.split("  x  "));
    }
}

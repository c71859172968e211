package io.teardown.testkit.kernel;

import static io.teardown.kernel.Kernel32.INFINITE;
import static io.teardown.kernel.Kernel32.INVALID_HANDLE_VALUE;
import static io.teardown.kernel.Kernel32.WAIT_IO_COMPLETION;
import static io.teardown.kernel.Kernel32.WAIT_OBJECT_0;
import static io.teardown.kernel.Kernel32.WAIT_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Ntdll;
import io.teardown.kernel.OverlappedEntry;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Alertable waits and APCs (KO-16) and ntdll's view of the close (KO-17), through the flat
 * {@link Kernel32} and {@link Ntdll} facades, with real threads: an APC runs only on the thread it was
 * queued to, only in an alertable wait, in order, and the wait then returns {@code WAIT_IO_COMPLETION}.
 * (Completion routines of socket operations are checked by the winsock {@code CompletionRoutineContract}.)
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("kernel")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class AlertableWaitContract {
    /** For JUnit and the backends' subclasses. */
    public AlertableWaitContract() {
    }

    private static long currentThread(Kernel32 k) {
        LongRef me = new LongRef();
        assertTrue(k.DuplicateHandle(k.GetCurrentProcess(), k.GetCurrentThread(), k.GetCurrentProcess(), me, 0, false,
                Kernel32.DUPLICATE_SAME_ACCESS));
        return me.value;
    }

    // ---------------- KO-16 ----------------

    /**
     * KO-16: QueueUserAPC to this thread: nothing runs in a non-alertable wait; an alertable SleepEx runs
     * every queued APC in order on this thread and returns WAIT_IO_COMPLETION; then nothing is left.
     */
    @TestTemplate
    public void KO_16_apcsRunInOrderOnlyInAnAlertableWait(TestBackend b) {
        Kernel32 k = Kernel32.of(b.session());
        long me = currentThread(k);
        List<String> ran = new CopyOnWriteArrayList<>();
        String self = Thread.currentThread().getName();
        for (int i = 1; i <= 3; i++) {
            assertNotEquals(0, k.QueueUserAPC(p -> ran.add(p + "@" + Thread.currentThread().getName()), me, i));
        }
        assertEquals(0, k.SleepEx(20, false), "a non-alertable sleep runs nothing");
        long ev = k.CreateEvent(null, true, true, null);
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(ev, 0));
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObjectEx(ev, 0, false));
        assertTrue(ran.isEmpty());
        assertEquals(WAIT_IO_COMPLETION, k.SleepEx(INFINITE, true));
        assertEquals(List.of("1@" + self, "2@" + self, "3@" + self), ran);
        assertEquals(0, k.SleepEx(10, true), "nothing left");
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObjectEx(ev, 0, true));
        assertTrue(k.CloseHandle(ev));
        assertTrue(k.CloseHandle(me));
    }

    /**
     * KO-16: every alertable wait delivers APCs before looking at its objects — WaitForSingleObjectEx,
     * WaitForMultipleObjectsEx (even with a signalled object), SignalObjectAndWait (after signalling),
     * GetQueuedCompletionStatusEx (FALSE with WAIT_IO_COMPLETION).
     */
    @TestTemplate
    public void KO_16_everyAlertableWaitDeliversApcs(TestBackend b) {
        Kernel32 k = Kernel32.of(b.session());
        long me = currentThread(k);
        List<Long> ran = new CopyOnWriteArrayList<>();
        long signalled = k.CreateEvent(null, true, true, null);
        long other = k.CreateEvent(null, true, false, null);

        assertNotEquals(0, k.QueueUserAPC(ran::add, me, 1));
        assertEquals(WAIT_IO_COMPLETION, k.WaitForSingleObjectEx(other, INFINITE, true));
        assertNotEquals(0, k.QueueUserAPC(ran::add, me, 2));
        assertEquals(WAIT_IO_COMPLETION, k.WaitForMultipleObjectsEx(2, new long[] {signalled, other}, false, 0, true));
        assertNotEquals(0, k.QueueUserAPC(ran::add, me, 3));
        assertEquals(WAIT_IO_COMPLETION, k.SignalObjectAndWait(other, signalled, INFINITE, true));
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(other, 0), "the object was signalled first");
        long port = k.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
        assertNotEquals(0, k.QueueUserAPC(ran::add, me, 4));
        assertFalse(k.GetQueuedCompletionStatusEx(port, new OverlappedEntry[1], 1, new IntRef(), INFINITE, true));
        assertEquals(WAIT_IO_COMPLETION, k.GetLastError());
        assertEquals(List.of(1L, 2L, 3L, 4L), ran);
        assertEquals(WAIT_OBJECT_0, k.WaitForMultipleObjectsEx(2, new long[] {signalled, other}, true, 0, true));
        for (long h : new long[] {signalled, other, port, me}) {
            assertTrue(k.CloseHandle(h));
        }
    }

    /**
     * KO-16: an APC queued to another thread runs on that thread, in its alertable wait, and never on the
     * thread that queued it; a thread that ended takes no APC.
     */
    @TestTemplate
    public void KO_16_anApcRunsOnlyOnItsThread(TestBackend b) throws Exception {
        Kernel32 k = Kernel32.of(b.session());
        long ready = k.CreateEvent(null, true, false, null);
        List<String> ran = new CopyOnWriteArrayList<>();
        IntRef id = new IntRef();
        long worker = k.CreateThread(null, 0, p -> {
            k.SetEvent(ready);
            return k.SleepEx(INFINITE, true); // ends when the APC has run
        }, 0, 0, id);
        assertNotEquals(0L, worker);
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(ready, 10_000));
        assertNotEquals(0, k.QueueUserAPC(p -> ran.add(Thread.currentThread().getName()), worker, 7));
        assertEquals(0, k.SleepEx(20, true), "the queuing thread runs nothing");
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(worker, 10_000));
        IntRef exit = new IntRef();
        assertTrue(k.GetExitCodeThread(worker, exit));
        assertEquals(WAIT_IO_COMPLETION, exit.value, "the worker's SleepEx returned WAIT_IO_COMPLETION");
        assertEquals(1, ran.size());
        assertNotEquals(Thread.currentThread().getName(), ran.get(0));
        assertEquals(0, k.QueueUserAPC(p -> ran.add("late"), worker, 8), "an ended thread takes no APC");
        assertEquals(1, ran.size());
        assertTrue(k.CloseHandle(worker));
        assertTrue(k.CloseHandle(ready));
    }

    /**
     * KO-16: a waitable timer's completion routine is an APC of the thread that set the timer: it runs
     * in that thread's alertable wait, with its argument, after the timer fired.
     */
    @TestTemplate
    public void KO_16_timerCompletionRoutineRunsInTheSettersAlertableWait(TestBackend b) {
        Kernel32 k = Kernel32.of(b.session());
        long timer = k.CreateWaitableTimer(null, true, null);
        List<String> ran = new CopyOnWriteArrayList<>();
        assertTrue(k.SetWaitableTimer(timer, -20 * 10_000L, 0,
                (arg, low, high) -> ran.add(arg + "@" + Thread.currentThread().getName() + (high != 0 ? "" : " no time")),
                42, false), () -> "SetWaitableTimer: " + k.GetLastError());
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(timer, 10_000), "fired");
        assertTrue(ran.isEmpty(), "not run in a non-alertable wait");
        assertEquals(WAIT_IO_COMPLETION, k.SleepEx(10_000, true));
        assertEquals(List.of("42@" + Thread.currentThread().getName()), ran);
        assertTrue(k.CloseHandle(timer));
    }

    /** KO-16: a timed alertable wait with nothing queued ends as a plain wait would. */
    @TestTemplate
    public void KO_16_anAlertableWaitWithoutApcsTimesOut(TestBackend b) {
        Kernel32 k = Kernel32.of(b.session());
        long ev = k.CreateEvent(null, false, false, null);
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObjectEx(ev, 20, true));
        assertEquals(0, k.SleepEx(20, true));
        assertTrue(k.CloseHandle(ev));
    }

    // ---------------- KO-17 ----------------

    /**
     * KO-17: NtClose is the same close as an NTSTATUS — success for a handle and the pseudo-handles,
     * STATUS_INVALID_HANDLE for invalid, closed and NULL values, STATUS_HANDLE_NOT_CLOSABLE for a
     * protected handle (which stays open); the last error is never touched; both failures map to 6.
     */
    @TestTemplate
    public void KO_17_ntCloseReportsTheCloseAsAnNtStatus(TestBackend b) {
        Kernel32 k = Kernel32.of(b.session());
        Ntdll nt = Ntdll.of(b.session());
        long ev = k.CreateEvent(null, true, false, null);
        long guarded = k.CreateEvent(null, true, false, null);
        assertTrue(k.SetHandleInformation(guarded, Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE,
                Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE));
        k.SetLastError(1234);
        assertEquals(Ntdll.STATUS_SUCCESS, nt.NtClose(ev));
        assertEquals(Ntdll.STATUS_INVALID_HANDLE, nt.NtClose(ev), "closed");
        assertEquals(Ntdll.STATUS_INVALID_HANDLE, nt.NtClose(0));
        assertEquals(Ntdll.STATUS_INVALID_HANDLE, nt.NtClose(0x7FFF_FFF0L));
        for (long pseudo = -1; pseudo >= -6; pseudo--) {
            assertEquals(Ntdll.STATUS_SUCCESS, nt.NtClose(pseudo));
        }
        assertEquals(Ntdll.STATUS_HANDLE_NOT_CLOSABLE, nt.NtClose(guarded));
        assertEquals(1234, k.GetLastError(), "NtClose never sets the last error");
        assertTrue(k.SetEvent(guarded), "a protected handle stays open");
        assertEquals(6, nt.RtlNtStatusToDosError(Ntdll.STATUS_INVALID_HANDLE));
        assertEquals(6, nt.RtlNtStatusToDosError(Ntdll.STATUS_HANDLE_NOT_CLOSABLE));
        assertEquals(0, nt.RtlNtStatusToDosError(Ntdll.STATUS_SUCCESS));
        assertEquals(995, nt.RtlNtStatusToDosError(Ntdll.STATUS_CANCELLED));

        LongRef copy = new LongRef();
        assertEquals(Ntdll.STATUS_SUCCESS, nt.NtDuplicateObject(-1, guarded, -1, copy, 0, 0, Ntdll.DUPLICATE_SAME_ACCESS));
        assertEquals(Ntdll.STATUS_SUCCESS, nt.NtClose(copy.value));
        assertEquals(Ntdll.STATUS_INVALID_HANDLE, nt.NtDuplicateObject(-1, ev, -1, copy, 0, 0,
                Ntdll.DUPLICATE_SAME_ACCESS));
        assertTrue(k.SetHandleInformation(guarded, Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE, 0));
        assertEquals(Ntdll.STATUS_SUCCESS, nt.NtClose(guarded));
    }
}

package io.teardown.backend.windows.kernel;

import com.sun.jna.Pointer;
import io.teardown.backend.windows.jna.Kernel32Library;
import io.teardown.kernel.ApcRoutine;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Java routines {@code QueueUserAPC} queued and Windows has not run yet (KO-16). Windows calls a
 * {@code PAPCFUNC} on the target thread inside its next alertable wait ({@code SleepEx},
 * {@code WaitFor…ObjectsEx}, {@code SignalObjectAndWait}, {@code GetQueuedCompletionStatusEx},
 * {@code GetOverlappedResultEx} with {@code bAlertable}). One trampoline, held for this object's life,
 * is queued for every APC, with a ticket as its {@code dwData}; the ticket finds the caller's routine
 * and {@code dwData}, so JNA never frees a callback Windows may still call and each Java routine runs
 * once. Thread-safe. See docs/native-backend.md.
 */
final class NativeApcs {
    private record Queued(ApcRoutine routine, long dwData) {
    }

    private final Map<Long, Queued> queued = new ConcurrentHashMap<>();
    private final AtomicLong tickets = new AtomicLong();
    private final Kernel32Library.PAPCFUNC trampoline = new Trampoline();

    /** Holds {@code routine} until it runs; returns the ticket to pass as {@code dwData}. */
    long hold(ApcRoutine routine, long dwData) {
        long ticket = tickets.incrementAndGet();
        queued.put(ticket, new Queued(routine, dwData));
        return ticket;
    }

    /** QueueUserAPC failed: Windows will never run {@code ticket}. */
    void drop(long ticket) {
        queued.remove(ticket);
    }

    /** The {@code PAPCFUNC} to queue (the same object every time). */
    Kernel32Library.PAPCFUNC trampoline() {
        return trampoline;
    }

    /** APCs queued and not run yet. */
    int pendingCount() {
        return queued.size();
    }

    private final class Trampoline implements Kernel32Library.PAPCFUNC {
        @Override
        public void callback(Pointer dwParam) {
            Queued q = queued.remove(Pointer.nativeValue(dwParam));
            if (q == null) {
                return;
            }
            try {
                q.routine().invoke(q.dwData());
            } catch (RuntimeException | Error e) {
                // Never unwind into Windows' APC dispatcher.
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }
    }
}

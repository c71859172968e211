package io.teardown.testkit.kernel;

import static io.teardown.kernel.Kernel32.*;
import static io.teardown.testkit.kernel.KernelCalls.k;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.kernel.Kernel32;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code CloseHandle} contract, closing a handle another thread waits on or does I/O on (KO-10, * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>): the waiter is not woken, a timed wait times out, {@code CancelSynchronousIo} ends a blocked
 * read, through the flat {@link Kernel32} facade only, on real resources. Backends run it with a one-line
 * subclass ({@code NettyCloseHandleContractTest}).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("kernel")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class CloseDuringUseContract {
    /** For JUnit and subclasses. */
    public CloseDuringUseContract() {
    }

    /**
     * Runs a close-during-call scenario until the other thread was really inside its call when the handle
     * was closed. A thread that had not yet started its call sees the closed handle (error 6): that run
     * proves nothing, so it is repeated with a longer head start.
     */
    private static void untilTheCallWasInFlight(java.util.function.IntPredicate attempt) throws InterruptedException {
        for (int i = 1; i <= 6; i++) {
            if (attempt.test(100 * i)) {
                return;
            }
        }
        throw new AssertionError("the other thread never got into its call before the close");
    }

    private static void pause(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @TestTemplate
    void KO_10_closingAWaitedHandleDoesNotWakeTheWaiter(TestBackend b) throws InterruptedException {
        Kernel32 k = k(b);
        untilTheCallWasInFlight(headStart -> {
            long ev = k.CreateEvent(null, true, false, null);
            LongRef copy = new LongRef();
            assertTrue(k.DuplicateHandle(-1, ev, -1, copy, 0, false, DUPLICATE_SAME_ACCESS));
            IntRef result = new IntRef(-2);
            long waiter = k.CreateThread(null, 0, p -> {
                result.value = k.WaitForSingleObject(ev, INFINITE);
                return 0;
            }, 0, 0, null);
            pause(headStart); // let it block
            long t0 = System.nanoTime();
            assertTrue(k.CloseHandle(ev));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "the close returns at once");
            boolean stillWaiting = k.WaitForSingleObject(waiter, 300) == WAIT_TIMEOUT;
            assertTrue(k.SetEvent(copy.value));
            assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(waiter, 10_000));
            assertTrue(k.CloseHandle(waiter));
            assertTrue(k.CloseHandle(copy.value));
            if (result.value == WAIT_FAILED) {
                return false; // it started its wait after the close: try again
            }
            assertTrue(stillWaiting, "the waiter is not woken by the close");
            assertEquals(WAIT_OBJECT_0, result.value, "the wait ended as it would have: signalled through the copy");
            return true;
        });
    }

    @TestTemplate
    void KO_10_aTimedWaitOnAClosedHandleTimesOut(TestBackend b) throws InterruptedException {
        Kernel32 k = k(b);
        untilTheCallWasInFlight(headStart -> {
            long ev = k.CreateEvent(null, true, false, null);
            IntRef result = new IntRef(-2);
            long waiter = k.CreateThread(null, 0, p -> {
                result.value = k.WaitForSingleObject(ev, headStart + 500);
                return 0;
            }, 0, 0, null);
            pause(headStart);
            assertTrue(k.CloseHandle(ev));
            assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(waiter, 10_000));
            assertTrue(k.CloseHandle(waiter));
            if (result.value == WAIT_FAILED) {
                return false;
            }
            assertEquals(WAIT_TIMEOUT, result.value, "the wait ends at its timeout, not at the close");
            return true;
        });
    }

    @TestTemplate
    void KO_10_cancelSynchronousIoEndsABlockedReadWithOperationAborted(TestBackend b) throws InterruptedException {
        Kernel32 k = k(b);
        untilTheCallWasInFlight(headStart -> {
            LongRef r = new LongRef();
            LongRef w = new LongRef();
            assertTrue(k.CreatePipe(r, w, null, 0));
            IntRef error = new IntRef(-1);
            long reader = k.CreateThread(null, 0, p -> {
                byte[] buf = new byte[16];
                IntRef n = new IntRef();
                error.value = k.ReadFile(r.value, buf, buf.length, n, null) ? 0 : k.GetLastError();
                return 0;
            }, 0, 0, null);
            pause(headStart);
            long t0 = System.nanoTime();
            assertTrue(k.CloseHandle(r.value), "closing a handle with I/O in flight");
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "never deadlocks the closer");
            boolean cancelled = false;
            for (int i = 0; i < 200 && !cancelled && error.value == -1; i++) {
                cancelled = k.CancelSynchronousIo(reader);
                if (!cancelled) {
                    pause(10);
                }
            }
            assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(reader, 10_000));
            assertTrue(k.CloseHandle(reader));
            assertTrue(k.CloseHandle(w.value));
            if (error.value == 6) {
                return false; // the read began after the close
            }
            assertTrue(cancelled, "CancelSynchronousIo found the blocked read");
            assertEquals(995, error.value, "ERROR_OPERATION_ABORTED");
            return true;
        });
    }
}

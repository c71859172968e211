package io.teardown.testkit.kernel;

import static io.teardown.kernel.Kernel32.*;
import static io.teardown.testkit.kernel.KernelCalls.k;
import static io.teardown.testkit.kernel.KernelCalls.strictRecording;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Misuse;
import io.teardown.api.MisuseException;
import io.teardown.kernel.Kernel32;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code CloseHandle} contract, handle values (KO-11, KO-12, <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>): tag bits, stale values
 * after slot reuse, strict mode's stale-use detection, and {@code HANDLE_FLAG_PROTECT_FROM_CLOSE}, through
 * the flat {@link Kernel32} facade only, on real resources. Backends run it with a one-line subclass ({@code
 * NettyCloseHandleContractTest}).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("kernel")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class HandleValuesContract {
    /** For JUnit and subclasses. */
    public HandleValuesContract() {
    }

    @TestTemplate
    void KO_11_lowTwoBitsAreIgnoredAndNotFlagged(TestBackend b) {
        List<Misuse> seen = new CopyOnWriteArrayList<>();
        Kernel32 k = Kernel32.of(strictRecording(b, seen));
        long ev = k.CreateEvent(null, true, true, null);
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(ev | 1, 0));
        assertEquals(WAIT_OBJECT_0, k.WaitForMultipleObjects(1, new long[] {ev | 2}, true, 0));
        assertTrue(k.SetEvent(ev | 3));
        assertTrue(k.CloseHandle(ev | 3), "h|3 names h");
        assertTrue(seen.isEmpty(), "tag bits are not misuse: " + seen);
        assertFalse(k.SetEvent(ev));
        assertEquals(6, k.GetLastError());
    }

    @TestTemplate
    void KO_11_staleValueOfAnotherTypeFailsTheTypedCall(TestBackend b) {
        Kernel32 k = k(b);
        long ev = k.CreateEvent(null, false, false, null);
        assertTrue(k.CloseHandle(ev));
        List<Long> created = new ArrayList<>();
        long mx = 0;
        for (int i = 0; i < 64 && mx == 0; i++) { // values repeat; which one comes back is not promised
            long h = k.CreateMutex(null, false, null);
            created.add(h);
            if ((h & ~3L) == (ev & ~3L)) {
                mx = h;
            }
        }
        if (mx != 0) {
            k.SetLastError(0);
            assertFalse(k.SetEvent(ev), "the stale value reaches a mutex now");
            assertEquals(6, k.GetLastError());
            assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(ev, 0), "but it names the new object");
            assertTrue(k.ReleaseMutex(mx));
        } else {
            assertFalse(k.SetEvent(ev));
            assertEquals(6, k.GetLastError());
        }
        for (long h : created) {
            assertTrue(k.CloseHandle(h));
        }
    }

    @TestTemplate
    void KO_11_strictModeDetectsStaleUseAndLeavesTheNewHandleOpen(TestBackend b) {
        Kernel32 k = Kernel32.of(b.open(c -> c.strict(true)));
        long old = k.CreateEvent(null, false, false, null);
        assertTrue(k.CloseHandle(old));
        long fresh = k.CreateEvent(null, false, false, null);
        MisuseException e = assertThrows(MisuseException.class, () -> k.CloseHandle(old));
        assertTrue(e.misuse().kind() == Misuse.Kind.STALE_HANDLE || e.misuse().kind() == Misuse.Kind.INVALID_HANDLE);
        assertTrue(k.SetEvent(fresh), "the stale close did not reach the new handle");
        assertTrue(k.CloseHandle(fresh));
    }

    @TestTemplate
    void KO_12_protectFromCloseRefusesCloseAndKeepsTheHandleWorking(TestBackend b) {
        Kernel32 k = k(b);
        long ev = k.CreateEvent(null, true, false, null);
        IntRef flags = new IntRef(-1);
        assertTrue(k.GetHandleInformation(ev, flags));
        assertEquals(0, flags.value);
        assertTrue(k.SetHandleInformation(ev, HANDLE_FLAG_PROTECT_FROM_CLOSE | HANDLE_FLAG_INHERIT,
                HANDLE_FLAG_PROTECT_FROM_CLOSE | HANDLE_FLAG_INHERIT));
        assertTrue(k.GetHandleInformation(ev, flags));
        assertEquals(HANDLE_FLAG_PROTECT_FROM_CLOSE | HANDLE_FLAG_INHERIT, flags.value);
        assertFalse(k.CloseHandle(ev));
        assertEquals(6, k.GetLastError());
        assertTrue(k.SetEvent(ev), "the protected handle keeps working");

        LongRef copy = new LongRef();
        assertTrue(k.DuplicateHandle(-1, ev, -1, copy, 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE),
                "DUPLICATE_CLOSE_SOURCE on a protected source succeeds");
        assertTrue(k.ResetEvent(ev), "but leaves the source open");
        assertTrue(k.SetEvent(copy.value));

        assertTrue(k.SetHandleInformation(ev, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0));
        assertTrue(k.GetHandleInformation(ev, flags));
        assertEquals(HANDLE_FLAG_INHERIT, flags.value);
        assertTrue(k.CloseHandle(ev), "closable again");
        if (copy.value != ev) {
            assertTrue(k.CloseHandle(copy.value));
        }
    }
}

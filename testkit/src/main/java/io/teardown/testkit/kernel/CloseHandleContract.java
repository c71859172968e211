package io.teardown.testkit.kernel;

import static io.teardown.kernel.Kernel32.*;
import static io.teardown.testkit.kernel.KernelCalls.deleteTree;
import static io.teardown.testkit.kernel.KernelCalls.k;
import static io.teardown.testkit.kernel.KernelCalls.strictRecording;
import static io.teardown.testkit.kernel.KernelCalls.tempDir;
import static io.teardown.testkit.kernel.KernelCalls.unique;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Misuse;
import io.teardown.api.MisuseException;
import io.teardown.api.Session;
import io.teardown.kernel.Kernel32;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code CloseHandle} contract, the close itself (KO-01 … KO-04, <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>): a valid handle closes
 * and its value is dead, duplicates keep the object alive, invalid values fail with {@code
 * ERROR_INVALID_HANDLE} (strict mode raises), pseudo-handles close nothing and standard-handle constants
 * close the current standard handle, through the flat {@link Kernel32} facade only, on real resources.
 * Backends run it with a one-line subclass ({@code NettyCloseHandleContractTest}).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("kernel")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class CloseHandleContract {
    /** For JUnit and subclasses. */
    public CloseHandleContract() {
    }

    @TestTemplate
    void KO_01_closeSucceedsLeavesLastErrorAndInvalidatesTheValue(TestBackend b) {
        Kernel32 k = k(b);
        long ev = k.CreateEvent(null, true, true, null);
        assertNotEquals(0, ev);
        k.SetLastError(1234);
        assertTrue(k.CloseHandle(ev));
        assertEquals(1234, k.GetLastError(), "a successful CloseHandle leaves the last error untouched");
        assertEquals(WAIT_FAILED, k.WaitForSingleObject(ev, 0));
        assertEquals(6, k.GetLastError());
        k.SetLastError(0);
        assertFalse(k.SetEvent(ev));
        assertEquals(6, k.GetLastError());
    }

    @TestTemplate
    void KO_02_duplicateKeepsObjectAlive(TestBackend b) {
        Kernel32 k = k(b);
        String name = unique("ko02");
        long ev = k.CreateEvent(null, true, false, name);
        LongRef copy = new LongRef();
        assertTrue(k.DuplicateHandle(k.GetCurrentProcess(), ev, k.GetCurrentProcess(), copy, 0, false, DUPLICATE_SAME_ACCESS));
        assertNotEquals(ev, copy.value);
        assertTrue(k.CloseHandle(ev));
        assertTrue(k.SetEvent(copy.value), "the duplicate is fully usable after the original is closed");
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(copy.value, 0));
        long again = k.OpenEvent(SYNCHRONIZE, false, name);
        assertNotEquals(0, again, "the object (and its name) lives while a handle remains");
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(again, 0), "it is the same, signalled object");
        assertTrue(k.CloseHandle(again));
        assertTrue(k.CloseHandle(copy.value));
        assertEquals(0, k.OpenEvent(SYNCHRONIZE, false, name), "the last handle destroyed the object");
        assertEquals(2, k.GetLastError());
    }

    @TestTemplate
    void KO_02_closeSourceDuplicateReturnsTheSourceValue(TestBackend b) {
        Kernel32 k = k(b);
        long low = k.CreateEvent(null, false, false, null);
        long src = k.CreateEvent(null, false, false, null);
        assertTrue(k.CloseHandle(low)); // a lower slot is free now
        LongRef out = new LongRef();
        assertTrue(k.DuplicateHandle(k.GetCurrentProcess(), src, k.GetCurrentProcess(), out, 0, false,
                DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
        assertEquals(src, out.value, "DUPLICATE_CLOSE_SOURCE within one process returns the source's own value");
        assertTrue(k.SetEvent(out.value));
        assertTrue(k.CloseHandle(out.value));
        assertFalse(k.CloseHandle(src), "one handle, closed once");
        assertEquals(6, k.GetLastError());
    }

    @TestTemplate
    void KO_03_invalidValuesFailWithInvalidHandle(TestBackend b) {
        Kernel32 k = k(b);
        long ev = k.CreateEvent(null, false, false, null);
        assertTrue(k.CloseHandle(ev));
        for (long bad : new long[] {0L, ev, 0x7FF0L, -7L, -100L, 0x1234_5678_0000L}) {
            k.SetLastError(0);
            assertFalse(k.CloseHandle(bad), "CloseHandle(0x" + Long.toHexString(bad) + ")");
            assertEquals(6, k.GetLastError(), "CloseHandle(0x" + Long.toHexString(bad) + ")");
        }
    }

    @TestTemplate
    void KO_03_strictModeRaisesForInvalidValuesButNeverForZero(TestBackend b) {
        Session strict = b.open(c -> c.strict(true));
        Kernel32 k = Kernel32.of(strict);
        assertFalse(k.CloseHandle(0), "CloseHandle(0) never raises");
        assertEquals(6, k.GetLastError());
        long ev = k.CreateEvent(null, false, false, null);
        assertTrue(k.CloseHandle(ev));
        MisuseException e = assertThrows(MisuseException.class, () -> k.CloseHandle(ev));
        assertEquals(Misuse.STATUS_INVALID_HANDLE, e.misuse().ntStatus());
        assertEquals(6, k.GetLastError());

        List<Misuse> seen = new CopyOnWriteArrayList<>();
        Kernel32 handled = Kernel32.of(strictRecording(b, seen));
        handled.SetLastError(0);
        assertFalse(handled.CloseHandle(0x7FF0L), "a handled exception: the call still fails");
        assertEquals(6, handled.GetLastError());
        assertEquals(1, seen.size());
        assertEquals(Misuse.STATUS_INVALID_HANDLE, seen.get(0).ntStatus());
    }

    @TestTemplate
    void KO_04_pseudoHandlesCloseNothingAndNeverRaise(TestBackend b) {
        List<Misuse> seen = new CopyOnWriteArrayList<>();
        Kernel32 k = Kernel32.of(strictRecording(b, seen));
        assertEquals(-1L, k.GetCurrentProcess());
        assertEquals(-2L, k.GetCurrentThread());
        assertEquals(-4L, k.GetCurrentProcessToken());
        assertEquals(-5L, k.GetCurrentThreadToken());
        assertEquals(-6L, k.GetCurrentThreadEffectiveToken());
        k.SetLastError(55);
        for (long p = -1; p >= -6; p--) {
            assertTrue(k.CloseHandle(p), "CloseHandle(" + p + ")");
        }
        assertEquals(55, k.GetLastError());
        assertTrue(seen.isEmpty(), "pseudo-handles are never flagged: " + seen);
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(k.GetCurrentProcess(), 0), "still our process");
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(k.GetCurrentThread(), 0), "still our thread");
        assertEquals(WAIT_FAILED, k.WaitForMultipleObjects(1, new long[] {k.GetCurrentProcess()}, false, 0));
        assertEquals(6, k.GetLastError());
        assertEquals(WAIT_FAILED, k.WaitForMultipleObjects(1, new long[] {k.GetCurrentThread()}, true, 0));
        assertEquals(6, k.GetLastError());
    }

    @TestTemplate
    void KO_04_pseudoHandlesCountOnlySignExtended(TestBackend b) {
        Kernel32 k = k(b);
        for (long bad : new long[] {0xFFFF_FFFFL, 0xFFFF_FFFEL, 0x0000_0001_FFFF_FFFFL, -7L, -13L}) {
            k.SetLastError(0);
            assertFalse(k.CloseHandle(bad), "0x" + Long.toHexString(bad) + " is an ordinary invalid value");
            assertEquals(6, k.GetLastError());
        }
    }

    @TestTemplate
    void KO_04_standardHandleConstantsCloseTheCurrentStandardHandle(TestBackend b) throws IOException {
        Kernel32 k = k(b);
        Path dir = tempDir();
        long original = k.GetStdHandle(STD_ERROR_HANDLE);
        try {
            long file = k.CreateFile(dir.resolve("stderr.txt").toString(), GENERIC_WRITE, 0, null, CREATE_ALWAYS,
                    FILE_ATTRIBUTE_NORMAL, 0);
            assertNotEquals(INVALID_HANDLE_VALUE, file);
            assertTrue(k.SetStdHandle(STD_ERROR_HANDLE, file));
            assertEquals(file, k.GetStdHandle(STD_ERROR_HANDLE));
            byte[] hello = "via STD_ERROR_HANDLE".getBytes(StandardCharsets.US_ASCII);
            IntRef n = new IntRef();
            assertTrue(k.WriteFile(STD_ERROR_HANDLE, hello, hello.length, n, null), "-12 names the current stderr");
            assertTrue(k.CloseHandle(STD_ERROR_HANDLE), "closes the handle stderr is now");
            assertEquals(0, k.GetStdHandle(STD_ERROR_HANDLE), "GetStdHandle then returns NULL");
            assertFalse(k.CloseHandle(file), "the file handle itself was closed");
            assertEquals(6, k.GetLastError());
            assertArrayEquals(hello, Files.readAllBytes(dir.resolve("stderr.txt")));
        } finally {
            k.SetStdHandle(STD_ERROR_HANDLE, original);
            deleteTree(dir);
        }
    }
}

package io.teardown.testkit.kernel;

import static io.teardown.kernel.Kernel32.DUPLICATE_CLOSE_SOURCE;
import static io.teardown.kernel.Kernel32.DUPLICATE_SAME_ACCESS;
import static io.teardown.kernel.Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE;
import static io.teardown.kernel.Kernel32.HKEY_CURRENT_USER;
import static io.teardown.kernel.Kernel32.INVALID_HANDLE_VALUE;
import static io.teardown.kernel.Kernel32.KEY_READ;
import static io.teardown.kernel.Kernel32.STD_OUTPUT_HANDLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Win32FindData;
import io.teardown.kernel.spi.KernelDriver;
import io.teardown.kernel.spi.KernelProviders;
import io.teardown.testkit.CallRecorder;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rules the kernel front decides before any backend works (KO-03, KO-04, KO-09, KO-11, KO-12), run
 * on every backend with the backend's own driver behind a recorder: each test checks what the flat call
 * returns and what reached the driver. A value the front rejects — invalid, closed, a pseudo-handle, a
 * find handle given to {@code CloseHandle}, a protected handle — never reaches the driver's close. The
 * rules themselves are in SEMANTICS.md; see
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is". Backends run
 * it with a one-line subclass.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("kernel")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class KernelFrontContract {
    /** For JUnit and the backends' subclasses. */
    public KernelFrontContract() {
    }

    /** The front over the session's backend driver, with a recorder between them. */
    private record Recorded(Kernel32 k, RecordingKernelDriver driver) {
    }

    private static Recorded front(TestBackend b) {
        Session s = b.session();
        RecordingKernelDriver recorder = RecordingKernelDriver.over(KernelProviders.REGISTRY.select(s).driver(s));
        s.component(RecordingKernelDriver.class, x -> recorder); // the session closes it, and the driver
        return new Recorded(KernelDriver.front(s, recorder.driver()), recorder);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @TestTemplate
    void KO_03_invalidAndClosedValuesNeverReachTheDriver(TestBackend b) {
        Recorded r = front(b);
        Kernel32 k = r.k();
        long e = k.CreateEvent(null, true, false, null);
        assertNotEquals(0, e);
        assertTrue(k.CloseHandle(e));
        assertEquals(1, r.driver().callsOf("doClose").size(), "a valid close reaches the driver once");
        r.driver().clear();
        for (long bad : new long[] {0, e, e + 0x4000, -7, -13, 0x7FFF_FFF0L}) {
            k.SetLastError(0);
            assertFalse(k.CloseHandle(bad), "0x" + Long.toHexString(bad));
            assertEquals(6, k.GetLastError(), "0x" + Long.toHexString(bad));
            assertFalse(k.SetHandleInformation(bad, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0));
            assertEquals(6, k.GetLastError());
            assertFalse(k.GetHandleInformation(bad, new IntRef()));
            assertEquals(6, k.GetLastError());
            assertFalse(k.DuplicateHandle(-1, bad, -1, new LongRef(), 0, false, DUPLICATE_SAME_ACCESS));
            assertEquals(6, k.GetLastError());
        }
        assertEquals(List.of(), r.driver().entryWork(), "no rejected value reached the driver");
    }

    @TestTemplate
    void KO_04_pseudoHandlesCloseNothingAndReachNoClose(TestBackend b) {
        Recorded r = front(b);
        Kernel32 k = r.k();
        for (long pseudo = -1; pseudo >= -6; pseudo--) {
            k.SetLastError(55);
            assertTrue(k.CloseHandle(pseudo), "pseudo-handle " + pseudo);
            assertEquals(55, k.GetLastError(), "success leaves the last error alone");
        }
        assertEquals(List.of(), r.driver().entryWork(), "no handle work for the pseudo-handles");
        assertEquals(List.of(), r.driver().callsOf("doClose"));
        assertEquals(6, r.driver().callsOf("closePseudo").size(), "the driver only answers for them");
        assertFalse(k.CloseHandle(0xFFFF_FFFFL), "truncated to 32 bits it is an invalid value");
        assertEquals(6, k.GetLastError());
        assertEquals(List.of(), r.driver().entryWork());
    }

    @TestTemplate
    void KO_04_aStandardHandleConstantClosesTheHandleItStandsFor(TestBackend b) {
        Recorded r = front(b);
        Kernel32 k = r.k();
        long out = k.GetStdHandle(STD_OUTPUT_HANDLE);
        assertNotEquals(0, out);
        assertNotEquals(INVALID_HANDLE_VALUE, out);
        r.driver().clear();
        assertTrue(k.CloseHandle(STD_OUTPUT_HANDLE));
        List<CallRecorder.Call> closes = r.driver().callsOf("doClose");
        assertEquals(1, closes.size());
        assertEquals(out, closes.get(0).arg(0), "the driver closes the value the constant stood for");
        assertEquals(0, k.GetStdHandle(STD_OUTPUT_HANDLE), "GetStdHandle returns NULL from now on");
        r.driver().clear();
        assertFalse(k.CloseHandle(STD_OUTPUT_HANDLE), "nothing left to close");
        assertEquals(6, k.GetLastError());
        assertEquals(List.of(), r.driver().entryWork());
    }

    @TestTemplate
    void KO_09_closeHandleOnAFindHandleNeverReachesTheDriver(TestBackend b) throws IOException {
        Recorded r = front(b);
        Kernel32 k = r.k();
        Path dir = Files.createTempDirectory("teardown-front-");
        try {
            Files.writeString(dir.resolve("a.txt"), "a");
            long find = k.FindFirstFile(dir.resolve("*.txt").toString(), new Win32FindData());
            assertNotEquals(INVALID_HANDLE_VALUE, find);
            r.driver().clear();
            assertFalse(k.CloseHandle(find));
            assertEquals(6, k.GetLastError());
            assertFalse(k.SetHandleInformation(find, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE),
                    "a find handle is no kernel handle");
            assertEquals(6, k.GetLastError());
            assertEquals(List.of(), r.driver().entryWork(), "neither the flags nor the close reached the driver");
            assertTrue(k.FindClose(find), "FindClose still closes it");
        } finally {
            deleteTree(dir);
        }
    }

    @TestTemplate
    void KO_09_closeHandleOnARegistryKeyNeverReachesTheDriversClose(TestBackend b) {
        Recorded r = front(b);
        Kernel32 k = r.k();
        LongRef key = new LongRef();
        assertEquals(0, k.RegOpenKeyEx(HKEY_CURRENT_USER, "Software", 0, KEY_READ, key));
        r.driver().clear();
        k.SetLastError(77);
        assertTrue(k.CloseHandle(key.value));
        assertEquals(77, k.GetLastError());
        assertEquals(List.of(), r.driver().callsOf("prepareToClose"));
        assertEquals(List.of(), r.driver().callsOf("doClose"), "the key stays open: nothing to close");
        assertEquals(0, k.RegCloseKey(key.value), "RegCloseKey closes it");
    }

    @TestTemplate
    void KO_11_tagBitsNameTheSameHandleAndTheDriverSeesTheValueItself(TestBackend b) {
        Recorded r = front(b);
        Kernel32 k = r.k();
        long e = k.CreateEvent(null, true, false, null);
        r.driver().clear();
        assertTrue(k.CloseHandle(e | 3));
        List<CallRecorder.Call> closes = r.driver().callsOf("doClose");
        assertEquals(1, closes.size());
        assertEquals(e, closes.get(0).arg(0));
        r.driver().clear();
        assertFalse(k.CloseHandle(e | 1), "closed, whatever its tag bits");
        assertEquals(6, k.GetLastError());
        assertEquals(List.of(), r.driver().entryWork());
    }

    @TestTemplate
    void KO_12_aProtectedHandleNeverReachesTheDriversClose(TestBackend b) {
        Recorded r = front(b);
        Kernel32 k = r.k();
        long e = k.CreateEvent(null, true, false, null);
        assertTrue(k.SetHandleInformation(e, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE));
        r.driver().clear();
        assertFalse(k.CloseHandle(e));
        assertEquals(6, k.GetLastError());
        assertEquals(List.of(), r.driver().callsOf("prepareToClose"));
        assertEquals(List.of(), r.driver().callsOf("doClose"));
        assertTrue(k.SetEvent(e), "the handle keeps working");
        LongRef copy = new LongRef();
        assertTrue(k.DuplicateHandle(-1, e, -1, copy, 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
        List<CallRecorder.Call> dups = r.driver().callsOf("duplicate");
        assertEquals(1, dups.size());
        assertEquals(Boolean.TRUE, dups.get(0).arg(6), "the driver is told the source is protected");
        assertTrue(k.ResetEvent(e), "a protected source stays open");
        assertTrue(k.CloseHandle(copy.value));
        assertTrue(k.SetHandleInformation(e, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0));
        r.driver().clear();
        assertTrue(k.CloseHandle(e), "closable again");
        assertEquals(1, r.driver().callsOf("doClose").size());
    }
}

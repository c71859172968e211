package io.teardown.testkit.kernel;

import static io.teardown.kernel.Kernel32.*;
import static io.teardown.testkit.kernel.KernelCalls.deleteTree;
import static io.teardown.testkit.kernel.KernelCalls.k;
import static io.teardown.testkit.kernel.KernelCalls.strictRecording;
import static io.teardown.testkit.kernel.KernelCalls.tempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Misuse;
import io.teardown.api.MisuseException;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Win32FindData;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code CloseHandle} contract, handles with their own closer (KO-09, <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>): find handles and
 * registry keys, in normal and strict mode, through the flat {@link Kernel32} facade only, on real resources.
 * Backends run it with a one-line subclass ({@code NettyCloseHandleContractTest}).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("kernel")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class OwnCloserContract {
    /** For JUnit and subclasses. */
    public OwnCloserContract() {
    }

    @TestTemplate
    void KO_09_findHandleMustBeClosedWithFindClose(TestBackend b) throws IOException {
        Kernel32 k = k(b);
        Path dir = tempDir();
        try {
            Files.writeString(dir.resolve("a.txt"), "a");
            Files.writeString(dir.resolve("b.txt"), "b");
            Win32FindData data = new Win32FindData();
            long find = k.FindFirstFile(dir.resolve("*.txt").toString(), data);
            assertNotEquals(INVALID_HANDLE_VALUE, find);
            List<String> names = new ArrayList<>(List.of(data.cFileName));
            assertFalse(k.CloseHandle(find), "CloseHandle on a find handle fails");
            assertEquals(6, k.GetLastError());
            while (k.FindNextFile(find, data)) {
                names.add(data.cFileName);
            }
            assertEquals(18, k.GetLastError(), "ERROR_NO_MORE_FILES");
            names.sort(null);
            assertEquals(List.of("a.txt", "b.txt"), names);
            assertTrue(k.FindClose(find), "FindClose still succeeds after the failed CloseHandle");
            assertFalse(k.FindClose(find));
            assertEquals(6, k.GetLastError());
        } finally {
            deleteTree(dir);
        }
    }

    @TestTemplate
    void KO_09_strictModeThrowsForCloseHandleOnAFindHandle(TestBackend b) throws IOException {
        Kernel32 k = Kernel32.of(b.open(c -> c.strict(true)));
        Path dir = tempDir();
        try {
            Files.writeString(dir.resolve("a.txt"), "a");
            long find = k.FindFirstFile(dir.resolve("*").toString(), new Win32FindData());
            assertThrows(MisuseException.class, () -> k.CloseHandle(find));
            assertTrue(k.FindClose(find));
        } finally {
            deleteTree(dir);
        }
    }

    @TestTemplate
    void KO_09_closeHandleOnARegistryKeyClosesNothingAndReportsNothing(TestBackend b) {
        Kernel32 k = k(b);
        LongRef key = new LongRef();
        assertEquals(0, k.RegOpenKeyEx(HKEY_LOCAL_MACHINE, "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", 0,
                KEY_READ, key));
        k.SetLastError(77);
        assertTrue(k.CloseHandle(key.value), "CloseHandle on an opened HKEY returns TRUE");
        assertEquals(77, k.GetLastError(), "and reports no error");
        IntRef type = new IntRef();
        IntRef size = new IntRef();
        assertEquals(0, k.RegQueryValueEx(key.value, "ProductName", null, type, null, size), "the key is still open");
        assertEquals(REG_SZ, type.value);
        assertEquals(0, k.RegCloseKey(key.value), "a later RegCloseKey still closes it");
        assertEquals(6, k.RegQueryValueEx(key.value, "ProductName", null, type, null, size));
        assertEquals(6, k.RegCloseKey(key.value));
        k.SetLastError(0);
        assertFalse(k.CloseHandle(HKEY_LOCAL_MACHINE), "a predefined key is no handle to CloseHandle");
        assertEquals(6, k.GetLastError());
        assertEquals(0, k.RegCloseKey(HKEY_LOCAL_MACHINE), "RegCloseKey on a predefined key returns 0");
        // winreg.h: HKEY_CURRENT_USER_LOCAL_SETTINGS, HKEY_PERFORMANCE_TEXT, HKEY_PERFORMANCE_NLSTEXT are
        // predefined too, (HKEY)(ULONG_PTR)(LONG) values, so sign-extended
        for (long predefined : new long[] {0x80000007, 0x80000050, 0x80000060}) {
            assertEquals(0, k.RegCloseKey(predefined), "predefined key 0x" + Long.toHexString(predefined));
        }
    }

    @TestTemplate
    void KO_09_strictModeFlagsCloseHandleOnARegistryKey(TestBackend b) {
        List<Misuse> seen = new CopyOnWriteArrayList<>();
        Kernel32 k = Kernel32.of(strictRecording(b, seen));
        LongRef key = new LongRef();
        assertEquals(0, k.RegOpenKeyEx(HKEY_CURRENT_USER, "Software", 0, KEY_READ, key));
        assertTrue(k.CloseHandle(key.value));
        assertEquals(1, seen.size(), "flagged");
        assertEquals(Misuse.Kind.WRONG_CLOSER, seen.get(0).kind());
        assertEquals(0, k.RegCloseKey(key.value));
    }
}

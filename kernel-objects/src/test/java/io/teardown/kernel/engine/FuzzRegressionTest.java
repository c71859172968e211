package io.teardown.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.ProcessInformation;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bugs the flat fuzzer (backend-netty's {@code FlatFuzzTest}) found in the kernel engine, each pinned by
 * the rule it broke: a flat call must return its documented failure, never throw.
 */
class FuzzRegressionTest {
    private final Session session = Session.builder().strict(false).build();
    private final EmulatedKernel32 k = new EmulatedKernel32(session);

    @AfterEach
    void close() {
        session.close();
    }

    /** A stack the JVM cannot reserve made Thread.start throw OutOfMemoryError out of CreateThread. */
    @Test
    void KO_05_createThreadWithAStackTooBigFailsWithNotEnoughMemory() {
        for (long stack : new long[] {Long.MAX_VALUE, 1L << 40, -1}) {
            IntRef id = new IntRef();
            assertEquals(0, k.CreateThread(null, stack, p -> 0, 0, 0, id));
            assertEquals(8, k.GetLastError());
        }
        long t = k.CreateThread(null, 1 << 20, p -> 0, 0, 0, null);
        assertNotEquals(0, t, "an ordinary stack size still works");
        assertEquals(Kernel32.WAIT_OBJECT_0, k.WaitForSingleObject(t, 10_000));
        assertTrue(k.CloseHandle(t));
    }

    /** A NULL entry in the environment array made CreateProcess throw NullPointerException. */
    @Test
    void KO_05_createProcessWithANullEnvironmentEntryReportsAnError() {
        ProcessInformation pi = new ProcessInformation();
        assertFalse(k.CreateProcess("/nonexistent/teardown-fuzz", null, null, null, false, 0,
                new String[] {null, "A=B"}, null, null, pi));
        assertEquals(2, k.GetLastError(), "the missing program, not a Java exception");
    }

    /** An environment entry the host cannot carry made CreateProcess throw IllegalArgumentException. */
    @Test
    void KO_05_createProcessWithAnOddEnvironmentNameReportsAnError() {
        ProcessInformation pi = new ProcessInformation();
        assertFalse(k.CreateProcess("/nonexistent/teardown-fuzz", "", null, null, false, 0,
                new String[] {"==x", "=C:=C:\\", "A\0B=1"}, null, null, pi));
        assertEquals(2, k.GetLastError());
    }

    /** A section size past 2^63 made CreateFileMapping throw IllegalArgumentException. */
    @Test
    void KO_07_createFileMappingOfAnImpossibleSizeFailsWithNotEnoughMemory() {
        assertEquals(0, k.CreateFileMapping(Kernel32.INVALID_HANDLE_VALUE, null, Kernel32.PAGE_READWRITE, -1, 0, null));
        assertEquals(8, k.GetLastError());
        long m = k.CreateFileMapping(Kernel32.INVALID_HANDLE_VALUE, null, Kernel32.PAGE_READWRITE, 0, 4096, null);
        assertNotEquals(0, m, "an ordinary size still works");
        assertTrue(k.CloseHandle(m));
    }

    /** UnmapViewOfFile of something that is not a view reports ERROR_INVALID_ADDRESS, a known number. */
    @Test
    void KO_07_unmapOfANonViewFailsWithInvalidAddress() {
        assertFalse(k.UnmapViewOfFile(ByteBuffer.allocate(8)));
        assertEquals(487, k.GetLastError());
        assertEquals("ERROR_INVALID_ADDRESS", io.teardown.api.Win32Error.of(487).orElseThrow().name());
    }
}

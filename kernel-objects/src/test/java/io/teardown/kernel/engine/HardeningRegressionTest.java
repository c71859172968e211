package io.teardown.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.ProcessInformation;
import io.teardown.kernel.front.KernelFront;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bugs the hardening runs (backend-netty's {@code io.teardown.backend.netty.hardening}) found in the kernel
 * engine, each pinned by the rule it broke: a flat call returns its documented failure, never throws,
 * never spins.
 */
class HardeningRegressionTest {
    private final Session session = Session.builder().strict(false).build();
    private final KernelFront k = new KernelFront(session, new EngineKernelDriver(session));

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

    /**
     * An interrupted ConnectNamedPipe spun holding the session's dispatcher lock, so the
     * CancelSynchronousIo meant to end it (and every other wait of the session) blocked forever.
     */
    @Test
    void KO_10_interruptedConnectNamedPipeIsStillCancellable() throws Exception {
        long server = k.CreateNamedPipe("\\\\.\\pipe\\regression-" + System.nanoTime(), Kernel32.PIPE_ACCESS_DUPLEX,
                Kernel32.PIPE_TYPE_BYTE, 1, 512, 512, 0, null);
        io.teardown.api.LongRef caller = new io.teardown.api.LongRef();
        IntRef error = new IntRef();
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        Thread t = new Thread(() -> {
            k.DuplicateHandle(k.GetCurrentProcess(), k.GetCurrentThread(), k.GetCurrentProcess(), caller, 0, false,
                    Kernel32.DUPLICATE_SAME_ACCESS);
            ready.countDown();
            Thread.currentThread().interrupt();
            k.ConnectNamedPipe(server, null);
            error.value = k.GetLastError();
        });
        t.start();
        ready.await();
        long event = k.CreateEvent(null, true, true, null);
        assertEquals(Kernel32.WAIT_OBJECT_0, k.WaitForSingleObject(event, 1000), "the session's waits still work");
        boolean cancelled = false;
        for (int i = 0; i < 200 && !cancelled; i++) {
            cancelled = k.CancelSynchronousIo(caller.value);
            Thread.sleep(5);
        }
        t.join(5_000);
        assertFalse(t.isAlive());
        assertTrue(cancelled);
        assertEquals(995, error.value);
        assertTrue(k.CloseHandle(event) && k.CloseHandle(server) && k.CloseHandle(caller.value));
    }

    /** UnmapViewOfFile of something that is not a view reports ERROR_INVALID_ADDRESS, a known number. */
    @Test
    void KO_07_unmapOfANonViewFailsWithInvalidAddress() {
        assertFalse(k.UnmapViewOfFile(ByteBuffer.allocate(8)));
        assertEquals(487, k.GetLastError());
        assertEquals("ERROR_INVALID_ADDRESS", io.teardown.api.Win32Error.of(487).orElseThrow().name());
    }
}

package io.teardown.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.HandleSpace;
import io.teardown.api.LeakReport;
import io.teardown.api.Session;
import io.teardown.api.Win32Exception;
import io.teardown.kernel.engine.EngineKernelDriver;
import io.teardown.kernel.front.KernelFront;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The object API on the portable engine: same rules, exceptions instead of last errors, leak watch. */
@Timeout(30)
class KernelObjectsTest {
    private final List<LeakReport> leaks = new CopyOnWriteArrayList<>();
    private final Session session = Session.builder().leakListener(leaks::add).build();
    private final KernelObjects kernel;

    KernelObjectsTest() {
        session.component(Kernel32.class, s -> new KernelFront(s, new EngineKernelDriver(s))); // no provider on this test path
        kernel = KernelObjects.of(session);
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void duplicateKeepsTheEventAliveAndCloseIsIdempotent() {
        try (Event ready = kernel.createEvent(true, false); Event copy = ready.duplicate()) {
            ready.close();
            ready.close();
            assertTrue(ready.isClosed());
            copy.set();
            assertEquals(new WaitResult.Signaled(0), copy.await(Duration.ZERO));
            Win32Exception e = assertThrows(Win32Exception.class, ready::set);
            assertEquals(6, e.code());
        }
        assertEquals(0, session.handles(HandleSpace.KERNEL).size());
        assertTrue(leaks.isEmpty());
    }

    @Test
    void protectedHandleRefusesCloseWithTheFlatError() {
        Event e = kernel.createEvent(false, false);
        e.protectFromClose(true);
        Win32Exception x = assertThrows(Win32Exception.class, e::close);
        assertEquals(6, x.code());
        assertFalse(e.isClosed());
        e.protectFromClose(false);
        e.close();
    }

    @Test
    void abandonedMutexIsAValue() {
        try (Mutex m = kernel.createMutex(false)) {
            try (KernelThread t = kernel.startThread(p -> m.await(null) instanceof WaitResult.Signaled ? 0 : 1)) {
                assertTrue(t.await(Duration.ofSeconds(10)).satisfied());
                assertEquals(0, t.exitCode().orElseThrow());
            }
            assertInstanceOf(WaitResult.Abandoned.class, m.await(Duration.ofSeconds(10)));
            m.release();
            Win32Exception e = assertThrows(Win32Exception.class, m::release);
            assertEquals(288, e.code());
        }
    }

    @Test
    void filesAndPipesCarryBytes() throws Exception {
        Path dir = Files.createTempDirectory("teardown-ko-");
        Path p = dir.resolve("f.txt");
        try (FileHandle f = kernel.createFile(p, Kernel32.GENERIC_READ | Kernel32.GENERIC_WRITE, Kernel32.CREATE_NEW,
                Kernel32.FILE_FLAG_DELETE_ON_CLOSE)) {
            f.write("hello".getBytes(StandardCharsets.US_ASCII));
            assertEquals(5, f.size());
            assertTrue(Files.exists(p));
        }
        assertFalse(Files.exists(p), "FILE_FLAG_DELETE_ON_CLOSE");
        Files.delete(dir);
        FileHandle[] pipe = kernel.createPipe();
        try (FileHandle r = pipe[0]) {
            try (FileHandle w = pipe[1]) {
                w.write(new byte[] {9});
            }
            byte[] b = new byte[4];
            assertEquals(1, r.read(b));
            Win32Exception e = assertThrows(Win32Exception.class, () -> r.read(b));
            assertEquals(109, e.code());
        }
    }

    @Test
    void failedCreateThrowsWithTheFlatCode() {
        Win32Exception e = assertThrows(Win32Exception.class, () -> kernel.openEvent("no-such-event"));
        assertEquals(2, e.code());
        assertThrows(Win32Exception.class, () -> kernel.createSemaphore(2, 1));
    }

    @Test
    void anUnreachableHandleIsReportedAsALeak() throws InterruptedException {
        long value = leakOne();
        for (int i = 0; i < 100 && leaks.isEmpty(); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertFalse(leaks.isEmpty(), "the Cleaner reported the dropped handle");
        assertEquals(LeakReport.Reason.UNREACHABLE, leaks.get(0).reason());
        assertEquals(value, leaks.get(0).handle());
        assertTrue(kernel.flat().CloseHandle(value));
    }

    private long leakOne() {
        return kernel.createEvent(false, false).value();
    }
}

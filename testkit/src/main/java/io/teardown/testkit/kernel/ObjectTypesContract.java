package io.teardown.testkit.kernel;

import static io.teardown.kernel.Kernel32.*;
import static io.teardown.testkit.kernel.KernelCalls.deleteTree;
import static io.teardown.testkit.kernel.KernelCalls.dupAndCloseOriginal;
import static io.teardown.testkit.kernel.KernelCalls.k;
import static io.teardown.testkit.kernel.KernelCalls.tempDir;
import static io.teardown.testkit.kernel.KernelCalls.unique;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.BoolRef;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code CloseHandle} contract, the object types with real behaviour (KO-05, <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>): each can be
 * created, used enough to observe its state, duplicated and closed, or fails with a documented error, through
 * the flat {@link Kernel32} facade only, on real resources. Backends run it with a one-line subclass ({@code
 * NettyCloseHandleContractTest}).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("kernel")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class ObjectTypesContract {
    /** For JUnit and subclasses. */
    public ObjectTypesContract() {
    }

    @TestTemplate
    void KO_05_synchronisationObjectsWork(TestBackend b) {
        Kernel32 k = k(b);
        long ev = dupAndCloseOriginal(k, k.CreateEvent(null, false, false, null));
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(ev, 0));
        assertTrue(k.SetEvent(ev));
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(ev, 0));
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(ev, 0), "auto-reset");
        assertTrue(k.CloseHandle(ev));

        long mx = dupAndCloseOriginal(k, k.CreateMutex(null, true, null));
        assertTrue(k.ReleaseMutex(mx));
        assertFalse(k.ReleaseMutex(mx));
        assertEquals(288, k.GetLastError(), "ERROR_NOT_OWNER");
        assertTrue(k.CloseHandle(mx));

        long sem = dupAndCloseOriginal(k, k.CreateSemaphore(null, 1, 2, null));
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(sem, 0));
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(sem, 0));
        IntRef prev = new IntRef(-1);
        assertTrue(k.ReleaseSemaphore(sem, 2, prev));
        assertEquals(0, prev.value);
        assertFalse(k.ReleaseSemaphore(sem, 1, prev));
        assertEquals(298, k.GetLastError(), "ERROR_TOO_MANY_POSTS");
        assertTrue(k.CloseHandle(sem));

        long timer = dupAndCloseOriginal(k, k.CreateWaitableTimer(null, true, null));
        assertTrue(k.SetWaitableTimer(timer, -500 * 10_000L, 0, null, 0, false)); // 500 ms, relative
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(timer, 0));
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(timer, 5000), "the timer fires");
        assertTrue(k.CloseHandle(timer));

        long mem = dupAndCloseOriginal(k, k.CreateMemoryResourceNotification(LowMemoryResourceNotification));
        BoolRef state = new BoolRef(true);
        assertTrue(k.QueryMemoryResourceNotification(mem, state));
        assertTrue(k.CloseHandle(mem));
    }

    @TestTemplate
    void KO_05_mutexOfAnEndedThreadIsAbandoned(TestBackend b) {
        Kernel32 k = k(b);
        long mx = k.CreateMutex(null, false, null);
        IntRef tid = new IntRef();
        long t = k.CreateThread(null, 0, p -> k.WaitForSingleObject(mx, INFINITE), 0, 0, tid);
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(t, 10_000), "the thread took the mutex and ended");
        assertEquals(WAIT_ABANDONED, k.WaitForSingleObject(mx, 10_000), "its owner ended without releasing it");
        assertTrue(k.ReleaseMutex(mx), "an abandoned mutex is owned by the waiter that got it");
        assertTrue(k.CloseHandle(t));
        assertTrue(k.CloseHandle(mx));
    }

    @TestTemplate
    void KO_05_filesMappingsAndPipesCarryRealBytes(TestBackend b) throws IOException {
        Kernel32 k = k(b);
        Path dir = tempDir();
        try {
            Path file = dir.resolve("data.bin");
            long f = dupAndCloseOriginal(k, k.CreateFile(file.toString(), GENERIC_READ | GENERIC_WRITE, 0, null,
                    CREATE_NEW, FILE_ATTRIBUTE_NORMAL, 0));
            byte[] data = "kernel objects".getBytes(StandardCharsets.US_ASCII);
            IntRef n = new IntRef();
            assertTrue(k.WriteFile(f, data, data.length, n, null));
            assertEquals(data.length, n.value);
            assertTrue(k.FlushFileBuffers(f));
            assertArrayEquals(data, Files.readAllBytes(file), "the bytes are in the real file");
            assertTrue(k.CloseHandle(f));

            long p = k.CreateFile(dir.resolve("nope").resolve("x").toString(), GENERIC_READ, 0, null, OPEN_EXISTING, 0, 0);
            assertEquals(INVALID_HANDLE_VALUE, p);
            assertEquals(3, k.GetLastError(), "ERROR_PATH_NOT_FOUND");

            LongRef r = new LongRef();
            LongRef w = new LongRef();
            assertTrue(k.CreatePipe(r, w, null, 0));
            long rd = dupAndCloseOriginal(k, r.value);
            assertTrue(k.WriteFile(w.value, data, data.length, n, null));
            assertTrue(k.CloseHandle(w.value));
            byte[] got = new byte[64];
            assertTrue(k.ReadFile(rd, got, got.length, n, null));
            assertEquals("kernel objects", new String(got, 0, n.value, StandardCharsets.US_ASCII));
            assertFalse(k.ReadFile(rd, got, got.length, n, null), "the write end is closed");
            assertEquals(109, k.GetLastError(), "ERROR_BROKEN_PIPE");
            assertTrue(k.CloseHandle(rd));
        } finally {
            deleteTree(dir);
        }
    }

    @TestTemplate
    void KO_05_namedPipeConnectsAClient(TestBackend b) {
        Kernel32 k = k(b);
        String name = "\\\\.\\pipe\\" + unique("teardown");
        long server = k.CreateNamedPipe(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_WAIT, 1, 4096, 4096, 0, null);
        assertNotEquals(INVALID_HANDLE_VALUE, server);
        IntRef result = new IntRef(-1);
        long t = k.CreateThread(null, 0, p -> {
            boolean ok = k.ConnectNamedPipe(server, null);
            result.value = ok || k.GetLastError() == 535 ? 0 : k.GetLastError();
            return 0;
        }, 0, 0, null);
        long client = INVALID_HANDLE_VALUE;
        for (int i = 0; i < 200 && client == INVALID_HANDLE_VALUE; i++) {
            client = k.CreateFile(name, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, 0);
        }
        assertNotEquals(INVALID_HANDLE_VALUE, client);
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(t, 10_000));
        assertEquals(0, result.value, "ConnectNamedPipe saw the client");
        byte[] ping = {1, 2, 3};
        IntRef n = new IntRef();
        assertTrue(k.WriteFile(client, ping, 3, n, null));
        byte[] got = new byte[3];
        assertTrue(k.ReadFile(server, got, 3, n, null));
        assertArrayEquals(ping, got);
        long copy = dupAndCloseOriginal(k, client);
        assertTrue(k.WriteFile(server, ping, 3, n, null));
        assertTrue(k.ReadFile(copy, got, 3, n, null), "the duplicate client handle still reads");
        assertTrue(k.CloseHandle(copy));
        assertFalse(k.ReadFile(server, got, 3, n, null), "the client has gone");
        assertEquals(109, k.GetLastError(), "ERROR_BROKEN_PIPE");
        assertTrue(k.CloseHandle(t));
        assertTrue(k.CloseHandle(server));
    }

    @TestTemplate
    void KO_05_completionPortMailslotJobTokenTransactionConsole(TestBackend b) {
        Kernel32 k = k(b);
        long port = dupAndCloseOriginal(k, k.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 1));
        Overlapped ov = new Overlapped();
        assertTrue(k.PostQueuedCompletionStatus(port, 7, 99, ov));
        IntRef bytes = new IntRef();
        LongRef key = new LongRef();
        Ref<Overlapped> got = new Ref<>();
        assertTrue(k.GetQueuedCompletionStatus(port, bytes, key, got, 1000));
        assertEquals(7, bytes.value);
        assertEquals(99, key.value);
        assertEquals(ov, got.value);
        assertFalse(k.GetQueuedCompletionStatus(port, bytes, key, got, 0));
        assertEquals(WAIT_TIMEOUT, k.GetLastError());
        assertTrue(k.CloseHandle(port));

        String slotName = "\\\\.\\mailslot\\" + unique("teardown");
        long slot = dupAndCloseOriginal(k, k.CreateMailslot(slotName, 0, 0, null));
        long writer = k.CreateFile(slotName, GENERIC_WRITE, FILE_SHARE_READ, null, OPEN_EXISTING, 0, 0);
        assertNotEquals(INVALID_HANDLE_VALUE, writer);
        IntRef n = new IntRef();
        assertTrue(k.WriteFile(writer, new byte[] {42}, 1, n, null));
        IntRef next = new IntRef();
        IntRef count = new IntRef();
        assertTrue(k.GetMailslotInfo(slot, null, next, count, null));
        assertEquals(1, next.value);
        assertEquals(1, count.value);
        byte[] msg = new byte[8];
        assertTrue(k.ReadFile(slot, msg, msg.length, n, null));
        assertEquals(1, n.value);
        assertEquals(42, msg[0]);
        assertTrue(k.CloseHandle(writer));
        assertTrue(k.CloseHandle(slot));

        long job = dupAndCloseOriginal(k, k.CreateJobObject(null, null));
        assertTrue(k.TerminateJobObject(job, 1), "an empty job");
        assertTrue(k.CloseHandle(job));

        LongRef token = new LongRef();
        assertTrue(k.OpenProcessToken(k.GetCurrentProcess(), TOKEN_QUERY, token));
        assertTrue(k.CloseHandle(dupAndCloseOriginal(k, token.value)));

        long tx = dupAndCloseOriginal(k, k.CreateTransaction(null, null, 0, 0, 0, 0, "ko05"));
        assertTrue(k.RollbackTransaction(tx));
        assertFalse(k.CommitTransaction(tx), "already rolled back");
        assertTrue(k.CloseHandle(tx));

        long con = k.CreateFile("CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_WRITE, null, OPEN_EXISTING, 0, 0);
        if (con != INVALID_HANDLE_VALUE) { // a test JVM may have no console on Windows
            assertTrue(k.CloseHandle(dupAndCloseOriginal(k, con)));
        }
    }

    @TestTemplate
    void KO_05_aTypeThatCannotBeProvidedFailsWithADocumentedError(TestBackend b) {
        Kernel32 k = k(b);
        long com = k.CreateFile("\\\\.\\COM9", GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, 0);
        if (com == INVALID_HANDLE_VALUE) {
            int e = k.GetLastError();
            assertTrue(e == 2 || e == 5 || e == 50, "a documented error, not a silent stub: " + e);
        } else {
            assertTrue(k.CloseHandle(com)); // a real COM9 exists here
        }
    }
}

package io.teardown.testkit.kernel;

import static io.teardown.kernel.Kernel32.*;
import static io.teardown.testkit.kernel.KernelCalls.deleteTree;
import static io.teardown.testkit.kernel.KernelCalls.dupAndCloseOriginal;
import static io.teardown.testkit.kernel.KernelCalls.k;
import static io.teardown.testkit.kernel.KernelCalls.tempDir;
import static io.teardown.testkit.kernel.KernelCalls.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.kernel.JobObjectExtendedLimits;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.ProcessInformation;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code CloseHandle} contract, what outlives a close (KO-06 … KO-08, <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, and the job object
 * of KO-05 that kills its process when its last handle goes): threads and processes keep running, views
 * outlive their mapping handle, a transacted delete-on-close waits for the commit, through the flat {@link
 * Kernel32} facade only, on real resources. Backends run it with a one-line subclass ({@code
 * NettyCloseHandleContractTest}).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("kernel")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class ObjectLifetimeContract {
    /** For JUnit and subclasses. */
    public ObjectLifetimeContract() {
    }

    @TestTemplate
    void KO_06_closingAThreadHandleDoesNotStopTheThread(TestBackend b) {
        Kernel32 k = k(b);
        long go = k.CreateEvent(null, true, false, null);
        long done = k.CreateEvent(null, true, false, null);
        long t = k.CreateThread(null, 0, p -> {
            k.WaitForSingleObject(go, INFINITE);
            k.SetEvent(done);
            return 42;
        }, 0, 0, null);
        assertNotEquals(0, t);
        LongRef copy = new LongRef();
        assertTrue(k.DuplicateHandle(-1, t, -1, copy, 0, false, DUPLICATE_SAME_ACCESS));
        assertTrue(k.CloseHandle(t));
        IntRef code = new IntRef();
        assertTrue(k.GetExitCodeThread(copy.value, code));
        assertEquals(STILL_ACTIVE, code.value, "still running after its handle was closed");
        assertTrue(k.SetEvent(go));
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(done, 10_000), "the thread ran on");
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(copy.value, 10_000));
        assertTrue(k.GetExitCodeThread(copy.value, code));
        assertEquals(42, code.value);
        assertTrue(k.CloseHandle(copy.value));
        assertTrue(k.CloseHandle(go));
        assertTrue(k.CloseHandle(done));
    }

    @TestTemplate
    void KO_06_closingAProcessHandleDoesNotStopTheProcess(TestBackend b) throws Exception {
        Kernel32 k = k(b);
        ProcessInformation pi = startSleeper(k);
        int pid = pi.dwProcessId;
        assertTrue(k.CloseHandle(pi.hThread));
        assertTrue(k.CloseHandle(pi.hProcess));
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the process still runs");
        long h = k.OpenProcess(PROCESS_TERMINATE | SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, false, pid);
        assertNotEquals(0, h);
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(h, 0));
        assertTrue(k.TerminateProcess(h, 7));
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(h, 20_000));
        IntRef code = new IntRef();
        assertTrue(k.GetExitCodeProcess(h, code));
        assertEquals(7, code.value);
        assertTrue(k.CloseHandle(h));
    }

    @TestTemplate
    void KO_05_jobWithKillOnCloseEndsItsProcessWhenItsLastHandleCloses(TestBackend b) throws Exception {
        Kernel32 k = k(b);
        ProcessInformation pi = startSleeper(k);
        long job = k.CreateJobObject(null, null);
        assertNotEquals(0, job);
        JobObjectExtendedLimits limits = new JobObjectExtendedLimits();
        limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        assertTrue(k.SetInformationJobObject(job, JobObjectExtendedLimitInformation, limits,
                JobObjectExtendedLimits.SIZE));
        assertTrue(k.AssignProcessToJobObject(job, pi.hProcess));
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(pi.hProcess, 0), "the child runs");
        long copy = dupAndCloseOriginal(k, job);
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(pi.hProcess, 100), "a job handle remains");
        assertTrue(k.CloseHandle(copy));
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(pi.hProcess, 20_000), "the last job handle ended it");
        assertFalse(ProcessHandle.of(pi.dwProcessId).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(k.CloseHandle(pi.hThread));
        assertTrue(k.CloseHandle(pi.hProcess));
    }

    /** Starts a real child JVM that sleeps a minute (a command line that works on every OS). */
    private static ProcessInformation startSleeper(Kernel32 k) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = Path.of(Sleeper.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        ProcessInformation pi = new ProcessInformation();
        assertTrue(k.CreateProcess(null, "\"" + java + "\" -cp \"" + cp + "\" " + Sleeper.class.getName() + " 60000",
                null, null, false, 0, null, null, null, pi), "CreateProcess: " + k.GetLastError());
        return pi;
    }

    @TestTemplate
    void KO_07_viewsOutliveTheMappingHandleButTheNameGoes(TestBackend b) throws IOException {
        Kernel32 k = k(b);
        Path dir = tempDir();
        try {
            Path path = dir.resolve("mapped.bin");
            Files.write(path, new byte[4096]);
            long file = k.CreateFile(path.toString(), GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, 0);
            String name = unique("ko07");
            long mapping = k.CreateFileMapping(file, null, PAGE_READWRITE, 0, 0, name);
            assertNotEquals(0, mapping);
            ByteBuffer view = k.MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
            assertNotNull(view);
            assertTrue(k.CloseHandle(file), "the mapping keeps the file");
            assertTrue(k.CloseHandle(mapping), "closing a mapping with views succeeds");
            view.put(0, (byte) 0x5A);
            assertEquals(0x5A, view.get(0), "the view stays readable and writable");
            assertEquals(0, k.OpenFileMapping(FILE_MAP_READ, false, name), "the name went with the last handle");
            assertEquals(2, k.GetLastError(), "ERROR_FILE_NOT_FOUND");
            assertTrue(k.UnmapViewOfFile(view), "the last view releases the mapping");
            assertFalse(k.UnmapViewOfFile(view));
            assertEquals(0x5A, Files.readAllBytes(path)[0], "the write reached the real file");
        } finally {
            deleteTree(dir);
        }
    }

    @TestTemplate
    void KO_08_transactedDeleteOnCloseWaitsForCommit(TestBackend b) throws IOException {
        Kernel32 k = k(b);
        Path dir = tempDir();
        try {
            Path path = dir.resolve("tx.txt");
            Files.writeString(path, "original");
            long tx = k.CreateTransaction(null, null, 0, 0, 0, 0, "ko08");
            long f = k.CreateFileTransacted(path.toString(), GENERIC_READ | DELETE, FILE_SHARE_READ | FILE_SHARE_DELETE,
                    null, OPEN_EXISTING, FILE_FLAG_DELETE_ON_CLOSE, 0, tx, null, null);
            assertNotEquals(INVALID_HANDLE_VALUE, f, "CreateFileTransacted: " + k.GetLastError());
            assertTrue(k.CloseHandle(f));
            assertTrue(Files.exists(path), "not deleted at close inside a transaction");
            assertTrue(k.CommitTransaction(tx));
            assertFalse(Files.exists(path), "deleted once committed");
            assertTrue(k.CloseHandle(tx));
        } finally {
            deleteTree(dir);
        }
    }

    @TestTemplate
    void KO_08_rolledBackTransactionLeavesTheFileUntouched(TestBackend b) throws IOException {
        Kernel32 k = k(b);
        Path dir = tempDir();
        try {
            Path path = dir.resolve("tx.txt");
            Files.writeString(path, "original");
            long tx = k.CreateTransaction(null, null, 0, 0, 0, 0, "ko08");
            long f = k.CreateFileTransacted(path.toString(), GENERIC_READ | GENERIC_WRITE | DELETE,
                    FILE_SHARE_READ | FILE_SHARE_DELETE, null, OPEN_EXISTING, FILE_FLAG_DELETE_ON_CLOSE, 0, tx, null, null);
            assertNotEquals(INVALID_HANDLE_VALUE, f, "CreateFileTransacted: " + k.GetLastError());
            byte[] junk = "changed".getBytes(StandardCharsets.US_ASCII);
            IntRef n = new IntRef();
            assertTrue(k.WriteFile(f, junk, junk.length, n, null));
            assertTrue(k.CloseHandle(f));
            assertTrue(k.RollbackTransaction(tx));
            assertEquals("original", Files.readString(path), "a rolled-back transaction leaves the file untouched");
            assertTrue(k.CloseHandle(tx));
        } finally {
            deleteTree(dir);
        }
    }
}

package io.teardown.testkit.kernel;

import static io.teardown.kernel.Kernel32.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.BoolRef;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Misuse;
import io.teardown.api.MisuseException;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.kernel.JobObjectExtendedLimits;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.ProcessInformation;
import io.teardown.kernel.Win32FindData;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code CloseHandle} contract (KO-01 … KO-12, <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>), run on every backend through the
 * flat {@link Kernel32} facade only. Each rule is observed on real resources: files that exist or not,
 * processes that still run, mapped bytes that stay readable, waiting threads that wake with the
 * documented result. Backends run it with a one-line subclass ({@code NettyKernelContractTest}).
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("kernel")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class KernelContract {
    /** For JUnit and the backends' subclasses. */
    public KernelContract() {
    }

    private static Kernel32 k(TestBackend b) {
        return Kernel32.of(b.session());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static Path tempDir() throws IOException {
        return Files.createTempDirectory("teardown-kernel-");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A strict session whose misuse handler records each misuse and returns ("the exception is handled"). */
    private static Session strictRecording(TestBackend b, List<Misuse> seen) {
        return b.open(c -> c.strict(true).misuseHandler(seen::add));
    }

    // ---------------- KO-01 ----------------

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

    // ---------------- KO-02 ----------------

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

    // ---------------- KO-03 ----------------

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

    // ---------------- KO-04 ----------------

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

    // ---------------- KO-05 ----------------

    /** Duplicates {@code h}, closes {@code h}, returns the copy (the object must live on). */
    private static long dupAndCloseOriginal(Kernel32 k, long h) {
        LongRef copy = new LongRef();
        assertTrue(k.DuplicateHandle(-1, h, -1, copy, 0, false, DUPLICATE_SAME_ACCESS), "DuplicateHandle");
        assertTrue(k.CloseHandle(h), "CloseHandle(original)");
        return copy.value;
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

    // ---------------- KO-06 ----------------

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

    // ---------------- KO-07 ----------------

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

    // ---------------- KO-08 ----------------

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

    // ---------------- KO-09 ----------------

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

    // ---------------- KO-10 ----------------

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

    // ---------------- KO-11 ----------------

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

    // ---------------- KO-12 ----------------

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

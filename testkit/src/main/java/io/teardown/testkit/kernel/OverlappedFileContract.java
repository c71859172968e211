package io.teardown.testkit.kernel;

import static io.teardown.kernel.Kernel32.CREATE_ALWAYS;
import static io.teardown.kernel.Kernel32.FILE_FLAG_OVERLAPPED;
import static io.teardown.kernel.Kernel32.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS;
import static io.teardown.kernel.Kernel32.GENERIC_READ;
import static io.teardown.kernel.Kernel32.GENERIC_WRITE;
import static io.teardown.kernel.Kernel32.INFINITE;
import static io.teardown.kernel.Kernel32.INVALID_HANDLE_VALUE;
import static io.teardown.kernel.Kernel32.OPEN_EXISTING;
import static io.teardown.kernel.Kernel32.PIPE_ACCESS_DUPLEX;
import static io.teardown.kernel.Kernel32.PIPE_TYPE_BYTE;
import static io.teardown.kernel.Kernel32.WAIT_IO_COMPLETION;
import static io.teardown.kernel.Kernel32.WAIT_OBJECT_0;
import static io.teardown.kernel.Kernel32.WAIT_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Overlapped I/O on real files and named pipes opened with {@code FILE_FLAG_OVERLAPPED}: every completion mechanism —
 * event, completion port, {@code GetOverlappedResult}, completion routine — hands back the caller's own
 * {@link Overlapped} with the status and bytes, exactly once (KO-14, KO-15, KO-16) — and a pipe read
 * that is pending when its handle is closed or cancelled ends with {@code ERROR_OPERATION_ABORTED}.
 */
@ExtendWith(EachBackend.class)
@EachBackend.Subsystems("kernel")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class OverlappedFileContract {
    /** For JUnit and the backends' subclasses. */
    public OverlappedFileContract() {
    }

    private static long open(Kernel32 k, Path file, int flags) {
        long h = k.CreateFile(file.toString(), GENERIC_READ | GENERIC_WRITE, 0, null, CREATE_ALWAYS, flags, 0);
        assertNotEquals(INVALID_HANDLE_VALUE, h, () -> "CreateFile: " + k.GetLastError());
        return h;
    }

    private static Overlapped at(long offset, long event) {
        Overlapped ov = new Overlapped(event);
        ov.Offset = (int) offset;
        ov.OffsetHigh = (int) (offset >>> 32);
        return ov;
    }

    /**
     * KO-14, KO-15: overlapped WriteFile and ReadFile on a file associated with a port: each sets its
     * event, posts one packet (bytes, key, the very OVERLAPPED) and reports through GetOverlappedResult;
     * a read past the end fails at once with ERROR_HANDLE_EOF (38) and posts nothing; with
     * FILE_SKIP_COMPLETION_PORT_ON_SUCCESS a success posts nothing; with nothing pending CancelIoEx fails
     * with 1168.
     */
    @TestTemplate
    public void KO_15_overlappedFileIoCompletesThroughEveryMechanism(TestBackend b) throws IOException {
        Kernel32 k = Kernel32.of(b.session());
        Path dir = Files.createTempDirectory("teardown-overlapped-");
        Path file = dir.resolve("data.bin");
        long h = open(k, file, FILE_FLAG_OVERLAPPED);
        long port = k.CreateIoCompletionPort(h, 0, 21, 0);
        assertNotEquals(0L, port, () -> "CreateIoCompletionPort(file, NULL): " + k.GetLastError());
        long ev = k.CreateEvent(null, true, false, null);
        byte[] data = "0123456789".getBytes(StandardCharsets.US_ASCII);
        Overlapped write = at(0, ev);
        IntRef n = new IntRef();
        assertTrue(k.WriteFile(h, data, data.length, n, write), () -> "WriteFile: " + k.GetLastError());
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(ev, 10_000));
        assertTrue(k.GetOverlappedResult(h, write, n, true));
        assertEquals(10, n.value);
        IntRef bytes = new IntRef();
        LongRef key = new LongRef();
        Ref<Overlapped> got = new Ref<>();
        assertTrue(k.GetQueuedCompletionStatus(port, bytes, key, got, 10_000));
        assertSame(write, got.value);
        assertEquals(10, bytes.value);
        assertEquals(21, key.value);

        byte[] buf = new byte[16];
        Overlapped read = at(4, 0);
        assertTrue(k.ReadFile(h, buf, buf.length, n, read));
        assertTrue(k.GetQueuedCompletionStatus(port, bytes, key, got, 10_000));
        assertSame(read, got.value);
        assertEquals(6, bytes.value);
        assertArrayEquals("456789".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOf(buf, 6));

        Overlapped past = at(100, 0);
        assertFalse(k.ReadFile(h, buf, buf.length, n, past));
        assertEquals(38, k.GetLastError(), "ERROR_HANDLE_EOF");
        assertFalse(k.GetQueuedCompletionStatus(port, bytes, key, got, 50), "a call that failed at once posts nothing");
        assertEquals(WAIT_TIMEOUT, k.GetLastError());
        assertNull(got.value);

        assertTrue(k.SetFileCompletionNotificationModes(h, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS));
        assertTrue(k.ReadFile(h, buf, 2, n, at(0, 0)));
        assertFalse(k.GetQueuedCompletionStatus(port, bytes, key, got, 50), "skipped on success");
        assertFalse(k.CancelIoEx(h, null));
        assertEquals(1168, k.GetLastError(), "ERROR_NOT_FOUND: nothing pending");
        assertTrue(k.CloseHandle(h));
        assertTrue(k.CloseHandle(port));
        assertTrue(k.CloseHandle(ev));
        Files.delete(file);
        Files.delete(dir);
    }

    /**
     * KO-16: ReadFileEx/WriteFileEx routines run as APCs of the issuing thread, only in an alertable
     * wait, once each and in order, with the very OVERLAPPED; hEvent is left alone. ReadFileEx on a
     * handle not opened for overlapped I/O fails with 87.
     */
    @TestTemplate
    public void KO_16_fileCompletionRoutinesRunInTheIssuersAlertableWait(TestBackend b) throws IOException {
        Kernel32 k = Kernel32.of(b.session());
        Path dir = Files.createTempDirectory("teardown-overlapped-");
        Path file = dir.resolve("data.bin");
        long h = open(k, file, FILE_FLAG_OVERLAPPED);
        long untouched = k.CreateEvent(null, true, false, null);
        List<String> ran = new CopyOnWriteArrayList<>();
        String self = Thread.currentThread().getName();
        Overlapped write = at(0, untouched);
        Overlapped read = at(1, untouched);
        byte[] buf = new byte[8];
        assertTrue(k.WriteFileEx(h, new byte[] {1, 2, 3}, 3, write, (e, n, o) -> ran.add(
                "write " + e + " " + n + " " + (o == write) + " " + Thread.currentThread().getName())));
        assertTrue(k.ReadFileEx(h, buf, 8, read, (e, n, o) -> ran.add(
                "read " + e + " " + n + " " + (o == read) + " " + Thread.currentThread().getName())));
        assertEquals(0, k.SleepEx(10, false));
        assertTrue(ran.isEmpty(), "not run outside an alertable wait");
        assertEquals(WAIT_IO_COMPLETION, k.SleepEx(INFINITE, true));
        assertEquals(List.of("write 0 3 true " + self, "read 0 2 true " + self), ran);
        assertEquals(2, buf[0]);
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(untouched, 0), "hEvent is the caller's");
        assertEquals(0, k.SleepEx(10, true), "once each");

        long plain = open(k, dir.resolve("plain.bin"), 0);
        assertFalse(k.ReadFileEx(plain, buf, 8, new Overlapped(), (e, n, o) -> ran.add("never")));
        assertEquals(87, k.GetLastError());
        assertFalse(k.ReadFileEx(h, buf, 8, new Overlapped(), null));
        assertEquals(87, k.GetLastError());
        for (long x : new long[] {h, plain, untouched}) {
            assertTrue(k.CloseHandle(x));
        }
        Files.delete(file);
        Files.delete(dir.resolve("plain.bin"));
        Files.delete(dir);
    }

    /** An overlapped pipe: server and client ends, both opened with FILE_FLAG_OVERLAPPED. */
    private static long[] pipe(Kernel32 k) {
        String name = "\\\\.\\pipe\\teardown-overlapped-" + UUID.randomUUID();
        long server = k.CreateNamedPipe(name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, PIPE_TYPE_BYTE, 1, 4096, 4096,
                0, null);
        assertNotEquals(INVALID_HANDLE_VALUE, server, () -> "CreateNamedPipe: " + k.GetLastError());
        long client = k.CreateFile(name, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, 0);
        assertNotEquals(INVALID_HANDLE_VALUE, client, () -> "CreateFile(pipe): " + k.GetLastError());
        return new long[] {server, client};
    }

    private static void pending(Kernel32 k, boolean issued) {
        assertFalse(issued, "the read must pend");
        assertEquals(997, k.GetLastError(), "ERROR_IO_PENDING");
    }

    /**
     * KO-15: an overlapped pipe read pends (997, then 996 from GetOverlappedResult without waiting) until
     * the other end writes; what was there at once completes inside the call; the other end going fails a
     * pending read with ERROR_BROKEN_PIPE (109).
     */
    @TestTemplate
    public void KO_15_overlappedPipeReadPendsUntilDataComes(TestBackend b) {
        Kernel32 k = Kernel32.of(b.session());
        long[] p = pipe(k);
        long ev = k.CreateEvent(null, true, false, null);
        byte[] buf = new byte[16];
        Overlapped ov = new Overlapped(ev);
        IntRef n = new IntRef();
        pending(k, k.ReadFile(p[0], buf, buf.length, n, ov));
        assertFalse(k.GetOverlappedResult(p[0], ov, n, false));
        assertEquals(996, k.GetLastError(), "ERROR_IO_INCOMPLETE");
        assertEquals(WAIT_TIMEOUT, k.WaitForSingleObject(ev, 20));
        assertTrue(k.WriteFile(p[1], new byte[] {5, 6, 7}, 3, n, new Overlapped()));
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(ev, 10_000));
        assertTrue(k.GetOverlappedResult(p[0], ov, n, true));
        assertEquals(3, n.value);
        assertEquals(7, buf[2]);

        assertTrue(k.WriteFile(p[1], new byte[] {8}, 1, n, new Overlapped()));
        Overlapped now = new Overlapped();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean read;
        do {
            read = k.ReadFile(p[0], buf, buf.length, n, now); // the byte is there once the OS pipe has it
            if (!read) {
                assertTrue(k.CancelIoEx(p[0], now));
            }
        } while (!read && System.nanoTime() < deadline);
        assertTrue(read, "data already there completes inside the call");
        assertEquals(1, n.value);

        Overlapped broken = new Overlapped(ev);
        assertTrue(k.ResetEvent(ev));
        pending(k, k.ReadFile(p[0], buf, buf.length, n, broken));
        assertTrue(k.CloseHandle(p[1]));
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(ev, 10_000));
        assertFalse(k.GetOverlappedResult(p[0], broken, n, true));
        assertEquals(109, k.GetLastError(), "ERROR_BROKEN_PIPE");
        assertTrue(k.CloseHandle(p[0]));
        assertTrue(k.CloseHandle(ev));
    }

    /**
     * KO-15: closing a pipe handle with reads pending completes each exactly once with 995 and 0 bytes
     * through the mechanism it was issued with — port packet (key, the very OVERLAPPED), event,
     * completion routine (in the issuer's alertable wait) — possibly after CloseHandle returned.
     */
    @TestTemplate
    public void KO_15_closingAPipeHandleAbortsEachPendingReadOnce(TestBackend b) {
        Kernel32 k = Kernel32.of(b.session());
        long[] p = pipe(k);
        long port = k.CreateIoCompletionPort(p[0], 0, 33, 0);
        assertNotEquals(0L, port);
        long ev = k.CreateEvent(null, true, false, null);
        Overlapped viaPort = new Overlapped();
        Overlapped viaEvent = new Overlapped(ev | 1); // low bit: no packet
        Overlapped viaRoutine = new Overlapped();
        AtomicInteger routines = new AtomicInteger();
        List<String> routineResults = new CopyOnWriteArrayList<>();
        IntRef n = new IntRef();
        pending(k, k.ReadFile(p[0], new byte[8], 8, n, viaPort));
        pending(k, k.ReadFile(p[0], new byte[8], 8, n, viaEvent));
        assertTrue(k.ReadFileEx(p[0], new byte[8], 8, viaRoutine, (e, c, o) -> {
            routines.incrementAndGet();
            routineResults.add(e + " " + c + " " + (o == viaRoutine));
        }));
        assertTrue(k.CloseHandle(p[0]));

        IntRef bytes = new IntRef(-1);
        LongRef key = new LongRef();
        Ref<Overlapped> got = new Ref<>();
        assertFalse(k.GetQueuedCompletionStatus(port, bytes, key, got, 10_000));
        assertEquals(995, k.GetLastError());
        assertSame(viaPort, got.value);
        assertEquals(33, key.value);
        assertEquals(0, bytes.value);
        assertEquals(WAIT_OBJECT_0, k.WaitForSingleObject(ev, 10_000));
        assertEquals(995, viaEvent.Internal);
        assertEquals(WAIT_IO_COMPLETION, k.SleepEx(INFINITE, true));
        assertEquals(List.of("995 0 true"), routineResults);
        assertEquals(0, k.SleepEx(20, true));
        assertEquals(1, routines.get());
        assertFalse(k.GetQueuedCompletionStatus(port, bytes, key, got, 50), "exactly one packet");
        assertEquals(WAIT_TIMEOUT, k.GetLastError());
        for (long h : new long[] {p[1], port, ev}) {
            assertTrue(k.CloseHandle(h));
        }
    }

    /**
     * KO-15: CancelIoEx on one pending pipe read ends it with 995 without losing data: bytes written
     * afterwards go to the next read.
     */
    @TestTemplate
    public void KO_15_cancelledPipeReadLosesNoData(TestBackend b) {
        Kernel32 k = Kernel32.of(b.session());
        long[] p = pipe(k);
        Overlapped first = new Overlapped();
        IntRef n = new IntRef();
        byte[] firstBuf = new byte[8];
        pending(k, k.ReadFile(p[0], firstBuf, 8, n, first));
        assertTrue(k.CancelIoEx(p[0], first));
        assertEquals(995, first.Internal);
        assertFalse(k.CancelIoEx(p[0], first));
        assertEquals(1168, k.GetLastError());
        assertTrue(k.WriteFile(p[1], new byte[] {1, 2}, 2, n, new Overlapped()));
        Overlapped second = new Overlapped();
        byte[] buf = new byte[8];
        if (!k.ReadFile(p[0], buf, 8, n, second)) {
            assertEquals(997, k.GetLastError());
        }
        assertTrue(k.GetOverlappedResult(p[0], second, n, true));
        assertEquals(2, n.value);
        assertArrayEquals(new byte[] {1, 2}, java.util.Arrays.copyOf(buf, 2));
        assertEquals(0, firstBuf[0], "the cancelled read took nothing");
        assertTrue(k.CloseHandle(p[0]));
        assertTrue(k.CloseHandle(p[1]));
    }
}

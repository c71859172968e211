package io.teardown.backend.windows.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD.ULONG_PTR;
import com.sun.jna.platform.win32.BaseTSD.ULONG_PTRByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.backend.windows.jna.Advapi32Library;
import io.teardown.backend.windows.jna.Kernel32Library;
import io.teardown.backend.windows.jna.KernelBaseLibrary;
import io.teardown.backend.windows.jna.Ktmw32Library;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.NtdllLibrary;
import io.teardown.backend.windows.jna.ThreadLocalLastError;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.OverlappedEntry;
import io.teardown.kernel.front.KernelFront;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The kernel front over {@link NativeKernelDriver}'s overlapped I/O, completion ports, alertable waits and APCs (KO-13 … KO-16)
 * over a scripted kernel (no DLL): what reaches each binding, the native {@code OVERLAPPED} held from
 * the call until the completion is consumed and released after, each completion mapped back to the
 * caller's own Java object with what Windows wrote, callbacks that reach the caller's routine, and
 * rejected handles that never reach Windows. The native layouts are checked against the ABI golden
 * file (the Windows headers).
 */
@Timeout(10)
class NativeKernel32OverlappedTest {
    private static final int ERROR_IO_PENDING = 997;
    private static final int STATUS_CANCELLED = 0xC0000120;
    private final ThreadLocalLastError slot = new ThreadLocalLastError();
    private final FakeKernel os = new FakeKernel(slot);
    private final Session session = Session.builder().name("native-overlapped-test").build();
    private final NativeKernelDriver driver = new NativeKernelDriver(session, os.as(Kernel32Library.class),
            os.as(Advapi32Library.class), () -> os.as(KernelBaseLibrary.class), os.as(Ktmw32Library.class),
            () -> status -> status == STATUS_CANCELLED ? 995 : 317, new NativeCalls(slot));
    private final Kernel32 k = new KernelFront(session, driver);
    /** The native OVERLAPPED the last ReadFile/WriteFile(Ex) received. */
    private final AtomicReference<Pointer> lastOverlapped = new AtomicReference<>();
    private final AtomicReference<Pointer> lastBuffer = new AtomicReference<>();

    @AfterEach
    void tearDown() {
        session.close();
    }

    private long file() {
        return k.CreateFile("x", Kernel32.GENERIC_READ, 0, null, Kernel32.OPEN_EXISTING, Kernel32.FILE_FLAG_OVERLAPPED, 0);
    }

    /** ReadFile/WriteFile answer like Windows with {@code error} (997 = pending; 0 = done at once with {@code bytes}). */
    private void ioAnswers(int error, int bytes) {
        FakeKernel.Answer a = args -> {
            lastBuffer.set((Pointer) args[1]);
            lastOverlapped.set((Pointer) args[4]);
            if (error != 0) {
                slot.set(error);
                return false;
            }
            complete((Pointer) args[4], 0, bytes);
            ((IntByReference) args[3]).setValue(bytes);
            return true;
        };
        os.answers.put("ReadFile", a);
        os.answers.put("WriteFile", a);
    }

    /** What Windows writes into the OVERLAPPED when the operation completes. */
    private static void complete(Pointer overlapped, int ntStatus, long bytes) {
        overlapped.setPointer(NativeOverlapped.INTERNAL, new Pointer(ntStatus & 0xFFFFFFFFL));
        overlapped.setPointer(NativeOverlapped.INTERNAL_HIGH, new Pointer(bytes));
    }

    /** A port that hands out the given LPOVERLAPPED addresses as packets, with status {@code error}. */
    private void portDelivers(List<Pointer> packets, int error) {
        os.answers.put("GetQueuedCompletionStatus", args -> {
            Pointer p = packets.isEmpty() ? null : packets.remove(0);
            ((IntByReference) args[1]).setValue(p == null ? 0 : (int) Pointer.nativeValue(p.getPointer(8)));
            ((ULONG_PTRByReference) args[2]).setValue(new ULONG_PTR(7));
            ((PointerByReference) args[3]).setValue(p);
            if (p == null || error != 0) {
                slot.set(p == null ? 258 : error);
                return false;
            }
            return true;
        });
    }

    @Test
    void KO_14_pendingReadKeepsItsNativeMemoryUntilThePacketThenHandsBackTheCallersOverlapped() {
        long f = file();
        long port = k.CreateIoCompletionPort(f, 0, 7, 0);
        assertTrue(port != 0);
        ioAnswers(ERROR_IO_PENDING, 0);
        Overlapped ov = new Overlapped();
        ov.Offset = 4096;
        ov.OffsetHigh = 1;
        byte[] into = new byte[8];
        IntRef read = new IntRef(-1);

        assertFalse(k.ReadFile(f, into, 8, read, ov));
        assertEquals(ERROR_IO_PENDING, k.GetLastError());
        assertEquals(0, read.value);
        assertEquals(Overlapped.STATUS_PENDING, ov.Internal);
        Pointer native_ = lastOverlapped.get();
        assertEquals(4096, native_.getInt(NativeOverlapped.OFFSET), "Offset marshalled");
        assertEquals(1, native_.getInt(NativeOverlapped.OFFSET_HIGH));
        assertNull(native_.getPointer(NativeOverlapped.H_EVENT));
        assertEquals(1, driver.pendingOverlapped());
        assertTrue(driver.holdsOverlapped(Pointer.nativeValue(native_)), "held while Windows may write it");
        String call = os.callsOf("ReadFile").get(0);
        assertTrue(call.startsWith("ReadFile(0x104, "), call);
        assertTrue(call.contains(", 8, "), call);

        lastBuffer.get().write(0, "abcde".getBytes(StandardCharsets.US_ASCII), 0, 5);
        complete(native_, 0, 5);
        List<Pointer> packets = new ArrayList<>(List.of(native_));
        portDelivers(packets, 0);
        IntRef bytes = new IntRef();
        LongRef key = new LongRef();
        Ref<Overlapped> got = new Ref<>();
        assertTrue(k.GetQueuedCompletionStatus(port, bytes, key, got, Kernel32.INFINITE));
        assertSame(ov, got.value, "the caller's own object");
        assertEquals(7, key.value);
        assertEquals(0, ov.Internal);
        assertEquals(5, ov.InternalHigh);
        assertEquals(4096, ov.Offset);
        assertEquals("abcde", new String(into, 0, 5, StandardCharsets.US_ASCII), "the read's bytes reach the array");
        assertEquals(0, driver.pendingOverlapped(), "released once the packet is consumed");

        assertFalse(k.GetQueuedCompletionStatus(port, bytes, key, got, 0));
        assertEquals(258, k.GetLastError());
        assertNull(got.value);
    }

    @Test
    void KO_14_anAbortedOperationsPacketCarriesItsErrorIntoTheJavaObject() {
        long f = file();
        long port = k.CreateIoCompletionPort(f, 0, 7, 0);
        ioAnswers(ERROR_IO_PENDING, 0);
        Overlapped ov = new Overlapped();
        assertFalse(k.WriteFile(f, new byte[] {1, 2, 3}, 3, null, ov));
        assertEquals(3, lastBuffer.get().getByte(2), "the bytes to write are in native memory");
        complete(lastOverlapped.get(), STATUS_CANCELLED, 0);
        portDelivers(new ArrayList<>(List.of(lastOverlapped.get())), 995);
        Ref<Overlapped> got = new Ref<>();
        assertFalse(k.GetQueuedCompletionStatus(port, new IntRef(), new LongRef(), got, 0));
        assertEquals(995, k.GetLastError());
        assertSame(ov, got.value);
        assertEquals(995, ov.Internal, "Internal holds the Win32 error, as the portable engine's");
        assertEquals(0, driver.pendingOverlapped());
    }

    @Test
    void KO_14_aSynchronousSuccessIsCopiedAtOnceAndKeptOnlyForAPortPacket() {
        ioAnswers(0, 2);
        long plain = file();
        Overlapped ov = new Overlapped();
        IntRef read = new IntRef();
        assertTrue(k.ReadFile(plain, new byte[4], 4, read, ov));
        assertEquals(2, read.value);
        assertEquals(0, ov.Internal);
        assertEquals(2, ov.InternalHigh);
        assertEquals(0, driver.pendingOverlapped(), "no port, no routine: nothing more will name it");

        long bound = file();
        long port = k.CreateIoCompletionPort(bound, 0, 1, 0);
        Overlapped queued = new Overlapped();
        assertTrue(k.ReadFile(bound, new byte[4], 4, read, queued));
        assertEquals(1, driver.pendingOverlapped(), "Windows still queues a packet for it");
        portDelivers(new ArrayList<>(List.of(lastOverlapped.get())), 0);
        Ref<Overlapped> got = new Ref<>();
        assertTrue(k.GetQueuedCompletionStatus(port, new IntRef(), new LongRef(), got, 0));
        assertSame(queued, got.value);
        assertEquals(0, driver.pendingOverlapped());

        os.answers.put("SetFileCompletionNotificationModes", args -> true);
        assertTrue(k.SetFileCompletionNotificationModes(bound, Kernel32.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS));
        assertEquals(List.of("SetFileCompletionNotificationModes(0x108, 1)"), os.callsOf("SetFileCompletionNotificationModes"));
        assertTrue(k.ReadFile(bound, new byte[4], 4, read, new Overlapped()));
        assertEquals(0, driver.pendingOverlapped(), "FILE_SKIP_COMPLETION_PORT_ON_SUCCESS: no packet comes");
        assertFalse(k.SetFileCompletionNotificationModes(bound, 0x100), "a UCHAR is never truncated");
        assertEquals(87, k.GetLastError());
    }

    @Test
    void KO_15_aCallThatFailsAtOnceReleasesItsMemoryAndReportsTheError() {
        ioAnswers(38, 0); // ERROR_HANDLE_EOF
        long f = file();
        Overlapped ov = new Overlapped();
        assertFalse(k.ReadFile(f, new byte[1], 1, null, ov));
        assertEquals(38, k.GetLastError());
        assertEquals(38, ov.Internal);
        assertEquals(0, driver.pendingOverlapped());
    }

    @Test
    void KO_13_theEventReachesWindowsAsItsOsValueWithTheLowBitKept() {
        ioAnswers(ERROR_IO_PENDING, 0);
        long f = file();
        long event = k.CreateEvent(null, true, false, null);
        assertFalse(k.ReadFile(f, new byte[1], 1, null, new Overlapped(event | 1)));
        assertEquals(0x109, Pointer.nativeValue(lastOverlapped.get().getPointer(NativeOverlapped.H_EVENT)),
                "OS value 0x108 with the no-packet bit");
    }

    @Test
    void KO_03_rejectedFileOrEventHandlesNeverReachWindowsAndHoldNoMemory() {
        ioAnswers(ERROR_IO_PENDING, 0);
        long f = file();
        long event = k.CreateEvent(null, true, false, null);
        assertTrue(k.CloseHandle(event));
        assertFalse(k.ReadFile(f, new byte[1], 1, null, new Overlapped(event)));
        assertEquals(6, k.GetLastError());
        assertTrue(k.CloseHandle(f));
        assertFalse(k.WriteFile(f, new byte[1], 1, null, new Overlapped()));
        assertEquals(6, k.GetLastError());
        assertFalse(k.ReadFileEx(f, new byte[1], 1, new Overlapped(), (e, n, o) -> { }));
        assertEquals(6, k.GetLastError());
        assertFalse(k.CancelIoEx(f, null));
        assertFalse(k.GetOverlappedResult(f, new Overlapped(), new IntRef(), false));
        assertEquals(6, k.GetLastError());
        assertEquals(Kernel32.WAIT_FAILED, k.WaitForSingleObjectEx(f, 0, true));
        assertEquals(0, k.QueueUserAPC(x -> { }, f, 1));
        assertEquals(6, k.GetLastError());
        assertTrue(os.callsOf("ReadFile").isEmpty() && os.callsOf("WriteFile").isEmpty()
                && os.callsOf("ReadFileEx").isEmpty() && os.callsOf("CancelIoEx").isEmpty()
                && os.callsOf("QueueUserAPC").isEmpty() && os.callsOf("WaitForSingleObjectEx").isEmpty(), os.calls::toString);
        assertEquals(0, driver.pendingOverlapped());
        assertEquals(0, driver.pendingApcs());
    }

    @Test
    void KO_15_getOverlappedResultReportsIncompleteThenCopiesAndReleases() {
        ioAnswers(ERROR_IO_PENDING, 0);
        long f = file();
        Overlapped ov = new Overlapped();
        assertFalse(k.ReadFile(f, new byte[4], 4, null, ov));
        Pointer native_ = lastOverlapped.get();
        AtomicReference<Boolean> done = new AtomicReference<>(false);
        os.answers.put("GetOverlappedResult", args -> {
            assertSame(native_, args[1], "the operation's own native OVERLAPPED");
            if (!done.get()) {
                slot.set(996);
                return false;
            }
            ((IntByReference) args[2]).setValue(3);
            return true;
        });
        IntRef n = new IntRef();
        assertFalse(k.GetOverlappedResult(f, ov, n, false));
        assertEquals(996, k.GetLastError());
        assertEquals(1, driver.pendingOverlapped(), "still in flight: kept");
        complete(native_, 0, 3);
        done.set(true);
        assertTrue(k.GetOverlappedResult(f, ov, n, true));
        assertEquals(3, n.value);
        assertEquals(3, ov.InternalHigh);
        assertEquals(0, driver.pendingOverlapped());
        os.calls.clear();
        n.value = 0;
        assertTrue(k.GetOverlappedResult(f, ov, n, false), "a consumed result stays readable");
        assertEquals(3, n.value);
        assertTrue(os.callsOf("GetOverlappedResult").isEmpty(), "freed memory never reaches Windows");
    }

    @Test
    void KO_15_cancelIoExNamesTheOperationsNativeOverlappedOrFindsNothing() {
        ioAnswers(ERROR_IO_PENDING, 0);
        long f = file();
        Overlapped ov = new Overlapped();
        assertFalse(k.ReadFile(f, new byte[1], 1, null, ov));
        List<Object> cancelled = new ArrayList<>();
        os.answers.put("CancelIoEx", args -> cancelled.add(args[1]));
        os.answers.put("CancelIo", args -> true);
        assertTrue(k.CancelIoEx(f, ov));
        assertSame(lastOverlapped.get(), cancelled.get(0));
        assertEquals(1, driver.pendingOverlapped(), "the aborted completion is still to come (KO-15)");
        assertTrue(k.CancelIoEx(f, null));
        assertNull(cancelled.get(1));
        assertFalse(k.CancelIoEx(f, new Overlapped()), "not in flight");
        assertEquals(1168, k.GetLastError());
        assertEquals(2, os.callsOf("CancelIoEx").size());
        assertTrue(k.CancelIo(f));
        assertEquals(List.of("CancelIo(0x104)"), os.callsOf("CancelIo"));
    }

    @Test
    void KO_16_theCompletionRoutineRunsTheCallersRoutineWithTheCallersOverlappedOnce() {
        long f = file();
        List<Kernel32Library.LPOVERLAPPED_COMPLETION_ROUTINE> routines = new ArrayList<>();
        List<Pointer> buffers = new ArrayList<>();
        List<Pointer> overlappeds = new ArrayList<>();
        FakeKernel.Answer ex = args -> {
            buffers.add((Pointer) args[1]);
            overlappeds.add((Pointer) args[3]);
            routines.add((Kernel32Library.LPOVERLAPPED_COMPLETION_ROUTINE) args[4]);
            return true;
        };
        os.answers.put("ReadFileEx", ex);
        os.answers.put("WriteFileEx", ex);
        Overlapped ov = new Overlapped();
        byte[] into = new byte[4];
        List<String> seen = new ArrayList<>();
        assertTrue(k.ReadFileEx(f, into, 4, ov, (e, n, o) -> seen.add(e + "/" + n + "/" + (o == ov))));
        assertTrue(k.WriteFileEx(f, new byte[] {9}, 1, new Overlapped(), (e, n, o) -> seen.add("write")));
        assertSame(routines.get(0), routines.get(1), "one trampoline, held for the facade's life");
        assertEquals(2, driver.pendingOverlapped());

        // Windows runs the routine (an APC) with the native address it was given.
        Pointer readOverlapped = overlappeds.get(0);
        assertTrue(driver.holdsOverlapped(Pointer.nativeValue(readOverlapped)));
        complete(readOverlapped, 0, 2);
        buffers.get(0).write(0, new byte[] {'h', 'i'}, 0, 2);
        routines.get(0).callback(0, 2, readOverlapped);
        assertEquals(List.of("0/2/true"), seen);
        assertEquals("hi", new String(into, 0, 2, StandardCharsets.US_ASCII));
        assertEquals(2, ov.InternalHigh);
        assertEquals(1, driver.pendingOverlapped());
        routines.get(0).callback(0, 2, readOverlapped);
        assertEquals(1, seen.size(), "exactly once");

        assertFalse(k.ReadFileEx(f, into, 4, new Overlapped(), null), "a routine is required");
        assertEquals(87, k.GetLastError());
    }

    @Test
    void KO_14_getQueuedCompletionStatusExMapsEveryEntryBackAndConvertsTheNtStatus() {
        ioAnswers(ERROR_IO_PENDING, 0);
        long f = file();
        long port = k.CreateIoCompletionPort(f, 0, 5, 0);
        Overlapped io = new Overlapped();
        assertFalse(k.ReadFile(f, new byte[1], 1, null, io));
        complete(lastOverlapped.get(), STATUS_CANCELLED, 0);
        Overlapped posted = new Overlapped();
        os.answers.put("PostQueuedCompletionStatus", args -> {
            lastBuffer.set((Pointer) args[3]);
            return true;
        });
        assertTrue(k.PostQueuedCompletionStatus(port, 11, 9, posted));
        Pointer token = lastBuffer.get();
        os.answers.put("GetQueuedCompletionStatusEx", args -> {
            Pointer entries = (Pointer) args[1];
            assertEquals(4, args[2]);
            entries.setPointer(NativeOverlapped.ENTRY_KEY, new Pointer(5));
            entries.setPointer(NativeOverlapped.ENTRY_OVERLAPPED, lastOverlapped.get());
            entries.setPointer(NativeOverlapped.ENTRY_INTERNAL, new Pointer(STATUS_CANCELLED & 0xFFFFFFFFL));
            long second = NativeOverlapped.ENTRY_SIZE;
            entries.setPointer(second + NativeOverlapped.ENTRY_KEY, new Pointer(9));
            entries.setPointer(second + NativeOverlapped.ENTRY_OVERLAPPED, token);
            entries.setInt(second + NativeOverlapped.ENTRY_BYTES, 11);
            ((IntByReference) args[3]).setValue(2);
            return true;
        });
        OverlappedEntry[] entries = new OverlappedEntry[4];
        IntRef removed = new IntRef();
        assertTrue(k.GetQueuedCompletionStatusEx(port, entries, 4, removed, 0, true));
        assertTrue(os.callsOf("GetQueuedCompletionStatusEx").get(0).endsWith(", 0, true)"), "fAlertable passed");
        assertEquals(2, removed.value);
        assertSame(io, entries[0].lpOverlapped);
        assertEquals(995, entries[0].Internal, "STATUS_CANCELLED through RtlNtStatusToDosError");
        assertEquals(995, io.Internal);
        assertEquals(5, entries[0].lpCompletionKey);
        assertSame(posted, entries[1].lpOverlapped);
        assertEquals(9, entries[1].lpCompletionKey);
        assertEquals(11, entries[1].dwNumberOfBytesTransferred);
        assertEquals(0, driver.pendingOverlapped());
        assertNotNull(entries[1]);
        assertNull(entries[2]);

        assertFalse(k.GetQueuedCompletionStatusEx(port, entries, 0, removed, 0, false));
        assertEquals(87, k.GetLastError());
    }

    @Test
    void KO_16_queueUserApcRunsTheCallersRoutineOnceThroughOneHeldTrampoline() {
        LongRef t = new LongRef();
        assertTrue(k.DuplicateHandle(k.GetCurrentProcess(), k.GetCurrentThread(), k.GetCurrentProcess(), t, 0, false,
                Kernel32.DUPLICATE_SAME_ACCESS));
        List<Object[]> queued = new ArrayList<>();
        os.answers.put("QueueUserAPC", args -> {
            queued.add(args);
            return 1;
        });
        List<Long> ran = new ArrayList<>();
        assertEquals(1, k.QueueUserAPC(ran::add, t.value, 42));
        assertEquals(1, k.QueueUserAPC(ran::add, t.value, 43));
        assertEquals(2, driver.pendingApcs());
        assertSame(queued.get(0)[0], queued.get(1)[0], "one trampoline for every APC");
        assertTrue(os.callsOf("QueueUserAPC").get(0).contains(", 0x"), "the OS thread handle is passed");
        Kernel32Library.PAPCFUNC trampoline = (Kernel32Library.PAPCFUNC) queued.get(0)[0];
        trampoline.callback((Pointer) queued.get(1)[2]);
        trampoline.callback((Pointer) queued.get(0)[2]);
        trampoline.callback((Pointer) queued.get(0)[2]);
        assertEquals(List.of(43L, 42L), ran, "each routine with its dwData, once");
        assertEquals(0, driver.pendingApcs());

        os.answers.put("QueueUserAPC", args -> {
            slot.set(5);
            return 0;
        });
        assertEquals(0, k.QueueUserAPC(ran::add, t.value, 1));
        assertEquals(5, k.GetLastError());
        assertEquals(0, driver.pendingApcs(), "a refused APC is not held");
    }

    @Test
    void KO_16_alertableWaitsPassTheirFlagAndReturnWaitIoCompletion() {
        long a = k.CreateEvent(null, true, false, null);
        long b = k.CreateEvent(null, true, false, null);
        os.answers.put("WaitForSingleObjectEx", args -> Kernel32.WAIT_IO_COMPLETION);
        os.answers.put("WaitForMultipleObjectsEx", args -> Kernel32.WAIT_IO_COMPLETION);
        os.answers.put("SignalObjectAndWait", args -> Kernel32.WAIT_IO_COMPLETION);
        os.answers.put("SleepEx", args -> Kernel32.WAIT_IO_COMPLETION);
        assertEquals(Kernel32.WAIT_IO_COMPLETION, k.WaitForSingleObjectEx(a, 100, true));
        assertEquals(List.of("WaitForSingleObjectEx(0x104, 100, true)"), os.callsOf("WaitForSingleObjectEx"));
        assertEquals(Kernel32.WAIT_IO_COMPLETION, k.WaitForMultipleObjectsEx(2, new long[] {a, b}, false, 5, true));
        assertEquals(List.of("WaitForMultipleObjectsEx(2, [0x104,0x108], false, 5, true)"),
                os.callsOf("WaitForMultipleObjectsEx"));
        assertEquals(Kernel32.WAIT_IO_COMPLETION, k.SignalObjectAndWait(a, b, 7, true));
        assertEquals(List.of("SignalObjectAndWait(0x104, 0x108, 7, true)"), os.callsOf("SignalObjectAndWait"));
        assertEquals(Kernel32.WAIT_IO_COMPLETION, k.SleepEx(0, true));
        assertEquals(List.of("SleepEx(0, true)"), os.callsOf("SleepEx"));

        assertTrue(k.CloseHandle(b));
        assertEquals(Kernel32.WAIT_FAILED, k.SignalObjectAndWait(a, b, 0, true));
        assertEquals(6, k.GetLastError());
        assertEquals(Kernel32.WAIT_FAILED, k.WaitForMultipleObjectsEx(2, new long[] {a, b}, false, 0, true));
        assertEquals(1, os.callsOf("SignalObjectAndWait").size(), "a closed handle never reaches Windows");
        assertEquals(1, os.callsOf("WaitForMultipleObjectsEx").size());
    }

    @Test
    void theNativeLayoutsAreTheWindowsHeaders() throws IOException {
        String golden;
        try (InputStream in = getClass().getResourceAsStream("/io/teardown/backend/windows/jna/windows-x64-abi.txt")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(golden.contains("\nstruct OVERLAPPED size " + NativeOverlapped.SIZE + " align 8\n"));
        assertTrue(golden.contains("\nfield OVERLAPPED.Internal " + NativeOverlapped.INTERNAL + " 8\n"));
        assertTrue(golden.contains("\nfield OVERLAPPED.InternalHigh " + NativeOverlapped.INTERNAL_HIGH + " 8\n"));
        assertTrue(golden.contains("\nfield OVERLAPPED.Offset " + NativeOverlapped.OFFSET + " 4\n"));
        assertTrue(golden.contains("\nfield OVERLAPPED.OffsetHigh " + NativeOverlapped.OFFSET_HIGH + " 4\n"));
        assertTrue(golden.contains("\nfield OVERLAPPED.hEvent " + NativeOverlapped.H_EVENT + " 8\n"));
        assertTrue(golden.contains("\nstruct OVERLAPPED_ENTRY size " + NativeOverlapped.ENTRY_SIZE + " align 8\n"));
        assertTrue(golden.contains("\nfield OVERLAPPED_ENTRY.lpCompletionKey " + NativeOverlapped.ENTRY_KEY + " 8\n"));
        assertTrue(golden.contains("\nfield OVERLAPPED_ENTRY.lpOverlapped " + NativeOverlapped.ENTRY_OVERLAPPED + " 8\n"));
        assertTrue(golden.contains("\nfield OVERLAPPED_ENTRY.Internal " + NativeOverlapped.ENTRY_INTERNAL + " 8\n"));
        assertTrue(golden.contains("\nfield OVERLAPPED_ENTRY.dwNumberOfBytesTransferred " + NativeOverlapped.ENTRY_BYTES
                + " 4\n"));
    }

    @Test
    void oneOverlappedCarriesOneOperationAtATime() {
        ioAnswers(ERROR_IO_PENDING, 0);
        long f = file();
        Overlapped ov = new Overlapped();
        assertFalse(k.ReadFile(f, new byte[1], 1, null, ov));
        assertFalse(k.ReadFile(f, new byte[1], 1, null, ov), "still in flight");
        assertEquals(87, k.GetLastError());
        assertEquals(1, os.callsOf("ReadFile").size());
        assertEquals(1, driver.pendingOverlapped());
    }
}

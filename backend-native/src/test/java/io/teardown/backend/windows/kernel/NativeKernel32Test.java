package io.teardown.backend.windows.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.platform.win32.Kernel32;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.MisuseException;
import io.teardown.api.Session;
import io.teardown.backend.windows.jna.Advapi32Library;
import io.teardown.backend.windows.jna.Kernel32Library;
import io.teardown.backend.windows.jna.KernelBaseLibrary;
import io.teardown.backend.windows.jna.Ktmw32Library;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.NtdllLibrary;
import io.teardown.backend.windows.jna.ThreadLocalLastError;
import io.teardown.kernel.Win32FindData;
import io.teardown.kernel.front.KernelFront;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The kernel front over {@link NativeKernelDriver} over a fake kernel (no DLL): session values in front of OS values, errors
 * copied from the captured last error, invalid/stale/foreign values stopped before Windows, a recycled
 * value never reaching the old OS handle, close racing a wait, the KO-09 closers, KO-12.
 */
@Timeout(10)
class NativeKernel32Test {
    private final ThreadLocalLastError slot = new ThreadLocalLastError();
    private final FakeKernel os = new FakeKernel(slot);
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private Session session = Session.builder().name("native-kernel-test").build();
    private io.teardown.kernel.Kernel32 k = facade(session);

    private io.teardown.kernel.Kernel32 facade(Session s) {
        return new KernelFront(s, new NativeKernelDriver(s, os.as(Kernel32Library.class),
                os.as(Advapi32Library.class),
                () -> os.as(KernelBaseLibrary.class), os.as(Ktmw32Library.class),
                () -> os.as(NtdllLibrary.class), new NativeCalls(slot)));
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        session.close();
    }

    @Test
    void handlesAreSessionValuesAndCallsReachTheOsValue() {
        long e = k.CreateEvent(null, true, false, null);
        assertNotEquals(0, e);
        assertFalse(os.objects.containsKey(e), "the session value is not the OS value");
        assertTrue(k.SetEvent(e));
        assertEquals(List.of("SetEvent(0x104)"), os.callsOf("SetEvent"));
        assertTrue(k.CloseHandle(e));
        assertEquals(List.of("CloseHandle(0x104)"), os.callsOf("CloseHandle"));
        assertTrue(os.objects.isEmpty());
    }

    @Test
    void invalidClosedAndRawOsValuesFailWith6AndNeverReachWindows() {
        long e = k.CreateEvent(null, true, false, null);
        assertTrue(k.CloseHandle(e));
        os.calls.clear();
        k.SetLastError(0);
        assertFalse(k.CloseHandle(e), "KO-03");
        assertEquals(6, k.GetLastError());
        assertFalse(k.CloseHandle(0));
        assertFalse(k.SetEvent(e));
        assertEquals(Kernel32.WAIT_FAILED, k.WaitForSingleObject(e, 0));
        assertEquals(6, k.GetLastError());
        assertFalse(k.CloseHandle(0x104), "an OS value is not a session value");
        assertTrue(os.calls.isEmpty(), os.calls::toString);
    }

    @Test
    void theCapturedLastErrorIsCopiedOnFailure() {
        long e = k.CreateEvent(null, true, false, null);
        os.hooks.put("SetEvent", args -> os.objects.clear()); // the OS object vanished behind our back
        assertFalse(k.SetEvent(e));
        assertEquals(6, k.GetLastError(), "from the slot, not made up");
        os.hooks.clear();
        k.SetLastError(77);
        long f = k.CreateEvent(null, true, false, null);
        assertEquals(0, k.GetLastError(), "a creating call reports its own last error (0 or ERROR_ALREADY_EXISTS)");
        k.SetLastError(77);
        assertTrue(k.SetEvent(f));
        assertEquals(77, k.GetLastError(), "a successful BOOL call leaves it alone");
        k.CloseHandle(f);
        k.CloseHandle(e);
    }

    @Test
    void aRecycledValueNeverReachesTheOldOsHandle() {
        long a = k.CreateEvent(null, true, false, null);
        long osA = 0x104;
        assertTrue(k.CloseHandle(a));
        long b = k.CreateMutex(null, false, null);
        assertEquals(a, b, "LIFO slot reuse, as on Windows (KO-11)");
        os.calls.clear();
        k.ReleaseMutex(b);
        assertEquals(List.of("ReleaseMutex(0x" + Long.toHexString(osA) + ")"), os.callsOf("ReleaseMutex"),
                "the OS reused its value too; the call reaches the new object only");
        assertTrue(k.CloseHandle(b));
    }

    @Test
    void closeRacingAWaitReturnsAtOnceAndClosesTheOsHandleWhenTheWaitEnds() throws Exception {
        long e = k.CreateEvent(null, true, false, null);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch signal = new CountDownLatch(1);
        os.hooks.put("WaitForSingleObject", args -> {
            inside.countDown();
            assertTrue(signal.await(5, TimeUnit.SECONDS));
        });
        Future<Integer> wait = pool.submit(() -> k.WaitForSingleObject(e, Kernel32.INFINITE));
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        assertTrue(k.CloseHandle(e), "KO-10: returns at once");
        assertTrue(os.callsOf("CloseHandle").isEmpty(), "the OS handle stays open for the wait");
        assertFalse(k.SetEvent(e), "the value is invalid at once");
        long other = k.CreateEvent(null, true, false, null);
        assertNotEquals(e, other, "the slot is not reused while the wait holds it");
        signal.countDown();
        assertEquals(0, wait.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("CloseHandle(0x104)"), os.callsOf("CloseHandle"));
        k.CloseHandle(other);
    }

    @Test
    void protectedHandlesStayOpen() {
        long e = k.CreateEvent(null, true, false, null);
        assertTrue(k.SetHandleInformation(e, io.teardown.kernel.Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE, io.teardown.kernel.Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE));
        IntRef flags = new IntRef();
        assertTrue(k.GetHandleInformation(e, flags));
        assertEquals(io.teardown.kernel.Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE, flags.value);
        assertFalse(k.CloseHandle(e));
        assertEquals(6, k.GetLastError(), "KO-12");
        assertTrue(k.SetEvent(e), "still working");
        assertTrue(k.SetHandleInformation(e, io.teardown.kernel.Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE, 0));
        assertTrue(k.CloseHandle(e));
    }

    @Test
    void duplicateWithCloseSourceReturnsTheSourcesValue() {
        long e = k.CreateEvent(null, true, false, null);
        long spare = k.CreateEvent(null, true, false, null);
        assertTrue(k.CloseHandle(spare)); // a lower... or other free slot exists
        LongRef copy = new LongRef();
        assertTrue(k.DuplicateHandle(-1, e, -1, copy, 0, false,
                io.teardown.kernel.Kernel32.DUPLICATE_SAME_ACCESS | io.teardown.kernel.Kernel32.DUPLICATE_CLOSE_SOURCE));
        assertEquals(e, copy.value, "KO-02");
        assertTrue(k.SetEvent(copy.value));
        assertTrue(k.CloseHandle(copy.value));
        assertTrue(os.objects.isEmpty(), os.objects::toString);
    }

    @Test
    void findHandlesAndKeysHaveTheirOwnClosers() {
        Win32FindData data = new Win32FindData();
        long find = k.FindFirstFile("C:\\*", data);
        assertFalse(k.CloseHandle(find), "KO-09");
        assertEquals(6, k.GetLastError());
        assertTrue(os.callsOf("CloseHandle").isEmpty(), "a find handle never reaches CloseHandle");
        assertEquals(Kernel32.WAIT_FAILED, k.WaitForSingleObject(find, 0), "nor any kernel function");
        assertTrue(k.FindClose(find));
        LongRef key = new LongRef();
        assertEquals(0, k.RegOpenKeyEx(io.teardown.kernel.Kernel32.HKEY_CURRENT_USER, "Software", 0, io.teardown.kernel.Kernel32.KEY_READ, key));
        assertTrue(k.CloseHandle(key.value), "KO-09: no error, nothing closed");
        assertEquals(0, k.RegCloseKey(key.value));
        assertEquals(6, k.RegCloseKey(key.value));
        assertEquals(0, k.RegCloseKey(io.teardown.kernel.Kernel32.HKEY_LOCAL_MACHINE));
        long e = k.CreateEvent(null, true, false, null);
        assertFalse(k.FindClose(e), "FindClose accepts only find handles");
        assertEquals(0, k.RegCloseKey(e), "RegCloseKey ends in NtClose: it closes any kernel handle but a find handle");
        assertTrue(os.callsOf("FindClose").size() == 1 && os.callsOf("RegCloseKey").size() == 1, os.calls::toString);
        k.CloseHandle(e);
    }

    @Test
    void everyPredefinedKeyOfWinregHIsClosedWithoutReachingWindows() {
        // winreg.h: 0x80000000 … 0x80000007 (HKEY_CURRENT_USER_LOCAL_SETTINGS), 0x80000050
        // (HKEY_PERFORMANCE_TEXT), 0x80000060 (HKEY_PERFORMANCE_NLSTEXT), sign-extended on Win64.
        for (long key : new long[] {0x80000000, 0x80000006, 0x80000007, 0x80000050, 0x80000060}) {
            assertEquals(0, k.RegCloseKey((int) key), Long.toHexString(key) + " is predefined (KO-09)");
        }
        assertTrue(os.callsOf("RegCloseKey").isEmpty(), os.calls::toString);
        for (long key : new long[] {0x80000008, 0x8000004F, 0x80000051, 0x80000061}) {
            assertEquals(6, k.RegCloseKey((int) key), Long.toHexString(key) + " is not predefined");
        }
        LongRef out = new LongRef();
        assertEquals(0, k.RegOpenKeyEx(0x80000007, "Software", 0, io.teardown.kernel.Kernel32.KEY_READ, out));
        assertTrue(os.callsOf("RegOpenKeyEx").get(0).startsWith("RegOpenKeyEx(0xffffffff80000007, Software, "),
                "HKEY_CURRENT_USER_LOCAL_SETTINGS reaches Windows as itself: " + os.calls);
        assertEquals(0, k.RegCloseKey(out.value));
    }

    @Test
    void regQueryValueExPassesAPointerSizedNullAsLpReserved() {
        IntRef type = new IntRef();
        byte[] data = new byte[4];
        IntRef size = new IntRef(4);
        assertEquals(0, k.RegQueryValueEx(io.teardown.kernel.Kernel32.HKEY_LOCAL_MACHINE, "Value", null, type, data, size));
        assertEquals(4, type.value);
        assertEquals(42, data[0]);
        assertEquals(1, os.callsOf("RegQueryValueEx").size());
        assertTrue(os.callsOf("RegQueryValueEx").get(0).contains(", null, "), "lpReserved is a NULL pointer");
    }

    @Test
    void compareObjectHandlesComparesTheOsHandles() {
        long e = k.CreateEvent(null, true, false, null);
        LongRef dup = new LongRef();
        assertTrue(k.DuplicateHandle(-1, e, -1, dup, 0, false, io.teardown.kernel.Kernel32.DUPLICATE_SAME_ACCESS));
        assertTrue(k.CompareObjectHandles(e, e));
        assertFalse(k.CompareObjectHandles(e, dup.value), "the fake gives each duplicate its own object");
        assertEquals(288, k.GetLastError(), "ERROR_NOT_SAME_OBJECT, as Windows reports it");
        assertFalse(k.CompareObjectHandles(e, 0x7777));
        assertEquals(6, k.GetLastError());
    }

    @Test
    void compareObjectHandlesWithoutTheExportFailsWithTheLoadersError() {
        long e = k.CreateEvent(null, true, false, null);
        KernelBaseLibrary missingExport = (KernelBaseLibrary) java.lang.reflect.Proxy.newProxyInstance(
                KernelBaseLibrary.class.getClassLoader(), new Class<?>[] {KernelBaseLibrary.class}, (p, m, a) -> {
                    throw new UnsatisfiedLinkError("Error looking up function 'CompareObjectHandles'");
                });
        io.teardown.kernel.Kernel32 noExport = new KernelFront(session, new NativeKernelDriver(session, os.as(Kernel32Library.class),
                os.as(Advapi32Library.class),
                () -> missingExport, os.as(Ktmw32Library.class), () -> os.as(NtdllLibrary.class),
                new NativeCalls(slot)));
        assertFalse(noExport.CompareObjectHandles(e, e), "FALSE, not an UnsatisfiedLinkError");
        assertEquals(KernelBaseLibrary.ERROR_PROC_NOT_FOUND, noExport.GetLastError());
        io.teardown.kernel.Kernel32 noDll = new KernelFront(session, new NativeKernelDriver(session, os.as(Kernel32Library.class),
                os.as(Advapi32Library.class),
                () -> {
                    throw new UnsatisfiedLinkError("Unable to load library 'kernelbase'");
                }, os.as(Ktmw32Library.class), () -> os.as(NtdllLibrary.class),
                new NativeCalls(slot)));
        assertFalse(noDll.CompareObjectHandles(e, e));
        assertEquals(KernelBaseLibrary.ERROR_MOD_NOT_FOUND, noDll.GetLastError());
        assertTrue(k.CloseHandle(e), "the handles stay usable");
    }

    @Test
    void closeHandleOnASocketClosesItTheWayWindowsDoes() {
        long os = this.os.open("Socket");
        long socket = session.handles(io.teardown.api.HandleSpace.KERNEL).insert(new io.teardown.backend.windows.handles.OsHandle(
                os, "Socket", io.teardown.api.handle.Closer.CLOSESOCKET, true, v -> {
                    throw new AssertionError("closesocket must not be used for CloseHandle (WS-15)");
                }, null));
        assertTrue(k.CloseHandle(socket), "WS-15: works like Windows");
        assertEquals(List.of("CloseHandle(0x" + Long.toHexString(os) + ")"), this.os.callsOf("CloseHandle"));
        assertFalse(k.CloseHandle(socket), "the socket is gone");
    }

    @Test
    void pseudoHandlesPassThrough() {
        assertTrue(k.CloseHandle(-1), "KO-04");
        assertEquals(List.of("CloseHandle(0xffffffffffffffff)"), os.callsOf("CloseHandle"));
        assertEquals(0, k.WaitForSingleObject(-2, 0));
    }

    @Test
    void standardHandlesAreTheSessionsOwnCopies() {
        long out = k.GetStdHandle(io.teardown.kernel.Kernel32.STD_OUTPUT_HANDLE);
        assertNotEquals(0, out);
        assertEquals(out, k.GetStdHandle(io.teardown.kernel.Kernel32.STD_OUTPUT_HANDLE));
        assertTrue(k.CloseHandle(io.teardown.kernel.Kernel32.STD_OUTPUT_HANDLE), "KO-04");
        assertEquals(0, k.GetStdHandle(io.teardown.kernel.Kernel32.STD_OUTPUT_HANDLE));
        assertFalse(os.callsOf("CloseHandle").contains("CloseHandle(0x7004)"), "the real stdout is never closed");
        assertTrue(os.objects.containsKey(0x7004L));
    }

    @Test
    void strictModeRaisesForInvalidValuesButNotForNull() {
        session.close();
        session = Session.builder().name("native-kernel-strict").strict(true).build();
        k = facade(session);
        assertThrows(MisuseException.class, () -> k.CloseHandle(0x1234));
        assertFalse(k.CloseHandle(0));
        assertEquals(6, k.GetLastError());
    }

    @Test
    void sessionCloseClosesWhatIsStillOpen() {
        k.CreateEvent(null, true, false, null);
        k.FindFirstFile("C:\\*", new Win32FindData());
        session.close();
        assertTrue(os.objects.isEmpty(), os.objects::toString);
    }

    @Test
    void createThreadRunsAJavaThreadBehindARealThreadHandle() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        IntRef tid = new IntRef();
        long t = k.CreateThread(null, 0, p -> {
            ran.countDown();
            return (int) p;
        }, 7, io.teardown.kernel.Kernel32.CREATE_SUSPENDED, tid);
        assertNotEquals(0, t);
        assertEquals(42, tid.value, "the OS thread id");
        assertEquals(1, os.callsOf("OpenThread").size());
        IntRef code = new IntRef();
        assertTrue(k.GetExitCodeThread(t, code));
        assertEquals(io.teardown.kernel.Kernel32.STILL_ACTIVE, code.value);
        assertFalse(ran.await(50, TimeUnit.MILLISECONDS), "suspended");
        assertEquals(1, k.ResumeThread(t));
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < 500 && code.value == io.teardown.kernel.Kernel32.STILL_ACTIVE; i++) {
            Thread.sleep(10);
            k.GetExitCodeThread(t, code);
        }
        assertEquals(7, code.value);
        assertTrue(k.CloseHandle(t));
    }

    @Test
    void closingAThreadHandleDoesNotStopTheThread() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        long t = k.CreateThread(null, 0, p -> {
            try {
                go.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return 1;
            }
            finished.countDown();
            return 0;
        }, 0, 0, null);
        assertTrue(k.CloseHandle(t), "KO-06");
        go.countDown();
        assertTrue(finished.await(5, TimeUnit.SECONDS), "the thread ran on");
    }

    @Test
    void createProcessRegistersRealProcessAndThreadHandles() {
        long out = k.CreateEvent(null, true, false, null); // stands in for an inheritable pipe end
        io.teardown.kernel.StartupInfo si = new io.teardown.kernel.StartupInfo();
        si.dwFlags = io.teardown.kernel.Kernel32.STARTF_USESTDHANDLES;
        si.hStdOutput = out;
        io.teardown.kernel.ProcessInformation pi = new io.teardown.kernel.ProcessInformation();
        assertTrue(k.CreateProcess(null, "cmd /c exit 3", null, null, true, 0, new String[] {"A=1"}, null, si, pi));
        assertEquals(99, pi.dwProcessId);
        assertTrue(os.callsOf("CreateProcess").get(0).contains("cmd /c exit 3"));
        assertNotEquals(0, pi.hProcess);
        assertTrue(k.CloseHandle(pi.hThread), "KO-06: closing does not stop anything");
        assertTrue(k.CloseHandle(pi.hProcess));
        assertTrue(k.CloseHandle(out));
        assertTrue(os.objects.isEmpty(), os.objects::toString);
        si.hStdOutput = out; // closed now: never handed to the child
        assertFalse(k.CreateProcess(null, "cmd", null, null, true, 0, null, null, si, pi));
        assertEquals(6, k.GetLastError());
        assertEquals(1, os.callsOf("CreateProcess").size());
    }

    @Test
    void jobLimitsReachWindowsInTheNativeLayout() {
        long job = k.CreateJobObject(null, null);
        io.teardown.kernel.JobObjectExtendedLimits limits = new io.teardown.kernel.JobObjectExtendedLimits();
        limits.BasicLimitInformation.LimitFlags = io.teardown.kernel.Kernel32.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        assertTrue(k.SetInformationJobObject(job, io.teardown.kernel.Kernel32.JobObjectExtendedLimitInformation, limits,
                io.teardown.kernel.JobObjectExtendedLimits.SIZE));
        assertEquals(io.teardown.kernel.Kernel32.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, os.jobLimitFlags);
        assertFalse(k.SetInformationJobObject(job, 2, limits, 8));
        assertEquals(87, k.GetLastError());
        assertTrue(k.TerminateJobObject(job, 1));
        assertTrue(k.CloseHandle(job));
        assertFalse(k.TerminateJobObject(job, 1));
        assertEquals(6, k.GetLastError());
    }

    @Test
    void postedPacketsHandTheSameJavaOverlappedBack() {
        long port = k.CreateIoCompletionPort(io.teardown.kernel.Kernel32.INVALID_HANDLE_VALUE, 0, 0, 1);
        assertNotEquals(0, port);
        io.teardown.kernel.Overlapped ov = new io.teardown.kernel.Overlapped();
        assertTrue(k.PostQueuedCompletionStatus(port, 12, 34, ov));
        IntRef bytes = new IntRef();
        LongRef key = new LongRef();
        io.teardown.api.Ref<io.teardown.kernel.Overlapped> out = new io.teardown.api.Ref<>();
        assertTrue(k.GetQueuedCompletionStatus(port, bytes, key, out, 0));
        assertEquals(12, bytes.value);
        assertEquals(34, key.value);
        assertTrue(out.value == ov, "the same Java object");
        assertFalse(k.GetQueuedCompletionStatus(port, bytes, key, out, 0));
        assertEquals(258, k.GetLastError(), "WAIT_TIMEOUT");
        long file = k.CreateEvent(null, true, false, null); // any handle will do for the fake
        assertEquals(port, k.CreateIoCompletionPort(file, port, 5, 0), "associating returns the port's own value");
        assertTrue(k.CloseHandle(port));
        assertTrue(k.CloseHandle(file));
    }

    @Test
    void unwiredFunctionsReport120() {
        assertFalse(k.ConnectNamedPipe(4, new io.teardown.kernel.Overlapped()));
        assertEquals(120, k.GetLastError(), "an overlapped ConnectNamedPipe is not wired");
        assertFalse(k.SetWaitableTimer(4, -1, 0, (arg, low, high) -> { }, 0, false));
        assertEquals(120, k.GetLastError(), "a timer APC routine is not wired");
        assertTrue(os.calls.isEmpty(), os.calls::toString);
    }
}

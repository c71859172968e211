package io.teardown.testkit.kernel;

import static io.teardown.kernel.Kernel32.FILE_BEGIN;
import static io.teardown.kernel.Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE;
import static io.teardown.kernel.Kernel32.HKEY_CURRENT_USER;
import static io.teardown.kernel.Kernel32.INVALID_HANDLE_VALUE;
import static io.teardown.kernel.Kernel32.KEY_READ;
import static io.teardown.kernel.Kernel32.STARTF_USESTDHANDLES;
import static io.teardown.kernel.Kernel32.STD_OUTPUT_HANDLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.OverlappedEntry;
import io.teardown.kernel.ProcessInformation;
import io.teardown.kernel.StartupInfo;
import io.teardown.kernel.Win32FindData;
import io.teardown.kernel.spi.FileCalls;
import io.teardown.kernel.spi.KernelDriver;
import io.teardown.kernel.spi.PortCalls;
import io.teardown.kernel.spi.ProcessCalls;
import io.teardown.kernel.spi.ResolvedHandle;
import io.teardown.testkit.CallRecorder.Call;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks the kernel front makes for the file, find-handle, registry, completion-port and
 * {@code CreateProcess} functions before any driver works (KO-03, KO-04, KO-09, KO-11, KO-12), written once
 * and run over any driver: each rule builds the front over a recorder of the given driver and asserts both
 * what the flat call returns and that no value the front rejected reached the driver's work.
 * {@link KernelFileFrontContract} runs them on each backend's own driver; backend-native runs them over
 * its driver on recording bindings on every OS. Every value used is one the front must refuse, or one of
 * an object the rule created with the functions any kernel has (events, ports, find handles, keys). See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is".
 */
public final class KernelFileFrontRules {
    private static final int INVALID = 6;
    /** The driver methods that do the work of a function; the capability questions are not work. */
    private static final Set<String> WORK = workMethods();

    private KernelFileFrontRules() {
    }

    private static Set<String> workMethods() {
        return Arrays.stream(new Class<?>[] {FileCalls.class, PortCalls.class, ProcessCalls.class})
                .flatMap(c -> Arrays.stream(c.getMethods()))
                .filter(m -> !m.isDefault())
                .map(Method::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The front over a recorder of {@code driver}; the session closes the recorder and the driver. */
    private record Recorded(Kernel32 k, RecordingKernelDriver recorder) {
        /** The work that reached the driver's families, by function name. */
        List<String> work() {
            return recorder.calls().stream().map(Call::method).filter(WORK::contains).toList();
        }
    }

    private static Recorded front(Session session, KernelDriver driver) {
        RecordingKernelDriver recorder = RecordingKernelDriver.over(driver);
        session.component(RecordingKernelDriver.class, x -> recorder);
        return new Recorded(KernelDriver.front(session, recorder.driver()), recorder);
    }

    private static void lastError(Kernel32 k, int expected, String what) {
        assertEquals(expected, k.GetLastError(), what);
    }

    /** Values that name no open kernel handle: 0, a closed event, a never-issued slot, non-pseudo negatives. */
    private static long[] deadValues(Kernel32 k) {
        long e = k.CreateEvent(null, true, false, null);
        assertNotEquals(0, e, "CreateEvent");
        assertTrue(k.CloseHandle(e));
        return new long[] {0, e, e + 0x4000, -7, -13, 0x7FFF_FFF0L};
    }

    /**
     * Every file and port function given a value that names no open kernel handle: the same failure on
     * every backend (6, and the function's failure value) and nothing reaches the driver's work (KO-03).
     */
    public static void deadValuesNeverReachTheFileOrPortWork(Session session, KernelDriver driver) {
        Recorded r = front(session, driver);
        Kernel32 k = r.k();
        long[] dead = deadValues(k);
        r.recorder().clear();
        for (long bad : dead) {
            String v = "0x" + Long.toHexString(bad);
            everyHandleCallFails(k, bad, v);
        }
        assertEquals(List.of(), r.work(), "no rejected value reached the driver");
    }

    /** The file, port and find/registry calls with {@code value} for every handle; each must fail with 6. */
    private static void everyHandleCallFails(Kernel32 k, long value, String v) {
        byte[] b = new byte[4];
        IntRef n = new IntRef(99);
        assertFalse(k.ReadFile(value, b, 4, n, null), "ReadFile(" + v + ")");
        lastError(k, INVALID, "ReadFile(" + v + ")");
        assertEquals(0, n.value, "the count is 0 before the handle is looked at");
        assertFalse(k.WriteFile(value, b, 4, new IntRef(), new Overlapped()), "WriteFile(" + v + ")");
        lastError(k, INVALID, "WriteFile(" + v + ")");
        assertFalse(k.ReadFileEx(value, b, 4, new Overlapped(), (err, bytes, ov) -> { }), "ReadFileEx(" + v + ")");
        lastError(k, INVALID, "ReadFileEx(" + v + ")");
        assertFalse(k.WriteFileEx(value, b, 4, new Overlapped(), (err, bytes, ov) -> { }), "WriteFileEx(" + v + ")");
        lastError(k, INVALID, "WriteFileEx(" + v + ")");
        assertFalse(k.SetFilePointerEx(value, 0, new LongRef(), FILE_BEGIN), "SetFilePointerEx(" + v + ")");
        lastError(k, INVALID, "SetFilePointerEx(" + v + ")");
        assertFalse(k.GetFileSizeEx(value, new LongRef()), "GetFileSizeEx(" + v + ")");
        lastError(k, INVALID, "GetFileSizeEx(" + v + ")");
        assertFalse(k.FlushFileBuffers(value), "FlushFileBuffers(" + v + ")");
        lastError(k, INVALID, "FlushFileBuffers(" + v + ")");
        if (value != 0) {
            assertEquals(INVALID_HANDLE_VALUE, k.CreateFile("teardown-never-created", 0, 0, null, 3, 0, value),
                    "CreateFile with template " + v);
            lastError(k, INVALID, "CreateFile(template " + v + ")");
        }
        assertEquals(INVALID_HANDLE_VALUE, k.CreateFileTransacted("teardown-never-created", 0, 0, null, 3, 0, 0,
                value, null, null), "CreateFileTransacted(" + v + ")");
        lastError(k, INVALID, "CreateFileTransacted(" + v + ")");
        assertEquals(0, k.CreateFileMapping(value, null, 0x04, 0, 4096, null), "CreateFileMapping(" + v + ")");
        lastError(k, INVALID, "CreateFileMapping(" + v + ")");
        assertNull(k.MapViewOfFile(value, 0x4, 0, 0, 0), "MapViewOfFile(" + v + ")");
        lastError(k, INVALID, "MapViewOfFile(" + v + ")");
        assertFalse(k.ConnectNamedPipe(value, null), "ConnectNamedPipe(" + v + ")");
        lastError(k, INVALID, "ConnectNamedPipe(" + v + ")");
        assertFalse(k.DisconnectNamedPipe(value), "DisconnectNamedPipe(" + v + ")");
        lastError(k, INVALID, "DisconnectNamedPipe(" + v + ")");
        assertFalse(k.GetMailslotInfo(value, null, null, null, null), "GetMailslotInfo(" + v + ")");
        lastError(k, INVALID, "GetMailslotInfo(" + v + ")");
        assertEquals(0, k.CreateIoCompletionPort(value, 0, 0, 0), "CreateIoCompletionPort(" + v + ", 0)");
        lastError(k, INVALID, "CreateIoCompletionPort(" + v + ", 0)");
        assertFalse(k.PostQueuedCompletionStatus(value, 0, 0, null), "PostQueuedCompletionStatus(" + v + ")");
        lastError(k, INVALID, "PostQueuedCompletionStatus(" + v + ")");
        assertFalse(k.GetQueuedCompletionStatus(value, new IntRef(), new LongRef(), new Ref<>(), 0),
                "GetQueuedCompletionStatus(" + v + ")");
        lastError(k, INVALID, "GetQueuedCompletionStatus(" + v + ")");
        assertFalse(k.GetQueuedCompletionStatusEx(value, new OverlappedEntry[1], 0, new IntRef(), 0, false),
                "GetQueuedCompletionStatusEx(" + v + "): the port before the count");
        lastError(k, INVALID, "GetQueuedCompletionStatusEx(" + v + ")");
        assertFalse(k.SetFileCompletionNotificationModes(value, 1), "SetFileCompletionNotificationModes(" + v + ")");
        lastError(k, INVALID, "SetFileCompletionNotificationModes(" + v + ")");
        assertFalse(k.GetOverlappedResult(value, new Overlapped(), new IntRef(), false), "GetOverlappedResult(" + v + ")");
        lastError(k, INVALID, "GetOverlappedResult(" + v + ")");
        assertFalse(k.GetOverlappedResultEx(value, null, null, 0, false), "GetOverlappedResultEx(" + v + "): the handle first");
        lastError(k, INVALID, "GetOverlappedResultEx(" + v + ")");
        assertFalse(k.CancelIo(value), "CancelIo(" + v + ")");
        lastError(k, INVALID, "CancelIo(" + v + ")");
        assertFalse(k.CancelIoEx(value, null), "CancelIoEx(" + v + ")");
        lastError(k, INVALID, "CancelIoEx(" + v + ")");
        assertFalse(k.FindNextFile(value, new Win32FindData()), "FindNextFile(" + v + ")");
        lastError(k, INVALID, "FindNextFile(" + v + ")");
        k.SetLastError(55);
        assertEquals(INVALID, k.RegOpenKeyEx(value, "Software", 0, KEY_READ, new LongRef()), "RegOpenKeyEx(" + v + ")");
        assertEquals(INVALID, k.RegSetValueEx(value, "x", 0, 4, new byte[4], 4), "RegSetValueEx(" + v + ")");
        assertEquals(INVALID, k.RegQueryValueEx(value, "x", null, null, null, null), "RegQueryValueEx(" + v + ")");
        lastError(k, 55, "the registry functions return their error and leave the last error alone");
    }

    /**
     * A find handle is no kernel handle (KO-09): every file and port function refuses it with 6, and a
     * kernel handle is no find handle or key: {@code FindNextFile}, {@code FindClose} and the registry
     * functions refuse it — none of it reaches the driver's work. {@code findPattern} names at least one
     * file for the backend.
     */
    public static void eachFamilyTakesOnlyItsOwnHandles(Session session, KernelDriver driver, String findPattern) {
        Recorded r = front(session, driver);
        Kernel32 k = r.k();
        long find = k.FindFirstFile(findPattern, new Win32FindData());
        assertNotEquals(INVALID_HANDLE_VALUE, find, "FindFirstFile(" + findPattern + ")");
        long event = k.CreateEvent(null, true, false, null);
        assertNotEquals(0, event);
        r.recorder().clear();
        everyHandleCallFailsButTheFindFamily(k, find);
        assertFalse(k.FindNextFile(event, new Win32FindData()), "FindNextFile(event)");
        lastError(k, INVALID, "FindNextFile(event)");
        assertFalse(k.FindClose(event), "FindClose(event)");
        lastError(k, INVALID, "FindClose(event)");
        k.SetLastError(55);
        assertEquals(INVALID, k.RegOpenKeyEx(event, "Software", 0, KEY_READ, new LongRef()), "RegOpenKeyEx(event)");
        assertEquals(INVALID, k.RegQueryValueEx(find, "x", null, null, null, null), "RegQueryValueEx(find)");
        assertEquals(INVALID, k.RegCloseKey(find), "RegCloseKey(find)");
        lastError(k, 55, "the registry functions leave the last error alone");
        assertEquals(List.of(), r.work(), "no value of another family reached the driver");
        assertEquals(List.of(), r.recorder().callsOf("doClose"), "nothing was closed");
        assertTrue(k.FindClose(find), "FindClose closes the find handle");
        assertEquals(1, r.recorder().callsOf("doClose").size(), "through the driver's close, once");
        assertTrue(k.CloseHandle(event));
    }

    private static void everyHandleCallFailsButTheFindFamily(Kernel32 k, long find) {
        assertFalse(k.ReadFile(find, new byte[1], 1, new IntRef(), null), "ReadFile(find)");
        lastError(k, INVALID, "ReadFile(find)");
        assertFalse(k.GetFileSizeEx(find, new LongRef()), "GetFileSizeEx(find)");
        lastError(k, INVALID, "GetFileSizeEx(find)");
        assertEquals(0, k.CreateFileMapping(find, null, 0x04, 0, 4096, null), "CreateFileMapping(find)");
        lastError(k, INVALID, "CreateFileMapping(find)");
        assertEquals(0, k.CreateIoCompletionPort(find, 0, 0, 0), "CreateIoCompletionPort(find)");
        lastError(k, INVALID, "CreateIoCompletionPort(find)");
        assertFalse(k.GetOverlappedResult(find, new Overlapped(), new IntRef(), false), "GetOverlappedResult(find)");
        lastError(k, INVALID, "GetOverlappedResult(find)");
        assertFalse(k.CancelIoEx(find, null), "CancelIoEx(find)");
        lastError(k, INVALID, "CancelIoEx(find)");
    }

    /**
     * The checks that come before the handle, on every backend: {@code ReadFileEx} without an
     * {@code OVERLAPPED} (87), {@code CreateIoCompletionPort(INVALID_HANDLE_VALUE, port)} (87),
     * unknown notification modes (87), {@code RegOpenKeyEx} without {@code phkResult} (87) — given a dead
     * value as well, they answer for the argument, and nothing reaches the driver (KO-03).
     */
    public static void argumentChecksComeBeforeTheHandle(Session session, KernelDriver driver) {
        Recorded r = front(session, driver);
        Kernel32 k = r.k();
        long dead = deadValues(k)[1];
        r.recorder().clear();
        assertFalse(k.ReadFileEx(dead, new byte[1], 1, null, (err, bytes, ov) -> { }));
        lastError(k, 87, "ReadFileEx without an OVERLAPPED");
        assertEquals(0, k.CreateIoCompletionPort(INVALID_HANDLE_VALUE, dead, 0, 0));
        lastError(k, 87, "CreateIoCompletionPort(INVALID_HANDLE_VALUE) with an existing port");
        assertFalse(k.SetFileCompletionNotificationModes(dead, 0x80));
        lastError(k, 87, "an unknown notification mode");
        assertEquals(87, k.RegOpenKeyEx(dead, "Software", 0, KEY_READ, null), "RegOpenKeyEx without phkResult");
        assertEquals(List.of(), r.work(), "no rejected call reached the driver");
    }

    /**
     * A standard-handle constant stands for the standard handle and the tag bits name the same handle:
     * the driver gets the value itself (KO-04, KO-11).
     */
    public static void standardConstantsAndTagBitsResolveToTheValueItself(Session session, KernelDriver driver) {
        Recorded r = front(session, driver);
        Kernel32 k = r.k();
        long out = k.GetStdHandle(STD_OUTPUT_HANDLE);
        assertNotEquals(0, out);
        long port = k.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
        assertNotEquals(0, port, "a port on its own");
        r.recorder().clear();
        k.CreateIoCompletionPort(STD_OUTPUT_HANDLE, port, 7, 0); // the driver's answer depends on the backend
        List<Call> associations = r.recorder().callsOf("CreateIoCompletionPort");
        assertEquals(1, associations.size(), "the constant reached the driver as a handle");
        assertEquals(out, ((ResolvedHandle) associations.get(0).arg(0)).value(), "as the handle it stands for");
        assertEquals(port, ((ResolvedHandle) associations.get(0).arg(1)).value());
        r.recorder().clear();
        assertTrue(k.PostQueuedCompletionStatus(port | 3, 0, 9, null), "tag bits name the same port (KO-11)");
        List<Call> posts = r.recorder().callsOf("PostQueuedCompletionStatus");
        assertEquals(1, posts.size());
        assertEquals(port, ((ResolvedHandle) posts.get(0).arg(0)).value(), "the driver sees the value itself");
        assertTrue(k.CloseHandle(port));
    }

    /**
     * {@code RegCloseKey} closes a key, returns 0 for a predefined key without closing anything (KO-09),
     * and leaves a protected handle open with 6 (KO-12): neither reaches the driver's close.
     */
    public static void regCloseKeyClosesOnlyWhatItMay(Session session, KernelDriver driver) {
        Recorded r = front(session, driver);
        Kernel32 k = r.k();
        LongRef key = new LongRef();
        assertEquals(0, k.RegOpenKeyEx(HKEY_CURRENT_USER, "Software", 0, KEY_READ, key));
        long event = k.CreateEvent(null, true, false, null);
        assertTrue(k.SetHandleInformation(event, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE));
        r.recorder().clear();
        k.SetLastError(55);
        assertEquals(0, k.RegCloseKey(HKEY_CURRENT_USER), "a predefined key");
        assertEquals(INVALID, k.RegCloseKey(event), "a protected handle stays open (KO-12)");
        assertEquals(List.of(), r.recorder().callsOf("doClose"), "neither reached the driver's close");
        assertEquals(0, k.RegCloseKey(key.value), "the key closes");
        assertEquals(1, r.recorder().callsOf("doClose").size());
        assertEquals(INVALID, k.RegCloseKey(key.value), "once");
        lastError(k, 55, "RegCloseKey returns its error");
        assertTrue(k.SetHandleInformation(event, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0));
        assertTrue(k.CloseHandle(event));
    }

    /**
     * {@code CreateProcess} with {@code STARTF_USESTDHANDLES}: a standard handle that names no open kernel
     * handle fails (6, or 50 where the backend cannot give a child standard handles at all) and the call
     * never reaches the driver (KO-03).
     */
    public static void deadStandardHandlesNeverReachCreateProcess(Session session, KernelDriver driver) {
        Recorded r = front(session, driver);
        Kernel32 k = r.k();
        long dead = deadValues(k)[1];
        boolean redirects = driver.processes().standardHandleRedirection();
        r.recorder().clear();
        StartupInfo si = new StartupInfo();
        si.dwFlags = STARTF_USESTDHANDLES;
        si.hStdOutput = dead;
        assertFalse(k.CreateProcess(null, "teardown-no-such-program", null, null, true, 0, null, null, si,
                new ProcessInformation()));
        lastError(k, redirects ? INVALID : 50, "a dead standard handle");
        assertEquals(List.of(), r.work(), "CreateProcess never reached the driver");
    }
}

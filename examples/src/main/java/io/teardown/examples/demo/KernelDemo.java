package io.teardown.examples.demo;

import static io.teardown.kernel.Kernel32.*;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.MisuseException;
import io.teardown.api.Session;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Win32FindData;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code teardown demo kernel}: {@code CloseHandle} on the session's default backend — handle counts and
 * duplicates (KO-02), invalid and pseudo-handles (KO-03, KO-04), a close that does not wake a waiter
 * (KO-10), protection (KO-12), and the quirks of find handles and registry keys (KO-09), then strict
 * mode (KO-03, KO-11).
 */
public final class KernelDemo implements Demo {
    /** For {@link Demos}. */
    public KernelDemo() {
    }

    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public String summary() {
        return "CloseHandle: duplicates keep objects alive, pseudo-handles, find/registry quirks, strict mode";
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("unexpected: " + what);
        }
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        try (Session session = Session.open()) {
            Kernel32 k = Kernel32.of(session);
            out.println("kernel backend: " + k);

            // KO-02: a duplicate keeps the object alive.
            long event = k.CreateEvent(null, true, false, "demo-event");
            LongRef copy = new LongRef();
            expect(k.DuplicateHandle(k.GetCurrentProcess(), event, k.GetCurrentProcess(), copy, 0, false,
                    DUPLICATE_SAME_ACCESS), "DuplicateHandle");
            out.printf("CreateEvent -> 0x%x, DuplicateHandle -> 0x%x%n", event, copy.value);
            expect(k.CloseHandle(event), "CloseHandle(original)");
            expect(k.SetEvent(copy.value), "SetEvent(copy)");
            out.println("closed the original; SetEvent(copy) still works, wait -> " + k.WaitForSingleObject(copy.value, 0));

            // KO-10: closing a handle another thread waits on does not wake it.
            IntRef waited = new IntRef(-2);
            long blocker = k.CreateEvent(null, true, false, null);
            LongRef blockerCopy = new LongRef();
            k.DuplicateHandle(-1, blocker, -1, blockerCopy, 0, false, DUPLICATE_SAME_ACCESS);
            long started = k.CreateEvent(null, true, false, null);
            long waiter = k.CreateThread(null, 0, p -> {
                k.SetEvent(started);
                waited.value = k.WaitForSingleObject(blocker, INFINITE);
                return 0;
            }, 0, 0, null);
            k.WaitForSingleObject(started, 10_000);
            k.CloseHandle(started);
            Thread.sleep(200); // from SetEvent(started) into the wait
            expect(k.CloseHandle(blocker), "CloseHandle(waited-on handle)");
            expect(k.WaitForSingleObject(waiter, 200) == WAIT_TIMEOUT, "the waiter kept waiting");
            out.println("closed a handle another thread waits on: the waiter keeps waiting (KO-10)");
            k.SetEvent(blockerCopy.value);
            k.WaitForSingleObject(waiter, 10_000);
            out.println("signalled through a copy: the waiter's WaitForSingleObject returned " + waited.value);
            k.CloseHandle(waiter);
            k.CloseHandle(blockerCopy.value);

            // KO-02: the last handle destroys the object, and its name goes with it.
            expect(k.CloseHandle(copy.value), "CloseHandle(copy)");
            long reopened = k.OpenEvent(SYNCHRONIZE, false, "demo-event");
            out.println("last handle closed: OpenEvent(\"demo-event\") -> " + reopened + ", GetLastError() = " + k.GetLastError());

            // KO-03: closing it again fails with ERROR_INVALID_HANDLE.
            boolean again = k.CloseHandle(copy.value);
            out.println("CloseHandle(closed value) -> " + again + ", GetLastError() = " + k.GetLastError());
            expect(!again && k.GetLastError() == 6, "second close fails with 6");

            // KO-02: DUPLICATE_CLOSE_SOURCE in one process returns the source's own value.
            long src = k.CreateMutex(null, false, null);
            LongRef moved = new LongRef();
            k.DuplicateHandle(-1, src, -1, moved, 0, false, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE);
            out.printf("DuplicateHandle(0x%x, DUPLICATE_CLOSE_SOURCE) -> 0x%x (the same value)%n", src, moved.value);
            expect(moved.value == src, "close-source returns the source value");
            k.CloseHandle(moved.value);

            // KO-04: pseudo-handles close nothing.
            out.println("CloseHandle(GetCurrentProcess()) -> " + k.CloseHandle(k.GetCurrentProcess())
                    + "; WaitForSingleObject(GetCurrentProcess(), 0) -> " + k.WaitForSingleObject(-1, 0) + " (still running)");

            // KO-12: a protected handle refuses CloseHandle.
            long guarded = k.CreateSemaphore(null, 0, 1, null);
            k.SetHandleInformation(guarded, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE);
            out.println("protected: CloseHandle -> " + k.CloseHandle(guarded) + ", GetLastError() = " + k.GetLastError()
                    + "; ReleaseSemaphore still -> " + k.ReleaseSemaphore(guarded, 1, null));
            k.SetHandleInformation(guarded, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0);
            expect(k.CloseHandle(guarded), "unprotected close");

            // KO-09: handles with their own closer.
            LongRef key = new LongRef();
            k.RegOpenKeyEx(HKEY_CURRENT_USER, "Software", 0, KEY_READ, key);
            k.SetLastError(0);
            out.println("CloseHandle(HKEY) -> " + k.CloseHandle(key.value) + " with GetLastError() = " + k.GetLastError()
                    + " (the key stays open); RegCloseKey -> " + k.RegCloseKey(key.value)
                    + "; RegCloseKey(HKEY_LOCAL_MACHINE) -> " + k.RegCloseKey(HKEY_LOCAL_MACHINE));
            Path dir = Files.createTempDirectory("teardown-demo-");
            try {
                Files.writeString(dir.resolve("a.txt"), "a");
                long find = k.FindFirstFile(dir.resolve("*").toString(), new Win32FindData());
                out.println("CloseHandle(find handle) -> " + k.CloseHandle(find) + ", GetLastError() = " + k.GetLastError()
                        + "; FindClose -> " + k.FindClose(find));
            } finally {
                Files.deleteIfExists(dir.resolve("a.txt"));
                Files.deleteIfExists(dir);
            }
        }

        // KO-03 / KO-11 in strict mode: misuse Windows only reports under a debugger becomes an exception.
        try (Session strict = Session.builder().strict(true).build()) {
            Kernel32 k = Kernel32.of(strict);
            long stale = k.CreateEvent(null, false, false, null);
            k.CloseHandle(stale);
            long fresh = k.CreateEvent(null, false, false, null);
            out.println("strict: CloseHandle(0) -> " + k.CloseHandle(0) + " (never raises)");
            try {
                k.CloseHandle(stale);
                throw new IllegalStateException("strict mode did not raise");
            } catch (MisuseException e) {
                out.println("strict: CloseHandle(stale value) raised " + e.getMessage());
            }
            out.println("strict: the new handle is untouched, SetEvent -> " + k.SetEvent(fresh));
            k.CloseHandle(fresh);
        }
    }
}

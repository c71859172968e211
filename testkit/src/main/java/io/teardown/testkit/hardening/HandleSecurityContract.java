package io.teardown.testkit.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LeakTracking;
import io.teardown.api.LongRef;
import io.teardown.api.MisuseException;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import io.teardown.kernel.Kernel32;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.wininet.WinInet;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.service.WlanService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11, part 4: handle values as an attack surface. A value of one session never reaches another
 * session's object; a stale value never closes the object that reused its slot when generation tags
 * are on (strict mode reports it), and without them behaves exactly as Windows documents (KO-11); the
 * api handle table survives a million open/close pairs on two threads with no leak and no stale hit;
 * the WLAN service listens on loopback only and drops every client that does not present its secret.
 * Runs on every backend ({@link EachBackend}); the cross-session test scripts the embedded WLAN service and is
 * skipped on the native backend, the handle-table load needs no backend at all. (That the embedded service
 * drops clients without its secret is the Netty backend's own test, {@code NettyHandleSecurityTest}.) (CR/LF injection is the contract's WI_09_crlfInVerbPathOrHeadersNeverPutsASecondRequestOnTheWire and
 * the flat fuzzer's wire check; bounded headers and bodies are in WinInetFaultLoadContract.)
 */
@ExtendWith(EachBackend.class)
@Timeout(120)
public class HandleSecurityContract {
    /** For JUnit and subclasses. */
    public HandleSecurityContract() {
    }

    private static Session session(TestBackend b, boolean strict, boolean tags) {
        return Session.builder().backend(b.name()).strict(strict).generationTags(tags).leakTracking(LeakTracking.OFF)
                .build();
    }

    @TestTemplate
    void KO_03_aValueOfOneSessionNeverReachesAnotherSessionsObject(TestBackend backend) {
        Assumptions.assumeFalse(backend.name().equals("native"), "Windows' own WLAN service cannot be scripted by a test");
        try (Session a = session(backend, false, false); Session b = session(backend, false, false)) {
            Kernel32 ka = Kernel32.of(a);
            Kernel32 kb = Kernel32.of(b);
            long eb = kb.CreateEvent(null, true, false, null);
            assertFalse(ka.CloseHandle(eb), "session A has no handle with B's value");
            assertEquals(6, ka.GetLastError());
            assertFalse(ka.SetEvent(eb));
            long ea = ka.CreateEvent(null, true, false, null);
            assertEquals(eb, ea, "values repeat across sessions (each has its own table)");
            assertTrue(ka.CloseHandle(eb), "in A the value names A's event");
            assertTrue(kb.SetEvent(eb), "B's event with the same value is untouched");
            assertEquals(Kernel32.WAIT_OBJECT_0, kb.WaitForSingleObject(eb, 0));

            WinInet na = WinInet.of(a);
            WinInet nb = WinInet.of(b);
            long ib = nb.InternetOpen("b", WinInet.INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
            assertFalse(na.InternetCloseHandle(ib));
            assertEquals(6, na.GetLastError());
            WlanApi wa = WlanApi.of(a);
            WlanApi wb = WlanApi.of(b);
            WlanService.embedded(b).addInterface("B's Wi-Fi");
            LongRef hb = new LongRef();
            assertEquals(0, wb.WlanOpenHandle(2, null, new IntRef(), hb));
            assertEquals(6, wa.WlanCloseHandle(hb.value, null), "WL-03: another session's handle is unknown");
            assertEquals(0, wb.WlanEnumInterfaces(hb.value, null, new Ref<>()), "and keeps working in its own session");
            assertTrue(nb.InternetCloseHandle(ib));
            assertEquals(0, wb.WlanCloseHandle(hb.value, null));
            assertTrue(kb.CloseHandle(eb));
        }
    }

    @TestTemplate
    void KO_11_aStaleValueNeverClosesTheRecycledObjectWithGenerationTags(TestBackend b) {
        for (boolean strict : new boolean[] {true, false}) {
            try (Session s = session(b, strict, true)) {
                Kernel32 k = Kernel32.of(s);
                long event = k.CreateEvent(null, true, false, null);
                assertTrue(k.CloseHandle(event));
                long mutex = k.CreateMutex(null, false, null); // reuses the slot, with a new generation
                assertEquals(event & 0xFFFFFF, mutex & 0xFFFFFF, "the same slot");
                assertNotEquals(event, mutex, "but another value: the generation differs");
                if (strict) {
                    assertThrows(MisuseException.class, () -> k.CloseHandle(event), "strict mode reports the stale value");
                } else {
                    assertFalse(k.CloseHandle(event));
                    assertEquals(6, k.GetLastError());
                }
                assertEquals(Kernel32.WAIT_OBJECT_0, k.WaitForSingleObject(mutex, 0), "the mutex is intact");
                assertTrue(k.ReleaseMutex(mutex));
                assertTrue(k.CloseHandle(mutex));
            }
        }
    }

    @TestTemplate
    void KO_11_withoutTagsAStaleValueNamesTheNewObjectAsOnWindows(TestBackend b) {
        try (Session s = session(b, false, false)) {
            Kernel32 k = Kernel32.of(s);
            long event = k.CreateEvent(null, true, false, null);
            assertTrue(k.CloseHandle(event));
            long mutex = k.CreateMutex(null, false, null);
            assertEquals(event, mutex, "LIFO reuse: the very same value (KO-11)");
            assertFalse(k.SetEvent(event), "a typed call on an object of another type fails");
            assertEquals(6, k.GetLastError());
            assertTrue(k.CloseHandle(event), "CloseHandle is untyped: the stale value closes the new mutex, as on Windows");
            assertEquals(Kernel32.WAIT_FAILED, k.WaitForSingleObject(mutex, 0));
        }
    }

    private static final class Entry implements HandleEntry {
        final AtomicInteger reclaims = new AtomicInteger();

        @Override
        public String typeName() {
            return "Load";
        }

        @Override
        public void reclaim() {
            reclaims.incrementAndGet();
        }
    }

    @Test
    void aMillionOpenClosePairsOnTwoThreadsLeakNothingAndNeverHitAStaleEntry() throws Exception {
        HandleTable<Entry> table = new HandleTable<>(HandleSpace.KERNEL, true, false);
        int perThread = 500_000;
        AtomicLong stale = new AtomicLong();
        AtomicLong leaks = new AtomicLong();
        AtomicLong aliased = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            threads.add(new Thread(() -> {
                long previous = 0;
                Entry previousEntry = null;
                for (int i = 0; i < perThread; i++) {
                    Entry e = new Entry();
                    long v = table.insert(e);
                    if (table.get(v) != e) {
                        stale.incrementAndGet();
                    }
                    Entry reached = previous != 0 ? table.get(previous) : null;
                    if (reached == previousEntry && reached != null) {
                        stale.incrementAndGet(); // the last value closed reached its closed entry
                    } else if (reached != null) {
                        // The other thread reused the slot 128 times while this one was descheduled: the
                        // 7-bit generation tag wrapped and the old value names the new entry, as a value
                        // does once its tag wraps (docs/RELIABILITY.md). Counted, not a failure.
                        aliased.incrementAndGet();
                    }
                    if (table.close(v) != e || table.get(v) != null || table.check(v) == HandleTable.Validity.LIVE) {
                        stale.incrementAndGet();
                    }
                    if (e.reclaims.get() != 1) {
                        leaks.incrementAndGet();
                    }
                    if (previousEntry != null && previousEntry.reclaims.get() != 1) {
                        leaks.incrementAndGet();
                    }
                    previous = v;
                    previousEntry = e;
                }
            }, "handle-load-" + t));
        }
        long t0 = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("HandleTable: " + 2 * perThread + " open/close pairs on 2 threads in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms; stale hits " + stale.get() + ", leaks " + leaks.get()
                + ", left open " + table.size() + ", values aliased after a generation wrap " + aliased.get());
        assertEquals(0, stale.get());
        assertEquals(0, leaks.get());
        assertEquals(0, table.size());
    }
}

package io.teardown.api.handle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.HandleSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HandleTableTest {
    static final class Entry implements HandleEntry {
        final String name;
        final AtomicInteger reclaims = new AtomicInteger();
        volatile Runnable onReclaim = () -> { };
        volatile long value; // what insert returned for it, where a test records it

        Entry(String name) {
            this.name = name;
        }

        @Override
        public String typeName() {
            return "Test";
        }

        @Override
        public void reclaim() {
            reclaims.incrementAndGet();
            onReclaim.run();
        }
    }

    private final HandleTable<Entry> table = new HandleTable<>(HandleSpace.KERNEL, false, false);

    @Test
    void valuesAreNonZeroMultiplesOfFourAndNeverMinusOne() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            long h = table.insert(new Entry("e" + i));
            assertNotEquals(0, h);
            assertNotEquals(-1, h);
            assertEquals(0, h % 4);
            assertTrue(seen.add(h), "values of open handles are distinct");
        }
        assertEquals(5000, table.size());
    }

    @Test
    void closedSlotIsReusedAtOnceLastInFirstOut() {
        long a = table.insert(new Entry("a"));
        long b = table.insert(new Entry("b"));
        table.close(a);
        table.close(b);
        assertEquals(b, table.insert(new Entry("c")), "the most recently freed slot comes back first");
        assertEquals(a, table.insert(new Entry("d")));
    }

    @Test
    void closedValueIsInvalidAndReusedValueReachesTheNewEntry() {
        Entry old = new Entry("old");
        long h = table.insert(old);
        assertSame(old, table.close(h));
        assertNull(table.get(h));
        assertNull(table.close(h), "a second close finds nothing");
        assertEquals(HandleTable.Validity.INVALID, table.check(h));
        Entry fresh = new Entry("fresh");
        assertEquals(h, table.insert(fresh));
        assertSame(fresh, table.get(h), "without generation tags a stale value names the new entry, as on Windows");
        assertEquals(1, old.reclaims.get());
    }

    @Test
    void lowTwoBitsAreIgnored() {
        Entry e = new Entry("e");
        long h = table.insert(e);
        assertSame(e, table.get(h | 1));
        assertSame(e, table.get(h | 2));
        assertSame(e, table.get(h | 3));
        assertSame(e, table.close(h | 3));
        assertNull(table.get(h));
    }

    @Test
    void valuesThatCannotBeHandlesAreInvalid() {
        table.insert(new Entry("e"));
        for (long v : new long[] {0, 1, 2, 3, -1, -4, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32 | 4, 0x0100_0004L}) {
            assertNull(table.get(v), Long.toHexString(v));
            assertNull(table.acquire(v), Long.toHexString(v));
            assertNull(table.close(v), Long.toHexString(v));
        }
    }

    @Test
    void closeDuringLeaseDefersReclaimUntilTheLeaseEnds() {
        Entry e = new Entry("e");
        long h = table.insert(e);
        assertSame(e, table.acquire(h));
        assertSame(e, table.close(h));
        assertNull(table.get(h), "closed for new calls at once");
        assertNull(table.acquire(h));
        assertEquals(HandleTable.Validity.CLOSING, table.check(h));
        assertEquals(0, e.reclaims.get(), "still in flight");
        long other = table.insert(new Entry("other"));
        assertNotEquals(h, other, "the slot is not reused while the old entry is in flight");
        table.release(h);
        assertEquals(1, e.reclaims.get());
        assertEquals(HandleTable.Validity.INVALID, table.check(h));
    }

    @Test
    void generationTagsTellStaleValuesFromTheSlotsNewOwner() {
        HandleTable<Entry> tagged = new HandleTable<>(HandleSpace.KERNEL, true, false);
        long h = tagged.insert(new Entry("old"));
        tagged.close(h);
        Entry fresh = new Entry("fresh");
        long h2 = tagged.insert(fresh);
        assertNotEquals(h, h2);
        assertEquals(h & 0xFF_FFFFL, h2 & 0xFF_FFFFL, "same slot");
        assertNull(tagged.get(h), "the stale value does not reach the new entry");
        assertEquals(HandleTable.Validity.STALE, tagged.check(h));
        assertSame(fresh, tagged.get(h2));
        assertTrue(h2 > 0 && h2 < (1L << 31), "tagged values stay positive 32-bit values");
    }

    @Test
    void originsAreRecordedWhenAsked() {
        HandleTable<Entry> t = new HandleTable<>(HandleSpace.WLAN, false, true);
        long h = t.insert(new Entry("e"));
        assertTrue(t.origin(h).isPresent());
        assertEquals(1, t.snapshot().size());
        assertTrue(t.snapshot().get(0).origin().isPresent());
        assertFalse(table.origin(table.insert(new Entry("x"))).isPresent());
    }

    @Test
    void closeAllReclaimsEverything() {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Entry e = new Entry("e" + i);
            entries.add(e);
            table.insert(e);
        }
        assertEquals(100, table.closeAll());
        assertEquals(0, table.size());
        entries.forEach(e -> assertEquals(1, e.reclaims.get()));
    }

    /**
     * Regression (found by the flat fuzzer): with more than two pages of handles the page array has
     * unbuilt pages past the highest slot, and closing the session (closeAll) threw a
     * NullPointerException instead of releasing every handle (KO-02: every handle goes with its process).
     */
    @Test
    void KO_02_closeAllReleasesHandlesPastTheSecondPage() {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Entry e = new Entry("e" + i);
            entries.add(e);
            table.insert(e);
        }
        assertEquals(3000, table.snapshot().size());
        assertEquals(3000, table.closeAll());
        assertEquals(0, table.size());
        entries.forEach(e -> assertEquals(1, e.reclaims.get()));
    }

    @Test
    void manyThreadsOpeningAndClosingNeverShareAValueOrReachAnotherEntry() throws Exception {
        HandleTable<Entry> t = new HandleTable<>(HandleSpace.KERNEL, true, false);
        int threads = 4;
        int rounds = 20_000;
        ConcurrentHashMap<Long, Entry> open = new ConcurrentHashMap<>();
        AtomicInteger wrong = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                fs.add(pool.submit(() -> {
                    start.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < rounds; i++) {
                        Entry e = new Entry("x");
                        long h = t.insert(e);
                        e.value = h;
                        if (open.putIfAbsent(h, e) != null) {
                            wrong.incrementAndGet();
                        }
                        mine.add(h);
                        if (mine.size() > 8 || i % 3 == 0) {
                            long victim = mine.remove(0);
                            Entry expected = open.remove(victim);
                            Entry leased = t.acquire(victim);
                            if (leased != expected) {
                                wrong.incrementAndGet();
                            }
                            t.close(victim);
                            t.release(victim);
                            Entry after = t.get(victim);
                            if (after != null && !reissued(after, victim)) {
                                wrong.incrementAndGet();
                            }
                        }
                    }
                    for (long h : mine) {
                        open.remove(h);
                        t.close(h);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, wrong.get());
        assertEquals(0, t.size());
    }

    /**
     * Whether {@code found}, reached through the closed {@code value}, is the entry the same value was
     * issued to again: the 7-bit generation repeats once a slot has been reused 128 times, which the
     * most-recently-freed-first reuse lets three busy threads do while a descheduled fourth sits between
     * its close and its lookup (docs/kernel-objects.md, KO-11). Anything else is a stale value reaching
     * another handle's entry. The new owner records the value just after its insert returned.
     */
    private static boolean reissued(Entry found, long value) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (found.value == 0 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        return found.value == value;
    }

    @Test
    void lookupsWhileTheTableGrowsNeverMissAnOpenHandleNorFindAClosedOne() throws Exception {
        // get() reads a flat array that insert() replaces by a larger copy as the table grows; a reader
        // racing those copies must still find every open handle and never a closed one.
        List<Entry> stable = new ArrayList<>();
        long[] values = new long[512];
        for (int i = 0; i < values.length; i++) {
            Entry e = new Entry("stable-" + i);
            stable.add(e);
            values[i] = table.insert(e);
        }
        long closed = table.insert(new Entry("closed"));
        table.close(closed);
        AtomicInteger misses = new AtomicInteger();
        AtomicInteger ghosts = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            while (!Thread.currentThread().isInterrupted()) {
                for (int i = 0; i < values.length; i++) {
                    if (table.get(values[i]) != stable.get(i)) {
                        misses.incrementAndGet();
                    }
                }
                Entry ghost = table.get(closed);
                if (ghost != null && ghost.name.equals("closed")) {
                    ghosts.incrementAndGet();
                }
            }
        });
        reader.start();
        go.countDown();
        List<Long> more = new ArrayList<>();
        for (int i = 0; i < 300_000; i++) { // grows the flat array from 1 Ki through 512 Ki entries
            more.add(table.insert(new Entry("more")));
        }
        reader.interrupt();
        reader.join(10_000);
        assertEquals(0, misses.get(), "lookups of open handles that missed while the table grew");
        assertEquals(0, ghosts.get(), "lookups that found a closed handle's entry");
        for (long v : more) {
            table.close(v);
        }
        for (long v : values) {
            table.close(v);
        }
        assertEquals(0, table.size());
    }

    @Test
    void closesRacingTheTablesGrowthNeverLeaveAClosedEntryVisible() throws Exception {
        // close() clears get()'s flat array without a lock while insert() may be copying it into a
        // larger one; a clear must never be lost in the copy.
        AtomicInteger ghosts = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        Thread closer = new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            for (int i = 0; i < 200_000; i++) {
                Entry e = new Entry("pair");
                long v = table.insert(e);
                table.close(v);
                if (table.get(v) == e) {
                    ghosts.incrementAndGet();
                }
            }
        });
        closer.start();
        go.countDown();
        List<Long> more = new ArrayList<>();
        for (int i = 0; i < 300_000; i++) {
            more.add(table.insert(new Entry("more")));
        }
        closer.join(60_000);
        assertEquals(0, ghosts.get(), "closed handles whose entry get() still returned");
        for (long v : more) {
            table.close(v);
        }
        assertEquals(0, table.size());
    }
}

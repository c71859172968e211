package io.teardown.kernel.engine;

import static io.teardown.kernel.Kernel32.INFINITE;
import static io.teardown.kernel.Kernel32.INVALID_HANDLE_VALUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LeakTracking;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.OverlappedEntry;
import io.teardown.kernel.front.KernelFront;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The completion port's hand-off between the threads that post packets and the threads waiting in
 * {@code GetQueuedCompletionStatus(Ex)} (KO-14): each packet reaches exactly one taker, none is left
 * queued while a thread sleeps, a packet wakes one waiter and leaves the others waiting, the port's
 * close releases every waiter with 735, and an interrupt neither ends the wait nor is lost. Bounded
 * waits only; nothing here measures time.
 */
class CompletionPortHandOffTest {
    private Session session;
    private KernelFront k;
    private long port;

    @BeforeEach
    void open() {
        session = Session.builder().name("port-hand-off").leakTracking(LeakTracking.OFF).build();
        k = new KernelFront(session, new EngineKernelDriver(session));
        port = k.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
        assertTrue(port != 0);
    }

    @AfterEach
    void close() {
        session.close();
    }

    /** One GetQueuedCompletionStatus: its answer and, for a packet, its key. */
    private record Taken(boolean ok, int error, long key, Overlapped overlapped) {
    }

    private Taken take(int timeoutMs) {
        IntRef n = new IntRef();
        LongRef key = new LongRef();
        Ref<Overlapped> ov = new Ref<>();
        boolean ok = k.GetQueuedCompletionStatus(port, n, key, ov, timeoutMs);
        return new Taken(ok, ok ? 0 : k.GetLastError(), key.value, ov.value);
    }

    @Test
    void KO_14_every_packet_from_many_posters_reaches_exactly_one_of_many_takers() throws Exception {
        int posters = 4;
        int takers = 4;
        int each = 5_000;
        int total = posters * each;
        ConcurrentLinkedQueue<Long> got = new ConcurrentLinkedQueue<>();
        AtomicInteger left = new AtomicInteger(total);
        List<Thread> threads = new ArrayList<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < takers; t++) {
            boolean batch = t % 2 == 1; // half take one packet at a time, half GetQueuedCompletionStatusEx batches
            threads.add(new Thread(() -> {
                OverlappedEntry[] entries = new OverlappedEntry[8];
                while (left.get() > 0) {
                    if (batch) {
                        IntRef removed = new IntRef();
                        if (k.GetQueuedCompletionStatusEx(port, entries, entries.length, removed, 50, false)) {
                            for (int i = 0; i < removed.value; i++) {
                                got.add(entries[i].lpCompletionKey);
                                left.decrementAndGet();
                            }
                        } else if (k.GetLastError() != 258) {
                            failures.add("GetQueuedCompletionStatusEx: " + k.GetLastError());
                            return;
                        }
                    } else {
                        Taken p = take(50);
                        if (p.ok()) {
                            got.add(p.key());
                            left.decrementAndGet();
                        } else if (p.error() != 258) {
                            failures.add("GetQueuedCompletionStatus: " + p.error());
                            return;
                        }
                    }
                }
            }, "taker-" + t));
        }
        for (int p = 0; p < posters; p++) {
            long base = (long) p * each;
            threads.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    if (!k.PostQueuedCompletionStatus(port, 0, base + i + 1, null)) {
                        failures.add("PostQueuedCompletionStatus: " + k.GetLastError());
                    }
                }
            }, "poster-" + p));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(t.isAlive(), t.getName() + " still running: a packet was lost or left queued");
        }
        assertTrue(failures.isEmpty(), failures.toString());
        boolean[] seen = new boolean[total + 1];
        for (long key : got) {
            assertFalse(seen[(int) key], "packet " + key + " taken twice");
            seen[(int) key] = true;
        }
        assertEquals(total, got.size());
        assertFalse(take(0).ok(), "nothing is left on the port");
    }

    @Test
    void KO_14_packets_leave_in_the_order_they_were_queued() {
        for (long key = 1; key <= 100; key++) {
            assertTrue(k.PostQueuedCompletionStatus(port, (int) key, key, null));
        }
        OverlappedEntry[] entries = new OverlappedEntry[30];
        IntRef removed = new IntRef();
        assertTrue(k.GetQueuedCompletionStatusEx(port, entries, 30, removed, 0, false));
        assertEquals(30, removed.value);
        for (int i = 0; i < 30; i++) {
            assertEquals(i + 1, entries[i].lpCompletionKey);
        }
        for (long key = 31; key <= 100; key++) {
            assertEquals(key, take(0).key());
        }
        Taken none = take(0);
        assertFalse(none.ok());
        assertEquals(258, none.error()); // WAIT_TIMEOUT
        assertNull(none.overlapped());
    }

    @Test
    void KO_14_a_packet_releases_one_waiter_and_the_close_releases_the_rest_with_735() throws Exception {
        int waiting = 4;
        ConcurrentLinkedQueue<Taken> results = new ConcurrentLinkedQueue<>();
        CountDownLatch returned = new CountDownLatch(waiting);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < waiting; i++) {
            Thread t = new Thread(() -> {
                results.add(take(INFINITE));
                returned.countDown();
            });
            t.start();
            threads.add(t);
        }
        awaitWaiting(threads);
        assertTrue(k.PostQueuedCompletionStatus(port, 7, 42, null));
        assertTrue(k.PostQueuedCompletionStatus(port, 7, 43, null));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (results.size() < 2 && System.nanoTime() < until) {
            Thread.sleep(1);
        }
        assertEquals(2, results.size(), "each packet releases a waiter");
        for (Taken t : results) {
            assertTrue(t.ok());
        }
        assertEquals(waiting - 2, returned.getCount(), "the other waiters still wait");
        assertTrue(k.CloseHandle(port));
        assertTrue(returned.await(10, TimeUnit.SECONDS), "closing the port releases every waiter");
        int abandoned = 0;
        for (Taken t : results) {
            if (!t.ok()) {
                assertEquals(735, t.error()); // ERROR_ABANDONED_WAIT_0
                assertNull(t.overlapped());
                abandoned++;
            }
        }
        assertEquals(waiting - 2, abandoned);
    }

    @Test
    void KO_14_an_interrupt_neither_ends_the_wait_nor_is_lost() throws Exception {
        Ref<Taken> result = new Ref<>();
        boolean[] stillInterrupted = new boolean[1];
        Thread t = new Thread(() -> {
            result.value = take(INFINITE);
            stillInterrupted[0] = Thread.currentThread().isInterrupted();
        });
        t.start();
        awaitWaiting(List.of(t));
        t.interrupt();
        t.join(200); // a bounded look: an interrupted Win32 wait goes on waiting
        assertTrue(t.isAlive(), "GetQueuedCompletionStatus is not interruptible");
        assertTrue(k.PostQueuedCompletionStatus(port, 1, 9, null));
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(t.isAlive());
        assertTrue(result.value.ok());
        assertEquals(9, result.value.key());
        assertTrue(stillInterrupted[0], "the interrupt is kept for the caller");
    }

    @Test
    void KO_16_an_alertable_wait_on_the_port_is_woken_by_a_packet_and_times_out_without_one() throws Exception {
        OverlappedEntry[] entries = new OverlappedEntry[4];
        IntRef removed = new IntRef();
        assertFalse(k.GetQueuedCompletionStatusEx(port, entries, 4, removed, 20, true));
        assertEquals(258, k.GetLastError(), "nothing came: WAIT_TIMEOUT");
        Ref<Boolean> ok = new Ref<>();
        Thread t = new Thread(() -> ok.value = k.GetQueuedCompletionStatusEx(port, entries, 4, removed, INFINITE, true));
        t.start();
        awaitWaiting(List.of(t));
        assertTrue(k.PostQueuedCompletionStatus(port, 3, 77, null));
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(t.isAlive(), "a packet ends an alertable wait on the port");
        assertTrue(ok.value);
        assertEquals(1, removed.value);
        assertEquals(77, entries[0].lpCompletionKey);
        assertEquals(3, entries[0].dwNumberOfBytesTransferred);
    }

    /** Waits until each thread is parked (inside GetQueuedCompletionStatus). */
    private static void awaitWaiting(List<Thread> threads) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Thread t : threads) {
            while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING
                    && System.nanoTime() < until) {
                Thread.sleep(1);
            }
        }
    }
}

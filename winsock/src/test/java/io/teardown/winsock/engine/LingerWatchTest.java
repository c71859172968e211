package io.teardown.winsock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * WS-06: the one watcher that polls every lingering close of a session. The waiters here are the
 * closers' side reduced to a flag the test flips and a latch the watcher counts down.
 */
@Timeout(30)
class LingerWatchTest {
    private static class Closer extends LingerWatch.Waiter {
        final AtomicBoolean drained = new AtomicBoolean();
        final CountDownLatch woken = new CountDownLatch(1);
        final AtomicInteger polls = new AtomicInteger();
        final AtomicInteger expiries = new AtomicInteger();
        volatile long expiredAt;

        Closer() {
            this(System.nanoTime() + TimeUnit.HOURS.toNanos(1));
        }

        Closer(long deadline) {
            super(deadline);
        }

        @Override
        boolean settled() {
            polls.incrementAndGet();
            return drained.get();
        }

        @Override
        void wake() {
            woken.countDown();
        }

        @Override
        void expired() {
            expiredAt = System.nanoTime();
            expiries.incrementAndGet();
            wake();
        }
    }

    @Test
    void WS_06_oneWatcherWakesEachCloserOnceItsDataIsAcknowledged() throws Exception {
        try (LingerWatch watch = new LingerWatch("test")) {
            List<Closer> closers = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                Closer c = new Closer();
                closers.add(c);
                assertTrue(watch.add(c));
            }
            assertEquals(1_000, watch.watching());
            // Half of them drain: exactly those are woken and dropped; the others stay watched.
            for (int i = 0; i < closers.size(); i += 2) {
                closers.get(i).drained.set(true);
            }
            for (int i = 0; i < closers.size(); i += 2) {
                assertTrue(closers.get(i).woken.await(5, TimeUnit.SECONDS), "closer " + i + " woken");
            }
            Thread.sleep(50);
            for (int i = 1; i < closers.size(); i += 2) {
                assertEquals(1, closers.get(i).woken.getCount(), "closer " + i + " must not be woken");
            }
            assertEquals(500, watch.watching());
        }
    }

    @Test
    void WS_06_watcherThreadExistsOnlyWhileSomethingLingers() throws Exception {
        try (LingerWatch watch = new LingerWatch("idle")) {
            Closer c = new Closer();
            watch.add(c);
            assertTrue(watcherThreads() >= 1);
            watch.remove(c);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (watcherThreads("idle") > 0 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertEquals(0, watcherThreads("idle"), "the watcher thread ends when nothing lingers");
            // and comes back for the next lingering close
            Closer next = new Closer();
            next.drained.set(true);
            assertTrue(watch.add(next));
            assertTrue(next.woken.await(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void WS_06_watcherEndsWhenTheLastCloseLeavesEvenAfterASlowRound() throws Exception {
        try (LingerWatch watch = new LingerWatch("slow")) {
            CountDownLatch polled = new CountDownLatch(1);
            Closer slow = new Closer() {
                @Override
                boolean settled() {
                    try {
                        Thread.sleep(1_500); // a round stretched as a loaded machine stretches it: 13.5 s of pause follow
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    polled.countDown();
                    return false;
                }
            };
            watch.add(slow);
            assertTrue(polled.await(10, TimeUnit.SECONDS));
            watch.remove(slow);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            while (watcherThreads("slow") > 0 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertEquals(0, watcherThreads("slow"), "the last close's leaving ends the watcher's pause");
        }
    }

    @Test
    void WS_06_pollsBackOffWhileNothingChanges() throws Exception {
        try (LingerWatch watch = new LingerWatch("backoff")) {
            Closer c = new Closer();
            watch.add(c);
            Thread.sleep(1_000);
            // 1 ms doubling to 20 ms: about 5 fast polls then ~50 a second, never one per millisecond
            int polls = c.polls.get();
            assertTrue(polls >= 10 && polls <= 200, "polls in 1 s: " + polls);
            watch.remove(c);
        }
    }

    @Test
    void WS_06_closingTheSessionWakesEveryCloserAndRefusesNewOnes() throws Exception {
        LingerWatch watch = new LingerWatch("closing");
        Closer c = new Closer();
        watch.add(c);
        watch.close();
        assertTrue(c.woken.await(5, TimeUnit.SECONDS), "a closer still lingering is woken to fall back on itself");
        assertFalse(watch.add(new Closer()), "a closed watcher takes no new closer");
    }

    @Test
    void WS_06_aWaiterThatThrowsIsHandedBackToItsCloser() throws Exception {
        try (LingerWatch watch = new LingerWatch("throws")) {
            CountDownLatch handedBack = new CountDownLatch(1);
            watch.add(new Closer() {
                @Override
                boolean settled() {
                    throw new IllegalStateException("transport gone");
                }

                @Override
                void wake() {
                    handedBack.countDown();
                }
            });
            assertTrue(handedBack.await(5, TimeUnit.SECONDS));
            assertEquals(0, watch.watching());
        }
    }

    @Test
    void WS_06_theWatcherResetsEachCloseOnceAtItsDeadline() throws Exception {
        try (LingerWatch watch = new LingerWatch("deadlines")) {
            long now = System.nanoTime();
            List<Closer> closers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Closer c = new Closer(now + TimeUnit.MILLISECONDS.toNanos(1_000 + i));
                closers.add(c);
                assertTrue(watch.add(c));
                assertTrue(watch.add(c), "a second add (after an unconfirmed wake-up) is harmless");
            }
            for (Closer c : closers) {
                assertTrue(c.woken.await(5, TimeUnit.SECONDS), "expired and handedBack");
                assertTrue(c.expiredAt - c.deadline >= 0, "not before its deadline");
            }
            Thread.sleep(100);
            for (Closer c : closers) {
                assertEquals(1, c.expiries.get(), "reset exactly once");
                assertFalse(c.settle(), "the deadline's RST won: the close cannot turn graceful any more");
            }
            assertEquals(0, watch.watching());
        }
    }

    @Test
    void WS_06_aSettledCloseIsNeverResetAtItsDeadline() throws Exception {
        try (LingerWatch watch = new LingerWatch("settled")) {
            Closer c = new Closer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
            watch.add(c);
            assertTrue(c.settle(), "acknowledged before the deadline");
            watch.remove(c);
            Closer other = new Closer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300));
            watch.add(other); // keeps the watcher past the first deadline
            assertTrue(other.woken.await(5, TimeUnit.SECONDS));
            assertEquals(0, c.expiries.get(), "no RST after a graceful end");
            assertFalse(c.expire());
        }
    }

    @Test
    void WS_06_aLateCloserClaimsTheResetOnlyIfTheWatcherDidNot() {
        Closer c = new Closer(System.nanoTime());
        assertFalse(c.resetClaimed());
        assertTrue(c.expire(), "the closer's own timer claims the RST");
        assertTrue(c.resetClaimed(), "which it then waits for instead of lingering on");
        assertFalse(c.expire(), "once");
        assertFalse(c.settle());
    }

    private static int watcherThreads() {
        return watcherThreads("");
    }

    private static int watcherThreads(String session) {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("teardown-linger-watch-" + session)) {
                n++;
            }
        }
        return n;
    }
}

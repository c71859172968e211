package io.teardown.kernel.engine;

import static io.teardown.kernel.Kernel32.WAIT_OBJECT_0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LeakTracking;
import io.teardown.api.Session;
import io.teardown.kernel.front.KernelFront;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads waiting at once on different objects, each woken only by its own (docs/kernel-objects.md,
 * "Dispatcher"): every unit a semaphore is released by is taken by exactly one wait, wait-all pairs take
 * both of their semaphores together, a mutex passed among threads excludes them from each other, and
 * an unrelated event set and reset all the while wakes none of them. A lost wake-up leaves a thread
 * waiting until its (generous) bound and fails the test; nothing here measures time.
 */
@Timeout(300)
class DispatcherStressTest {
    private static final int SINGLES = 24;
    private static final int PAIRS = 6;
    private static final int MUTEX_THREADS = 4;
    private static final int ROUNDS = 150;
    private static final int BOUND_MS = 60_000;

    @Test
    void everyReleaseIsTakenOnceAndNoWaiterIsLost() throws Exception {
        try (Session session = Session.builder().name("dispatcher-stress").leakTracking(LeakTracking.OFF).build()) {
            KernelFront k = new KernelFront(session, new EngineKernelDriver(session));
            long never = k.CreateEvent(null, true, false, null);
            long noise = k.CreateEvent(null, true, false, null);
            long mutex = k.CreateMutex(null, false, null);
            long[] singles = new long[SINGLES];
            long[][] pairs = new long[PAIRS][2];
            List<Long> all = new ArrayList<>();
            for (int i = 0; i < SINGLES; i++) {
                singles[i] = k.CreateSemaphore(null, 0, ROUNDS, null);
                all.add(singles[i]);
            }
            for (int i = 0; i < PAIRS; i++) {
                for (int j = 0; j < 2; j++) {
                    pairs[i][j] = k.CreateSemaphore(null, 0, ROUNDS, null);
                    all.add(pairs[i][j]);
                }
            }
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Thread> waiters = new ArrayList<>();
            for (int i = 0; i < SINGLES; i++) {
                long[] handles = {singles[i], never};
                waiters.add(thread("single-" + i, failures, () -> rounds(k, handles, false)));
            }
            for (int i = 0; i < PAIRS; i++) {
                long[] handles = pairs[i];
                waiters.add(thread("pair-" + i, failures, () -> rounds(k, handles, true)));
            }
            int[] counter = {0}; // guarded by the mutex alone
            for (int i = 0; i < MUTEX_THREADS; i++) {
                waiters.add(thread("mutex-" + i, failures, () -> {
                    for (int r = 0; r < ROUNDS; r++) {
                        int got = k.WaitForSingleObject(mutex, BOUND_MS);
                        if (got != WAIT_OBJECT_0) {
                            return "round " + r + ": " + got;
                        }
                        int seen = counter[0];
                        Thread.yield();
                        counter[0] = seen + 1;
                        if (!k.ReleaseMutex(mutex)) {
                            return "ReleaseMutex " + k.GetLastError();
                        }
                    }
                    return null;
                }));
            }
            AtomicBoolean stop = new AtomicBoolean();
            Thread noiseThread = thread("noise", failures, () -> {
                while (!stop.get()) {
                    k.SetEvent(noise);
                    k.ResetEvent(noise);
                    Thread.yield();
                }
                return null;
            });
            // Two releasers, each releasing every semaphore once per round in its own shuffled order.
            List<Thread> releasers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int first = t;
                Random random = new Random(t);
                releasers.add(thread("releaser-" + t, failures, () -> {
                    List<Long> order = new ArrayList<>(all);
                    for (int r = first; r < ROUNDS; r += 2) {
                        Collections.shuffle(order, random);
                        for (long s : order) {
                            if (!k.ReleaseSemaphore(s, 1, null)) {
                                return "ReleaseSemaphore " + k.GetLastError();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Thread th : releasers) {
                th.join(BOUND_MS * 2L);
            }
            for (Thread th : waiters) {
                th.join(BOUND_MS * 2L);
                assertFalse(th.isAlive(), th.getName() + " still waiting");
            }
            stop.set(true);
            noiseThread.join(BOUND_MS);
            assertTrue(failures.isEmpty(), failures.toString());
            assertEquals(MUTEX_THREADS * ROUNDS, counter[0], "the mutex excluded its holders from each other");
            for (long s : all) {
                IntRef previous = new IntRef();
                assertTrue(k.ReleaseSemaphore(s, 1, previous));
                assertEquals(0, previous.value, "every release was taken, once");
            }
            for (long s : all) {
                k.CloseHandle(s);
            }
            k.CloseHandle(mutex);
            k.CloseHandle(noise);
            k.CloseHandle(never);
        }
    }

    /** {@code ROUNDS} waits for the first of {@code handles} (or all); null, or what went wrong. */
    private static String rounds(KernelFront k, long[] handles, boolean all) {
        for (int r = 0; r < ROUNDS; r++) {
            int got = k.WaitForMultipleObjects(handles.length, handles, all, BOUND_MS);
            if (got != WAIT_OBJECT_0) {
                return "round " + r + ": " + got;
            }
        }
        return null;
    }

    private static Thread thread(String name, ConcurrentLinkedQueue<String> failures,
                                 java.util.concurrent.Callable<String> body) {
        Thread th = new Thread(() -> {
            try {
                String failure = body.call();
                if (failure != null) {
                    failures.add(name + ": " + failure);
                }
            } catch (Exception | Error e) {
                failures.add(name + ": " + e);
            }
        }, name);
        th.start();
        return th;
    }
}

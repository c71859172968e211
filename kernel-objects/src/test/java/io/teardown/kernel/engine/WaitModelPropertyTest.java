package io.teardown.kernel.engine;

import static io.teardown.kernel.Kernel32.INFINITE;
import static io.teardown.kernel.Kernel32.WAIT_ABANDONED_0;
import static io.teardown.kernel.Kernel32.WAIT_IO_COMPLETION;
import static io.teardown.kernel.Kernel32.WAIT_OBJECT_0;
import static io.teardown.kernel.Kernel32.WAIT_TIMEOUT;

import io.teardown.api.IntRef;
import io.teardown.api.LeakTracking;
import io.teardown.api.Session;
import io.teardown.kernel.front.KernelFront;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Stateful property of the dispatcher's waits (KO-05, KO-10, KO-16): four objects — an auto-reset event,
 * a manual-reset event, a semaphore and a mutex its holder thread owns — and a random sequence of steps:
 * start a waiter thread ({@code WaitForMultipleObjectsEx} on one to three of the objects, any or all,
 * alertable, no timeout), set or reset an event, release the semaphore, let the mutex's holder end
 * (abandoning it). After each step the threads whose waits the model says are now satisfied must return
 * exactly what it says (which object, {@code WAIT_ABANDONED_0 + i} for an abandoned mutex) and no other
 * thread may have returned; each finished waiter then ends in turn, abandoning the mutex if it took it.
 * At the end an APC ends every wait still going on ({@code WAIT_IO_COMPLETION}), and the objects' states
 * must be the model's. The model is a plain sequential one: after each change it scans the waits in the
 * order they began and satisfies each that can be, all its objects at once for a wait-all — so a lost
 * wake-up, a wait satisfied twice, an object taken for a wait-all that cannot complete, or an order other
 * than first come first served fails the property. Waiters start one at a time, each listed with the
 * dispatcher before the next step, so the order is the model's.
 */
class WaitModelPropertyTest {
    private static final int AUTO = 0;
    private static final int MANUAL = 1;
    private static final int SEMAPHORE = 2;
    private static final int MUTEX = 3;
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(20);

    sealed interface Op permits Wait, Set, Reset, Release, Abandon {
    }

    /** A new waiter on {@code objects} (indices into the four), any or all. */
    record Wait(List<Integer> objects, boolean all) implements Op {
    }

    record Set(boolean manual) implements Op {
    }

    record Reset(boolean manual) implements Op {
    }

    record Release(int count) implements Op {
    }

    /** The mutex's holder thread ends without releasing it (only the first time it comes). */
    record Abandon() implements Op {
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        Arbitrary<Op> wait = Combinators.combine(
                Arbitraries.integers().between(0, 3).list().uniqueElements().ofMinSize(1).ofMaxSize(3),
                Arbitraries.of(false, true)).as(Wait::new);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(6, wait),
                Tuple.of(3, Arbitraries.of(true, false).map(Set::new)),
                Tuple.of(1, Arbitraries.of(true, false).map(Reset::new)),
                Tuple.of(3, Arbitraries.integers().between(1, 3).map(Release::new)),
                Tuple.of(1, Arbitraries.just(new Abandon())));
        return op.list().ofMinSize(4).ofMaxSize(24);
    }

    /** The model's state of the four objects; owners are waiter ids, -1 for the holder, null for none. */
    private static final class Model {
        boolean auto;
        boolean manual;
        int count;
        Integer owner = -1;
        boolean abandoned;
        final List<Waiter> waiting = new ArrayList<>(); // oldest first

        void event(boolean manualReset, boolean state) {
            if (manualReset) {
                manual = state;
            } else {
                auto = state;
            }
        }

        boolean signaled(int object, int waiter) {
            return switch (object) {
                case AUTO -> auto;
                case MANUAL -> manual;
                case SEMAPHORE -> count > 0;
                default -> owner == null || owner == waiter;
            };
        }

        /** Takes {@code object} for the waiter; true if it was an abandoned mutex. */
        boolean satisfy(int object, int waiter) {
            switch (object) {
                case AUTO -> auto = false;
                case SEMAPHORE -> count--;
                case MUTEX -> {
                    owner = waiter;
                    boolean was = abandoned;
                    abandoned = false;
                    return was;
                }
                default -> { }
            }
            return false;
        }

        /** Scans the waits in the order they began; returns those satisfied now, results set. */
        List<Waiter> settle() {
            List<Waiter> done = new ArrayList<>();
            for (Waiter w : new ArrayList<>(waiting)) {
                List<Integer> objs = w.objects;
                int r = -1;
                if (w.all) {
                    if (objs.stream().allMatch(o -> signaled(o, w.id))) {
                        int abandonedAt = -1;
                        for (int i = 0; i < objs.size(); i++) {
                            if (satisfy(objs.get(i), w.id) && abandonedAt < 0) {
                                abandonedAt = i;
                            }
                        }
                        r = abandonedAt >= 0 ? WAIT_ABANDONED_0 + abandonedAt : WAIT_OBJECT_0;
                    }
                } else {
                    for (int i = 0; i < objs.size() && r < 0; i++) {
                        if (signaled(objs.get(i), w.id)) {
                            r = satisfy(objs.get(i), w.id) ? WAIT_ABANDONED_0 + i : WAIT_OBJECT_0 + i;
                        }
                    }
                }
                if (r >= 0) {
                    w.expected = r;
                    waiting.remove(w);
                    done.add(w);
                }
            }
            return done;
        }

        /** The thread of waiter {@code id} (or the holder, -1) ended: a mutex it owns is abandoned. */
        void ended(int id) {
            if (owner != null && owner == id) {
                owner = null;
                abandoned = true;
            }
        }
    }

    /** One waiter thread, as the model and the test see it. */
    private static final class Waiter {
        final int id;
        final List<Integer> objects;
        final boolean all;
        final AtomicInteger result = new AtomicInteger(Integer.MIN_VALUE);
        final AtomicReference<Thread> thread = new AtomicReference<>();
        int expected = Integer.MIN_VALUE;
        long handle;
        long release;

        Waiter(int id, List<Integer> objects, boolean all) {
            this.id = id;
            this.objects = objects;
            this.all = all;
        }
    }

    private static void check(boolean ok, String what, StringBuilder trace) {
        if (!ok) {
            throw new AssertionError(what + "; trace: " + trace);
        }
    }

    private static void until(java.util.function.BooleanSupplier done, String what, StringBuilder trace) {
        long end = System.nanoTime() + BOUND_NANOS;
        while (!done.getAsBoolean()) {
            check(System.nanoTime() < end, "not within the bound: " + what, trace);
            LockSupport.parkNanos(200_000);
        }
    }

    @Property(tries = 30)
    @AddLifecycleHook(SoakTries.class) // -Dteardown.soak=true: 100x the tries
    void waitsEndAsTheFirstComeFirstServedModelSays(@ForAll("sequences") List<Op> ops) {
        try (Session session = Session.builder().name("wait-model").leakTracking(LeakTracking.OFF).build()) {
            KernelFront k = new KernelFront(session, new EngineKernelDriver(session));
            Dispatcher dispatcher = Engine.of(session).dispatcher;
            StringBuilder trace = new StringBuilder();
            long[] objects = {
                k.CreateEvent(null, false, false, null),
                k.CreateEvent(null, true, false, null),
                k.CreateSemaphore(null, 0, 1000, null),
                k.CreateMutex(null, false, null),
            };
            long holderRelease = k.CreateEvent(null, true, false, null);
            long holderTook = k.CreateEvent(null, true, false, null);
            long holder = k.CreateThread(null, 0, p -> {
                int r = k.WaitForSingleObject(objects[MUTEX], 0);
                k.SetEvent(holderTook);
                k.WaitForSingleObject(holderRelease, INFINITE);
                return r; // ends owning the mutex: abandoned
            }, 0, 0, new IntRef());
            check(k.WaitForSingleObject(holderTook, 20_000) == WAIT_OBJECT_0, "the holder took the mutex", trace);
            Model model = new Model();
            List<Waiter> all = new ArrayList<>();
            boolean holderAlive = true;
            for (Op op : ops) {
                trace.append(op).append(' ');
                if (op instanceof Wait w) {
                    Waiter waiter = new Waiter(all.size(), w.objects(), w.all());
                    all.add(waiter);
                    start(k, objects, waiter);
                    model.waiting.add(waiter);
                    List<Waiter> done = model.settle();
                    if (done.isEmpty()) {
                        // Listed before the next step: the dispatcher's order is the order they began in.
                        until(() -> waiter.thread.get() != null && dispatcher.inAlertableWait(waiter.thread.get()),
                                "waiter " + waiter.id + " waits", trace);
                    }
                    finish(k, model, done, trace);
                } else if (op instanceof Set s) {
                    check(k.SetEvent(objects[s.manual() ? MANUAL : AUTO]), "SetEvent", trace);
                    model.event(s.manual(), true);
                    finish(k, model, model.settle(), trace);
                } else if (op instanceof Reset r) {
                    check(k.ResetEvent(objects[r.manual() ? MANUAL : AUTO]), "ResetEvent", trace);
                    model.event(r.manual(), false);
                } else if (op instanceof Release r) {
                    IntRef previous = new IntRef();
                    check(k.ReleaseSemaphore(objects[SEMAPHORE], r.count(), previous), "ReleaseSemaphore", trace);
                    check(previous.value == model.count, "the semaphore held " + model.count + ", not " + previous.value, trace);
                    model.count += r.count();
                    finish(k, model, model.settle(), trace);
                } else if (holderAlive) {
                    holderAlive = false;
                    k.SetEvent(holderRelease);
                    check(k.WaitForSingleObject(holder, 20_000) == WAIT_OBJECT_0, "the holder ended", trace);
                    model.ended(-1);
                    finish(k, model, model.settle(), trace);
                }
            }
            // Every wait still going on ends with an APC; none may have ended otherwise.
            for (Waiter w : new ArrayList<>(model.waiting)) {
                check(w.result.get() == Integer.MIN_VALUE, "waiter " + w.id + " returned " + w.result.get()
                        + " where the model has it still waiting", trace);
                check(k.QueueUserAPC(d -> { }, w.handle, 0) != 0, "QueueUserAPC", trace);
                until(() -> w.result.get() != Integer.MIN_VALUE, "waiter " + w.id + " ends in its APC", trace);
                check(w.result.get() == WAIT_IO_COMPLETION, "waiter " + w.id + " returned " + w.result.get()
                        + ", the model says WAIT_IO_COMPLETION", trace);
                k.SetEvent(w.release);
                check(k.WaitForSingleObject(w.handle, 20_000) == WAIT_OBJECT_0, "waiter " + w.id + " ended", trace);
            }
            // The objects hold what the model says.
            check((k.WaitForSingleObject(objects[AUTO], 0) == WAIT_OBJECT_0) == model.auto, "auto-reset event state", trace);
            check((k.WaitForSingleObject(objects[MANUAL], 0) == WAIT_OBJECT_0) == model.manual, "manual event state", trace);
            IntRef previous = new IntRef();
            check(k.ReleaseSemaphore(objects[SEMAPHORE], 1, previous) && previous.value == model.count,
                    "semaphore count " + previous.value + ", the model says " + model.count, trace);
            int mutex = k.WaitForSingleObject(objects[MUTEX], 0);
            int expectMutex = model.owner != null ? WAIT_TIMEOUT : model.abandoned ? WAIT_ABANDONED_0 : WAIT_OBJECT_0;
            check(mutex == expectMutex, "mutex wait " + mutex + ", the model says " + expectMutex, trace);
            if (mutex != WAIT_TIMEOUT) {
                k.ReleaseMutex(objects[MUTEX]);
            }
            k.SetEvent(holderRelease);
            check(k.WaitForSingleObject(holder, 20_000) == WAIT_OBJECT_0, "the holder ended", trace);
            for (Waiter w : all) {
                k.CloseHandle(w.handle);
                k.CloseHandle(w.release);
            }
            for (long h : objects) {
                k.CloseHandle(h);
            }
            k.CloseHandle(holder);
            k.CloseHandle(holderRelease);
            k.CloseHandle(holderTook);
        }
    }

    /** Starts {@code w}'s thread: it waits, records the result, and ends when told (its mutex abandoned). */
    private static void start(KernelFront k, long[] objects, Waiter w) {
        long[] handles = w.objects.stream().mapToLong(i -> objects[i]).toArray();
        w.release = k.CreateEvent(null, true, false, null);
        w.handle = k.CreateThread(null, 0, p -> {
            w.thread.set(Thread.currentThread());
            w.result.set(k.WaitForMultipleObjectsEx(handles.length, handles, w.all, INFINITE, true));
            k.WaitForSingleObject(w.release, INFINITE);
            return 0;
        }, 0, 0, new IntRef());
    }

    /**
     * The waiters the model satisfied must have returned what it says, and no other; each then ends in
     * turn (by id), the model following with the mutex it may abandon, until nothing more is satisfied.
     */
    private static void finish(KernelFront k, Model model, List<Waiter> done, StringBuilder trace) {
        while (!done.isEmpty()) {
            List<Waiter> next = new ArrayList<>();
            for (Waiter w : done) {
                until(() -> w.result.get() != Integer.MIN_VALUE, "waiter " + w.id + " returns", trace);
                check(w.result.get() == w.expected, "waiter " + w.id + " returned " + w.result.get()
                        + ", the model says " + w.expected, trace);
            }
            for (Waiter other : model.waiting) {
                check(other.result.get() == Integer.MIN_VALUE, "waiter " + other.id + " returned "
                        + other.result.get() + " where the model has it still waiting", trace);
            }
            for (Waiter w : done) {
                k.SetEvent(w.release);
                check(k.WaitForSingleObject(w.handle, 20_000) == WAIT_OBJECT_0, "waiter " + w.id + " ended", trace);
                model.ended(w.id);
                next.addAll(model.settle());
            }
            done = next;
        }
    }
}

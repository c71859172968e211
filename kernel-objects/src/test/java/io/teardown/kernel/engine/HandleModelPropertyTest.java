package io.teardown.kernel.engine;

import static io.teardown.kernel.Kernel32.DUPLICATE_CLOSE_SOURCE;
import static io.teardown.kernel.Kernel32.DUPLICATE_SAME_ACCESS;
import static io.teardown.kernel.Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE;
import static io.teardown.kernel.Kernel32.SYNCHRONIZE;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LeakTracking;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.kernel.front.KernelFront;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.Provide;

/**
 * Stateful property (DESIGN.md, Testing): random create / duplicate / use / protect / close sequences,
 * run on three threads at once against one session, each compared step by step with a model of handle
 * counts, results and error codes (KO-01, KO-02, KO-03, KO-11, KO-12). One named event is shared by all
 * threads, so counts on a shared object race for real. At the end nothing may be left: the table is
 * empty and the shared name is gone.
 *
 * <p>Each thread closes only its own handles, so every expected result is deterministic; closed values
 * stay invalid because the session tags values with generations (a try issues fewer than 128 handles,
 * so a generation cannot wrap back).
 */
class HandleModelPropertyTest {
    private static final int THREADS = 3;

    /** One step of a thread's sequence. */
    sealed interface Op permits CreateUnnamed, CreateShared, Duplicate, Use, Close, Protect {
    }

    record CreateUnnamed() implements Op {
    }

    record CreateShared() implements Op {
    }

    record Duplicate(int slot, boolean closeSource) implements Op {
    }

    record Use(int slot) implements Op {
    }

    record Close(int slot) implements Op {
    }

    record Protect(int slot, boolean on) implements Op {
    }

    @Provide
    Arbitrary<List<List<Op>>> sequences() {
        Arbitrary<Integer> slot = Arbitraries.integers().between(0, 15);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(new CreateUnnamed())),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new CreateShared())),
                net.jqwik.api.Tuple.of(3, net.jqwik.api.Combinators.combine(slot, Arbitraries.of(true, false)).as(Duplicate::new)),
                net.jqwik.api.Tuple.of(3, slot.map(Use::new)),
                net.jqwik.api.Tuple.of(4, slot.map(Close::new)),
                net.jqwik.api.Tuple.of(1, net.jqwik.api.Combinators.combine(slot, Arbitraries.of(true, false)).as(Protect::new)));
        return op.list().ofMaxSize(38).list().ofSize(THREADS);
    }

    /** What one thread believes about one of its handle values. */
    private static final class Slot {
        final long value;
        final int object; // 0 = the shared named event
        boolean open = true;
        boolean protectedFlag;

        Slot(long value, int object) {
            this.value = value;
            this.object = object;
        }
    }

    @Property(tries = 40)
    @AddLifecycleHook(SoakTries.class) // -Dteardown.soak=true: 100x the tries
    void concurrentSequencesMatchTheModel(@ForAll("sequences") List<List<Op>> perThread) throws Exception {
        Session session = Session.builder().generationTags(true).leakTracking(LeakTracking.OFF).build();
        KernelFront k = new KernelFront(session, new EngineKernelDriver(session));
        String shared = "model-shared";
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Thread> threads = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                List<Op> ops = perThread.get(t);
                int base = (t + 1) * 1000;
                Thread th = new Thread(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                        run(k, session, shared, ops, base, failures);
                    } catch (Exception | AssertionError e) {
                        failures.add(e.toString());
                    }
                }, "model-" + t);
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join(TimeUnit.SECONDS.toMillis(30));
                if (th.isAlive()) {
                    failures.add(th.getName() + " hung");
                }
            }
            check(failures.isEmpty(), String.join("\n", failures));
            check(session.handles(HandleSpace.KERNEL).size() == 0,
                    "leak: " + session.handles(HandleSpace.KERNEL).snapshot());
            check(k.OpenEvent(SYNCHRONIZE, false, shared) == 0 && k.GetLastError() == 2,
                    "the shared event outlived its last handle");
        } finally {
            session.close();
            k.close();
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }

    private static void run(KernelFront k, Session session, String shared, List<Op> ops, int base,
                            ConcurrentLinkedQueue<String> failures) {
        List<Slot> slots = new ArrayList<>();
        Map<Integer, Integer> counts = new HashMap<>();
        int nextObject = base;
        int step = 0;
        for (Op op : ops) {
            String where = Thread.currentThread().getName() + " step " + step++ + " " + op + ": ";
            Slot s = slots.isEmpty() || op instanceof CreateUnnamed || op instanceof CreateShared ? null
                    : slots.get(slotIndex(op) % slots.size());
            if (op instanceof CreateUnnamed) {
                long h = k.CreateEvent(null, true, false, null);
                check(h != 0 && k.GetLastError() == 0, where + "create failed " + k.GetLastError());
                int id = nextObject++;
                slots.add(new Slot(h, id));
                counts.put(id, 1);
            } else if (op instanceof CreateShared) {
                boolean held = counts.getOrDefault(0, 0) > 0;
                long h = k.CreateEvent(null, true, false, shared);
                int err = k.GetLastError();
                check(h != 0, where + "create shared failed " + err);
                check(held ? err == 183 : err == 0 || err == 183, where + "last error " + err + " (held=" + held + ")");
                slots.add(new Slot(h, 0));
                counts.merge(0, 1, Integer::sum);
            } else if (s == null) {
                continue;
            } else if (op instanceof Duplicate d) {
                LongRef out = new LongRef(-77);
                k.SetLastError(0);
                boolean ok = k.DuplicateHandle(-1, s.value, -1, out, 0, false,
                        DUPLICATE_SAME_ACCESS | (d.closeSource() ? DUPLICATE_CLOSE_SOURCE : 0));
                if (!s.open) {
                    check(!ok && k.GetLastError() == 6 && out.value == -77, where + "duplicate of a closed value");
                } else if (d.closeSource() && !s.protectedFlag) {
                    check(ok && out.value == s.value, where + "close-source must return the source value, got " + out.value);
                } else {
                    check(ok && out.value != s.value && out.value != 0, where + "duplicate failed " + k.GetLastError());
                    slots.add(new Slot(out.value, s.object));
                    counts.merge(s.object, 1, Integer::sum);
                }
            } else if (op instanceof Use) {
                k.SetLastError(0);
                boolean ok = k.SetEvent(s.value);
                IntRef flags = new IntRef(-1);
                boolean info = k.GetHandleInformation(s.value, flags);
                if (s.open) {
                    check(ok && info, where + "use of an open handle failed " + k.GetLastError());
                    check(((flags.value & HANDLE_FLAG_PROTECT_FROM_CLOSE) != 0) == s.protectedFlag, where + "flags " + flags.value);
                } else {
                    check(!ok && !info && k.GetLastError() == 6, where + "use of a closed value");
                }
            } else if (op instanceof Close) {
                k.SetLastError(1234);
                boolean ok = k.CloseHandle(s.value);
                if (s.open && !s.protectedFlag) {
                    check(ok && k.GetLastError() == 1234, where + "close of an open handle");
                    s.open = false;
                    counts.merge(s.object, -1, Integer::sum);
                } else {
                    check(!ok && k.GetLastError() == 6, where + "close must fail with 6");
                }
            } else if (op instanceof Protect p) {
                boolean ok = k.SetHandleInformation(s.value, HANDLE_FLAG_PROTECT_FROM_CLOSE,
                        p.on() ? HANDLE_FLAG_PROTECT_FROM_CLOSE : 0);
                if (s.open) {
                    check(ok, where + "SetHandleInformation failed");
                    s.protectedFlag = p.on();
                } else {
                    check(!ok && k.GetLastError() == 6, where + "SetHandleInformation on a closed value");
                }
            }
            // The object's handle count must be the model's (objects of this thread only; the shared one races).
            for (Slot x : slots) {
                if (x.open && x.object != 0) {
                    HandleRecord r = (HandleRecord) session.handles(HandleSpace.KERNEL).get(x.value);
                    check(r != null, where + "open handle missing from the table");
                    check(r.object.handleCount() == counts.get(x.object),
                            where + "handle count " + r.object.handleCount() + " != model " + counts.get(x.object));
                }
            }
        }
        for (Slot x : slots) {
            if (x.open) {
                k.SetHandleInformation(x.value, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0);
                check(k.CloseHandle(x.value), "final close");
                x.open = false;
            }
        }
    }

    private static int slotIndex(Op op) {
        if (op instanceof Duplicate d) {
            return d.slot();
        }
        if (op instanceof Use u) {
            return u.slot();
        }
        if (op instanceof Close c) {
            return c.slot();
        }
        if (op instanceof Protect p) {
            return p.slot();
        }
        return 0;
    }
}

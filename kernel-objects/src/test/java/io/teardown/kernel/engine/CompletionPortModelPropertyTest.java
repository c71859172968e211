package io.teardown.kernel.engine;

import static io.teardown.kernel.Kernel32.FILE_FLAG_OVERLAPPED;
import static io.teardown.kernel.Kernel32.GENERIC_READ;
import static io.teardown.kernel.Kernel32.GENERIC_WRITE;
import static io.teardown.kernel.Kernel32.INVALID_HANDLE_VALUE;
import static io.teardown.kernel.Kernel32.OPEN_EXISTING;
import static io.teardown.kernel.Kernel32.PIPE_ACCESS_DUPLEX;
import static io.teardown.kernel.Kernel32.WAIT_IO_COMPLETION;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LeakTracking;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.front.KernelFront;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Stateful property (the model of completion-port use): three threads share one completion
 * port; each runs a random sequence over its own overlapped named pipe — issue a read (with or without
 * a completion routine), write from the other end, cancel one read or all, close the pipe with reads
 * pending (then open a new one), take a packet, wait alertably — and checks every step against a
 * simple model: which read a write completes with how many bytes, that cancellation and close end a
 * read with 995 and 0 bytes, what an alertable wait returns. At the end every operation must have been
 * delivered exactly once — one packet (status, bytes, key, the very OVERLAPPED) or one routine call on
 * its own thread — nothing else may be on the port, and the handle table must be empty (KO-14 … KO-16).
 */
class CompletionPortModelPropertyTest {
    private static final int THREADS = 3;
    private static final int MAX_IO = 64;

    sealed interface Op permits Read, Write, Cancel, Close, Take, Alert {
    }

    record Read(int size, boolean routine) implements Op {
    }

    record Write(int bytes) implements Op {
    }

    record Cancel(int which, boolean all) implements Op {
    }

    record Close() implements Op {
    }

    record Take() implements Op {
    }

    record Alert() implements Op {
    }

    @Provide
    Arbitrary<List<List<Op>>> sequences() {
        Arbitrary<Integer> size = Arbitraries.integers().between(1, MAX_IO);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(5, Combinators.combine(size, Arbitraries.of(false, false, true)).as(Read::new)),
                Tuple.of(4, size.map(Write::new)),
                Tuple.of(2, Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.of(true, false))
                        .as(Cancel::new)),
                Tuple.of(1, Arbitraries.just(new Close())),
                Tuple.of(2, Arbitraries.just(new Take())),
                Tuple.of(2, Arbitraries.just(new Alert())));
        return op.list().ofMaxSize(30).list().ofSize(THREADS);
    }

    /** What the model expects of one operation, and what was seen of it. */
    private static final class Expected {
        final Overlapped ov = new Overlapped();
        final int size;
        final boolean routine;
        final long key;
        final Thread issuer = Thread.currentThread();
        int status = -1; // -1: still pending in the model
        int bytes;
        final List<String> seen = new ArrayList<>();

        Expected(int size, boolean routine, long key) {
            this.size = size;
            this.routine = routine;
            this.key = key;
        }
    }

    /** One thread's run against its model. */
    private static final class Worker {
        final KernelFront k;
        final long port;
        final long key;
        final List<Expected> all = new ArrayList<>();
        final ArrayDeque<Expected> pending = new ArrayDeque<>();
        final List<Expected> completedRoutines = new ArrayList<>(); // completed, routine not run yet
        final StringBuilder trace = new StringBuilder();
        long server;
        long client;
        int buffered; // bytes written and not read yet

        Worker(KernelFront k, long port, long key) {
            this.k = k;
            this.port = port;
            this.key = key;
        }

        void check(boolean ok, String what) {
            if (!ok) {
                throw new AssertionError(what + " (last error " + k.GetLastError() + "); trace: " + trace);
            }
        }

        void openPipe() {
            String name = "\\\\.\\pipe\\model-" + UUID.randomUUID();
            server = k.CreateNamedPipe(name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, 0, 1, 4096, 4096, 0, null);
            check(server != INVALID_HANDLE_VALUE, "CreateNamedPipe");
            client = k.CreateFile(name, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, 0);
            check(client != INVALID_HANDLE_VALUE, "CreateFile(pipe)");
            check(k.CreateIoCompletionPort(server, port, key, 0) == port, "associate");
            buffered = 0;
        }

        void complete(Expected e, int status, int bytes) {
            e.status = status;
            e.bytes = bytes;
            if (e.routine) {
                completedRoutines.add(e);
            }
        }

        void run(Op op) {
            trace.append(op).append(' ');
            if (op instanceof Read r) {
                read(r);
            } else if (op instanceof Write w) {
                write(w.bytes());
            } else if (op instanceof Cancel c) {
                cancel(c);
            } else if (op instanceof Close) {
                closePipe();
                openPipe();
            } else if (op instanceof Take) {
                take(port, k);
            } else {
                alert();
            }
        }

        private void read(Read r) {
            Expected e = new Expected(r.size(), r.routine(), key);
            all.add(e);
            byte[] buf = new byte[r.size()];
            IntRef n = new IntRef();
            boolean issued = r.routine()
                    ? k.ReadFileEx(server, buf, r.size(), e.ov, (status, bytes, ov) -> {
                        e.seen.add("routine " + status + " " + bytes + " " + (ov == e.ov) + " "
                                + (Thread.currentThread() == e.issuer));
                    })
                    : k.ReadFile(server, buf, r.size(), n, e.ov);
            if (buffered > 0) {
                int got = Math.min(buffered, r.size());
                buffered -= got;
                check(issued, "a read of buffered bytes completes at once");
                complete(e, 0, got);
            } else if (r.routine()) {
                check(issued, "ReadFileEx queues a pending read");
                pending.add(e);
            } else {
                check(!issued && k.GetLastError() == 997, "a read with nothing buffered pends");
                pending.add(e);
            }
        }

        private void write(int bytes) {
            IntRef n = new IntRef();
            check(k.WriteFile(client, new byte[bytes], bytes, n, null) && n.value == bytes, "WriteFile");
            int left = bytes;
            while (left > 0 && !pending.isEmpty()) {
                Expected e = pending.poll();
                int got = Math.min(left, e.size);
                left -= got;
                IntRef done = new IntRef();
                check(k.GetOverlappedResult(server, e.ov, done, true) && done.value == got,
                        "the oldest pending read takes " + got + " bytes, got " + done.value);
                complete(e, 0, got);
            }
            buffered += left;
        }

        private void cancel(Cancel c) {
            if (pending.isEmpty()) {
                check(!k.CancelIoEx(server, null) && k.GetLastError() == 1168, "nothing to cancel: 1168");
                return;
            }
            if (c.all()) {
                check(k.CancelIoEx(server, null), "CancelIoEx(h, NULL)");
                for (Expected e : pending) {
                    check(e.ov.Internal == 995, "cancelled with 995");
                    complete(e, 995, 0);
                }
                pending.clear();
                return;
            }
            Expected e = new ArrayList<>(pending).get(c.which() % pending.size());
            pending.remove(e);
            check(k.CancelIoEx(server, e.ov), "CancelIoEx(h, ov)");
            check(e.ov.Internal == 995, "cancelled with 995");
            complete(e, 995, 0);
        }

        void closePipe() {
            check(k.CloseHandle(server), "CloseHandle(server)");
            for (Expected e : pending) {
                check(e.ov.Internal == 995, "a close aborts a pending read with 995");
                complete(e, 995, 0);
            }
            pending.clear();
            check(k.CloseHandle(client), "CloseHandle(client)");
        }

        void alert() {
            int expected = completedRoutines.isEmpty() ? 0 : WAIT_IO_COMPLETION;
            int r = k.SleepEx(0, true);
            check(r == expected, "SleepEx(0, TRUE) = " + r + ", the model says " + expected);
            for (Expected e : completedRoutines) {
                check(e.seen.size() == 1, "the routine ran once in the alertable wait");
            }
            completedRoutines.clear();
        }
    }

    private static final ConcurrentLinkedQueue<String> PACKETS_OF_UNKNOWN = new ConcurrentLinkedQueue<>();

    /** Takes one packet if there is one and files it under its operation; false if none was queued. */
    private static boolean take(long port, KernelFront k) {
        IntRef n = new IntRef();
        LongRef key = new LongRef();
        Ref<Overlapped> ov = new Ref<>();
        boolean ok = k.GetQueuedCompletionStatus(port, n, key, ov, 0);
        if (ov.value == null) {
            return false;
        }
        int status = ok ? 0 : k.GetLastError();
        Expected e;
        synchronized (SEEN) {
            e = SEEN.get(ov.value);
        }
        String packet = "packet " + status + " " + n.value + " " + key.value;
        if (e == null) {
            PACKETS_OF_UNKNOWN.add(packet);
        } else {
            synchronized (e.seen) {
                e.seen.add(packet);
            }
        }
        return true;
    }

    private static final Map<Overlapped, Expected> SEEN = new IdentityHashMap<>();

    @Property(tries = 25)
    void everyOperationCompletesExactlyOnce(@ForAll("sequences") List<List<Op>> sequences) throws Exception {
        PACKETS_OF_UNKNOWN.clear();
        synchronized (SEEN) {
            SEEN.clear();
        }
        try (Session session = Session.builder().name("port-model").leakTracking(LeakTracking.OFF).build()) {
            KernelFront k = new KernelFront(session, new EngineKernelDriver(session));
            long port = k.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Worker> workers = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            for (int t = 0; t < THREADS; t++) {
                Worker w = new Worker(k, port, 100 + t);
                workers.add(w);
                List<Op> ops = sequences.get(t);
                Thread th = new Thread(() -> {
                    try {
                        w.openPipe();
                        start.await(10, TimeUnit.SECONDS);
                        for (Op op : ops) {
                            w.run(op);
                            synchronized (SEEN) {
                                for (Expected e : w.all) {
                                    SEEN.putIfAbsent(e.ov, e);
                                }
                            }
                        }
                        w.closePipe();
                        w.alert(); // the routines of what the close aborted run here, on this thread
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "port-model-" + t);
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join(30_000);
                if (th.isAlive()) {
                    throw new AssertionError(th.getName() + " hung; trace: " + workers.get(threads.indexOf(th)).trace);
                }
            }
            if (!failures.isEmpty()) {
                throw new AssertionError(failures.peek());
            }
            // Drain: every packet still queued belongs to an operation; then nothing more comes.
            while (take(port, k)) {
                // each packet is filed under its operation by take()
            }
            if (!PACKETS_OF_UNKNOWN.isEmpty()) {
                throw new AssertionError("packets of no operation: " + PACKETS_OF_UNKNOWN);
            }
            for (Worker w : workers) {
                for (Expected e : w.all) {
                    String want = e.routine
                            ? "routine " + e.status + " " + e.bytes + " true true"
                            : "packet " + e.status + " " + e.bytes + " " + e.key;
                    if (!e.seen.equals(List.of(want))) {
                        throw new AssertionError("expected exactly [" + want + "] but saw " + e.seen + "; trace: " + w.trace);
                    }
                }
            }
            if (!k.CloseHandle(port)) {
                throw new AssertionError("CloseHandle(port)");
            }
            if (!session.handles(HandleSpace.KERNEL).snapshot().isEmpty()) {
                throw new AssertionError("handles left: " + session.handles(HandleSpace.KERNEL).snapshot());
            }
        }
    }
}

package io.teardown.testkit.hardening;

import io.teardown.api.MisuseException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.function.ToLongFunction;

/**
 * Calls every function of a flat facade ({@code Kernel32}, {@code WinInet}, {@code WlanApi},
 * {@code Ws2_32}) with generated arguments from several threads, each call under a watchdog, and reports
 * every call that threw a Java exception (other than strict mode's {@link MisuseException}), returned an
 * undocumented result, or did not finish within its bound.
 *
 * <p>The facade's functions are found by reflection: every public instance method of the interface.
 * A function can be excluded (with the reason, which the report prints), an argument of a function can
 * be made by a rule of its own (to keep a fuzzer from killing real processes or flooding the disk), and
 * each result can be checked and harvested (handle values returned feed later calls).
 *
 * @param <T> the facade interface
 */
public final class FlatFuzzer<T> {
    /** Makes one argument. */
    @FunctionalInterface
    public interface Rule {
        /** The argument. */
        Object make(SplittableRandom r, Arguments args);
    }

    /** Checks a call's result on the calling thread, right after the call. */
    @FunctionalInterface
    public interface Check {
        /** What is wrong with this outcome, or {@code null}. */
        String problem(Method method, Object[] args, Object result);
    }

    private final Class<T> facade;
    private final T target;
    private final Arguments arguments;
    private final Map<String, String> excluded = new LinkedHashMap<>();
    private final Map<String, Rule> rules = new HashMap<>();
    private final List<Check> checks = new ArrayList<>();
    private ToLongFunction<ValuePool> threadSetup = p -> 0;
    private LongConsumer unblock = token -> { };
    private Duration unblockAfter = Duration.ofMillis(200);
    private Duration bound = Duration.ofSeconds(5);
    private Duration interruptAfter;

    private FlatFuzzer(Class<T> facade, T target, ValuePool pool) {
        this.facade = facade;
        this.target = target;
        this.arguments = new Arguments(facade, pool);
    }

    /** A fuzzer of {@code target} through the functions of {@code facade}. */
    public static <T> FlatFuzzer<T> of(Class<T> facade, T target, ValuePool pool) {
        return new FlatFuzzer<>(facade, target, pool);
    }

    /** Never calls {@code method} (every overload), for the reason given. */
    public FlatFuzzer<T> exclude(String method, String reason) {
        excluded.put(method, reason);
        return this;
    }

    /** Makes argument {@code index} (from 0) of {@code method} (every overload) with {@code rule}. */
    public FlatFuzzer<T> rule(String method, int index, Rule rule) {
        rules.put(method + "#" + index, rule);
        return this;
    }

    /** Adds a check run after every call. */
    public FlatFuzzer<T> check(Check check) {
        checks.add(check);
        return this;
    }

    /**
     * Runs {@code setup} on each worker thread when it starts (returning a token, for instance a handle
     * to the thread) and {@code unblock} with that token from the watchdog when a call on that worker
     * has run for {@code after}.
     */
    public FlatFuzzer<T> unblocking(ToLongFunction<ValuePool> setup, LongConsumer unblock, Duration after) {
        this.threadSetup = setup;
        this.unblock = unblock;
        this.unblockAfter = after;
        return this;
    }

    /**
     * Interrupts a worker whose call has run for {@code after} (for APIs whose blocking calls end on an
     * interrupt, as Winsock's do with {@code WSAEINTR}); the worker clears its flag after each call.
     */
    public FlatFuzzer<T> interruptingAfter(Duration after) {
        this.interruptAfter = after;
        return this;
    }

    /** The longest a call may take (default 5 s). */
    public FlatFuzzer<T> bound(Duration bound) {
        this.bound = bound;
        return this;
    }

    /** The argument generator (to make arguments in rules). */
    public Arguments arguments() {
        return arguments;
    }

    /** The functions this fuzzer calls, sorted by name then arity. */
    public List<Method> functions() {
        List<Method> ms = new ArrayList<>();
        for (Method m : facade.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class
                    && !excluded.containsKey(m.getName())) {
                ms.add(m);
            }
        }
        ms.sort(Comparator.comparing(Method::getName).thenComparing(Method::getParameterCount));
        return ms;
    }

    private static final class Worker {
        final Thread thread;
        volatile long started; // 0 when idle
        volatile Method current;
        volatile Object[] args;
        volatile long token;
        volatile boolean hangReported;
        volatile boolean unblocked;

        Worker(Thread thread) {
            this.thread = thread;
        }
    }

    /**
     * Makes {@code calls} calls spread over {@code threads} threads.
     *
     * @throws InterruptedException if interrupted while waiting for the workers
     */
    public FuzzReport run(long calls, int threads, long seed) throws InterruptedException {
        List<Method> functions = functions();
        if (functions.isEmpty()) {
            throw new IllegalStateException("no functions in " + facade);
        }
        Map<String, LongAdder> perMethod = new ConcurrentHashMap<>();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicLong problemCount = new AtomicLong();
        AtomicLong hangs = new AtomicLong();
        AtomicLong unblocked = new AtomicLong();
        AtomicLong made = new AtomicLong();
        LongAdder succeeded = new LongAdder();
        SplittableRandom root = new SplittableRandom(seed);
        List<Worker> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            SplittableRandom r = root.split();
            long share = calls / threads + (t < calls % threads ? 1 : 0);
            Worker[] self = new Worker[1];
            Thread th = new Thread(() -> {
                Worker w = self[0];
                w.token = threadSetup.applyAsLong(arguments.pool());
                for (long i = 0; i < share; i++) {
                    Method m = functions.get(r.nextInt(functions.size()));
                    Object[] args = argsFor(m, r);
                    perMethod.computeIfAbsent(m.getName(), k -> new LongAdder()).increment();
                    String problem = call(w, m, args, succeeded);
                    made.incrementAndGet();
                    if (problem != null) {
                        problemCount.incrementAndGet();
                        if (problems.size() < 40) {
                            problems.add(m.getName() + Arrays.deepToString(shorten(args)) + ": " + problem);
                        }
                    }
                }
            }, "hardening-fuzz-" + facade.getSimpleName() + "-" + t);
            th.setDaemon(true);
            self[0] = new Worker(th);
            workers.add(self[0]);
        }
        Thread watchdog = new Thread(() -> watch(workers, hangs, unblocked), "hardening-watchdog");
        watchdog.setDaemon(true);
        workers.forEach(w -> w.thread.start());
        watchdog.start();
        for (Worker w : workers) {
            w.thread.join();
        }
        watchdog.interrupt();
        watchdog.join();
        Map<String, Long> counts = new HashMap<>();
        perMethod.forEach((k, v) -> counts.put(k, v.sum()));
        return new FuzzReport(facade.getSimpleName(), made.get(), succeeded.sum(), counts, problems, problemCount.get(),
                hangs.get(), unblocked.get(), excluded, Duration.ofNanos(System.nanoTime() - start));
    }

    private void watch(List<Worker> workers, AtomicLong hangs, AtomicLong unblocked) {
        long after = unblockAfter.toNanos();
        long limit = bound.toNanos();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Worker w : workers) {
                long s = w.started;
                if (s == 0) {
                    continue;
                }
                if (now - s > limit && !w.hangReported) {
                    w.hangReported = true;
                    hangs.incrementAndGet();
                    Method m = w.current;
                    Object[] a = w.args;
                    System.err.println("HANG: " + (m == null ? "?" : m.getName())
                            + (a == null ? "" : Arrays.deepToString(shorten(a))) + " on " + w.thread.getName()
                            + " for " + (now - s) / 1_000_000 + " ms\n" + stack(w.thread));
                    if (hangs.get() == 1) {
                        Thread.getAllStackTraces().keySet().stream()
                                .filter(t -> t != w.thread && !t.getName().startsWith("hardening-fuzz"))
                                .forEach(t -> System.err.println("  other thread " + t.getName() + " " + t.getState()
                                        + "\n" + stack(t)));
                    }
                } else if (interruptAfter != null && now - s > interruptAfter.toNanos() && !w.unblocked) {
                    w.unblocked = true;
                    unblocked.incrementAndGet();
                    w.thread.interrupt();
                } else if (interruptAfter == null && now - s > after) {
                    try {
                        unblock.accept(w.token);
                        if (!w.unblocked) {
                            w.unblocked = true;
                            unblocked.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        // the harness's own unblocking must not stop the watchdog
                    }
                }
            }
        }
    }

    private static String stack(Thread t) {
        StringBuilder b = new StringBuilder();
        for (StackTraceElement e : t.getStackTrace()) {
            b.append("    at ").append(e).append('\n');
        }
        return b.toString();
    }

    private Object[] argsFor(Method m, SplittableRandom r) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Rule rule = rules.get(m.getName() + "#" + i);
            args[i] = rule != null ? rule.make(r, arguments) : arguments.of(types[i], r);
        }
        return args;
    }

    private String call(Worker w, Method m, Object[] args, LongAdder succeeded) {
        Object result;
        w.current = m;
        w.args = args;
        w.hangReported = false;
        w.unblocked = false;
        w.started = System.nanoTime();
        try {
            result = m.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof MisuseException) {
                return null; // strict mode's report: allowed, by the brief
            }
            return "threw " + describe(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } finally {
            w.started = 0;
            w.current = null;
            if (interruptAfter != null) {
                Thread.interrupted(); // the watchdog's interrupt belongs to this call only
            }
        }
        if (Boolean.TRUE.equals(result) || result instanceof Long l && l != 0 && l != -1
                || result instanceof Integer i && i == 0 && m.getName().startsWith("Wlan")) {
            succeeded.increment();
        }
        if (result instanceof Long l) {
            arguments.pool().offer(l);
        } else if (result instanceof ByteBuffer b) {
            arguments.offerBuffer(b);
        }
        harvest(args);
        for (Check c : checks) {
            String p = c.problem(m, args, result);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private void harvest(Object[] args) {
        for (Object a : args) {
            if (a instanceof io.teardown.api.LongRef ref) {
                arguments.pool().offer(ref.value);
            } else if (a != null && a.getClass().getPackage() == facade.getPackage()) {
                for (java.lang.reflect.Field f : a.getClass().getFields()) {
                    if (f.getType() == long.class && !Modifier.isStatic(f.getModifiers())) {
                        try {
                            arguments.pool().offer(f.getLong(a));
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }
        }
    }

    private static String describe(Throwable t) {
        StringBuilder b = new StringBuilder(t.toString());
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(6, st.length); i++) {
            b.append(" at ").append(st[i]);
        }
        return b.toString();
    }

    private static Object[] shorten(Object[] args) {
        Object[] out = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof String s && s.length() > 40) {
                out[i] = s.substring(0, 20) + "...(" + s.length() + " chars)";
            } else if (a instanceof Long l) {
                out[i] = "0x" + Long.toHexString(l);
            } else if (a instanceof byte[] b) {
                out[i] = "byte[" + b.length + "]";
            } else {
                out[i] = a;
            }
        }
        return out;
    }
}

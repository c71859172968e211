package io.teardown.api;

import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import io.teardown.api.handle.LiveHandle;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One emulated Win32 process: its handle tables, its per-thread last error, its configuration (strict
 * mode, leak tracking, backend choice) and the subsystem engines built for it.
 *
 * <p>Everything lives here rather than in statics, so two sessions (two backends, two tests) run side
 * by side in one JVM, each one emulated Win32 process. Subsystems reach a session through their own entry points,
 * {@code Ws2_32.of(session)}, {@code Kernel32.of(session)} …, which build the session's engine for the
 * selected backend once and cache it here ({@link #component}).
 *
 * <p>Closing a session reports every handle still open as a leak, releases it, then shuts the
 * subsystem engines down. Thread-safe.
 */
public final class Session implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    private final String name;
    private final Map<String, String> properties;
    private final Map<String, String> backendChoices;
    private final boolean strict;
    private final MisuseHandler misuseHandler;
    private final LeakTracking leakTracking;
    private final Consumer<LeakReport> leakListener;
    private final EnumMap<HandleSpace, HandleTable<HandleEntry>> tables = new EnumMap<>(HandleSpace.class);
    private final LastError lastError = new LastError();
    private final CloseEvents closeEvents = new CloseEvents();
    private final ConcurrentHashMap<Class<?>, Object> components = new ConcurrentHashMap<>();
    private final List<Object> componentOrder = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong leaks = new AtomicLong();

    private Session(Builder b) {
        this.name = b.name;
        this.properties = Map.copyOf(b.properties);
        this.backendChoices = Map.copyOf(b.backendChoices);
        this.strict = b.strict;
        this.misuseHandler = b.misuseHandler;
        this.leakTracking = b.leakTracking;
        this.leakListener = b.leakListener;
        boolean origins = leakTracking == LeakTracking.PARANOID || (strict && leakTracking != LeakTracking.OFF);
        for (HandleSpace space : HandleSpace.values()) {
            tables.put(space, new HandleTable<>(space, b.generations, origins));
        }
    }

    /** A session with the defaults: backends chosen by priority and system properties, not strict. */
    public static Session open() {
        return builder().build();
    }

    /** A builder for a configured session. */
    public static Builder builder() {
        return new Builder();
    }

    /** The session's name, for messages. */
    public String name() {
        return name;
    }

    /** One of the session's handle tables. */
    public HandleTable<HandleEntry> handles(HandleSpace space) {
        return tables.get(space);
    }

    /** The per-thread last error ({@code GetLastError()} / {@code WSAGetLastError()}). */
    public LastError lastError() {
        return lastError;
    }

    /** Whether strict mode is on: misuse Windows reports only under a debugger is raised (KO-03). */
    public boolean strict() {
        return strict;
    }

    /**
     * Reports misuse. In strict mode the session's {@link MisuseHandler} sees it (by default it throws
     * {@link MisuseException}); otherwise nothing happens, as on Windows without a debugger.
     */
    public void misuse(Misuse misuse) {
        if (strict) {
            misuseHandler.misused(misuse);
        }
    }

    /** How leaks are reported. */
    public LeakTracking leakTracking() {
        return leakTracking;
    }

    /** How many leaks this session has reported so far. */
    public long leaksReported() {
        return leaks.get();
    }

    /** The close-event hub subsystems report every close call to. */
    public CloseEvents closeEvents() {
        return closeEvents;
    }

    /** The properties the session was opened with (the {@code teardown.*} system properties and the builder's). */
    public Map<String, String> properties() {
        return properties;
    }

    /** One property, if set. */
    public Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    /** The builder's backend choices: subsystem name, or {@code "*"} for all, to backend name. */
    public Map<String, String> backendChoices() {
        return backendChoices;
    }

    /** Whether the session is still open. */
    public boolean isOpen() {
        return !closed.get();
    }

    /**
     * The session's instance of a subsystem component, built on first use by {@code factory}. Components
     * that are {@link AutoCloseable} are closed, newest first, when the session closes.
     *
     * @throws IllegalStateException if the session is closed
     */
    public <T> T component(Class<T> key, Function<Session, ? extends T> factory) {
        Object c = components.get(key);
        if (c == null) {
            // Not computeIfAbsent: a factory may itself ask for another component (a winsock engine
            // asks for the session's Netty I/O), and ConcurrentHashMap forbids such nested updates.
            // A reentrant lock lets the nested call through and still builds each component once.
            synchronized (componentOrder) {
                c = components.get(key);
                if (c == null) {
                    if (closed.get()) {
                        throw new IllegalStateException("session " + name + " is closed");
                    }
                    T made = Objects.requireNonNull(factory.apply(this), "factory returned null");
                    componentOrder.add(made);
                    components.put(key, made);
                    c = made;
                }
            }
        }
        return key.cast(c);
    }

    /**
     * Watches an object-API handle for leaks: if {@code owner} is garbage collected before
     * {@link LeakWatch#closed()}, a {@link LeakReport.Reason#UNREACHABLE} leak is reported.
     * {@code owner} must not be reachable from anything the session holds.
     */
    public LeakWatch watch(Object owner, HandleSpace space, long handle, String type) {
        AtomicBoolean done = new AtomicBoolean();
        if (leakTracking == LeakTracking.OFF) {
            return new LeakWatch(done, null);
        }
        Optional<Throwable> origin = tables.get(space).origin(handle);
        Runnable action = () -> {
            if (done.compareAndSet(false, true)) {
                report(new LeakReport(space, handle, type, LeakReport.Reason.UNREACHABLE, origin));
            }
        };
        return new LeakWatch(done, CLEANER.register(owner, action));
    }

    private void report(LeakReport leak) {
        leaks.incrementAndGet();
        try {
            leakListener.accept(leak);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "leak listener failed", e);
        }
    }

    /**
     * Closes the session: reports every handle still open as a leak, releases it, then closes the
     * subsystem components, newest first. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        for (HandleTable<HandleEntry> table : tables.values()) {
            if (leakTracking != LeakTracking.OFF) {
                for (LiveHandle<HandleEntry> h : table.snapshot()) {
                    if (!h.entry().leakChecked()) {
                        continue;
                    }
                    report(new LeakReport(table.space(), h.value(), h.entry().typeName(),
                            LeakReport.Reason.SESSION_CLOSED, h.origin()));
                }
            }
            try {
                table.closeAll();
            } catch (RuntimeException e) {
                failure = addSuppressed(failure, e);
            }
        }
        List<Object> order;
        synchronized (componentOrder) {
            order = new ArrayList<>(componentOrder);
        }
        Collections.reverse(order);
        for (Object c : order) {
            if (c instanceof AutoCloseable ac) {
                try {
                    ac.close();
                } catch (Exception e) {
                    failure = addSuppressed(failure, e instanceof RuntimeException r ? r : new IllegalStateException(e));
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException addSuppressed(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    @Override
    public String toString() {
        return "Session[" + name + (strict ? ", strict" : "") + (isOpen() ? "" : ", closed") + "]";
    }

    /**
     * Configures a {@link Session}. Not thread-safe.
     */
    public static final class Builder {
        private static final AtomicLong COUNTER = new AtomicLong();

        private String name = "session-" + COUNTER.incrementAndGet();
        private final Map<String, String> properties = new HashMap<>();
        private final Map<String, String> backendChoices = new HashMap<>();
        private boolean strict;
        private boolean generations;
        private MisuseHandler misuseHandler = MisuseHandler.throwing();
        private LeakTracking leakTracking = LeakTracking.SIMPLE;
        private Consumer<LeakReport> leakListener = Builder::log;

        private Builder() {
            for (String key : System.getProperties().stringPropertyNames()) {
                if (key.startsWith("teardown.")) {
                    properties.put(key, System.getProperty(key));
                }
            }
            strict = Boolean.parseBoolean(properties.getOrDefault("teardown.strict", "false"));
            generations = strict;
            String lt = properties.get("teardown.leakTracking");
            if (lt != null) {
                leakTracking = LeakTracking.valueOf(lt.trim().toUpperCase(java.util.Locale.ROOT));
            }
        }

        /** A name for messages. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Uses the backend named {@code backend} ({@code "netty"}, {@code "native"}) for every subsystem. */
        public Builder backend(String backend) {
            backendChoices.put("*", Objects.requireNonNull(backend, "backend"));
            return this;
        }

        /** Uses the backend named {@code backend} for one subsystem ({@code "winsock"}, {@code "kernel"} …). */
        public Builder backend(String subsystem, String backend) {
            backendChoices.put(Objects.requireNonNull(subsystem, "subsystem"), Objects.requireNonNull(backend, "backend"));
            return this;
        }

        /** Sets a property, as {@code -Dkey=value} would; overrides the system property. */
        public Builder property(String key, String value) {
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Strict mode: misuse Windows reports only under a debugger is raised through the
         * {@link MisuseHandler} (KO-03), handle values carry a generation so stale use is detected
         * (KO-11), and leak reports include the opening stack. Default: {@code -Dteardown.strict}, else off.
         */
        public Builder strict(boolean strict) {
            this.strict = strict;
            this.generations = strict;
            return this;
        }

        /** Turns generation tagging of handle values on or off independently of strict mode. */
        public Builder generationTags(boolean on) {
            this.generations = on;
            return this;
        }

        /** What strict mode does with misuse; the default throws {@link MisuseException}. */
        public Builder misuseHandler(MisuseHandler handler) {
            this.misuseHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** How much to record for leak reports. Default: {@code -Dteardown.leakTracking}, else SIMPLE. */
        public Builder leakTracking(LeakTracking tracking) {
            this.leakTracking = Objects.requireNonNull(tracking, "tracking");
            return this;
        }

        /** Where leak reports go; the default logs each at WARNING with the {@code LEAK:} marker. */
        public Builder leakListener(Consumer<LeakReport> listener) {
            this.leakListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Opens the session. */
        public Session build() {
            return new Session(this);
        }

        private static void log(LeakReport leak) {
            LOG.log(System.Logger.Level.WARNING, leak.describe(), leak.origin().orElse(null));
        }
    }
}

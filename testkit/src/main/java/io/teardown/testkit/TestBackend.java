package io.teardown.testkit;

import io.teardown.api.LeakReport;
import io.teardown.api.Session;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The backend one test invocation runs on, as {@link EachBackend} injects it: its name, a session on
 * it, and more sessions on demand. Every session opened here is closed after the test, and any leak it
 * reports fails the test, unless the test said {@link #expectLeaks()}.
 */
public final class TestBackend {
    private final String name;
    private final List<Session> sessions = Collections.synchronizedList(new ArrayList<>());
    private final List<LeakReport> leaks = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean leaksExpected;
    private Session session;

    TestBackend(String name) {
        this.name = name;
    }

    /** The backend's name ({@code "netty"}, {@code "native"}). */
    public String name() {
        return name;
    }

    /** The invocation's default session (opened on first use). */
    public synchronized Session session() {
        if (session == null) {
            session = open(b -> { });
        }
        return session;
    }

    /** Opens another session on this backend, configured by {@code config}; closed after the test. */
    public Session open(Consumer<Session.Builder> config) {
        Session.Builder b = Session.builder().name(name + "-test-" + sessions.size()).backend(name)
                .leakListener(leaks::add);
        config.accept(b);
        Session s = b.build();
        sessions.add(s);
        return s;
    }

    /** This test leaks on purpose (a leak-detection test): do not fail it for leaks. */
    public void expectLeaks() {
        leaksExpected = true;
    }

    /** Leaks reported so far by this invocation's sessions. */
    public List<LeakReport> leaks() {
        synchronized (leaks) {
            return List.copyOf(leaks);
        }
    }

    /** Closes every session; fails with the leak reports if any handle was left open. */
    void closeAll() {
        List<Session> all;
        synchronized (sessions) {
            all = new ArrayList<>(sessions);
        }
        RuntimeException failure = null;
        for (Session s : all) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        List<LeakReport> found = leaks();
        if (!leaksExpected && !found.isEmpty()) {
            AssertionError e = new AssertionError(found.size() + " handle(s) leaked on " + name + ": "
                    + found.stream().map(LeakReport::describe).reduce((a, b) -> a + "; " + b).orElse(""));
            found.forEach(l -> l.origin().ifPresent(e::addSuppressed));
            throw e;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}

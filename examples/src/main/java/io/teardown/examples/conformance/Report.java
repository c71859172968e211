package io.teardown.examples.conformance;

import java.util.List;

/**
 * A conformance run: where it ran and one {@link RuleResult} per rule and backend, in rule order.
 *
 * @param generated ISO-8601 instant of the run
 * @param os        {@code os.name os.version os.arch}
 * @param java      {@code java.version} and vendor
 * @param backends  the backends run, in order
 * @param results   the matrix
 */
public record Report(String generated, String os, String java, List<String> backends, List<RuleResult> results) {
    public Report {
        backends = List.copyOf(backends);
        results = List.copyOf(results);
    }

    /** Whether any rule failed on any backend. */
    public boolean anyFailed() {
        return results.stream().anyMatch(r -> r.status() == Status.FAIL);
    }

    /** How many cells have this status. */
    public long count(Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }
}

package io.teardown.testkit.hardening;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link FlatFuzzer} run did: how many calls, per function, and everything that went wrong — a
 * Java exception out of a flat call, an undocumented result, a call that outlived its bound.
 *
 * @param facade     the facade interface's simple name
 * @param calls      flat calls made
 * @param succeeded  calls that reported success (TRUE, a handle, or status 0)
 * @param perMethod  calls per function
 * @param problems   the first problems, described (method, arguments, what happened)
 * @param problemCount every problem, including those not described
 * @param hangs      calls that outlived the bound
 * @param unblocked  calls the watchdog had to unblock (for instance with {@code CancelSynchronousIo})
 * @param excluded   functions not called, with the reason
 * @param elapsed    wall time
 */
public record FuzzReport(String facade, long calls, long succeeded, Map<String, Long> perMethod, List<String> problems,
                         long problemCount, long hangs, long unblocked, Map<String, String> excluded,
                         Duration elapsed) {
    /** Copies the collections. */
    public FuzzReport {
        perMethod = Map.copyOf(perMethod);
        problems = List.copyOf(problems);
        excluded = Map.copyOf(excluded);
    }

    /** Whether nothing went wrong. */
    public boolean clean() {
        return problemCount == 0 && hangs == 0;
    }

    /** A few lines for the test log. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(facade).append(": ").append(calls).append(" calls to ").append(perMethod.size())
                .append(" functions (").append(succeeded).append(" succeeded) in ").append(elapsed.toMillis()).append(" ms; problems ").append(problemCount)
                .append(", hangs ").append(hangs).append(", unblocked by the watchdog ").append(unblocked).append('\n');
        b.append("  per function: ").append(new TreeMap<>(perMethod)).append('\n');
        excluded.forEach((m, why) -> b.append("  excluded ").append(m).append(": ").append(why).append('\n'));
        problems.forEach(p -> b.append("  PROBLEM ").append(p).append('\n'));
        return b.toString();
    }
}

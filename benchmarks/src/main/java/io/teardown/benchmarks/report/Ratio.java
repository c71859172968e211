package io.teardown.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Teardown against one baseline measured in the same run, as a ratio where 1.0 means "as fast" and
 * higher means Teardown is faster (throughput divided, or time inverted).
 *
 * @param teardown the Teardown result
 * @param baseline the baseline result with the same class, threads and parameters
 * @param ratio    Teardown relative to the baseline
 */
public record Ratio(JmhResult teardown, JmhResult baseline, double ratio) {

    /** A label such as {@code HandleLookupBenchmark.teardownTable1 / plainArray1 [open=1000, 1 thread]}. */
    public String label() {
        return teardown.benchmarkClass() + "." + teardown.method() + " / " + baseline.method() + " " + teardown.params()
                + " " + teardown.threads() + "t";
    }

    /** Pairs every Teardown result with every baseline that shares its class, threads and parameters. */
    public static List<Ratio> pair(List<JmhResult> results) {
        Map<String, List<JmhResult>> byKey = new LinkedHashMap<>();
        for (JmhResult r : results) {
            byKey.computeIfAbsent(r.pairKey(), k -> new ArrayList<>()).add(r);
        }
        List<Ratio> out = new ArrayList<>();
        for (List<JmhResult> group : byKey.values()) {
            for (JmhResult t : group) {
                if (!t.isTeardown()) {
                    continue;
                }
                for (JmhResult b : group) {
                    if (b.isTeardown() || !b.mode().equals(t.mode())) {
                        continue;
                    }
                    double ratio = t.higherIsBetter() ? t.score() / b.score() : b.score() / t.score();
                    out.add(new Ratio(t, b, ratio));
                }
            }
        }
        return out;
    }
}

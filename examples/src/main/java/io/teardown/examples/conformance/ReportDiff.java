package io.teardown.examples.conformance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where two reports disagree (say Linux/netty against Windows/native). Only what both reports hold is
 * compared: the rules present in both and, when the reports share backends, only the shared ones (a
 * report of {@code netty,native} against one of {@code native} compares {@code native}); when they share
 * none, a rule's statuses on one side are compared with the other's. A rule disagrees when its set of
 * statuses differs. A disagreement in which one side only SKIPs says nothing about the semantics (that
 * backend did not run), so it is kept apart from the real ones.
 *
 * @param compared   the backends compared on each side ({@code A} first)
 * @param differ     one line per rule whose results differ, in rule order
 * @param skipOnly   one line per rule that differs only because one side skipped it
 * @param onlyInA    rules only report A holds (not compared)
 * @param onlyInB    rules only report B holds (not compared)
 */
public record ReportDiff(List<List<String>> compared, List<String> differ, List<String> skipOnly,
                         List<String> onlyInA, List<String> onlyInB) {

    /** Compares two reports. */
    public static ReportDiff of(Report a, Report b) {
        Set<String> shared = new LinkedHashSet<>(a.backends());
        shared.retainAll(b.backends());
        List<String> backendsA = shared.isEmpty() ? a.backends() : List.copyOf(shared);
        List<String> backendsB = shared.isEmpty() ? b.backends() : List.copyOf(shared);
        Set<String> rulesA = rules(a);
        Set<String> rulesB = rules(b);
        List<String> differ = new ArrayList<>();
        List<String> skipOnly = new ArrayList<>();
        for (String rule : rulesA) {
            if (!rulesB.contains(rule)) {
                continue;
            }
            Set<Status> sa = statuses(a, rule, backendsA);
            Set<Status> sb = statuses(b, rule, backendsB);
            if (sa.equals(sb)) {
                continue;
            }
            String line = String.format("%-6s A: %s | B: %s", rule, side(a, rule, backendsA), side(b, rule, backendsB));
            if (sa.equals(Set.of(Status.SKIP)) || sb.equals(Set.of(Status.SKIP))) {
                skipOnly.add(line);
            } else {
                differ.add(line);
            }
        }
        return new ReportDiff(List.of(backendsA, backendsB), differ, skipOnly,
                rulesA.stream().filter(r -> !rulesB.contains(r)).toList(),
                rulesB.stream().filter(r -> !rulesA.contains(r)).toList());
    }

    /** Whether the reports agree on every rule and backend compared (SKIP-only differences aside). */
    public boolean agree() {
        return differ.isEmpty();
    }

    private static Set<String> rules(Report r) {
        return r.results().stream().map(RuleResult::rule).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Set<Status> statuses(Report r, String rule, List<String> backends) {
        return r.results().stream().filter(x -> x.rule().equals(rule) && backends.contains(x.backend()))
                .map(RuleResult::status).collect(Collectors.toSet());
    }

    private static String side(Report r, String rule, List<String> backends) {
        String s = r.results().stream().filter(x -> x.rule().equals(rule) && backends.contains(x.backend()))
                .map(x -> x.backend() + "=" + x.status() + (x.status() == Status.FAIL ? " (" + firstLine(x.detail()) + ")" : ""))
                .collect(Collectors.joining(", "));
        return s.isEmpty() ? "(absent)" : s;
    }

    private static String firstLine(String s) {
        String l = s.strip().lines().findFirst().orElse("");
        return l.length() > 120 ? l.substring(0, 117) + "..." : l;
    }
}

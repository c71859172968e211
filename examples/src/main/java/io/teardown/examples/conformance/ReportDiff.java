package io.teardown.examples.conformance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules on which two reports disagree (say Linux/netty against Windows/native): a rule disagrees
 * when the set of statuses it has across one report's backends differs from the other's.
 */
public final class ReportDiff {
    private ReportDiff() {
    }

    /** One line per disagreeing rule, in rule order; empty when they agree. */
    public static List<String> diff(Report a, Report b) {
        Set<String> rules = new LinkedHashSet<>();
        a.results().forEach(r -> rules.add(r.rule()));
        b.results().forEach(r -> rules.add(r.rule()));
        List<String> out = new ArrayList<>();
        for (String rule : rules) {
            String sa = side(a, rule);
            String sb = side(b, rule);
            if (!statuses(a, rule).equals(statuses(b, rule))) {
                out.add(String.format("%-6s A: %s | B: %s", rule, sa, sb));
            }
        }
        return out;
    }

    private static Set<Status> statuses(Report r, String rule) {
        return r.results().stream().filter(x -> x.rule().equals(rule)).map(RuleResult::status).collect(Collectors.toSet());
    }

    private static String side(Report r, String rule) {
        String s = r.results().stream().filter(x -> x.rule().equals(rule))
                .map(x -> x.backend() + "=" + x.status() + (x.status() == Status.FAIL ? " (" + firstLine(x.detail()) + ")" : ""))
                .collect(Collectors.joining(", "));
        return s.isEmpty() ? "(absent)" : s;
    }

    private static String firstLine(String s) {
        String l = s.strip().lines().findFirst().orElse("");
        return l.length() > 120 ? l.substring(0, 117) + "..." : l;
    }
}

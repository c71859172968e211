package io.teardown.examples.conformance;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.teardown.testkit.Rule;
import java.util.List;
import java.util.Locale;

/** Renders a {@link Report} as text, JSON (the stable, documented form) or Markdown. */
public final class ReportWriter {
    /** The value of the JSON form's {@code "format"} member; bumped on any incompatible change. */
    public static final String JSON_FORMAT = "teardown-conformance/1";

    private ReportWriter() {
    }

    /** The output formats. */
    public enum Format {
        /** A padded matrix for terminals. */
        TEXT,
        /** The stable JSON form (docs/conformance.md). */
        JSON,
        /** A Markdown table. */
        MARKDOWN;

        /** Parses {@code text}, {@code json} or {@code markdown}. */
        public static Format parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    /** Renders the report. */
    public static String render(Report report, Format format) {
        return switch (format) {
            case TEXT -> text(report);
            case JSON -> json(report);
            case MARKDOWN -> markdown(report);
        };
    }

    static String text(Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Teardown conformance — ").append(r.os()).append(", Java ").append(r.java()).append('\n');
        sb.append(String.format("%-6s %-8s %-8s %s%n", "RULE", "BACKEND", "RESULT", "DETAIL"));
        for (RuleResult x : r.results()) {
            sb.append(String.format("%-6s %-8s %-8s %s%n", x.rule(), x.backend(), x.status(),
                    x.detail().isEmpty() ? title(x.rule()) : oneLine(x.detail())));
        }
        sb.append(summary(r)).append('\n');
        return sb.toString();
    }

    static String markdown(Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Teardown conformance\n\n").append(r.os()).append(", Java ").append(r.java())
                .append(", ").append(r.generated()).append("\n\n| rule | ");
        sb.append(String.join(" | ", r.backends())).append(" |\n|---|");
        sb.append("---|".repeat(r.backends().size())).append('\n');
        List<String> ids = r.results().stream().map(RuleResult::rule).distinct().toList();
        for (String id : ids) {
            sb.append("| ").append(id).append(" ").append(title(id).replace("|", "\\|")).append(" |");
            for (String b : r.backends()) {
                r.results().stream().filter(x -> x.rule().equals(id) && x.backend().equals(b)).findFirst()
                        .ifPresent(x -> sb.append(' ').append(x.status())
                                .append(x.detail().isEmpty() ? "" : " — " + oneLine(x.detail()).replace("|", "\\|"))
                                .append(" |"));
            }
            sb.append('\n');
        }
        sb.append('\n').append(summary(r)).append('\n');
        return sb.toString();
    }

    static String json(Report r) {
        JsonObject root = new JsonObject();
        root.addProperty("format", JSON_FORMAT);
        root.addProperty("generated", r.generated());
        root.addProperty("os", r.os());
        root.addProperty("java", r.java());
        JsonArray backends = new JsonArray();
        r.backends().forEach(backends::add);
        root.add("backends", backends);
        JsonArray results = new JsonArray();
        for (RuleResult x : r.results()) {
            JsonObject o = new JsonObject();
            o.addProperty("rule", x.rule());
            o.addProperty("backend", x.backend());
            o.addProperty("status", x.status().name());
            o.addProperty("passed", x.passed());
            o.addProperty("failed", x.failed());
            o.addProperty("skipped", x.skipped());
            o.addProperty("detail", x.detail());
            results.add(o);
        }
        root.add("results", results);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }

    static String summary(Report r) {
        return String.format("%d passed, %d failed, %d skipped, %d missing", r.count(Status.PASS), r.count(Status.FAIL),
                r.count(Status.SKIP), r.count(Status.MISSING));
    }

    private static String title(String id) {
        return Rule.byId(id).map(Rule::title).orElse("");
    }

    private static String oneLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
    }
}

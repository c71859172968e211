package io.teardown.examples.conformance;

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
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"format\": ").append(str(JSON_FORMAT))
                .append(",\n  \"generated\": ").append(str(r.generated()))
                .append(",\n  \"os\": ").append(str(r.os()))
                .append(",\n  \"java\": ").append(str(r.java()))
                .append(",\n  \"backends\": [");
        for (int i = 0; i < r.backends().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(str(r.backends().get(i)));
        }
        sb.append("],\n  \"results\": [");
        for (int i = 0; i < r.results().size(); i++) {
            RuleResult x = r.results().get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"rule\": ").append(str(x.rule()))
                    .append(", \"backend\": ").append(str(x.backend()))
                    .append(", \"status\": ").append(str(x.status().name()))
                    .append(", \"passed\": ").append(x.passed())
                    .append(", \"failed\": ").append(x.failed())
                    .append(", \"skipped\": ").append(x.skipped())
                    .append(", \"detail\": ").append(str(x.detail())).append('}');
        }
        sb.append("\n  ]\n}\n");
        return sb.toString();
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

    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}

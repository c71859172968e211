package io.teardown.examples;

import io.teardown.examples.conformance.ConformanceRunner;
import io.teardown.examples.conformance.Report;
import io.teardown.examples.conformance.ReportDiff;
import io.teardown.examples.conformance.ReportReader;
import io.teardown.examples.conformance.ReportWriter;
import io.teardown.testkit.TestBackends;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code teardown conformance}: runs one contract scenario per rule ID on each available backend and
 * prints the matrix; exits 1 on any FAIL. With {@code --diff A.json B.json}, prints the rules two JSON
 * reports disagree on (exit 1 if any).
 */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = {"Run the contract scenario of every rule on each available backend and print the matrix.",
                "Exit status: 0 when no rule FAILs, 1 otherwise (with --diff: 1 when the reports disagree), 2 on bad arguments."})
final class ConformanceCommand implements Callable<Integer> {
    @Option(names = "--backend", paramLabel = "NAME|all", defaultValue = "all",
            description = "Backend to run: a name (netty, native) or all (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--rules", paramLabel = "PREFIX", defaultValue = "",
            description = "Only rules whose ID starts with PREFIX: KO, WS, WI, WL, WS-0 …")
    String rules;

    @Option(names = "--format", paramLabel = "text|json|markdown", defaultValue = "text",
            description = "Output format (default: ${DEFAULT-VALUE}). JSON is stable: see docs/conformance.md.")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    Path out;

    @Option(names = "--diff", arity = "2", paramLabel = "JSON",
            description = "Compare two JSON reports (A.json B.json) and print the rules they disagree on.")
    List<Path> diff = new ArrayList<>();

    @Option(names = "--quiet", description = "No progress lines on standard error.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CommandLine cli = spec.commandLine();
        ReportWriter.Format fmt;
        try {
            fmt = ReportWriter.Format.parse(format);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "Invalid --format '" + format + "' (expected text, json or markdown)");
        }
        if (!diff.isEmpty()) {
            return diff(cli);
        }
        if (!rules.isEmpty() && !rules.toUpperCase(java.util.Locale.ROOT).matches("(KO|WS|WI|WL)(-\\d{0,2})?")) {
            throw new CommandLine.ParameterException(cli, "Invalid --rules '" + rules + "' (expected KO, WS, WI, WL or an ID prefix such as WS-0)");
        }
        List<String> names = TestBackends.names("");
        List<String> chosen;
        if (backend.equals("all")) {
            chosen = names;
        } else if (names.contains(backend)) {
            chosen = List.of(backend);
        } else {
            throw new CommandLine.ParameterException(cli, "Unknown --backend '" + backend + "' (found: " + String.join(", ", names) + ", all)");
        }
        PrintWriter progress = quiet ? new PrintWriter(java.io.Writer.nullWriter()) : cli.getErr();
        Report report = new ConformanceRunner(chosen, rules, progress).run();
        String text = ReportWriter.render(report, fmt);
        if (out != null) {
            Files.writeString(out, text, StandardCharsets.UTF_8);
            cli.getOut().println("wrote " + out + " (" + report.results().size() + " results)");
        } else {
            cli.getOut().print(text);
        }
        cli.getOut().flush();
        return report.anyFailed() ? 1 : 0;
    }

    private int diff(CommandLine cli) {
        Report a;
        Report b;
        try {
            a = ReportReader.parse(Files.readString(diff.get(0), StandardCharsets.UTF_8));
            b = ReportReader.parse(Files.readString(diff.get(1), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--diff: " + e.getMessage());
        }
        List<String> lines = ReportDiff.diff(a, b);
        PrintWriter o = cli.getOut();
        o.println("A: " + diff.get(0) + " (" + a.os() + ", " + String.join("+", a.backends()) + ")");
        o.println("B: " + diff.get(1) + " (" + b.os() + ", " + String.join("+", b.backends()) + ")");
        lines.forEach(o::println);
        o.println(lines.isEmpty() ? "the reports agree on every rule" : lines.size() + " rule(s) differ");
        o.flush();
        return lines.isEmpty() ? 0 : 1;
    }
}

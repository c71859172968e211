package io.teardown.examples;

import io.teardown.examples.conformance.ConformanceRunner;
import io.teardown.examples.conformance.Report;
import io.teardown.examples.conformance.ReportDiff;
import io.teardown.examples.conformance.ReportReader;
import io.teardown.examples.conformance.ReportWriter;
import io.teardown.examples.conformance.HeldLogRecords;
import io.teardown.testkit.Rule;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
            description = "Backend to run: netty, native (or windows) or all (default: ${DEFAULT-VALUE}); any case.")
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
            description = {"Compare two JSON reports (A.json B.json): the rules and backends both hold; differences"
                    + " where one side only skipped are listed apart."})
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
        String prefix = rules.toUpperCase(Locale.ROOT);
        if (!prefix.isEmpty() && !prefix.matches("(KO|WS|WI|WL)(-\\d{0,2})?")) {
            throw new CommandLine.ParameterException(cli, "Invalid --rules '" + rules + "' (expected KO, WS, WI, WL or an ID prefix such as WS-0)");
        }
        if (Rule.ALL.stream().noneMatch(r -> r.id().startsWith(prefix))) {
            List<String> family = Rule.ALL.stream().map(Rule::id).filter(id -> id.startsWith(prefix.substring(0, 2))).toList();
            throw new CommandLine.ParameterException(cli, "--rules '" + rules + "' matches no rule (the " + prefix.substring(0, 2)
                    + " rules are " + family.get(0) + " … " + family.get(family.size() - 1) + ")");
        }
        List<String> chosen = BackendNames.choose(cli, "--backend", backend, true);
        if (out != null) {
            checkWritable(cli, out);
        }
        PrintWriter progress = quiet ? new PrintWriter(Writer.nullWriter()) : cli.getErr();
        Report report;
        try (HeldLogRecords held = new HeldLogRecords()) {
            report = new ConformanceRunner(chosen, prefix, progress).run();
        }
        String text = ReportWriter.render(report, fmt);
        if (out != null) {
            try {
                Files.writeString(out, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                cli.getErr().println("teardown: cannot write --out " + out + ": " + why(e));
                cli.getErr().flush();
                return 2;
            }
            cli.getOut().println("wrote " + out + " (" + report.results().size() + " results)");
        } else {
            cli.getOut().print(text);
        }
        cli.getOut().flush();
        return report.anyFailed() ? 1 : 0;
    }

    /** Fails before the run (minutes of it) when the report could not be written afterwards. */
    static void checkWritable(CommandLine cli, Path file) {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        String why = null;
        if (Files.isDirectory(abs)) {
            why = "it is a directory";
        } else if (dir == null || !Files.isDirectory(dir)) {
            why = "no such directory " + dir;
        } else {
            boolean existed = Files.exists(abs);
            try (var ignored = Files.newOutputStream(abs, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                if (!existed) {
                    Files.delete(abs);
                }
            } catch (IOException e) {
                why = why(e);
            }
        }
        if (why != null) {
            throw new CommandLine.ParameterException(cli, "Cannot write --out " + file + ": " + why);
        }
    }

    /** An I/O failure in words, without the exception's class name. */
    static String why(IOException e) {
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    private int diff(CommandLine cli) {
        Report a = read(cli, diff.get(0));
        Report b = read(cli, diff.get(1));
        ReportDiff d = ReportDiff.of(a, b);
        PrintWriter o = cli.getOut();
        o.println("A: " + diff.get(0) + " (" + a.os() + "; compared: " + String.join(", ", d.compared().get(0)) + ")");
        o.println("B: " + diff.get(1) + " (" + b.os() + "; compared: " + String.join(", ", d.compared().get(1)) + ")");
        d.differ().forEach(o::println);
        if (!d.skipOnly().isEmpty()) {
            o.println("Skipped on one side only (not a difference in behaviour):");
            d.skipOnly().forEach(l -> o.println("  " + l));
        }
        if (!d.onlyInA().isEmpty() || !d.onlyInB().isEmpty()) {
            o.println("Not compared: " + (d.onlyInA().isEmpty() ? "" : "only in A: " + String.join(" ", d.onlyInA()))
                    + (d.onlyInA().isEmpty() || d.onlyInB().isEmpty() ? "" : "; ")
                    + (d.onlyInB().isEmpty() ? "" : "only in B: " + String.join(" ", d.onlyInB())));
        }
        o.println(d.agree() ? "the reports agree on every rule both hold" : d.differ().size() + " rule(s) differ");
        o.flush();
        return d.agree() ? 0 : 1;
    }

    private static Report read(CommandLine cli, Path file) {
        try {
            return ReportReader.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CommandLine.ParameterException(cli, "--diff " + file + ": cannot read: " + why(e));
        } catch (IllegalArgumentException e) { // ReportReader's message says what is wrong, in words
            throw new CommandLine.ParameterException(cli, "--diff " + file + ": " + e.getMessage());
        }
    }
}

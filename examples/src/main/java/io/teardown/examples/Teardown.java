package io.teardown.examples;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code teardown} command line. Sub-commands: {@code backends}, {@code demo}, {@code conformance},
 * {@code help}.
 *
 * <p>Bad arguments print a one-line error and exit with 2; a failed check exits with 1.
 */
@Command(name = "teardown", mixinStandardHelpOptions = true, version = "teardown 0.1.0-SNAPSHOT",
        description = "Windows handle-closing semantics (CloseHandle, closesocket, InternetCloseHandle,"
                + " WlanCloseHandle) on every OS.",
        subcommands = {BackendsCommand.class, DemoCommand.class, ConformanceCommand.class, CommandLine.HelpCommand.class})
public final class Teardown implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public Teardown() {
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command (try 'teardown --help')");
    }

    /** Runs the command line and returns its exit code, writing to the given streams. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Teardown());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("teardown: " + oneLine(ex));
            ex.getCommandLine().getErr().flush();
            return 2;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The error in one line, with the nearest sub-command or option when the word is unknown. */
    private static String oneLine(CommandLine.ParameterException ex) {
        String message = ex.getMessage().strip().lines().findFirst().orElse("");
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            String word = u.getUnmatched().isEmpty() ? "" : u.getUnmatched().get(0);
            String nearest = nearest(word, u.getSuggestions());
            boolean option = word.startsWith("-");
            return "Unknown " + (option ? "option" : "sub-command") + " '" + word + "' (did you mean '" + nearest
                    + "'? try 'teardown help')";
        }
        return message;
    }

    /** The candidate closest to {@code word} by edit distance (picocli lists them in declaration order). */
    static String nearest(String word, java.util.List<String> candidates) {
        String best = candidates.get(0);
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Entry point. */
    public static void main(String[] args) {
        int code = execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(code);
    }
}

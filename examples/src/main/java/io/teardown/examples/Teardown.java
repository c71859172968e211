package io.teardown.examples;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code teardown} command line. Sub-commands: {@code backends}, {@code demo}.
 *
 * <p>Bad arguments print a one-line error and exit with 2; a failed check exits with 1.
 */
@Command(name = "teardown", mixinStandardHelpOptions = true, version = "teardown 0.1.0-SNAPSHOT",
        description = "Windows handle-closing semantics (CloseHandle, closesocket, InternetCloseHandle,"
                + " WlanCloseHandle) on every OS.",
        subcommands = {BackendsCommand.class, DemoCommand.class, ConformanceCommand.class})
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
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("teardown: " + ex.getMessage());
            ex.getCommandLine().getErr().flush();
            return 2;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Entry point. */
    public static void main(String[] args) {
        int code = execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(code);
    }
}

package io.teardown.examples;

import io.teardown.api.Session;
import io.teardown.api.spi.BackendProvider;
import io.teardown.api.spi.ProviderRegistry;
import io.teardown.api.spi.Selection;
import io.teardown.api.spi.Verdict;
import io.teardown.testkit.TestBackends;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code teardown backends}: per subsystem, every provider found, whether it can run here and why not,
 * and which one a session would use (with {@code --backend}, which one it would use when asked for).
 */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List every backend provider per subsystem, whether it is supported here, and which is chosen.")
final class BackendsCommand implements Callable<Integer> {
    @Option(names = "--backend", paramLabel = "NAME",
            description = "Show the selection as if -Dteardown.backend=NAME were set (netty, native or windows; any case).")
    String backend;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Session.Builder b = Session.builder().name("teardown-backends").leakTracking(io.teardown.api.LeakTracking.OFF);
        if (backend != null) {
            b.backend(BackendNames.choose(spec.commandLine(), "--backend", backend, false).get(0));
        }
        boolean allChosen = true;
        try (Session session = b.build()) {
            for (ProviderRegistry<? extends BackendProvider> r : TestBackends.registries()) {
                Selection<? extends BackendProvider> s = r.selection(session);
                out.println(r.subsystem() + ":");
                for (Verdict v : s.verdicts()) {
                    out.println("  " + (v.chosen() ? "* " : "  ") + v.describe());
                }
                if (s.chosen().isPresent()) {
                    out.println("  chosen: " + s.chosen().get().name());
                } else {
                    allChosen = false;
                    out.println("  chosen: none");
                    s.failure().ifPresent(f -> out.println("  " + f.replace("\n", "\n  ")));
                }
            }
        }
        return allChosen ? 0 : 1;
    }
}

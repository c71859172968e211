package io.teardown.examples;

import io.teardown.examples.demo.Demo;
import io.teardown.examples.demo.Demos;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code teardown demo NAME}: runs one subsystem's demo on the default backend, with no setup. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a demo of one subsystem's close rules on the default backend.")
final class DemoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The demo: ${COMPLETION-CANDIDATES}",
            completionCandidates = DemoNames.class)
    String name;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Demo demo = Demos.named(name).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "Unknown demo '" + name + "' (expected one of: "
                        + Demos.all().stream().map(Demo::name).collect(Collectors.joining(", ")) + ")"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("== teardown demo " + demo.name() + ": " + demo.summary());
        demo.run(out);
        out.flush();
        return 0;
    }

    /** The demo names, for help and completion. */
    static final class DemoNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Demos.all().stream().map(Demo::name).iterator();
        }
    }
}

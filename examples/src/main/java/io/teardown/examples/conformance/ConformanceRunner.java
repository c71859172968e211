package io.teardown.examples.conformance;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.teardown.testkit.Rule;
import io.teardown.testkit.TestBackends;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.engine.FilterResult;

/**
 * Runs the contract suites of {@code io.teardown.testkit} — the very classes every backend's build runs,
 * not a second copy — through the JUnit Platform launcher, and folds the results into one verdict per
 * rule and backend.
 */
public final class ConformanceRunner {
    /** The contract suites, by subsystem. A suite not on the path yet makes its rules MISSING. */
    static final List<String> SUITES = List.of( // in the report's order (KO, WS, WI, WL)
            "io.teardown.testkit.kernel.CloseHandleContract",
            "io.teardown.testkit.kernel.ObjectTypesContract",
            "io.teardown.testkit.kernel.ObjectLifetimeContract",
            "io.teardown.testkit.kernel.OwnCloserContract",
            "io.teardown.testkit.kernel.CloseDuringUseContract",
            "io.teardown.testkit.kernel.HandleValuesContract",
            "io.teardown.testkit.kernel.KernelFrontContract",
            "io.teardown.testkit.kernel.KernelFileFrontContract",
            "io.teardown.testkit.kernel.AlertableWaitContract",
            "io.teardown.testkit.kernel.OverlappedFileContract",
            "io.teardown.testkit.winsock.StartupContract",
            "io.teardown.testkit.winsock.NotASocketContract",
            "io.teardown.testkit.winsock.CloseModesContract",
            "io.teardown.testkit.winsock.LingerOptionsContract",
            "io.teardown.testkit.winsock.PendingOperationsContract",
            "io.teardown.testkit.winsock.NetworkEventsContract",
            "io.teardown.testkit.winsock.ShutdownContract",
            "io.teardown.testkit.winsock.ConcurrencyContract",
            "io.teardown.testkit.winsock.NetworkDownContract",
            "io.teardown.testkit.winsock.EventFamilyContract",
            "io.teardown.testkit.winsock.CompletionPortContract",
            "io.teardown.testkit.winsock.CancellationContract",
            "io.teardown.testkit.winsock.CompletionRoutineContract",
            "io.teardown.testkit.winsock.ExtensionFunctionsContract",
            "io.teardown.testkit.winsock.AcceptExContract",
            "io.teardown.testkit.winsock.ConnectExContract",
            "io.teardown.testkit.winsock.DescriptorsContract",
            "io.teardown.testkit.winsock.WireDetailsContract",
            "io.teardown.testkit.winsock.WinsockFrontContract",
            "io.teardown.testkit.wininet.WinInetContract",
            "io.teardown.testkit.wininet.WinInetFrontContract",
            "io.teardown.testkit.wlan.OpenCloseContract",
            "io.teardown.testkit.wlan.HandleArgumentsContract",
            "io.teardown.testkit.wlan.ServiceLossContract",
            "io.teardown.testkit.wlan.NotificationCloseContract",
            "io.teardown.testkit.wlan.UseAfterCloseContract",
            "io.teardown.testkit.wlan.WlanFrontContract");

    private final List<String> backends;
    private final String rulePrefix;
    private final PrintWriter progress;

    /**
     * A runner.
     *
     * @param backends   backend names to run (empty: every one found)
     * @param rulePrefix run only rules whose ID starts with this ({@code "WS"}, {@code "WS-0"}); empty for all
     * @param progress   where a line per finished rule goes, in the report's order
     */
    public ConformanceRunner(List<String> backends, String rulePrefix, PrintWriter progress) {
        this.backends = backends.isEmpty() ? TestBackends.names("") : List.copyOf(backends);
        this.rulePrefix = rulePrefix.toUpperCase(java.util.Locale.ROOT);
        this.progress = progress;
    }

    /** The backends this runner runs. */
    public List<String> backends() {
        return backends;
    }

    /** Runs the suites and returns the matrix. */
    public Report run() {
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (String className : SUITES) {
            loadSuite(className).ifPresent(c -> selectors.add(selectClass(c)));
        }
        Map<String, Cell> cells = new LinkedHashMap<>();
        List<Rule> rules = Rule.ALL.stream().filter(r -> r.id().startsWith(rulePrefix)).toList();
        for (Rule r : rules) {
            for (String b : backends) {
                cells.put(r.id() + "@" + b, new Cell());
            }
        }
        if (!selectors.isEmpty() && !backends.isEmpty()) {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectors)
                    .filters((PostDiscoveryFilter) this::include)
                    .configurationParameter(TestBackends.FILTER_PROPERTY, String.join(",", backends))
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                    .configurationParameter("junit.jupiter.execution.timeout.default", "120 s")
                    // Suites run in the order selected; methods by name (KO_01_… < KO_02_…): rules finish in
                    // the report's order, so progress lines come steadily instead of in bursts.
                    .configurationParameter("junit.jupiter.testmethod.order.default", "org.junit.jupiter.api.MethodOrderer$MethodName")
                    .build();
            Launcher launcher = LauncherFactory.create();
            launcher.execute(request, new Collector(cells, rules));
        }
        List<RuleResult> results = new ArrayList<>();
        for (Rule r : rules) {
            for (String b : backends) {
                results.add(cells.get(r.id() + "@" + b).result(r.id(), b));
            }
        }
        return new Report(Instant.now().toString(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                backends, results);
    }

    private FilterResult include(TestDescriptor d) {
        Optional<String> rule = d.getSource().filter(MethodSource.class::isInstance)
                .map(s -> ((MethodSource) s).getMethodName()).flatMap(Rule::idOfTest);
        if (d.getSource().filter(MethodSource.class::isInstance).isEmpty()) {
            return FilterResult.included("container");
        }
        return FilterResult.includedIf(rule.isPresent() && rule.get().startsWith(rulePrefix),
                () -> "rule " + rule.orElse("?"), () -> "not a rule starting with " + rulePrefix);
    }

    private static Optional<Class<?>> loadSuite(String className) {
        try {
            return Optional.of(Class.forName(className, false, ConformanceRunner.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            try {
                return Optional.of(Class.forName(className));
            } catch (ClassNotFoundException e2) {
                return Optional.empty();
            }
        }
    }

    /** Tallies of one rule on one backend. */
    private static final class Cell {
        int passed;
        int failed;
        int skipped;
        String failure = "";
        String skipReason = "";

        int finished() {
            return passed + failed + skipped;
        }

        RuleResult result(String rule, String backend) {
            Status s;
            String detail = "";
            if (failed > 0) {
                s = Status.FAIL;
                detail = failure;
            } else if (passed > 0) {
                s = Status.PASS;
                detail = Rule.byId(rule).map(Rule::title).orElse("");
            } else if (skipped > 0) {
                s = Status.SKIP;
                detail = skipReason;
            } else {
                s = Status.MISSING;
                detail = "no contract test for this rule yet";
            }
            return new RuleResult(rule, backend, s, passed, failed, skipped, detail);
        }
    }

    /**
     * Folds test results into cells and prints one progress line per rule once every backend finished it,
     * in the report's order (the launcher runs the suites in its own order), with a SKIP reason said once
     * per backend.
     */
    private final class Collector implements TestExecutionListener {
        private final Map<String, Cell> cells;
        private final List<Rule> rules;
        private final Map<String, Integer> expected = new LinkedHashMap<>();
        private final java.util.Set<String> skipReasonsSaid = new java.util.HashSet<>();
        private int printed;
        private TestPlan plan;

        Collector(Map<String, Cell> cells, List<Rule> rules) {
            this.cells = cells;
            this.rules = rules;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            this.plan = testPlan;
            // Each contract method is a test template: one invocation per backend, registered as it runs.
            for (TestIdentifier root : testPlan.getRoots()) {
                for (TestIdentifier id : testPlan.getDescendants(root)) {
                    if (id.isContainer()) {
                        id.getSource().filter(MethodSource.class::isInstance)
                                .flatMap(src -> Rule.idOfTest(((MethodSource) src).getMethodName()))
                                .ifPresent(rule -> expected.merge(rule, 1, Integer::sum));
                    }
                }
            }
            printReady();
        }

        @Override
        public void testPlanExecutionFinished(TestPlan testPlan) {
            printReady();
            while (printed < rules.size()) { // a template that never ran: say what is known
                print(rules.get(printed++));
            }
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                record(id, c -> {
                    c.skipped++;
                    if (c.skipReason.isEmpty()) {
                        c.skipReason = reason;
                    }
                });
            } else if (plan != null) {
                for (TestIdentifier child : plan.getDescendants(id)) {
                    if (child.isTest()) {
                        executionSkipped(child, reason);
                    }
                }
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest()) {
                return;
            }
            switch (result.getStatus()) {
                case SUCCESSFUL -> record(id, c -> c.passed++);
                case ABORTED -> record(id, c -> {
                    c.skipped++;
                    if (c.skipReason.isEmpty()) {
                        c.skipReason = result.getThrowable().map(Throwable::getMessage).orElse("aborted");
                    }
                });
                case FAILED -> record(id, c -> {
                    c.failed++;
                    if (c.failure.isEmpty()) {
                        c.failure = methodOf(id) + ": " + result.getThrowable().map(String::valueOf).orElse("failed");
                    }
                });
            }
        }

        private void record(TestIdentifier id, java.util.function.Consumer<Cell> update) {
            Optional<String> rule = Rule.idOfTest(methodOf(id));
            String backend = backendOf(id);
            if (rule.isEmpty() || backend == null) {
                return;
            }
            Cell c = cells.get(rule.get() + "@" + backend);
            if (c == null) {
                return;
            }
            update.accept(c);
            printReady();
        }

        /** Prints every rule, in order, up to the first one a backend has not finished. */
        private void printReady() {
            while (printed < rules.size() && complete(rules.get(printed))) {
                print(rules.get(printed++));
            }
        }

        private boolean complete(Rule rule) {
            int tests = expected.getOrDefault(rule.id(), 0);
            return backends.stream().allMatch(b -> cells.get(rule.id() + "@" + b).finished() >= tests);
        }

        private void print(Rule rule) {
            StringBuilder line = new StringBuilder(String.format("[%d/%d] %-5s", printed, rules.size(), rule.id()));
            List<String> reasons = new ArrayList<>();
            for (String b : backends) {
                RuleResult r = cells.get(rule.id() + "@" + b).result(rule.id(), b);
                line.append(String.format(" %s=%-7s", b, r.status()));
                if (r.status() == Status.SKIP && skipReasonsSaid.add(b)) {
                    reasons.add("        " + b + " SKIP: " + r.detail());
                }
            }
            line.append(' ').append(rule.title());
            progress.println(line.toString().stripTrailing());
            reasons.forEach(progress::println);
            progress.flush();
        }

        private String methodOf(TestIdentifier id) {
            return id.getSource().filter(MethodSource.class::isInstance)
                    .map(s -> ((MethodSource) s).getMethodName()).orElse(id.getDisplayName());
        }

        private String backendOf(TestIdentifier id) {
            String name = id.getDisplayName();
            if (name.startsWith("[") && name.endsWith("]")) {
                return name.substring(1, name.length() - 1);
            }
            return null;
        }
    }
}

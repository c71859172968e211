package io.teardown.testkit;

import io.teardown.api.Session;
import io.teardown.api.spi.Availability;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * Runs each {@code @TestTemplate} once per backend this JVM can see (narrowed by the JUnit configuration
 * parameter or system property {@code teardown.test.backends=netty,…}), injecting a {@link Session} or a {@link TestBackend} on
 * it. A backend that cannot run here is reported as skipped with its reason, for instance
 * {@code "skipped: backend native unsupported on this OS: native backend: requires Windows (running on
 * Linux …)"}. Sessions are closed after each invocation; a leaked handle fails the test (S14).
 *
 * <pre>{@code
 * @ExtendWith(EachBackend.class)
 * class ReconnectTest {
 *     @TestTemplate void closesGracefully(Session session) { … }
 * }
 * }</pre>
 *
 * <p>A class may narrow the subsystems that decide availability with {@link Subsystems}.
 */
public final class EachBackend implements TestTemplateInvocationContextProvider {
    /** For JUnit. */
    public EachBackend() {
    }

    /** Names the subsystems a test class needs; by default a backend must support all of them. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    @java.lang.annotation.Inherited
    public @interface Subsystems {
        /** {@code "kernel"}, {@code "winsock"}, {@code "wininet"}, {@code "wlan"}. */
        String[] value();
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        String filter = context.getConfigurationParameter(TestBackends.FILTER_PROPERTY)
                .orElseGet(() -> System.getProperty(TestBackends.FILTER_PROPERTY, ""));
        List<String> names;
        try {
            names = TestBackends.names(filter);
        } catch (IllegalArgumentException misspelt) {
            throw new org.junit.platform.commons.PreconditionViolationException(misspelt.getMessage());
        }
        if (names.isEmpty()) {
            throw new org.junit.platform.commons.PreconditionViolationException(
                    "no Teardown backend on the class path or module path: add teardown-backend-netty"
                            + " (runtime or test scope)");
        }
        String[] subsystems = context.getRequiredTestClass().isAnnotationPresent(Subsystems.class)
                ? context.getRequiredTestClass().getAnnotation(Subsystems.class).value() : null;
        return names.stream().map(n -> new Invocation(n, availability(n, subsystems)));
    }

    /** Whether {@code backend} can run every subsystem named (all of them when {@code subsystems} is null). */
    static Availability availability(String backend, String[] subsystems) {
        if (subsystems == null) {
            return TestBackends.availability(backend);
        }
        for (String s : subsystems) {
            Availability a = TestBackends.availability(backend, s);
            if (!a.isSupported()) {
                return a;
            }
        }
        return Availability.supported();
    }

    private static final class Invocation implements TestTemplateInvocationContext {
        private final String backend;
        private final Availability availability;

        Invocation(String backend, Availability availability) {
            this.backend = backend;
            this.availability = availability;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + backend + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new PerInvocation(backend, availability));
        }
    }

    private static final class PerInvocation implements ExecutionCondition, ParameterResolver, AfterEachCallback {
        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(EachBackend.class);
        private final String backend;
        private final Availability availability;

        PerInvocation(String backend, Availability availability) {
            this.backend = backend;
            this.availability = availability;
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return availability.isSupported()
                    ? ConditionEvaluationResult.enabled("backend " + backend + " runs here")
                    : ConditionEvaluationResult.disabled("skipped: backend " + backend
                    + " unsupported on this OS: " + availability.reason());
        }

        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
            Class<?> t = p.getParameter().getType();
            return t == Session.class || t == TestBackend.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext e) {
            TestBackend tb = e.getStore(NS).getOrComputeIfAbsent(TestBackend.class, k -> new TestBackend(backend),
                    TestBackend.class);
            return p.getParameter().getType() == Session.class ? tb.session() : tb;
        }

        @Override
        public void afterEach(ExtensionContext context) {
            TestBackend tb = context.getStore(NS).remove(TestBackend.class, TestBackend.class);
            if (tb != null) {
                tb.closeAll();
            }
        }
    }
}

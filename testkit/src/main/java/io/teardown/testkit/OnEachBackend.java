package io.teardown.testkit;

import io.teardown.api.spi.Availability;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.ParameterResolutionContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.ResolveParameterHook;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * The jqwik counterpart of {@link EachBackend}: runs each property of a class once per backend this JVM can
 * see (narrowed by the system property {@code teardown.test.backends=netty,…}), and resolves a
 * {@link TestBackend} parameter of the property and of its {@code @BeforeProperty}/{@code @AfterProperty}
 * methods to the backend of the run. A backend that cannot run the class's {@link EachBackend.Subsystems}
 * here, or that the class names in {@link Except}, is left out; when none can, the class is skipped with the reason, as {@link EachBackend} skips a
 * test ({@code "skipped: backend native unsupported on this OS: …"}). A failure names its backend.
 *
 * <pre>{@code
 * @AddLifecycleHook(OnEachBackend.class)
 * @EachBackend.Subsystems("winsock")
 * public class WinsockModelContract {
 *     @BeforeProperty public void start(TestBackend backend) { … Session.builder().backend(backend.name()) … }
 *     @Property void callsFollowTheModel(@ForAll("sequences") List<Op> ops) { … }
 * }
 * }</pre>
 *
 * <p>Sessions opened with {@link TestBackend#open} are closed after the backend's run, and their leaks fail
 * it unless the property said {@link TestBackend#expectLeaks()}. The run of each backend sits inside
 * {@code SoakTries} (which scales the tries once) and outside the {@code @BeforeProperty} methods (which
 * run once per backend).
 */
@SuppressWarnings("exports") // a jqwik hook: only code that has jqwik (a requires static of the test kit) uses it
public final class OnEachBackend implements AroundPropertyHook, SkipExecutionHook, ResolveParameterHook {
    private static final ThreadLocal<TestBackend> CURRENT = new ThreadLocal<>();

    /** For jqwik. */
    public OnEachBackend() {
    }

    /**
     * Backends a class cannot run on, and why: a model that scripts the embedded WLAN service cannot run
     * against Windows' own. Those backends are left out as unsupported ones are.
     */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    @java.lang.annotation.Inherited
    public @interface Except {
        /** Backend names ({@code "native"}). */
        String[] value();

        /** Why the class cannot run on them. */
        String reason();
    }

    /** The backend the property on this thread runs on now. */
    public static TestBackend current() {
        TestBackend b = CURRENT.get();
        if (b == null) {
            throw new IllegalStateException("no backend: the property's class is not annotated"
                    + " @AddLifecycleHook(OnEachBackend.class), or this is not the property's thread");
        }
        return b;
    }

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        Optional<Class<?>> container = context.optionalContainerClass();
        if (container.isEmpty()) {
            return SkipResult.doNotSkip();
        }
        List<String> names = TestBackends.names();
        if (names.isEmpty()) {
            return SkipResult.skip("no Teardown backend on the class path or module path: add teardown-backend-netty"
                    + " (runtime or test scope)");
        }
        List<String> reasons = new ArrayList<>();
        for (String n : names) {
            Availability a = availability(n, container.get());
            if (a.isSupported()) {
                return SkipResult.doNotSkip();
            }
            reasons.add("skipped: backend " + n + " unsupported on this OS: " + a.reason());
        }
        return SkipResult.skip(String.join("; ", reasons));
    }

    /** Inside {@code SoakTries} (-100), outside the {@code @BeforeProperty}/{@code @AfterProperty} methods (-10). */
    @Override
    public int aroundPropertyProximity() {
        return -50;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        PropertyExecutionResult result = null;
        for (String name : TestBackends.names()) {
            if (!availability(name, context.containerClass()).isSupported()) {
                continue;
            }
            TestBackend backend = new TestBackend(name);
            CURRENT.set(backend);
            try {
                result = property.execute();
            } finally {
                CURRENT.remove();
            }
            try {
                backend.closeAll();
            } catch (RuntimeException | AssertionError e) {
                if (result.status() == PropertyExecutionResult.Status.SUCCESSFUL) {
                    result = result.mapToFailed(e);
                }
            }
            if (result.status() != PropertyExecutionResult.Status.SUCCESSFUL) {
                Throwable cause = result.throwable().orElse(null);
                return result.mapTo(result.status(), new AssertionError("on backend " + name + ": "
                        + (cause == null ? result.status() : cause.getMessage()), cause));
            }
        }
        if (result == null) { // every backend unsupported: shouldBeSkipped said so already
            throw new IllegalStateException("no backend can run " + context.containerClass().getName());
        }
        return result;
    }

    @Override
    public Optional<ParameterSupplier> resolve(ParameterResolutionContext parameter, LifecycleContext lifecycle) {
        if (parameter.typeUsage().isOfType(TestBackend.class)) {
            return Optional.of(optionalTry -> current());
        }
        return Optional.empty();
    }

    private static Availability availability(String backend, Class<?> container) {
        Except except = container.getAnnotation(Except.class);
        if (except != null && java.util.Arrays.asList(except.value()).contains(backend)) {
            return Availability.unsupported(except.reason());
        }
        EachBackend.Subsystems s = container.getAnnotation(EachBackend.Subsystems.class);
        return EachBackend.availability(backend, s == null ? null : s.value());
    }
}

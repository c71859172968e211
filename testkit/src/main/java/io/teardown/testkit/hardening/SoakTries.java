package io.teardown.testkit.hardening;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The soak switch for jqwik model tests: with {@code -Dteardown.soak=true} (or {@code TEARDOWN_SOAK=true})
 * a property annotated {@code @AddLifecycleHook(SoakTries.class)} runs 100 times its {@code tries}
 * (jqwik's default of 1 000 when it names none); otherwise it runs exactly what it names, so the CI counts
 * stay where each test put them. See docs/RELIABILITY.md.
 *
 * <p>jqwik creates the hook reflectively: the test kit opens this package, so any model test can name it.
 * The tries are scaled once per property, before {@code OnEachBackend} runs it on each backend.
 */
@SuppressWarnings("exports") // a jqwik hook: only code that has jqwik (a requires static of the test kit) uses it
public final class SoakTries implements AroundPropertyHook {
    /** How much the soak multiplies the tries. */
    public static final int FACTOR = 100;

    /** For jqwik. */
    public SoakTries() {
    }

    /** Whether this run is a soak run. */
    public static boolean soak() {
        return Boolean.parseBoolean(System.getProperty("teardown.soak", "false"))
                || "true".equalsIgnoreCase(System.getenv("TEARDOWN_SOAK"));
    }

    /** Multiplies the property's tries by {@link #FACTOR} on a soak run; leaves them alone otherwise. */
    public static void scale(PropertyLifecycleContext context) {
        if (soak()) {
            int tries = context.attributes().tries().orElse(1_000);
            context.attributes().setTries(Math.multiplyExact(tries, FACTOR));
        }
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        scale(context);
        return property.execute();
    }

    /** Outermost: the tries must be set before the property starts generating. */
    @Override
    public int aroundPropertyProximity() {
        return -100;
    }
}

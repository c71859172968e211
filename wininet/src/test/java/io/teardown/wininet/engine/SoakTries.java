package io.teardown.wininet.engine;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The soak switch for this module's jqwik model test: with {@code -Dteardown.soak=true} (or
 * {@code TEARDOWN_SOAK=true}) a property annotated {@code @AddLifecycleHook(SoakTries.class)} runs 100 times
 * the {@code tries} it names; otherwise exactly those. The same hook as backend-netty's hardening one
 * (this module cannot depend on test code there); see docs/RELIABILITY.md.
 */
final class SoakTries implements AroundPropertyHook {
    private static final int FACTOR = 100;

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        if (Boolean.parseBoolean(System.getProperty("teardown.soak", "false"))
                || "true".equalsIgnoreCase(System.getenv("TEARDOWN_SOAK"))) {
            int tries = context.attributes().tries().orElse(1_000);
            context.attributes().setTries(Math.multiplyExact(tries, FACTOR));
        }
        return property.execute();
    }

    /** Outermost: the tries must be set before the property starts generating. */
    @Override
    public int aroundPropertyProximity() {
        return -100;
    }
}

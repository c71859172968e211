package io.teardown.kernel.spi;

import io.teardown.api.spi.ProviderRegistry;
import java.util.ServiceLoader;

/**
 * The kernel subsystem's providers. {@link ServiceLoader#load(Class)} is called here, in the module
 * that declares {@code uses}; ranking is {@link io.teardown.api.spi.Backends}' pure function.
 */
public final class KernelProviders {
    /** The subsystem name used in {@code -Dteardown.kernel.backend=NAME}. */
    public static final String SUBSYSTEM = "kernel";

    /** Discovered once per class loader, selected per session. */
    public static final ProviderRegistry<KernelProvider> REGISTRY =
            new ProviderRegistry<>(SUBSYSTEM, () -> ServiceLoader.load(KernelProvider.class));

    private KernelProviders() {
    }
}

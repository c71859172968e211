package io.teardown.wlan.spi;

import io.teardown.api.spi.ProviderRegistry;
import java.util.ServiceLoader;

/**
 * The wlan subsystem's providers. {@link ServiceLoader#load(Class)} is called here, in the module
 * that declares {@code uses}; ranking is {@link io.teardown.api.spi.Backends}' pure function.
 */
public final class WlanProviders {
    /** The subsystem name used in {@code -Dteardown.wlan.backend=NAME}. */
    public static final String SUBSYSTEM = "wlan";

    /** Discovered once per class loader, selected per session. */
    public static final ProviderRegistry<WlanProvider> REGISTRY =
            new ProviderRegistry<>(SUBSYSTEM, () -> ServiceLoader.load(WlanProvider.class));

    private WlanProviders() {
    }
}

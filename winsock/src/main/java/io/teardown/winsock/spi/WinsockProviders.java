package io.teardown.winsock.spi;

import io.teardown.api.spi.ProviderRegistry;
import java.util.ServiceLoader;

/**
 * The winsock subsystem's providers. {@link ServiceLoader#load(Class)} is called here, in the module
 * that declares {@code uses}; ranking is {@link io.teardown.api.spi.Backends}' pure function.
 */
public final class WinsockProviders {
    /** The subsystem name used in {@code -Dteardown.winsock.backend=NAME}. */
    public static final String SUBSYSTEM = "winsock";

    /** Discovered once per class loader, selected per session. */
    public static final ProviderRegistry<WinsockProvider> REGISTRY =
            new ProviderRegistry<>(SUBSYSTEM, () -> ServiceLoader.load(WinsockProvider.class));

    private WinsockProviders() {
    }
}

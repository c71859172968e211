package io.teardown.wininet.spi;

import io.teardown.api.spi.ProviderRegistry;
import java.util.ServiceLoader;

/**
 * The wininet subsystem's providers. {@link ServiceLoader#load(Class)} is called here, in the module
 * that declares {@code uses}; ranking is {@link io.teardown.api.spi.Backends}' pure function.
 */
public final class WinInetProviders {
    /** The subsystem name used in {@code -Dteardown.wininet.backend=NAME}. */
    public static final String SUBSYSTEM = "wininet";

    /** Discovered once per class loader, selected per session. */
    public static final ProviderRegistry<WinInetProvider> REGISTRY =
            new ProviderRegistry<>(SUBSYSTEM, () -> ServiceLoader.load(WinInetProvider.class));

    private WinInetProviders() {
    }
}

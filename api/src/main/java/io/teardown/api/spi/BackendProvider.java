package io.teardown.api.spi;

/**
 * What every subsystem SPI ({@code WinsockProvider}, {@code KernelProvider}, {@code WinInetProvider},
 * {@code WlanProvider}) has in common: a name, a priority and an availability check.
 *
 * <p>Implementations are found by {@link java.util.ServiceLoader}, so they need a public no-argument
 * constructor that does no work: availability is asked for after construction and the per-session
 * engine is built only for the chosen provider.
 */
public interface BackendProvider {
    /** The short name users select it by: {@code "native"}, {@code "netty"}. */
    String name();

    /** Higher wins among supported providers; ties fail loudly rather than pick by class-path order. */
    int priority();

    /** Whether this provider can run here, and if not, why. */
    Availability availability();

    /** Extra facts for {@code teardown backends} (the Netty transport in use, say); empty by default. */
    default String details() {
        return "";
    }
}

package io.teardown.testkit;

import io.teardown.api.spi.Availability;
import io.teardown.api.spi.BackendProvider;
import io.teardown.api.spi.ProviderRegistry;
import io.teardown.kernel.spi.KernelProviders;
import io.teardown.wininet.spi.WinInetProviders;
import io.teardown.winsock.spi.WinsockProviders;
import io.teardown.wlan.spi.WlanProviders;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The backends visible to this JVM, across every subsystem, and whether each can run here. */
public final class TestBackends {
    /** Restricts {@link EachBackend} to these backend names (comma-separated), as a system property. */
    public static final String FILTER_PROPERTY = "teardown.test.backends";

    private TestBackends() {
    }

    /** Every subsystem's provider registry, in a fixed order. */
    public static List<ProviderRegistry<? extends BackendProvider>> registries() {
        return List.of(KernelProviders.REGISTRY, WinsockProviders.REGISTRY, WinInetProviders.REGISTRY,
                WlanProviders.REGISTRY);
    }

    /** The registry of one subsystem ({@code "kernel"}, {@code "winsock"}, {@code "wininet"}, {@code "wlan"}). */
    public static ProviderRegistry<? extends BackendProvider> registry(String subsystem) {
        return registries().stream().filter(r -> r.subsystem().equals(subsystem)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no subsystem " + subsystem));
    }

    /** Every backend name any subsystem found, in discovery order, filtered by {@link #FILTER_PROPERTY}. */
    public static List<String> names() {
        return names(System.getProperty(FILTER_PROPERTY, ""));
    }

    /**
     * Every backend name any subsystem found, in discovery order, keeping only those named in
     * {@code filter} (comma-separated, case-insensitive; blank keeps all).
     *
     * @throws IllegalArgumentException if the filter names a backend that is not there, with the names
     *         that are (a misspelt {@code -Dteardown.test.backends=nety} must not silently run nothing)
     */
    public static List<String> names(String filter) {
        Set<String> names = new LinkedHashSet<>();
        for (ProviderRegistry<? extends BackendProvider> r : registries()) {
            r.candidates().forEach(c -> c.loaded().ifPresent(p -> names.add(p.name())));
        }
        List<String> out = new ArrayList<>(names);
        if (!filter.isBlank()) {
            Set<String> keep = new LinkedHashSet<>();
            for (String n : filter.trim().split("\\s*,\\s*")) {
                keep.add(n.toLowerCase(Locale.ROOT));
            }
            List<String> unknown = keep.stream().filter(k -> !names.contains(k)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(FILTER_PROPERTY + "=" + filter + ": no backend named "
                        + String.join(", ", unknown) + "; backends found: "
                        + (names.isEmpty() ? "none" : String.join(", ", names)));
            }
            out.removeIf(n -> !keep.contains(n));
        }
        return out;
    }

    /**
     * Whether {@code backend} can run {@code subsystem} here. A backend without a provider for the
     * subsystem is unsupported, with that as the reason.
     */
    public static Availability availability(String backend, String subsystem) {
        Optional<? extends BackendProvider> p = registry(subsystem).candidates().stream()
                .flatMap(c -> c.loaded().stream()).filter(x -> x.name().equals(backend)).findFirst();
        return p.map(BackendProvider::availability)
                .orElse(Availability.unsupported("backend " + backend + " has no " + subsystem + " provider"));
    }

    /** Whether {@code backend} can run every subsystem here; the first reason it cannot, otherwise. */
    public static Availability availability(String backend) {
        for (ProviderRegistry<? extends BackendProvider> r : registries()) {
            Availability a = availability(backend, r.subsystem());
            if (!a.isSupported()) {
                return a;
            }
        }
        return Availability.supported();
    }
}

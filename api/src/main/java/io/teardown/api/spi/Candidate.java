package io.teardown.api.spi;

import java.util.Optional;

/**
 * One thing {@link java.util.ServiceLoader} found for a subsystem: a provider that loaded, or one that
 * failed to load (so that one broken jar does not hide the others, and shows up in messages).
 *
 * @param <P> the subsystem's provider type
 */
public sealed interface Candidate<P extends BackendProvider> {
    /** A provider that loaded. */
    record Loaded<P extends BackendProvider>(P provider) implements Candidate<P> {
    }

    /**
     * A provider that could not be instantiated.
     *
     * @param description what the loader said it was (class name, if known)
     * @param error       why it failed
     */
    record Broken<P extends BackendProvider>(String description, Throwable error) implements Candidate<P> {
    }

    /** The provider, if it loaded. */
    default Optional<P> loaded() {
        return this instanceof Loaded<P> l ? Optional.of(l.provider()) : Optional.empty();
    }
}

package io.teardown.api.spi;

/** Whether a backend provider can run on this machine. */
public sealed interface Availability {
    /** It can run. */
    record Supported() implements Availability {
    }

    /**
     * It cannot run here.
     *
     * @param reason a sentence saying why ("native backend: requires Windows (running on Linux)")
     */
    record Unsupported(String reason) implements Availability {
    }

    /** The available answer. */
    static Availability supported() {
        return new Supported();
    }

    /** The unavailable answer with its reason. */
    static Availability unsupported(String reason) {
        return new Unsupported(reason);
    }

    /** Whether this says "supported". */
    default boolean isSupported() {
        return this instanceof Supported;
    }

    /** The reason, or an empty string when supported. */
    default String reason() {
        return this instanceof Unsupported u ? u.reason() : "";
    }
}

package io.teardown.api;

/**
 * An out-parameter of any reference type (a returned structure, a buffer the callee allocates, as
 * {@code WlanEnumInterfaces} does). Not thread-safe; one call, one holder.
 *
 * @param <T> the type written through the pointer
 */
public final class Ref<T> {
    /** The value, {@code null} until the callee writes it. */
    public T value;

    /** An empty holder. */
    public Ref() {
    }

    /** A holder with an initial value (for in/out parameters). */
    public Ref(T value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return "Ref[" + value + "]";
    }
}

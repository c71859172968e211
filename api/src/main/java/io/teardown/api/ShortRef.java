package io.teardown.api;

/**
 * A WORD out-parameter, in the spirit of JNA's {@code ShortByReference}: the flat facades write results into it as
 * the C API writes through a pointer. Not thread-safe; one call, one holder.
 */
public final class ShortRef {
    /** The value, as the C code would read it through the pointer. */
    public short value;

    /** A holder with the value {@code 0}. */
    public ShortRef() {
    }

    /** A holder with an initial value (for in/out parameters). */
    public ShortRef(short value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return "ShortRef[" + value + "]";
    }
}

package io.teardown.api;

/**
 * A BOOL out-parameter, in the spirit of JNA's {@code BoolByReference}: the flat facades write results into it as
 * the C API writes through a pointer. Not thread-safe; one call, one holder.
 */
public final class BoolRef {
    /** The value, as the C code would read it through the pointer. */
    public boolean value;

    /** A holder with the value {@code false}. */
    public BoolRef() {
    }

    /** A holder with an initial value (for in/out parameters). */
    public BoolRef(boolean value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return "BoolRef[" + value + "]";
    }
}

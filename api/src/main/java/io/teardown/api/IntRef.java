package io.teardown.api;

/**
 * A DWORD or int out-parameter (unsigned by convention, as JNA does), in the spirit of JNA's {@code IntByReference}: the flat facades write results into it as
 * the C API writes through a pointer. Not thread-safe; one call, one holder.
 */
public final class IntRef {
    /** The value, as the C code would read it through the pointer. */
    public int value;

    /** A holder with the value {@code 0}. */
    public IntRef() {
    }

    /** A holder with an initial value (for in/out parameters). */
    public IntRef(int value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return "IntRef[" + value + "]";
    }
}

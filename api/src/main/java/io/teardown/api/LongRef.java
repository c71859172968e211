package io.teardown.api;

/**
 * A HANDLE, SOCKET, HINTERNET or a pointer-sized out-parameter, in the spirit of JNA's {@code LongByReference}: the flat facades write results into it as
 * the C API writes through a pointer. Not thread-safe; one call, one holder.
 */
public final class LongRef {
    /** The value, as the C code would read it through the pointer. */
    public long value;

    /** A holder with the value {@code 0L}. */
    public LongRef() {
    }

    /** A holder with an initial value (for in/out parameters). */
    public LongRef(long value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return "LongRef[" + value + "]";
    }
}

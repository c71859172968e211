package io.teardown.kernel;

/**
 * {@code SECURITY_ATTRIBUTES}: passed to the {@code Create…} functions of {@link Kernel32}. Only
 * {@link #bInheritHandle} has an effect (it sets {@link Kernel32#HANDLE_FLAG_INHERIT} on the new
 * handle); security descriptors are not emulated. Not thread-safe.
 */
public final class SecurityAttributes {
    /** The structure's size, as C code sets it; not checked. */
    public int nLength = 24;
    /** A security descriptor; must be {@code null} (descriptors are not emulated). */
    public Object lpSecurityDescriptor;
    /** Whether the new handle is inheritable. */
    public boolean bInheritHandle;

    /** Attributes with every field at its default. */
    public SecurityAttributes() {
    }

    /** Attributes asking for an inheritable (or not) handle. */
    public SecurityAttributes(boolean bInheritHandle) {
        this.bInheritHandle = bInheritHandle;
    }
}

package io.teardown.kernel;

/**
 * {@code STARTUPINFO} for {@link Kernel32#CreateProcess}: {@link #dwFlags}, and with
 * {@link Kernel32#STARTF_USESTDHANDLES} the child's standard handles, which the kernel front resolves
 * like every handle argument (NULL or an open kernel handle; 6 otherwise). The portable engine cannot give
 * a child the session's emulated handles: there the flag fails with {@code ERROR_NOT_SUPPORTED} (50)
 * before the handles are looked at. Not thread-safe.
 */
public final class StartupInfo {
    /** The structure's size, as C code sets it; not checked. */
    public int cb = 104;
    /** {@code STARTF_…} flags. */
    public int dwFlags;
    /** The child's standard input, with {@code STARTF_USESTDHANDLES}. */
    public long hStdInput;
    /** The child's standard output, with {@code STARTF_USESTDHANDLES}. */
    public long hStdOutput;
    /** The child's standard error, with {@code STARTF_USESTDHANDLES}. */
    public long hStdError;

    /** A structure with every field at its default. */
    public StartupInfo() {
    }
}

package io.teardown.kernel;

/**
 * {@code STARTUPINFO} for {@link Kernel32#CreateProcess}. Only {@link #dwFlags} is read:
 * {@link Kernel32#STARTF_USESTDHANDLES} (redirecting the child's standard handles to emulated handles)
 * cannot be provided by the portable engine and fails with {@code ERROR_NOT_SUPPORTED}. Not thread-safe.
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

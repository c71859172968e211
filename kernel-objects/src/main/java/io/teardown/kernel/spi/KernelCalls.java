package io.teardown.kernel.spi;

import io.teardown.kernel.Kernel32;

/**
 * The type-specific functions of kernel32/advapi32 the front still passes to the driver in C form, with
 * raw handle values that the driver resolves itself: declared once, in two families, for both sides of
 * the kernel front. {@link Kernel32} extends this interface (users call these through it), and each
 * {@link KernelDriver} supplies one object per family that does the work ({@link FileCalls},
 * {@link PortCalls}). The front passes these calls to the driver as they come, except
 * {@code ReadFileEx}/{@code WriteFileEx}, whose argument checks it makes first. The synchronisation and
 * process functions are no longer among them: {@link Kernel32} declares them, and the front resolves
 * their handles before the driver's {@link SyncCalls} and {@link ProcessCalls} get them
 * ({@link ResolvedHandle}). The handle functions ({@code CloseHandle}, {@code DuplicateHandle}, the
 * handle flags, the pseudo and standard handles, the last error) are the front's own and are declared by {@link Kernel32}.
 * Conventions, error reporting and thread-safety are {@link Kernel32}'s. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>.
 */
public interface KernelCalls extends FileCalls, PortCalls {
}

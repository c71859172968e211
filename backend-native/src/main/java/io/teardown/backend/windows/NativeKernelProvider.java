package io.teardown.backend.windows;

import io.teardown.api.Session;
import io.teardown.backend.windows.kernel.NativeKernelDriver;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.kernel.spi.KernelDriver;
import io.teardown.kernel.spi.KernelProvider;

/**
 * The native backend's kernel provider: the driver that calls the real Windows functions through JNA,
 * behind the kernel front. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/native-backend.md">docs/native-backend.md</a>.
 */
public final class NativeKernelProvider extends NativeBackend implements KernelProvider {
    /** For {@link java.util.ServiceLoader}; does no work (JNA is not touched until {@link #driver}). */
    public NativeKernelProvider() {
        super("kernel");
    }

    @Override
    public KernelDriver driver(Session session) {
        requireSupported();
        return new NativeKernelDriver(session, libraries.kernel32(), libraries.advapi32(), libraries::kernelBase,
                libraries.ktmw32(), libraries::ntdll, NativeCalls.jna());
    }
}

package io.teardown.backend.windows;

import io.teardown.api.Session;
import io.teardown.backend.windows.kernel.NativeKernel32;
import io.teardown.backend.windows.kernel.Win32Kernel;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.spi.KernelProvider;

/** The native backend's kernel provider: the real Windows functions through JNA. */
public final class NativeKernelProvider extends NativeBackend implements KernelProvider {
    /** For {@link java.util.ServiceLoader}; does no work (JNA is not touched until {@link #create}). */
    public NativeKernelProvider() {
        super("kernel");
    }

    @Override
    public Kernel32 create(Session session) {
        requireSupported();
        return new NativeKernel32(session, Win32Kernel.of(libraries.kernel32(), libraries.advapi32(), libraries.advapi32Extras()), libraries.kernel32Extras(),
                libraries::kernelBase,
                libraries.ktmw32(), libraries::ntdll, NativeCalls.jna());
    }
}

package io.teardown.backend.windows;

import io.teardown.api.Session;
import io.teardown.api.spi.Availability;
import io.teardown.backend.windows.kernel.NativeKernel32;
import io.teardown.backend.windows.kernel.Win32Kernel;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.WindowsLibraries;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.spi.KernelProvider;

/** The native backend's kernel provider: the real Windows functions through JNA. */
public final class NativeKernelProvider implements KernelProvider {
    /** For {@link java.util.ServiceLoader}; does no work (JNA is not touched until {@link #create}). */
    public NativeKernelProvider() {
    }

    // Loaded on first use, once per provider instance (ServiceLoader keeps one per registry).
    private final WindowsLibraries libraries = new WindowsLibraries();

    @Override
    public String name() {
        return NativeBackend.NAME;
    }

    @Override
    public int priority() {
        return NativeBackend.PRIORITY;
    }

    @Override
    public Availability availability() {
        return NativeBackend.availability("kernel");
    }

    @Override
    public Kernel32 create(Session session) {
        Availability a = availability();
        if (a instanceof Availability.Unsupported u) {
            throw new IllegalStateException(u.reason());
        }
        return new NativeKernel32(session, Win32Kernel.of(libraries.kernel32(), libraries.advapi32()), libraries.kernel32Extras(),
                libraries.ktmw32(), NativeCalls.jna());
    }
}

package io.teardown.backend.windows;

import io.teardown.api.Session;
import io.teardown.api.spi.Availability;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.spi.KernelProvider;

/** The native backend's kernel provider: the real Windows functions through JNA. */
public final class NativeKernelProvider implements KernelProvider {
    /** For {@link java.util.ServiceLoader}; does no work (JNA is not touched until {@link #create}). */
    public NativeKernelProvider() {
    }

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
        throw new IllegalStateException(availability().reason());
    }
}

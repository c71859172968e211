package io.teardown.backend.netty;

import io.teardown.api.Session;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.engine.EmulatedKernel32;
import io.teardown.kernel.spi.KernelProvider;

/**
 * The Netty backend's kernel provider ({@code CloseHandle}, KO-01 … KO-12). Kernel objects need no
 * network transport: the portable engine of {@code io.teardown.kernel} runs them over real threads,
 * processes, files and pipes, so this provider returns it as it is.
 */
public final class NettyKernelProvider extends NettyBackend implements KernelProvider {
    /** For {@link java.util.ServiceLoader}; does no work. */
    public NettyKernelProvider() {
    }

    @Override
    public Kernel32 create(Session session) {
        return new EmulatedKernel32(session);
    }
}

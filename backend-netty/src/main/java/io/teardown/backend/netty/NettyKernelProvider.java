package io.teardown.backend.netty;

import io.teardown.api.Session;
import io.teardown.kernel.engine.EngineKernelDriver;
import io.teardown.kernel.spi.KernelDriver;
import io.teardown.kernel.spi.KernelProvider;

/**
 * The Netty backend's kernel provider ({@code CloseHandle}, KO-01 … KO-17). Kernel objects need no
 * network transport: the portable engine of {@code io.teardown.kernel} runs them over real threads,
 * processes, files and pipes, so this provider plugs that engine in as the driver behind the kernel
 * front. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>.
 */
public final class NettyKernelProvider extends NettyBackend implements KernelProvider {
    /** For {@link java.util.ServiceLoader}; does no work. */
    public NettyKernelProvider() {
    }

    @Override
    public KernelDriver driver(Session session) {
        return new EngineKernelDriver(session);
    }
}

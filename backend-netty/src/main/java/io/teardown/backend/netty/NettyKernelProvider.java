package io.teardown.backend.netty;

import io.teardown.api.Session;
import io.teardown.api.spi.Availability;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.engine.EmulatedKernel32;
import io.teardown.kernel.spi.KernelProvider;

/**
 * The Netty backend's kernel provider ({@code CloseHandle}, KO-01 … KO-12). Kernel objects need no
 * network transport: the portable engine of {@code io.teardown.kernel} runs them over real threads,
 * processes, files and pipes, so this provider returns it as it is.
 */
public final class NettyKernelProvider implements KernelProvider {
    /** For {@link java.util.ServiceLoader}; does no work. */
    public NettyKernelProvider() {
    }

    @Override
    public String name() {
        return NettyBackend.NAME;
    }

    @Override
    public int priority() {
        return NettyBackend.PRIORITY;
    }

    @Override
    public Availability availability() {
        return NettyBackend.availability();
    }

    @Override
    public String details() {
        return NettyBackend.details();
    }

    @Override
    public Kernel32 create(Session session) {
        return new EmulatedKernel32(session);
    }
}

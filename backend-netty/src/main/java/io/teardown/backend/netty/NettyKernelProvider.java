package io.teardown.backend.netty;

import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import io.teardown.api.spi.Availability;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.spi.KernelProvider;

/** The Netty backend's kernel provider: the portable engine of {@code io.teardown.kernel} on Netty transports. */
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
        throw new Win32Exception(Win32Error.ERROR_CALL_NOT_IMPLEMENTED, "kernel on the Netty backend");
    }
}

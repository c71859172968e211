package io.teardown.backend.netty;

import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import io.teardown.api.spi.Availability;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.spi.WlanProvider;

/** The Netty backend's wlan provider: the portable engine of {@code io.teardown.wlan} on Netty transports. */
public final class NettyWlanProvider implements WlanProvider {
    /** For {@link java.util.ServiceLoader}; does no work. */
    public NettyWlanProvider() {
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
    public WlanApi create(Session session) {
        throw new Win32Exception(Win32Error.ERROR_CALL_NOT_IMPLEMENTED, "wlan on the Netty backend");
    }
}

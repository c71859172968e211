package io.teardown.backend.netty;

import io.teardown.api.Session;
import io.teardown.backend.netty.wlan.NettyWlanComponent;
import io.teardown.wlan.spi.WlanDriver;
import io.teardown.wlan.spi.WlanProvider;

/**
 * The Netty backend's wlan provider: the portable engine of {@code io.teardown.wlan} talking to the
 * emulated WLAN service over a real Netty TCP channel ({@code teardown.wlan.service=embedded|host:port}).
 */
public final class NettyWlanProvider extends NettyBackend implements WlanProvider {
    /** For {@link java.util.ServiceLoader}; does no work. */
    public NettyWlanProvider() {
    }

    @Override
    public WlanDriver create(Session session) {
        return NettyWlanComponent.create(session).driver();
    }
}

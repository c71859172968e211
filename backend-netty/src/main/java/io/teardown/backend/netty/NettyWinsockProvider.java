package io.teardown.backend.netty;

import io.teardown.api.Session;
import io.teardown.backend.netty.winsock.WinsockComponent;
import io.teardown.winsock.spi.WinsockDriver;
import io.teardown.winsock.spi.WinsockProvider;

/** The Netty backend's winsock provider: the portable engine of {@code io.teardown.winsock} on Netty transports. */
public final class NettyWinsockProvider extends NettyBackend implements WinsockProvider {
    /** For {@link java.util.ServiceLoader}; does no work. */
    public NettyWinsockProvider() {
    }

    @Override
    public WinsockDriver<?> create(Session session) {
        return WinsockComponent.build(session);
    }
}

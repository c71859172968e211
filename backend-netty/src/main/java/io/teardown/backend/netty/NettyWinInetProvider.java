package io.teardown.backend.netty;

import io.teardown.api.Session;
import io.teardown.backend.netty.wininet.DaggerNettyWinInetComponent;
import io.teardown.wininet.spi.WinInetDriver;
import io.teardown.wininet.spi.WinInetProvider;

/**
 * The Netty backend's wininet provider: the portable engine of {@code io.teardown.wininet} on Netty transports,
 * the driver behind the WinINet front.
 */
public final class NettyWinInetProvider extends NettyBackend implements WinInetProvider {
    /** For {@link java.util.ServiceLoader}; does no work. */
    public NettyWinInetProvider() {
    }

    @Override
    public WinInetDriver create(Session session) {
        return DaggerNettyWinInetComponent.factory().create(session).winInet();
    }
}

package io.teardown.backend.netty.wlan;

import dagger.Module;
import dagger.Provides;
import io.teardown.api.Session;
import io.teardown.wlan.engine.EmulatedWlanDriver;
import io.teardown.wlan.engine.WlanTransport;
import io.teardown.wlan.spi.WlanDriver;

/** Dagger bindings of the Netty backend's wlan part: the portable engine over the Netty transport. */
@Module
final class NettyWlanModule {
    private NettyWlanModule() {
    }

    @Provides
    static WlanTransport transport(NettyWlanTransport transport) {
        return transport;
    }

    @Provides
    static WlanDriver driver(Session session, WlanTransport transport) {
        return new EmulatedWlanDriver(session, transport);
    }
}

package io.teardown.backend.netty.winsock;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import io.teardown.api.Session;
import io.teardown.winsock.engine.EmulatedWinsockDriver;
import io.teardown.winsock.engine.Transport;

/** Binds the portable winsock engine to the Netty transport. */
@Module
abstract class NettyWinsockModule {
    private NettyWinsockModule() {
    }

    @Binds
    abstract Transport transport(NettyWinsockTransport transport);

    @Provides
    static EmulatedWinsockDriver driver(Session session, Transport transport) {
        return new EmulatedWinsockDriver(session, transport);
    }
}

package io.teardown.backend.netty.winsock;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import io.teardown.api.Session;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.engine.EmulatedWs2_32;
import io.teardown.winsock.engine.Transport;

/** Binds the portable winsock engine to the Netty transport. */
@Module
abstract class NettyWinsockModule {
    private NettyWinsockModule() {
    }

    @Binds
    abstract Transport transport(NettyWinsockTransport transport);

    @Provides
    static Ws2_32 ws2_32(Session session, Transport transport) {
        return new EmulatedWs2_32(session, transport);
    }
}

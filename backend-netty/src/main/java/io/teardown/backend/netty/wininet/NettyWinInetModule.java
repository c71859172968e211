package io.teardown.backend.netty.wininet;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import io.teardown.api.Session;
import io.teardown.wininet.engine.EmulatedWinInetDriver;
import io.teardown.wininet.engine.HttpTransport;

/** Dagger bindings of the Netty WinINet: the portable engine over {@link NettyHttpTransport}. */
@Module
public interface NettyWinInetModule {
    /** The transport the engine uses. */
    @Binds
    HttpTransport transport(NettyHttpTransport transport);

    /** The engine itself (it lives in the wininet module, which knows nothing of Dagger). */
    @Provides
    static EmulatedWinInetDriver engine(Session session, HttpTransport transport) {
        return new EmulatedWinInetDriver(session, transport);
    }
}

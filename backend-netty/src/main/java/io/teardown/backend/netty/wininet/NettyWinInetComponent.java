package io.teardown.backend.netty.wininet;

import dagger.BindsInstance;
import dagger.Component;
import io.teardown.api.Session;
import io.teardown.backend.netty.io.NettyIoModule;
import io.teardown.wininet.engine.EmulatedWinInetDriver;

/** One session's WinINet on Netty, built by {@code NettyWinInetProvider.create}. */
@Component(modules = {NettyIoModule.class, NettyWinInetModule.class})
public interface NettyWinInetComponent {
    /** The session's engine, the WinINet driver (a new one per component). */
    EmulatedWinInetDriver winInet();

    /** Builds the component for one session. */
    @Component.Factory
    interface Factory {
        /** The component of {@code session}. */
        NettyWinInetComponent create(@BindsInstance Session session);
    }
}

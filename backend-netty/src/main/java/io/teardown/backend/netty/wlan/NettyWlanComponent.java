package io.teardown.backend.netty.wlan;

import dagger.BindsInstance;
import dagger.Component;
import io.teardown.api.Session;
import io.teardown.backend.netty.io.NettyIoModule;
import io.teardown.wlan.spi.WlanDriver;

/**
 * The Netty backend's wlan wiring for one session: the driver {@link io.teardown.wlan.engine.EmulatedWlanDriver}
 * on {@link NettyWlanTransport}; the wlan module's front puts {@code WlanApi} on top. Built by
 * {@link #create(Session)} from the provider.
 */
@Component(modules = {NettyIoModule.class, NettyWlanModule.class})
public interface NettyWlanComponent {
    /** The session's driver. */
    WlanDriver driver();

    /** Builds the component for a session. */
    static NettyWlanComponent create(Session session) {
        return DaggerNettyWlanComponent.factory().create(session);
    }

    /** Dagger's factory. */
    @Component.Factory
    interface Factory {
        /** A component bound to {@code session}. */
        NettyWlanComponent create(@BindsInstance Session session);
    }
}

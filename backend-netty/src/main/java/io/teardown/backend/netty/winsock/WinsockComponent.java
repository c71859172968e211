package io.teardown.backend.netty.winsock;

import dagger.BindsInstance;
import dagger.Component;
import io.teardown.api.Session;
import io.teardown.backend.netty.io.NettyIoModule;
import io.teardown.winsock.engine.EmulatedWinsockDriver;

/** The Netty backend's winsock wiring for one session: the engine over {@link NettyWinsockTransport}. */
@Component(modules = {NettyIoModule.class, NettyWinsockModule.class})
public interface WinsockComponent {
    /** The session's Winsock driver: the portable engine over Netty (the front goes on top). */
    EmulatedWinsockDriver driver();

    /** Builds the component for a session. */
    @Component.Factory
    interface Factory {
        /** The component for {@code session}. */
        WinsockComponent create(@BindsInstance Session session);
    }

    /** Builds the session's Winsock driver. */
    static EmulatedWinsockDriver build(Session session) {
        return DaggerWinsockComponent.factory().create(session).driver();
    }
}

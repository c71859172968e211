package io.teardown.backend.netty.winsock;

import dagger.BindsInstance;
import dagger.Component;
import io.teardown.api.Session;
import io.teardown.backend.netty.io.NettyIoModule;
import io.teardown.winsock.Ws2_32;

/** The Netty backend's winsock wiring for one session: the engine over {@link NettyWinsockTransport}. */
@Component(modules = {NettyIoModule.class, NettyWinsockModule.class})
public interface WinsockComponent {
    /** The session's {@code Ws2_32}. */
    Ws2_32 ws2_32();

    /** Builds the component for a session. */
    @Component.Factory
    interface Factory {
        /** The component for {@code session}. */
        WinsockComponent create(@BindsInstance Session session);
    }

    /** Builds the session's {@code Ws2_32}. */
    static Ws2_32 build(Session session) {
        return DaggerWinsockComponent.factory().create(session).ws2_32();
    }
}

package io.teardown.backend.netty.io;

import dagger.Module;
import dagger.Provides;
import io.teardown.api.Session;

/**
 * Dagger module every subsystem component of this backend includes: the session's shared
 * {@link NettyIo}. Components bind the {@link Session} with {@code @BindsInstance}.
 */
@Module
public final class NettyIoModule {
    private NettyIoModule() {
    }

    @Provides
    static NettyIo nettyIo(Session session) {
        return NettyIo.of(session);
    }
}

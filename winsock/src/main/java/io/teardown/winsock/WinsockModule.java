package io.teardown.winsock;

import dagger.Module;
import dagger.Provides;
import io.teardown.api.Session;

/**
 * Dagger bindings for the Winsock subsystem: an application component that binds a {@link Session} and
 * includes this module can inject the session's flat {@link Ws2_32} ({@code closesocket} and the socket
 * calls) and its {@link Winsock} object API. The backend is the one the session selects, so a test swaps
 * it by building the component with another session.
 *
 * <p>Dagger is optional for users of this module: only applications that use this class need it.
 */
@Module
public final class WinsockModule {
    private WinsockModule() {
    }

    /** The session's flat {@code ws2_32} facade. */
    @Provides
    static Ws2_32 ws2_32(Session session) {
        return Ws2_32.of(session);
    }

    /** The session's object API (typed {@code AutoCloseable} sockets). */
    @Provides
    static Winsock winsock(Session session) {
        return Winsock.of(session);
    }
}

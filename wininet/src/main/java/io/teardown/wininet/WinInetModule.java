package io.teardown.wininet;

import dagger.Module;
import dagger.Provides;
import io.teardown.api.Session;

/**
 * Dagger bindings for the WinINet subsystem: an application component that binds a {@link Session} and
 * includes this module can inject the session's flat {@link WinInet} ({@code InternetCloseHandle} and the
 * HTTP calls) and open {@link Internet} session handles (the object API). The backend is the one the
 * session selects.
 *
 * <p>Dagger is optional for users of this module: only applications that use this class need it.
 */
@Module
public final class WinInetModule {
    private WinInetModule() {
    }

    /** The session's flat WinINet facade. */
    @Provides
    static WinInet winInet(Session session) {
        return WinInet.of(session);
    }

    /**
     * A new {@code InternetOpen} handle for each injection (unscoped): the injected object owns it and
     * must close it.
     */
    @Provides
    static Internet internet(Session session) {
        return Internet.of(session);
    }
}

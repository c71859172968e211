package io.teardown.wlan;

import dagger.Module;
import dagger.Provides;
import io.teardown.api.Session;

/**
 * Dagger bindings for the WLAN subsystem: an application component that binds a {@link Session} and
 * includes this module can inject the session's flat {@link WlanApi} ({@code WlanOpenHandle},
 * {@code WlanCloseHandle} …) and open {@link WlanClient} sessions (the object API). The backend is the
 * one the session selects.
 *
 * <p>Dagger is optional for users of this module: only applications that use this class need it.
 */
@Module
public final class WlanModule {
    private WlanModule() {
    }

    /** The session's flat Native Wifi facade. */
    @Provides
    static WlanApi wlanApi(Session session) {
        return WlanApi.of(session);
    }

    /**
     * A new {@code WlanOpenHandle} client for each injection (unscoped): the injected object owns it and
     * must close it.
     */
    @Provides
    static WlanClient wlanClient(Session session) {
        return WlanClient.of(session);
    }
}

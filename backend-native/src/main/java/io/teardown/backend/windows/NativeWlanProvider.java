package io.teardown.backend.windows;

import io.teardown.api.Session;
import io.teardown.backend.windows.wlan.NativeWlanApi;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.spi.WlanProvider;

/** The native backend's wlan provider: the real Windows functions through JNA. */
public final class NativeWlanProvider extends NativeBackend implements WlanProvider {
    /** For {@link java.util.ServiceLoader}; does no work (JNA is not touched until {@link #create}). */
    public NativeWlanProvider() {
        super("wlan");
    }

    @Override
    public WlanApi create(Session session) {
        requireSupported();
        return new NativeWlanApi(session, libraries.wlanapi());
    }
}

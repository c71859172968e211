package io.teardown.backend.windows;

import io.teardown.api.Session;
import io.teardown.backend.windows.wlan.NativeWlanDriver;
import io.teardown.wlan.spi.WlanDriver;
import io.teardown.wlan.spi.WlanProvider;

/** The native backend's wlan provider: the driver over the real wlanapi through JNA, behind the wlan front. */
public final class NativeWlanProvider extends NativeBackend implements WlanProvider {
    /** For {@link java.util.ServiceLoader}; does no work (JNA is not touched until {@link #create}). */
    public NativeWlanProvider() {
        super("wlan");
    }

    @Override
    public WlanDriver create(Session session) {
        requireSupported();
        return new NativeWlanDriver(libraries.wlanapi());
    }
}

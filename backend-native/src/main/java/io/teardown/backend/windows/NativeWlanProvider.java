package io.teardown.backend.windows;

import io.teardown.api.Session;
import io.teardown.api.spi.Availability;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.spi.WlanProvider;

/** The native backend's wlan provider: the real Windows functions through JNA. */
public final class NativeWlanProvider implements WlanProvider {
    /** For {@link java.util.ServiceLoader}; does no work (JNA is not touched until {@link #create}). */
    public NativeWlanProvider() {
    }

    @Override
    public String name() {
        return NativeBackend.NAME;
    }

    @Override
    public int priority() {
        return NativeBackend.PRIORITY;
    }

    @Override
    public Availability availability() {
        return NativeBackend.availability("wlan");
    }

    @Override
    public WlanApi create(Session session) {
        throw new IllegalStateException(availability().reason());
    }
}

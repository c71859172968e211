package io.teardown.backend.windows;

import io.teardown.api.Session;
import io.teardown.api.spi.Availability;
import io.teardown.backend.windows.wlan.NativeWlanApi;
import io.teardown.backend.windows.jna.WindowsLibraries;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.spi.WlanProvider;

/** The native backend's wlan provider: the real Windows functions through JNA. */
public final class NativeWlanProvider implements WlanProvider {
    /** For {@link java.util.ServiceLoader}; does no work (JNA is not touched until {@link #create}). */
    public NativeWlanProvider() {
    }

    // Loaded on first use, once per provider instance (ServiceLoader keeps one per registry).
    private final WindowsLibraries libraries = new WindowsLibraries();

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
        Availability a = availability();
        if (a instanceof Availability.Unsupported u) {
            throw new IllegalStateException(u.reason());
        }
        return new NativeWlanApi(session, libraries.wlanapi());
    }
}

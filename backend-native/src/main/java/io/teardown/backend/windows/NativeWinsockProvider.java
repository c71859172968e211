package io.teardown.backend.windows;

import io.teardown.api.Session;
import io.teardown.api.spi.Availability;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockProvider;

/** The native backend's winsock provider: the real Windows functions through JNA. */
public final class NativeWinsockProvider implements WinsockProvider {
    /** For {@link java.util.ServiceLoader}; does no work (JNA is not touched until {@link #create}). */
    public NativeWinsockProvider() {
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
        return NativeBackend.availability("winsock");
    }

    @Override
    public Ws2_32 create(Session session) {
        throw new IllegalStateException(availability().reason());
    }
}

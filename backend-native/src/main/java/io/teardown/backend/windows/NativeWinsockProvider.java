package io.teardown.backend.windows;

import io.teardown.api.Session;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.Kernel32Library;
import io.teardown.backend.windows.winsock.NativeWinsockDriver;
import io.teardown.winsock.spi.WinsockDriver;
import io.teardown.winsock.spi.WinsockProvider;

/** The native backend's winsock provider: the real Windows functions through JNA. */
public final class NativeWinsockProvider extends NativeBackend implements WinsockProvider {
    /** For {@link java.util.ServiceLoader}; does no work (JNA is not touched until {@link #create}). */
    public NativeWinsockProvider() {
        super("winsock");
    }

    @Override
    public WinsockDriver<?> create(Session session) {
        requireSupported();
        return new NativeWinsockDriver(session, libraries.ws2_32(), libraries.kernel32(),
                NativeCalls.jna());
    }
}

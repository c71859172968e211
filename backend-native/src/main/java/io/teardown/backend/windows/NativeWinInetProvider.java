package io.teardown.backend.windows;

import io.teardown.api.Session;
import io.teardown.backend.windows.wininet.NativeWinInetDriver;
import io.teardown.wininet.spi.WinInetDriver;
import io.teardown.wininet.spi.WinInetProvider;

/** The native backend's wininet provider: the real Windows functions through JNA, the driver behind the WinINet front. */
public final class NativeWinInetProvider extends NativeBackend implements WinInetProvider {
    /** For {@link java.util.ServiceLoader}; does no work (JNA is not touched until {@link #create}). */
    public NativeWinInetProvider() {
        super("wininet");
    }

    @Override
    public WinInetDriver create(Session session) {
        requireSupported();
        return new NativeWinInetDriver(session, libraries.wininet());
    }
}

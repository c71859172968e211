package io.teardown.backend.windows;

import io.teardown.api.Session;
import io.teardown.api.spi.Availability;
import io.teardown.backend.windows.wininet.NativeWinInet;
import io.teardown.backend.windows.jna.WindowsLibraries;
import io.teardown.wininet.WinInet;
import io.teardown.wininet.spi.WinInetProvider;

/** The native backend's wininet provider: the real Windows functions through JNA. */
public final class NativeWinInetProvider implements WinInetProvider {
    /** For {@link java.util.ServiceLoader}; does no work (JNA is not touched until {@link #create}). */
    public NativeWinInetProvider() {
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
        return NativeBackend.availability("wininet");
    }

    @Override
    public WinInet create(Session session) {
        Availability a = availability();
        if (a instanceof Availability.Unsupported u) {
            throw new IllegalStateException(u.reason());
        }
        return new NativeWinInet(session, libraries.wininet());
    }
}

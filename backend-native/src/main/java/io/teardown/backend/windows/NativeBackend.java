package io.teardown.backend.windows;

import io.teardown.api.spi.Availability;
import io.teardown.api.spi.BackendProvider;
import io.teardown.backend.windows.jna.WindowsLibraries;
import java.util.Locale;
import java.util.Set;

/**
 * What the four native providers share: name, priority, the Windows check, and the lazily loaded DLLs.
 * Each provider adds only its subsystem's {@code create}.
 */
abstract class NativeBackend implements BackendProvider {
    /** The name users select this backend by. */
    static final String NAME = "native";
    /** Above Netty's, so Windows uses the real DLLs by default. */
    static final int PRIORITY = 100;

    /** Subsystems whose facade is wired to the bindings; the others say so instead of pretending. */
    static final Set<String> IMPLEMENTED = Set.of("kernel", "winsock", "wlan", "wininet");

    /** Loaded on first use, once per provider instance (ServiceLoader keeps one per registry). */
    final WindowsLibraries libraries = new WindowsLibraries();

    private final String subsystem;

    NativeBackend(String subsystem) {
        this.subsystem = subsystem;
    }

    @Override
    public final String name() {
        return NAME;
    }

    @Override
    public final int priority() {
        return PRIORITY;
    }

    @Override
    public final Availability availability() {
        return availability(subsystem);
    }

    /** Refuses, with the reason, to build a facade where this provider cannot run (before JNA loads). */
    final void requireSupported() {
        if (availability() instanceof Availability.Unsupported u) {
            throw new IllegalStateException(u.reason());
        }
    }

    static boolean onWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    static Availability availability(String subsystem) {
        if (!onWindows()) {
            return Availability.unsupported("native backend: requires Windows (running on "
                    + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                    + System.getProperty("os.arch") + ")");
        }
        if (!IMPLEMENTED.contains(subsystem)) {
            return Availability.unsupported("native backend: the " + subsystem
                    + " bindings are not built yet; use -Dteardown." + subsystem + ".backend=netty");
        }
        return Availability.supported();
    }
}

package io.teardown.backend.windows;

import io.teardown.api.spi.Availability;
import java.util.Locale;
import java.util.Set;

/** What the four native providers share: name, priority, and the Windows check. */
final class NativeBackend {
    /** The name users select this backend by. */
    static final String NAME = "native";
    /** Above Netty's, so Windows uses the real DLLs by default. */
    static final int PRIORITY = 100;

    /** Subsystems whose facade is wired to the bindings; the others say so instead of pretending. */
    static final Set<String> IMPLEMENTED = Set.of("kernel", "winsock", "wlan", "wininet");

    private NativeBackend() {
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

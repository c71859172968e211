package io.teardown.backend.windows;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.Session;
import io.teardown.api.spi.Availability;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Which subsystems the native backend wires, and what the providers say off Windows. */
class NativeBackendTest {
    private static List<Availability> all() {
        return List.of(new NativeKernelProvider().availability(), new NativeWinsockProvider().availability(),
                new NativeWinInetProvider().availability(), new NativeWlanProvider().availability());
    }

    @Test
    void theWiredSubsystemsAreListed() {
        assertEquals(Set.of("kernel", "winsock", "wlan", "wininet"), NativeBackend.IMPLEMENTED);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void offWindowsEveryProviderIsUnsupportedAndTheReasonNamesTheOs() {
        assertAll(all().stream().map(a -> () -> {
            assertInstanceOf(Availability.Unsupported.class, a);
            assertTrue(a.reason().startsWith("native backend: requires Windows (running on "), a.toString());
        }));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void offWindowsCreateRefusesWithTheReasonBeforeLoadingAnything() {
        try (Session s = Session.builder().name("native-create").build()) {
            for (org.junit.jupiter.api.function.Executable create : List.<org.junit.jupiter.api.function.Executable>of(
                    () -> new NativeKernelProvider().driver(s), () -> new NativeWinsockProvider().create(s),
                    () -> new NativeWinInetProvider().create(s), () -> new NativeWlanProvider().create(s))) {
                IllegalStateException e = assertThrows(IllegalStateException.class, create);
                assertTrue(e.getMessage().contains("requires Windows"), e.getMessage());
            }
        }
    }
}

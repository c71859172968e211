package io.teardown.backend.windows;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.spi.Availability;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The providers stay unsupported, with a reason, until the facades are wired to the bindings; off
 * Windows they say why.
 */
class NativeBackendTest {
    private static List<Availability> all() {
        return List.of(new NativeKernelProvider().availability(), new NativeWinsockProvider().availability(),
                new NativeWinInetProvider().availability(), new NativeWlanProvider().availability());
    }

    @Test
    void noSubsystemClaimsToBeImplementedYet() {
        assertTrue(NativeBackend.IMPLEMENTED.isEmpty());
        for (Availability a : all()) {
            assertInstanceOf(Availability.Unsupported.class, a);
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void offWindowsTheReasonNamesTheOs() {
        assertAll(all().stream().map(a -> () -> assertTrue(
                ((Availability.Unsupported) a).reason().contains("requires Windows"), a.toString())));
    }
}

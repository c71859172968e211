package io.teardown.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.Test;

class BackendsTest {
    record Fake(String name, int priority, Availability availability) implements BackendProvider {
    }

    static final Fake NETTY = new Fake("netty", 10, Availability.supported());
    static final Fake NATIVE_OFF = new Fake("native", 100, Availability.unsupported("native backend: requires Windows (running on Linux)"));
    static final Fake NATIVE_ON = new Fake("native", 100, Availability.supported());

    static List<Candidate<Fake>> of(Fake... fakes) {
        return java.util.Arrays.stream(fakes).<Candidate<Fake>>map(Candidate.Loaded::new).toList();
    }

    @Test
    void highestSupportedPriorityWins() {
        assertSame(NATIVE_ON, Backends.select("winsock", of(NETTY, NATIVE_ON), Optional.empty()).orThrow());
        Selection<Fake> s = Backends.select("winsock", of(NATIVE_OFF, NETTY), Optional.empty());
        assertSame(NETTY, s.orThrow());
        assertEquals(2, s.verdicts().size());
        assertTrue(s.verdicts().get(1).chosen());
        assertEquals("native backend: requires Windows (running on Linux)", s.verdicts().get(0).reason());
    }

    @Test
    void requestOrderIsBuilderSubsystemThenBuilderAllThenPropertySubsystemThenPropertyAll() {
        Map<String, String> props = Map.of("teardown.backend", "a", "teardown.winsock.backend", "b");
        assertEquals("d", Backends.requested("winsock", Map.of("*", "c", "winsock", "d"), props).orElseThrow().name());
        assertEquals("c", Backends.requested("winsock", Map.of("*", "c"), props).orElseThrow().name());
        assertEquals("b", Backends.requested("winsock", Map.of(), props).orElseThrow().name());
        assertEquals("a", Backends.requested("wlan", Map.of(), props).orElseThrow().name());
        assertEquals("-Dteardown.backend=a", Backends.requested("wlan", Map.of(), props).orElseThrow().by());
        assertTrue(Backends.requested("wlan", Map.of(), Map.of("teardown.backend", " ")).isEmpty());
    }

    @Test
    void requestedBackendWinsOverPriority() {
        Optional<Backends.Request> r = Optional.of(new Backends.Request("netty", "-Dteardown.backend=netty"));
        Selection<Fake> s = Backends.select("kernel", of(NATIVE_ON, NETTY), r);
        assertSame(NETTY, s.orThrow());
        assertEquals("not requested (-Dteardown.backend=netty)", s.verdicts().get(0).reason());
    }

    @Test
    void missingRequestedBackendFailsListingEveryCandidate() {
        Optional<Backends.Request> r = Optional.of(new Backends.Request("quic", "-Dteardown.backend=quic"));
        BackendSelectionException e = assertThrows(BackendSelectionException.class,
                () -> Backends.select("winsock", of(NATIVE_OFF, NETTY), r).orThrow());
        assertTrue(e.getMessage().startsWith("[TD-SEL-MISSING] -Dteardown.backend=quic asks for the 'quic' backend for winsock"), e.getMessage());
        assertTrue(e.getMessage().contains("native "), e.getMessage());
        assertTrue(e.getMessage().contains("netty "), e.getMessage());
        assertTrue(e.getMessage().contains("Fix: name a supported backend (netty)"), e.getMessage());
        assertEquals("winsock", e.subsystem());
        assertEquals(2, e.verdicts().size());
    }

    @Test
    void unsupportedRequestedBackendFailsWithItsReason() {
        Optional<Backends.Request> r = Optional.of(new Backends.Request("native", "Session.builder().backend(\"native\")"));
        BackendSelectionException e = assertThrows(BackendSelectionException.class,
                () -> Backends.select("wlan", of(NATIVE_OFF, NETTY), r).orThrow());
        assertTrue(e.getMessage().startsWith("[TD-SEL-UNSUPPORTED]"), e.getMessage());
        assertTrue(e.getMessage().contains("requires Windows (running on Linux)"), e.getMessage());
    }

    @Test
    void noProviderAtAllFails() {
        BackendSelectionException e = assertThrows(BackendSelectionException.class,
                () -> Backends.select("wininet", List.<Candidate<Fake>>of(), Optional.empty()).orThrow());
        assertTrue(e.getMessage().startsWith("[TD-SEL-NONE] No wininet backend was found."), e.getMessage());
        assertTrue(e.getMessage().contains("Candidates for wininet: none."), e.getMessage());
    }

    @Test
    void onlyUnsupportedProvidersFails() {
        BackendSelectionException e = assertThrows(BackendSelectionException.class,
                () -> Backends.select("kernel", of(NATIVE_OFF), Optional.empty()).orThrow());
        assertTrue(e.getMessage().startsWith("[TD-SEL-NONE] No kernel backend can run here."), e.getMessage());
        assertTrue(e.getMessage().contains("requires Windows"), e.getMessage());
    }

    @Test
    void tieAtTheTopFailsInsteadOfPickingByClassPathOrder() {
        Fake other = new Fake("other", 10, Availability.supported());
        BackendSelectionException e = assertThrows(BackendSelectionException.class,
                () -> Backends.select("winsock", of(NETTY, other), Optional.empty()).orThrow());
        assertTrue(e.getMessage().startsWith("[TD-SEL-TIE]"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dteardown.winsock.backend=NAME"), e.getMessage());
    }

    @Test
    void aBrokenProviderIsListedAndDoesNotHideTheOthers() {
        Iterable<Fake> services = () -> new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < 2;
            }

            @Override
            public Fake next() {
                if (i >= 2) {
                    throw new NoSuchElementException();
                }
                if (i++ == 0) {
                    throw new ServiceConfigurationError("io.teardown.spi.X: Provider com.example.Broken could not be instantiated");
                }
                return NETTY;
            }
        };
        List<Candidate<Fake>> found = ProviderRegistry.discover(services);
        assertEquals(2, found.size());
        assertTrue(found.get(0) instanceof Candidate.Broken<Fake>);
        Selection<Fake> s = Backends.select("winsock", found, Optional.empty());
        assertSame(NETTY, s.orThrow());
        assertEquals("com.example.Broken", s.verdicts().get(0).className());
        assertTrue(s.verdicts().get(0).reason().startsWith("failed to load: "));
    }
}

package io.teardown.examples.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.teardown.testkit.TestBackends;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code teardown.test.backends} as users type it: here, where both backends are on the class path (the
 * testkit module itself has none).
 */
class TestBackendsFilterTest {

    @Test
    void aBlankFilterKeepsEveryBackendFound() {
        assertEquals(List.of("native", "netty"), TestBackends.names("").stream().sorted().toList());
    }

    @Test
    void namesAreCaseInsensitiveAndSpacesIgnored() {
        assertEquals(List.of("netty"), TestBackends.names(" NETTY "));
    }

    @Test
    void aMisspeltBackendListsTheBackendsThatExist() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestBackends.names("netty,nety"));
        String m = e.getMessage();
        assertEquals(true, m.startsWith("teardown.test.backends=netty,nety: no backend named nety; backends found: "), m);
        assertEquals(true, m.contains("netty") && m.contains("native"), m);
    }
}

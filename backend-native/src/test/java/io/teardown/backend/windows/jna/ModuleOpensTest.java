package io.teardown.backend.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import org.junit.jupiter.api.Test;

/**
 * The bindings package is opened to JNA (which reflects on structures and callbacks) and to nobody
 * else, and is not exported. Surefire runs these tests inside the patched named module.
 */
class ModuleOpensTest {
    private static final String PACKAGE = "io.teardown.backend.windows.jna";

    @Test
    void bindingsAreOpenToJnaOnly() {
        Module self = SOCKET.class.getModule();
        assumeTrue(self.isNamed(), "tests run on the class path; the module descriptor is not in force");
        assertEquals("io.teardown.backend.windows", self.getName());
        Module jna = Native.class.getModule();
        assertTrue(self.isOpen(PACKAGE, jna), "opens " + PACKAGE + " to com.sun.jna");
        assertFalse(self.getDescriptor().exports().stream().anyMatch(e -> e.source().equals(PACKAGE)),
                "the bindings are internal");
        assertTrue(self.getDescriptor().opens().stream()
                .filter(o -> o.source().equals(PACKAGE))
                .allMatch(o -> o.targets().equals(java.util.Set.of("com.sun.jna"))));
    }
}

package io.teardown.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TeardownCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Teardown.execute(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void helpListsEverySubCommand() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("backends"), out.toString());
        assertTrue(out.toString().contains("demo"), out.toString());
    }

    @Test
    void badArgumentsGiveOneLineAndExitTwo() {
        assertEquals(2, run("frobnicate"));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("teardown: "), err.toString());
        assertEquals(2, run());
        assertEquals(2, run("backends", "--nope"));
    }

    @Test
    void anUnknownSubCommandSuggestsTheNearest() {
        assertEquals(2, run("conformence"));
        assertEquals("teardown: Unknown sub-command 'conformence' (did you mean 'conformance'? try 'teardown help')",
                err.toString().strip());
    }

    @Test
    void helpIsASubCommand() {
        assertEquals(0, run("help"));
        assertTrue(out.toString().contains("conformance"), out.toString());
        assertEquals(0, run("help", "conformance"));
        assertTrue(out.toString().contains("--diff"), out.toString());
    }

    @Test
    void anUnknownBackendIsABadArgumentNamingTheBackendsFound() {
        assertEquals(2, run("backends", "--backend", "nety"));
        assertTrue(err.toString().startsWith("teardown: Unknown --backend 'nety' (found: "), err.toString());
        assertEquals(0, run("backends", "--backend", "NETTY"), err.toString());
    }

    @Test
    void unknownDemoIsABadArgument() {
        assertEquals(2, run("demo", "nonesuch"));
        assertTrue(err.toString().contains("Unknown demo 'nonesuch'"), err.toString());
    }

    @Test
    void backendsShowsNettyChosenForEverySubsystem() {
        assertEquals(0, run("backends"));
        String s = out.toString();
        for (String sub : new String[] {"kernel:", "winsock:", "wininet:", "wlan:"}) {
            assertTrue(s.contains(sub), s);
        }
        assertEquals(4, s.split("chosen: netty", -1).length - 1, s);
    }

    @Test
    void askingForAnUnsupportedBackendExplainsWhyAndFails() {
        if (System.getProperty("os.name").startsWith("Windows")) {
            return;
        }
        assertEquals(1, run("backends", "--backend", "native"));
        assertTrue(out.toString().contains("[TD-SEL-UNSUPPORTED]"), out.toString());
        assertTrue(out.toString().contains("requires Windows"), out.toString());
    }
}

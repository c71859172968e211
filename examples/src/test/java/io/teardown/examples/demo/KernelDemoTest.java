package io.teardown.examples.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs {@code teardown demo kernel} on the default backend. */
class KernelDemoTest {
    @Test
    @Timeout(60)
    void runsAndReportsTheRules() throws Exception {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            new KernelDemo().run(out);
        }
        String s = text.toString();
        assertTrue(s.contains("GetLastError() = 6"), s);
        assertTrue(s.contains("strict: CloseHandle(stale value) raised"), s);
        assertTrue(Demos.named("kernel").isPresent());
    }
}

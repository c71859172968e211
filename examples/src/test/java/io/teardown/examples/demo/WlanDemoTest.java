package io.teardown.examples.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs {@code teardown demo wlan}. */
@Timeout(60)
class WlanDemoTest {
    @Test
    void demoRunsAndShowsTheRules() throws Exception {
        Demo demo = Demos.named("wlan").orElseThrow();
        StringWriter text = new StringWriter();
        demo.run(new PrintWriter(text));
        String out = text.toString();
        System.out.print(out);
        assertTrue(out.contains("scan complete"), out);
        assertTrue(out.contains("connected to HomeNet"), out);
        assertTrue(out.contains("close racing a slow callback"), out);
        assertTrue(out.contains("= 1131 (ERROR_POSSIBLE_DEADLOCK"), out);
        assertTrue(out.contains("= 1062 (ERROR_SERVICE_NOT_ACTIVE)"), out);
    }
}

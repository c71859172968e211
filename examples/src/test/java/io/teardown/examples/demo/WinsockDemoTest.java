package io.teardown.examples.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs {@code teardown demo winsock} on the default backend; the demo itself checks every rule it shows. */
class WinsockDemoTest {
    @Test
    @Timeout(60)
    void runsEveryCloseModeAsTheRulesSay() throws Exception {
        StringWriter text = new StringWriter();
        try {
            new WinsockDemo().run(new PrintWriter(text));
        } finally {
            System.out.println(text);
        }
        String out = text.toString();
        assertTrue(out.contains("FIN (end of stream)") && out.contains("RST (") && out.contains("WSAEWOULDBLOCK"), out);
        assertTrue(Demos.named("winsock").isPresent());
    }
}

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
        String header = out.lines().filter(l -> l.startsWith("close mode")).findFirst().orElseThrow();
        int resultColumn = header.indexOf("result");
        int blockedEnd = header.indexOf("blocked") + "blocked".length();
        int peerColumn = header.indexOf("the peer saw");
        java.util.List<String> rows = out.lines().filter(l -> l.contains(" ms   ")).toList();
        assertTrue(rows.size() >= 6, out);
        for (String row : rows) {
            assertTrue(row.charAt(resultColumn - 1) == ' ' && row.charAt(resultColumn) != ' ', "result column: " + row);
            assertTrue(row.indexOf(" ms   ") + 3 == blockedEnd, "blocked column: " + row);
            assertTrue(row.charAt(peerColumn) != ' ' && row.charAt(peerColumn - 1) == ' ', "peer column: " + row);
        }
    }
}

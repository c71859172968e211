package io.teardown.examples.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WininetDemoTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void cancelsADownloadAndPrintsTheCallbacks() throws Exception {
        StringWriter text = new StringWriter();
        Demo demo = Demos.named("wininet").orElseThrow();
        demo.run(new PrintWriter(text, true));
        String out = text.toString();
        assertTrue(out.contains("REQUEST_COMPLETE  {dwResult=0, dwError=12017}"), out);
        assertTrue(out.contains("HANDLE_CLOSING"), out);
        assertTrue(out.contains("GetLastError() = 997"), out);
    }
}

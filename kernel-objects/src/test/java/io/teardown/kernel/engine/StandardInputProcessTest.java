package io.teardown.kernel.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.Session;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * End to end on a real fd 0: a child JVM ({@link StdinChild}) reads its standard input through
 * {@code ReadFile(STD_INPUT_HANDLE)} (KO-04), fed by this test through a real OS pipe. A read blocked on
 * no input there is ended by {@code CancelSynchronousIo} with 995 (KO-10), and the bytes its pump then
 * takes from fd 0 reach the next read.
 */
@Timeout(60)
class StandardInputProcessTest {
    private static final long LINE_SECONDS = 30;

    @Test
    void KO_10_aBlockedReadOfTheRealStandardInputIsCancellableAndLosesNothing() throws Exception {
        Process child = new ProcessBuilder(command()).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> all = new ArrayList<>();
        Thread drain = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("drain failed: " + e);
            }
        }, "child-output");
        drain.setDaemon(true);
        drain.start();
        try {
            String cancelled = next(lines, all, "cancelled ");
            assertEquals("cancelled true 995 alive false", cancelled, "child output: " + all);
            try (OutputStream in = child.getOutputStream()) {
                in.write("first line, longer than the cancelled read's 8 bytes\nsecond\n".getBytes(UTF_8));
            } // the end of the child's input
            String got = next(lines, all, "got ");
            assertEquals("got [first line, longer than the cancelled read's 8 bytes|second|] end true", got,
                    "child output: " + all);
            assertTrue(child.waitFor(LINE_SECONDS, TimeUnit.SECONDS), "the child exits (its pump is a daemon)");
            assertEquals(0, child.exitValue(), "child output: " + all);
        } finally {
            child.destroyForcibly();
        }
    }

    private static String next(BlockingQueue<String> lines, List<String> all, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LINE_SECONDS);
        for (;;) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(line, "no line starting with '" + prefix + "' in time; child output: " + all);
            all.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    private static List<String> command() throws URISyntaxException {
        String classPath = String.join(File.pathSeparator, location(StdinChild.class), location(StdinReader.class),
                location(Session.class));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx64m", "-cp", classPath, StdinChild.class.getName());
    }

    private static String location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}

package io.teardown.benchmarks.winsock;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Busy threads in a process of their own: the "other work on the machine" of issue 22 (a second JVM, a
 * build), beside which lingering closes must still return at their deadline. The process ends when its
 * standard input does — so it never outlives the harness that started it, even one killed with
 * {@code SIGKILL} — or after its own time limit, whichever comes first.
 *
 * <pre>java -cp benchmarks.jar io.teardown.benchmarks.winsock.CpuLoad &lt;threads&gt; &lt;max seconds&gt;</pre>
 */
final class CpuLoad implements AutoCloseable {
    private final Process process;

    private CpuLoad(Process process) {
        this.process = process;
    }

    /** Starts {@code threads} busy threads in a child JVM for at most {@code maxSeconds}; none if 0. */
    static CpuLoad start(int threads, long maxSeconds) throws IOException {
        if (threads <= 0) {
            return new CpuLoad(null);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                CpuLoad.class.getName(), Integer.toString(threads), Long.toString(maxSeconds))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        return new CpuLoad(p);
    }

    /** The child's pid, or -1 without load. */
    long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        try {
            process.getOutputStream().close(); // end of input: the child exits
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static volatile long sink;

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long maxSeconds = Long.parseLong(args[1]);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                long x = 1;
                for (;;) {
                    for (int k = 0; k < 1_000_000; k++) {
                        x = x * 6364136223846793005L + 1442695040888963407L;
                    }
                    sink = x; // keeps the loop from being optimised away
                }
            }, "cpu-load-" + i);
            t.setDaemon(true);
            t.start();
        }
        Thread stdin = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // nothing is sent; end of input is the signal
                }
            } catch (IOException gone) {
                // the parent is gone
            }
            System.exit(0);
        }, "cpu-load-stdin");
        stdin.setDaemon(true);
        stdin.start();
        Thread.sleep(TimeUnit.SECONDS.toMillis(maxSeconds));
        System.exit(0);
    }
}

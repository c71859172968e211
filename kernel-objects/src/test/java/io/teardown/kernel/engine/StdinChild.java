package io.teardown.kernel.engine;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.front.KernelFront;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM of {@link StandardInputProcessTest}: reads its real standard input through
 * {@code ReadFile(STD_INPUT_HANDLE)} and reports on standard output through {@code WriteFile}. First a
 * read that blocks on no input is ended by {@code CancelSynchronousIo}; then everything the parent sends
 * is read to the end of input — including what the cancelled read's pump took from fd 0 meanwhile.
 */
public final class StdinChild {
    private StdinChild() {
    }

    public static void main(String[] args) throws Exception {
        try (Session session = Session.builder().strict(false).build()) {
            KernelFront k = new KernelFront(session, new EngineKernelDriver(session));
            LongRef thread = new LongRef();
            IntRef error = new IntRef(-1);
            CountDownLatch ready = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                k.DuplicateHandle(k.GetCurrentProcess(), k.GetCurrentThread(), k.GetCurrentProcess(), thread, 0, false,
                        Kernel32.DUPLICATE_SAME_ACCESS);
                ready.countDown();
                byte[] buf = new byte[8];
                IntRef n = new IntRef();
                error.value = k.ReadFile(Kernel32.STD_INPUT_HANDLE, buf, buf.length, n, null) ? 0 : k.GetLastError();
            });
            reader.start();
            ready.await();
            StdinReader stdin = StdinReader.of(session);
            while (stdin.waiting() == 0) {
                Thread.sleep(1);
            }
            boolean cancelled = k.CancelSynchronousIo(thread.value);
            reader.join(10_000);
            say(k, "cancelled " + cancelled + " " + error.value + " alive " + reader.isAlive());

            StringBuilder got = new StringBuilder();
            byte[] buf = new byte[64];
            IntRef n = new IntRef();
            boolean ok;
            while ((ok = k.ReadFile(Kernel32.STD_INPUT_HANDLE, buf, buf.length, n, null)) && n.value > 0) {
                got.append(new String(buf, 0, n.value, UTF_8));
            }
            say(k, "got [" + got.toString().replace("\n", "|") + "] end " + ok);
            k.CloseHandle(thread.value);
        }
    }

    private static void say(KernelFront k, String line) {
        byte[] b = (line + "\n").getBytes(UTF_8);
        k.WriteFile(Kernel32.STD_OUTPUT_HANDLE, b, b.length, new IntRef(), null);
    }
}

package io.teardown.testkit.hardening;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What a run may leak outside the handle tables: open file descriptors of this process
 * ({@code /proc/self/fd}, where the OS has it) and live threads whose name carries a given marker
 * (the library names its threads after the session).
 */
public final class ResourceProbe {
    private ResourceProbe() {
    }

    /** Open file descriptors of this JVM, or −1 where {@code /proc/self/fd} does not exist. */
    public static int openFileDescriptors() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** Names of the live threads whose name contains {@code marker}. */
    public static List<String> threadsNamed(String marker) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.contains(marker))
                .sorted()
                .toList();
    }

    /** Polls {@code condition} every 20 ms until it holds or {@code timeout} passes; its last answer. */
    public static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}

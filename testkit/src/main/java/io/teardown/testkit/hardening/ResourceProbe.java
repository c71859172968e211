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

    /**
     * How many more descriptors than before a run may stay open without counting as a leak: the JVM opens
     * each jar once when it first loads a class from it (and keeps it), and a run in a shared test JVM
     * may be the first to touch a few. A leak per handle or per connection shows up as hundreds.
     */
    public static final int DESCRIPTOR_SLACK = 16;

    /** Open file descriptors of this JVM, or −1 where {@code /proc/self/fd} does not exist. */
    public static int openFileDescriptors() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** What each open descriptor points at ({@code socket:[…]}, {@code pipe:[…]}, a path), for failure messages. */
    public static java.util.Set<String> descriptorTargets() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        File[] fds = new File("/proc/self/fd").listFiles();
        if (fds == null) {
            return out;
        }
        for (File fd : fds) {
            try {
                out.add(java.nio.file.Files.readSymbolicLink(fd.toPath()).toString());
            } catch (java.io.IOException | UnsupportedOperationException e) {
                out.add("?" + fd.getName());
            }
        }
        return out;
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

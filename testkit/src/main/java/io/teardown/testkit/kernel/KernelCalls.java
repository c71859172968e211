package io.teardown.testkit.kernel;

import static io.teardown.kernel.Kernel32.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.LongRef;
import io.teardown.api.Misuse;
import io.teardown.api.Session;
import io.teardown.kernel.Kernel32;
import io.teardown.testkit.TestBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Small steps the kernel rule contracts share: the session's {@link Kernel32}, unique names, temporary
 * directories, a strict session that records misuse, and a child process that sleeps.
 */
final class KernelCalls {
    private KernelCalls() {
    }

    static Kernel32 k(TestBackend b) {
        return Kernel32.of(b.session());
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static Path tempDir() throws IOException {
        return Files.createTempDirectory("teardown-kernel-");
    }

    static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A strict session whose misuse handler records each misuse and returns ("the exception is handled"). */
    static Session strictRecording(TestBackend b, List<Misuse> seen) {
        return b.open(c -> c.strict(true).misuseHandler(seen::add));
    }

    /** Duplicates {@code h}, closes {@code h}, returns the copy (the object must live on). */
    static long dupAndCloseOriginal(Kernel32 k, long h) {
        LongRef copy = new LongRef();
        assertTrue(k.DuplicateHandle(-1, h, -1, copy, 0, false, DUPLICATE_SAME_ACCESS), "DuplicateHandle");
        assertTrue(k.CloseHandle(h), "CloseHandle(original)");
        return copy.value;
    }
}

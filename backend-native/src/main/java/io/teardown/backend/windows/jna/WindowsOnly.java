package io.teardown.backend.windows.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.win32.W32APIOptions;
import java.util.Locale;
import java.util.Map;

/**
 * Loads a Windows DLL, refusing on any other OS before JNA is asked to find it (so a Linux build
 * never tries to open {@code ws2_32} and never depends on how {@code Native.load} fails there).
 */
final class WindowsOnly {
    private WindowsOnly() {
    }

    static boolean onWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /**
     * The options every binding is loaded with: the {@code -W} exports and UTF-16 strings, always.
     * Not {@link W32APIOptions#DEFAULT_OPTIONS}, which {@code -Dw32.ascii=true} turns into the
     * {@code -A} exports while the code reads W layouts ({@code WIN32_FIND_DATAW}, UTF-16 buffers),
     * and {@code CreateTransaction} has no {@code -A} variant at all.
     */
    static final Map<String, Object> OPTIONS = W32APIOptions.UNICODE_OPTIONS;

    /**
     * Loads {@code dll} with {@link #OPTIONS}.
     *
     * @throws UnsupportedOperationException when not running on Windows
     */
    static <T extends Library> T load(String dll, Class<T> type) {
        if (!onWindows()) {
            throw new UnsupportedOperationException(dll + ".dll exists only on Windows (running on "
                    + System.getProperty("os.name") + ")");
        }
        return Native.load(dll, type, OPTIONS);
    }
}

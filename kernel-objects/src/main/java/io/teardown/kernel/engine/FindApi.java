package io.teardown.kernel.engine;

import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Win32FindData;
import io.teardown.kernel.spi.ResolvedHandle;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Find handles for the engine driver: {@code FindFirstFile} and {@code FindNextFile} — entries of the
 * kernel table with their own closer (KO-09); {@code FindClose} is the front's, and taking the entry out
 * of the table ends the search. See docs/kernel-objects.md.
 */
final class FindApi extends EngineCalls {
    FindApi(Engine engine) {
        super(engine);
    }

    // ---------------- find handles (KO-09) ----------------

    long findFirstFile(String pattern, Win32FindData data) {
        if (pattern == null || data == null) {
            error(Win32Error.ERROR_INVALID_PARAMETER);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        String normalized = pattern.replace('\\', '/');
        int slash = normalized.lastIndexOf('/');
        Path dir = Path.of(slash < 0 ? "." : slash == 0 ? "/" : normalized.substring(0, slash));
        String glob = slash < 0 ? normalized : normalized.substring(slash + 1);
        if (glob.equals("*.*")) {
            glob = "*";
        }
        if (!Files.isDirectory(dir)) {
            error(Win32Error.ERROR_PATH_NOT_FOUND);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        List<Path> matches = new ArrayList<>();
        try {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob.toLowerCase(Locale.ROOT));
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    if (m.matches(Path.of(p.getFileName().toString().toLowerCase(Locale.ROOT)))) {
                        matches.add(p);
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            error(Win32Error.ERROR_INVALID_NAME);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        matches.sort(null);
        if (matches.isEmpty()) {
            error(Win32Error.ERROR_FILE_NOT_FOUND);
            return Kernel32.INVALID_HANDLE_VALUE;
        }
        FindObject f = new FindObject(matches);
        f.next(data);
        long v = engine.open(f, 0, false);
        error(Win32Error.ERROR_SUCCESS);
        return v;
    }

    boolean findNextFile(ResolvedHandle h, Win32FindData data) {
        FindObject f = use(h, FindObject.class, 0);
        if (f == null) {
            return false;
        }
        try {
            if (!f.next(data)) {
                error(Win32Error.ERROR_NO_MORE_FILES);
                return false;
            }
            return true;
        } finally {
            f.dereference();
        }
    }
}

package io.teardown.kernel.engine;

import io.teardown.api.handle.Closer;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Win32FindData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A directory search ({@code FindFirstFile}). Not a kernel object on Windows: it must be closed with
 * {@code FindClose}, and {@code CloseHandle} on it fails (KO-09). The matches are read when the search
 * starts.
 */
final class FindObject extends KernelObject {
    private final List<Path> matches;
    private int next; // guarded by this

    FindObject(List<Path> matches) {
        this.matches = matches;
    }

    @Override
    String typeName() {
        return "Find";
    }

    @Override
    Closer closer() {
        return Closer.FIND_CLOSE;
    }

    /** Fills {@code data} with the next match; false when there is none. */
    synchronized boolean next(Win32FindData data) {
        if (next >= matches.size()) {
            return false;
        }
        Path p = matches.get(next++);
        if (data != null) {
            data.cFileName = p.getFileName().toString();
            boolean dir = Files.isDirectory(p);
            data.dwFileAttributes = dir ? Kernel32.FILE_ATTRIBUTE_DIRECTORY : Kernel32.FILE_ATTRIBUTE_NORMAL;
            long size = 0;
            try {
                size = dir ? 0 : Files.size(p);
            } catch (java.io.IOException e) {
                size = 0; // vanished since the search started: report it with size 0, as a snapshot
            }
            data.nFileSizeHigh = (int) (size >>> 32);
            data.nFileSizeLow = (int) size;
        }
        return true;
    }
}

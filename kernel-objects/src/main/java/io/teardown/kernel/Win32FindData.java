package io.teardown.kernel;

/**
 * {@code WIN32_FIND_DATA}: what {@link Kernel32#FindFirstFile} and {@link Kernel32#FindNextFile}
 * write for each match (KO-09). Not thread-safe.
 */
public final class Win32FindData {
    /** {@code FILE_ATTRIBUTE_DIRECTORY} (0x10) or {@code FILE_ATTRIBUTE_NORMAL} (0x80). */
    public int dwFileAttributes;
    /** High 32 bits of the size. */
    public int nFileSizeHigh;
    /** Low 32 bits of the size. */
    public int nFileSizeLow;
    /** The name of the match, without its directory. */
    public String cFileName;

    /** An empty structure for the callee to fill. */
    public Win32FindData() {
    }

    @Override
    public String toString() {
        return "Win32FindData[" + cFileName + ", attributes=0x" + Integer.toHexString(dwFileAttributes) + "]";
    }
}

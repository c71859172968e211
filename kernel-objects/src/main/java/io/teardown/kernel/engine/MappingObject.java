package io.teardown.kernel.engine;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file mapping (section, {@code CreateFileMapping}): a real memory-mapped file. Each view holds a
 * pointer, so closing the last handle leaves the views readable and writable while the name goes at
 * once (KO-07); the mapping is released with the last view. A mapping of {@code INVALID_HANDLE_VALUE}
 * is backed by a temporary file, deleted when the mapping goes.
 */
final class MappingObject extends KernelObject {
    private static final System.Logger LOG = System.getLogger(MappingObject.class.getName());

    private final FileObject file; // referenced while the mapping lives; null for memory-only
    private final FileChannel channel;
    private final Path temp;
    final long size;
    final boolean writable;

    MappingObject(FileObject file, FileChannel channel, Path temp, long size, boolean writable) {
        this.file = file;
        this.channel = channel;
        this.temp = temp;
        this.size = size;
        this.writable = writable;
        if (file != null) {
            file.reference();
        }
    }

    @Override
    String typeName() {
        return "Section";
    }

    MappedByteBuffer map(long offset, long length, boolean write) throws IOException {
        return channel.map(write ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, offset, length);
    }

    @Override
    void destroy() {
        if (file != null) {
            file.dereference();
        } else {
            try {
                channel.close();
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "releasing the memory-only mapping " + temp, e);
            }
        }
    }
}

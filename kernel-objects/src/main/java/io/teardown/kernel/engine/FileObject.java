package io.teardown.kernel.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real file opened by {@code CreateFile} (or {@code CreateFileTransacted}, whose changes go to a
 * working copy until the transaction commits; KO-08). {@code FILE_FLAG_DELETE_ON_CLOSE} deletes the file
 * when the object goes (its last handle and any mapping using it) — or, inside a transaction, at commit.
 */
final class FileObject extends IoObject {
    private static final System.Logger LOG = System.getLogger(FileObject.class.getName());

    final Path path;
    final FileChannel channel;
    final boolean readable;
    final boolean writable;
    private final boolean deleteOnClose;
    private final TransactionObject transaction;

    FileObject(Path path, FileChannel channel, boolean readable, boolean writable, boolean deleteOnClose,
               TransactionObject transaction) {
        this.path = path;
        this.channel = channel;
        this.readable = readable;
        this.writable = writable;
        this.deleteOnClose = deleteOnClose;
        this.transaction = transaction;
        if (transaction != null) {
            transaction.reference();
        }
    }

    @Override
    String typeName() {
        return "File";
    }

    @Override
    int read(byte[] buffer, int n, Engine engine) throws IoFailure {
        if (!readable) {
            throw new IoFailure(5, "not opened for reading");
        }
        try {
            int r = channel.read(ByteBuffer.wrap(buffer, 0, n));
            return Math.max(r, 0);
        } catch (IOException e) {
            throw new IoFailure(30, e.toString()); // ERROR_READ_FAULT
        }
    }

    @Override
    int write(byte[] buffer, int n, Engine engine) throws IoFailure {
        if (!writable) {
            throw new IoFailure(5, "not opened for writing");
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
            while (b.hasRemaining()) {
                channel.write(b);
            }
            return n;
        } catch (IOException e) {
            throw new IoFailure(29, e.toString()); // ERROR_WRITE_FAULT
        }
    }

    @Override
    void destroy() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + path, e);
        }
        if (transaction != null) {
            if (deleteOnClose) {
                transaction.deleteAtCommit(path); // KO-08: not now, at commit
            }
            transaction.dereference();
        } else if (deleteOnClose) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "FILE_FLAG_DELETE_ON_CLOSE: deleting " + path, e);
            }
        }
    }
}

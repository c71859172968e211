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
    private final AsyncIo asyncIo;

    FileObject(Path path, FileChannel channel, boolean readable, boolean writable, boolean deleteOnClose,
               TransactionObject transaction, AsyncIo asyncIo) {
        this.asyncIo = asyncIo;
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
    AsyncIo asyncIo() {
        return asyncIo;
    }

    /** Offset {@code 0xFFFFFFFF_FFFFFFFF} in an {@code OVERLAPPED}: write at the end of the file. */
    static final long END_OF_FILE = -1L;

    /**
     * An overlapped read at {@code offset}: a file read never waits for long, so it completes inside the
     * call (KO-15). -1 at or past the end of the file.
     */
    int readAt(byte[] buffer, int n, long offset) throws IoFailure {
        if (!readable) {
            throw new IoFailure(5, "not opened for reading");
        }
        try {
            int r = channel.read(ByteBuffer.wrap(buffer, 0, n), offset);
            return n > 0 && r <= 0 ? -1 : Math.max(r, 0);
        } catch (IOException e) {
            throw new IoFailure(30, e.toString());
        }
    }

    /** An overlapped write at {@code offset} ({@link #END_OF_FILE}: append). */
    int writeAt(byte[] buffer, int n, long offset) throws IoFailure {
        if (!writable) {
            throw new IoFailure(5, "not opened for writing");
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
            long at = offset == END_OF_FILE ? channel.size() : offset;
            while (b.hasRemaining()) {
                at += channel.write(b, at);
            }
            return n;
        } catch (IOException e) {
            throw new IoFailure(29, e.toString());
        }
    }

    @Override
    void lastHandleClosed() {
        if (asyncIo != null) {
            asyncIo.close(); // nothing of a file pends (reads and writes complete in their call): lets the port go
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

package io.teardown.kernel.engine;

import io.teardown.api.Win32Error;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A kernel transaction ({@code CreateTransaction}, KTM), emulated in the session: files opened in it for
 * writing work on a private copy that replaces the original at commit; deletes
 * ({@code FILE_FLAG_DELETE_ON_CLOSE}) wait for commit; rollback — or closing the last handle before
 * commit — discards it all and leaves the files as they were (KO-08). Not atomic across a crash, unlike
 * Windows' transactional NTFS.
 */
final class TransactionObject extends KernelObject {
    private static final System.Logger LOG = System.getLogger(TransactionObject.class.getName());

    enum State { ACTIVE, COMMITTED, ROLLED_BACK }

    private static final class Change {
        Path workCopy;
        boolean delete;
    }

    private final Map<Path, Change> changes = new LinkedHashMap<>();
    private State state = State.ACTIVE;

    @Override
    String typeName() {
        return "TmTx";
    }

    synchronized State state() {
        return state;
    }

    /** The path a transacted open of {@code original} with write access works on. */
    synchronized Path workCopy(Path original, boolean create) throws IOException {
        Change c = changes.computeIfAbsent(original, k -> new Change());
        if (c.workCopy == null) {
            Path dir = original.toAbsolutePath().getParent();
            Path work = Files.createTempFile(dir, "." + original.getFileName() + ".", ".txf");
            if (Files.exists(original)) {
                Files.copy(original, work, StandardCopyOption.REPLACE_EXISTING);
            } else if (!create) {
                Files.delete(work);
                throw new java.nio.file.NoSuchFileException(original.toString());
            }
            c.workCopy = work;
        }
        return c.workCopy;
    }

    synchronized void deleteAtCommit(Path path) {
        Path original = path;
        for (Map.Entry<Path, Change> e : changes.entrySet()) {
            if (path.equals(e.getValue().workCopy)) {
                original = e.getKey();
            }
        }
        changes.computeIfAbsent(original, k -> new Change()).delete = true;
    }

    /** Commits or rolls back; returns the Windows error, 0 on success. */
    synchronized int end(boolean commit) {
        if (state == State.COMMITTED) {
            return Win32Error.ERROR_TRANSACTION_ALREADY_COMMITTED.code();
        }
        if (state == State.ROLLED_BACK) {
            return commit ? 6704 : 6701; // ALREADY_ABORTED / NOT_ACTIVE
        }
        state = commit ? State.COMMITTED : State.ROLLED_BACK;
        for (Map.Entry<Path, Change> e : changes.entrySet()) {
            Change c = e.getValue();
            try {
                if (commit && c.delete) {
                    Files.deleteIfExists(e.getKey());
                } else if (commit && c.workCopy != null) {
                    Files.move(c.workCopy, e.getKey(), StandardCopyOption.REPLACE_EXISTING);
                    c.workCopy = null;
                }
                if (c.workCopy != null) {
                    Files.deleteIfExists(c.workCopy);
                }
            } catch (IOException ex) {
                LOG.log(System.Logger.Level.WARNING, (commit ? "commit: " : "rollback: ") + e.getKey(), ex);
            }
        }
        changes.clear();
        return 0;
    }

    @Override
    void destroy() {
        end(false); // an unfinished transaction rolls back when its last handle goes
    }
}

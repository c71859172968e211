package io.teardown.kernel.front;

import io.teardown.api.HandleSpace;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import io.teardown.kernel.spi.ResolvedHandle;
import java.util.function.Function;

/**
 * The resolver of find handles, the values {@code FindFirstFile} returns, for {@code FindNextFile}: a
 * find handle shares the kernel table but is no kernel handle (KO-09), so only an open entry whose closer
 * is {@code FindClose} resolves; anything else — 0, a pseudo-handle, a standard-handle constant, a
 * closed or stale value, a kernel handle — fails with {@code ERROR_INVALID_HANDLE} without reaching the
 * driver (a stale one reported, KO-11), as Windows' {@code FindNextFile} refuses a value that is not its
 * own search structure. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is".
 */
final class FindArgs {
    private final Session session;
    private final HandleTable<HandleEntry> table;

    FindArgs(Session session) {
        this.session = session;
        this.table = session.handles(HandleSpace.KERNEL);
    }

    /** Runs {@code call} with the find handle {@code given} leased; {@code failed} with the last error 6 if it names none. */
    <R> R with(String function, long given, R failed, Function<ResolvedHandle, R> call) {
        if (HandleRules.pseudo(given)) {
            session.lastError().set(Win32Error.ERROR_INVALID_HANDLE.code());
            return failed;
        }
        HandleEntry e = HandleArgs.lease(session, table, function, given, given, true);
        if (e == null) {
            return failed;
        }
        long value = given & ~3L;
        ResolvedHandle h = ResolvedHandle.leased(value, e, table);
        try {
            if (e.closer() != Closer.FIND_CLOSE) {
                session.lastError().set(Win32Error.ERROR_INVALID_HANDLE.code()); // a kernel handle (KO-09)
                return failed;
            }
            return call.apply(h);
        } finally {
            h.release();
        }
    }
}

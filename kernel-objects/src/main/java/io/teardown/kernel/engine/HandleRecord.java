package io.teardown.kernel.engine;

import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;

/**
 * One handle in the session's kernel handle table: the object it names, the access it grants and its
 * flags ({@code HANDLE_FLAG_INHERIT}, {@code HANDLE_FLAG_PROTECT_FROM_CLOSE}; KO-12). Two handles to one
 * object are two records (KO-02). Reclaiming the record gives its handle back to the object.
 */
final class HandleRecord implements HandleEntry {
    final KernelObject object;
    private volatile int access;
    private volatile int flags;

    HandleRecord(KernelObject object, int access, int flags) {
        this.object = object;
        this.access = access;
        this.flags = flags;
    }

    int access() {
        return access;
    }

    /** {@code DuplicateHandle} with {@code DUPLICATE_CLOSE_SOURCE} in one process: the handle itself changes (KO-02). */
    synchronized void reopen(int access, int inherit) {
        this.access = access;
        this.flags = (flags & ~1) | inherit;
    }

    int flags() {
        return flags;
    }

    synchronized void flags(int mask, int values) {
        flags = (flags & ~mask) | (values & mask);
    }

    @Override
    public String typeName() {
        return object.typeName();
    }

    @Override
    public Closer closer() {
        return object.closer();
    }

    @Override
    public boolean leakChecked() {
        return !(object instanceof StdStream s && s.standard());
    }

    @Override
    public void reclaim() {
        object.handleClosed();
    }

    @Override
    public String toString() {
        return "HandleRecord[" + object + ", access=0x" + Integer.toHexString(access) + ", flags=" + flags + "]";
    }
}

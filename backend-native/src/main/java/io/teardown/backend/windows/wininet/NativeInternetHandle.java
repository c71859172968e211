package io.teardown.backend.windows.wininet;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import io.teardown.api.IntRef;
import io.teardown.backend.windows.jna.HINTERNET;
import io.teardown.backend.windows.jna.NativeHandles;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.spi.WinInetDriver;
import java.util.ArrayList;
import java.util.List;

/**
 * One HINTERNET as the JNA driver keeps it: the OS handle behind a session value, its context and Java
 * callback, and the native memory an async call pinned — which must outlive the table entry, because
 * WinINet may still write into it after {@code InternetCloseHandle} returned (WI-04); it is dropped at
 * {@code REQUEST_COMPLETE} or {@code HANDLE_CLOSING}.
 */
final class NativeInternetHandle implements WinInetDriver.Node {
    final long os;
    final NativeInternetHandle parent;
    /** The session value; 0 until the front bound it. */
    volatile long value;
    volatile long context;
    volatile InternetStatusCallback callback;
    /** Native memory an async call still uses, freed by REQUEST_COMPLETE or the close. */
    private final List<Object> pinned = new ArrayList<>();
    volatile PendingRead pendingRead;
    /** What REQUEST_COMPLETE copies back for an async write or InternetReadFileEx, or null. */
    volatile Runnable completion;

    /** An async {@code InternetReadFile}: WinINet fills {@code memory} later; copied into {@code target}. */
    record PendingRead(Memory memory, byte[] target, IntByReference read, IntRef readRef) {
    }

    /** A handle under {@code parent} (null for a session handle), with the callback it inherits. */
    NativeInternetHandle(long os, NativeInternetHandle parent, long context) {
        this.os = os;
        this.parent = parent;
        this.context = context;
        this.callback = parent == null ? null : parent.callback;
    }

    HINTERNET h() {
        return NativeHandles.hinternet(os);
    }

    /** Keeps {@code memory} reachable until the pending call completes. */
    void pin(Object memory) {
        synchronized (pinned) {
            pinned.add(memory);
        }
    }

    /** REQUEST_COMPLETE: the async call's native memory is no longer used; a pending read is copied out first. */
    void completed() {
        PendingRead read = pendingRead;
        pendingRead = null;
        if (read != null) {
            int n = Math.max(0, Math.min(read.read().getValue(), read.target() == null ? 0 : read.target().length));
            if (n > 0) {
                read.memory().read(0, read.target(), 0, n);
            }
            read.readRef().value = n;
        }
        Runnable copy = completion;
        completion = null;
        if (copy != null) {
            copy.run();
        }
        synchronized (pinned) {
            pinned.clear();
        }
    }

    @Override
    public String toString() {
        return "HINTERNET[os 0x" + Long.toHexString(os) + ", 0x" + Long.toHexString(value) + "]";
    }
}

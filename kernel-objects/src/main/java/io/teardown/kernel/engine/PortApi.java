package io.teardown.kernel.engine;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.HandleEntry;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.OverlappedEntry;
import java.util.List;

/**
 * Completion ports and the functions that work on any overlapped handle — a file or pipe of this
 * engine or a socket of Winsock's ({@link AsyncIoOwner}): association, notification modes, packets
 * (KO-14), {@code GetOverlappedResult(Ex)}, {@code CancelIo}, {@code CancelIoEx} (KO-15).
 */
final class PortApi extends EngineCalls {
    private final ObjectManager objects;

    PortApi(Engine engine, ObjectManager objects) {
        super(engine);
        this.objects = objects;
    }

    /** Runs {@code call} on the overlapped state of {@code h}; -1 (error set) if there is none. */
    private int onAsyncIo(long h, java.util.function.ToIntFunction<AsyncIo> call) {
        long v = engine.translate(h);
        HandleEntry e = engine.table.acquire(v);
        if (e == null) {
            error(Win32Error.ERROR_INVALID_HANDLE);
            return -1;
        }
        try {
            AsyncIo io = asyncIoOf(e);
            if (io == null) {
                // A kernel object that does no overlapped I/O: not opened with FILE_FLAG_OVERLAPPED, or a
                // pipe/mailslot/console, which stay synchronous here (docs/kernel-objects.md).
                error(e instanceof HandleRecord r && r.object instanceof IoObject ? 50 : 6);
                return -1;
            }
            return call.applyAsInt(io);
        } finally {
            engine.table.release(v);
        }
    }

    private static AsyncIo asyncIoOf(HandleEntry e) {
        if (e instanceof AsyncIoOwner owner) {
            return owner.asyncIo(); // a socket
        }
        if (e instanceof HandleRecord r) {
            if (r.object instanceof IoObject file) {
                return file.asyncIo(); // null unless opened with FILE_FLAG_OVERLAPPED
            }
            if (r.object instanceof SimpleObject copy && copy.subject instanceof AsyncIo socket) {
                return socket; // a DuplicateHandle copy of a socket names the same endpoint
            }
        }
        return null;
    }

    long createIoCompletionPort(long fileHandle, long existing, long key) {
        if (fileHandle == Kernel32.INVALID_HANDLE_VALUE) {
            if (existing != 0) {
                error(Win32Error.ERROR_INVALID_PARAMETER);
                return 0;
            }
            return engine.open(new CompletionPort(engine.dispatcher), 0x1F0003, false);
        }
        if (existing == 0) {
            // Windows makes a new port and associates the handle with it in one call.
            long port = engine.open(new CompletionPort(engine.dispatcher), 0x1F0003, false);
            if (associate(fileHandle, port, key) == 0) {
                engine.table.close(port);
                return 0;
            }
            return port;
        }
        return associate(fileHandle, existing, key);
    }

    private long associate(long fileHandle, long portHandle, long key) {
        CompletionPort port = use("CreateIoCompletionPort", portHandle, CompletionPort.class, 0);
        if (port == null) {
            return 0;
        }
        try {
            int r = onAsyncIo(fileHandle, io -> io.associate(port, key));
            if (r != 0) {
                if (r > 0) {
                    error(r);
                }
                return 0;
            }
            return portHandle;
        } finally {
            port.dereference();
        }
    }

    boolean setFileCompletionNotificationModes(long h, int flags) {
        if ((flags & ~(AsyncIo.SKIP_PORT_ON_SUCCESS | AsyncIo.SKIP_SET_EVENT_ON_HANDLE)) != 0) {
            error(Win32Error.ERROR_INVALID_PARAMETER);
            return false;
        }
        return onAsyncIo(h, io -> {
            io.modes(flags);
            return 0;
        }) == 0;
    }

    boolean postQueuedCompletionStatus(long port, int bytes, long key, Overlapped overlapped) {
        CompletionPort p = use("PostQueuedCompletionStatus", port, CompletionPort.class, 0);
        if (p == null) {
            return false;
        }
        try {
            p.post(new CompletionPort.Packet(bytes, key, overlapped, 0));
            return true;
        } finally {
            p.dereference();
        }
    }

    boolean getQueuedCompletionStatus(long port, IntRef bytes, LongRef key, Ref<Overlapped> overlapped, long timeoutMs) {
        CompletionPort p = use("GetQueuedCompletionStatus", port, CompletionPort.class, 0);
        if (p == null) {
            return false;
        }
        try {
            if (bytes == null || key == null || overlapped == null) {
                error(Win32Error.ERROR_NOACCESS);
                return false;
            }
            CompletionPort.Packet packet = p.take(timeoutMs);
            if (packet == null) {
                overlapped.value = null;
                error(Win32Error.WAIT_TIMEOUT);
                return false;
            }
            bytes.value = packet.bytes();
            key.value = packet.key();
            overlapped.value = packet.overlapped();
            if (packet.status() != 0) {
                error(packet.status()); // a failed or aborted operation: FALSE, with its packet (KO-14)
                return false;
            }
            return true;
        } catch (IoFailure f) {
            overlapped.value = null;
            error(f.code); // ERROR_ABANDONED_WAIT_0: the port was closed during the call
            return false;
        } finally {
            p.dereference();
        }
    }

    boolean getQueuedCompletionStatusEx(long port, OverlappedEntry[] entries, int count, IntRef removed,
                                        long timeoutMs, boolean alertable) {
        CompletionPort p = use("GetQueuedCompletionStatusEx", port, CompletionPort.class, 0);
        if (p == null) {
            return false;
        }
        List<CompletionPort.Packet> got;
        try {
            if (entries == null || removed == null || count <= 0 || count > entries.length) {
                error(count <= 0 ? 87 : 998);
                return false;
            }
            removed.value = 0;
            got = p.takeSome(count, timeoutMs, alertable);
        } catch (IoFailure f) {
            error(f.code);
            return false;
        } finally {
            p.dereference();
        }
        if (got == null) {
            engine.dispatcher.runApcs();
            error(Kernel32.WAIT_IO_COMPLETION);
            return false;
        }
        if (got.isEmpty()) {
            error(Win32Error.WAIT_TIMEOUT);
            return false;
        }
        for (int i = 0; i < got.size(); i++) {
            CompletionPort.Packet packet = got.get(i);
            OverlappedEntry e = entries[i] == null ? (entries[i] = new OverlappedEntry()) : entries[i];
            e.lpCompletionKey = packet.key();
            e.lpOverlapped = packet.overlapped();
            e.Internal = packet.status();
            e.dwNumberOfBytesTransferred = packet.bytes();
        }
        removed.value = got.size();
        return true;
    }

    boolean getOverlappedResult(long h, Overlapped ov, IntRef transferred, int milliseconds, boolean alertable) {
        // The handle must name an object (it is what a wait without hEvent would wait on).
        HandleRecord r = engine.reference(engine.translate(h));
        if (r == null && !(engine.table.get(engine.translate(h)) instanceof AsyncIoOwner)) {
            error(Win32Error.ERROR_INVALID_HANDLE);
            return false;
        }
        if (r != null) {
            r.object.dereference();
        }
        return objects.overlappedResult(ov, transferred, milliseconds, alertable);
    }

    boolean cancelIo(long h, Thread onlyThread, Overlapped which) {
        int n = onAsyncIo(h, io -> io.cancel(onlyThread, which));
        if (n < 0) {
            return false;
        }
        if (n == 0) {
            error(Win32Error.ERROR_NOT_FOUND);
            return false;
        }
        return true;
    }
}

package io.teardown.kernel.engine;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.HandleEntry;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.OverlappedEntry;
import io.teardown.kernel.spi.ResolvedHandle;
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

    /**
     * Runs {@code call} on the overlapped state of the handle the front resolved (leased for the call);
     * -1 (error set) if there is none.
     */
    private int onAsyncIo(ResolvedHandle h, java.util.function.ToIntFunction<AsyncIo> call) {
        HandleEntry e = h.entry();
        AsyncIo io = e == null ? null : asyncIoOf(e);
        if (io == null) {
            // A pseudo-handle, or a kernel object that does no overlapped I/O: not opened with
            // FILE_FLAG_OVERLAPPED, or a pipe/mailslot/console, which stay synchronous here (docs/kernel-objects.md).
            error(e instanceof HandleRecord r && r.object instanceof IoObject ? 50 : 6);
            return -1;
        }
        return call.applyAsInt(io);
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

    /** {@code fileHandle} null: a port only; {@code existing} null: a new port (the front's {@code PortCalls} contract). */
    long createIoCompletionPort(ResolvedHandle fileHandle, ResolvedHandle existing, long key) {
        if (fileHandle == null) {
            return engine.open(new CompletionPort(engine.dispatcher), 0x1F0003, false);
        }
        if (existing == null) {
            // Windows makes a new port and associates the handle with it in one call.
            CompletionPort created = new CompletionPort(engine.dispatcher);
            long port = engine.open(created, 0x1F0003, false);
            if (!associate(fileHandle, created, key)) {
                engine.table.close(port);
                return 0;
            }
            return port;
        }
        CompletionPort port = use(existing, CompletionPort.class, 0);
        if (port == null) {
            return 0;
        }
        try {
            return associate(fileHandle, port, key) ? existing.value() : 0;
        } finally {
            port.dereference();
        }
    }

    private boolean associate(ResolvedHandle fileHandle, CompletionPort port, long key) {
        int r = onAsyncIo(fileHandle, io -> io.associate(port, key));
        if (r > 0) {
            error(r);
        }
        return r == 0;
    }

    boolean setFileCompletionNotificationModes(ResolvedHandle h, int flags) {
        return onAsyncIo(h, io -> {
            io.modes(flags);
            return 0;
        }) == 0;
    }

    boolean postQueuedCompletionStatus(ResolvedHandle port, int bytes, long key, Overlapped overlapped) {
        CompletionPort p = use(port, CompletionPort.class, 0);
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

    boolean getQueuedCompletionStatus(ResolvedHandle port, IntRef bytes, LongRef key, Ref<Overlapped> overlapped,
                                      long timeoutMs) {
        CompletionPort p = use(port, CompletionPort.class, 0);
        if (p == null) {
            return false;
        }
        try {
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

    boolean getQueuedCompletionStatusEx(ResolvedHandle port, OverlappedEntry[] entries, int count, IntRef removed,
                                        long timeoutMs, boolean alertable) {
        CompletionPort p = use(port, CompletionPort.class, 0);
        if (p == null) {
            return false;
        }
        List<CompletionPort.Packet> got;
        try {
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

    boolean getOverlappedResult(ResolvedHandle h, Overlapped ov, IntRef transferred, int milliseconds, boolean alertable) {
        // The handle must name an object (it is what a wait without hEvent would wait on): one of this
        // engine's, or a socket; the front has resolved it, and it stays leased for the call.
        if (!(h.entry() instanceof HandleRecord || h.entry() instanceof AsyncIoOwner)) {
            error(Win32Error.ERROR_INVALID_HANDLE);
            return false;
        }
        return objects.overlappedResult(ov, transferred, milliseconds, alertable);
    }

    boolean cancelIo(ResolvedHandle h, Thread onlyThread, Overlapped which) {
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

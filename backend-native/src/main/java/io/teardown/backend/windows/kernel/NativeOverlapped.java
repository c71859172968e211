package io.teardown.backend.windows.kernel;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.teardown.backend.windows.jna.Kernel32Library;
import io.teardown.kernel.FileIoCompletionRoutine;
import io.teardown.kernel.Overlapped;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The native {@code OVERLAPPED} behind each Java {@link Overlapped} in flight (KO-13 … KO-16). Windows
 * writes an {@code OVERLAPPED} and the data buffer asynchronously, so both live in native memory held
 * here from the issuing call ({@code ReadFile}/{@code WriteFile} with an {@code OVERLAPPED},
 * {@code ReadFileEx}/{@code WriteFileEx}) until the completion has been consumed; every completion Windows
 * reports by native address ({@code GetQueuedCompletionStatus(Ex)}, the completion routine) is mapped
 * back to the caller's very Java object, whose {@code Internal}, {@code InternalHigh}, {@code Offset}
 * and {@code OffsetHigh} then receive what Windows wrote (and a read's bytes its {@code byte[]}).
 *
 * <p>An operation is released when its last expected observation has happened: the port packet when
 * the handle is bound to a completion port (and did not skip it), else the completion routine, else
 * the first {@code GetOverlappedResult(Ex)} that sees it complete. One completion-routine trampoline
 * serves every operation of this registry and is held for the registry's life, so JNA never frees it
 * while Windows may still call it. Thread-safe. See docs/native-backend.md.
 */
final class NativeOverlapped {
    // The layouts below are checked against the Windows headers' (the ABI golden file) by the tests.
    /** {@code sizeof(OVERLAPPED)}: two ULONG_PTR, two DWORD, a HANDLE. */
    static final int SIZE = 2 * Native.POINTER_SIZE + 8 + Native.POINTER_SIZE;
    static final int INTERNAL = 0;
    static final int INTERNAL_HIGH = Native.POINTER_SIZE;
    static final int OFFSET = 2 * Native.POINTER_SIZE;
    static final int OFFSET_HIGH = OFFSET + 4;
    static final int H_EVENT = OFFSET + 8;
    /** {@code sizeof(OVERLAPPED_ENTRY)}: key, LPOVERLAPPED, Internal (pointer-sized each), a DWORD, padded. */
    static final int ENTRY_SIZE = 4 * Native.POINTER_SIZE;
    static final int ENTRY_KEY = 0;
    static final int ENTRY_OVERLAPPED = Native.POINTER_SIZE;
    static final int ENTRY_INTERNAL = 2 * Native.POINTER_SIZE;
    static final int ENTRY_BYTES = 3 * Native.POINTER_SIZE;

    /** One operation in flight: its native memory and what its completion must reach. */
    static final class Operation {
        final Overlapped java;
        final Memory overlapped;
        final Memory buffer;
        /** The caller's array a read's bytes are copied into; null for a write. */
        final byte[] readInto;
        final FileIoCompletionRoutine routine;
        /** Whether a completion-port packet will name this operation. */
        volatile boolean packetExpected;
        private volatile boolean resultCopied;

        private Operation(Overlapped java, long osEvent, Memory buffer, byte[] readInto,
                          FileIoCompletionRoutine routine) {
            this.java = java;
            this.overlapped = new Memory(SIZE);
            this.overlapped.clear();
            this.overlapped.setInt(OFFSET, java.Offset);
            this.overlapped.setInt(OFFSET_HIGH, java.OffsetHigh);
            this.overlapped.setPointer(H_EVENT, new Pointer(osEvent));
            this.buffer = buffer;
            this.readInto = readInto;
            this.routine = routine;
        }

        long address() {
            return Pointer.nativeValue(overlapped);
        }
    }

    private final Map<Long, Operation> byAddress = new ConcurrentHashMap<>();
    /** Keyed by the Java object itself ({@link Overlapped} keeps identity equality). */
    private final Map<Overlapped, Operation> byJava = new ConcurrentHashMap<>();
    private final Kernel32Library.LPOVERLAPPED_COMPLETION_ROUTINE routine = new Routine();

    /**
     * Registers an operation for {@code java}; {@code osEvent} is the OS value of its event (low bit
     * kept). Returns null if {@code java} is already in flight (one structure, one operation).
     */
    Operation begin(Overlapped java, long osEvent, Memory buffer, byte[] readInto, FileIoCompletionRoutine routine) {
        Objects.requireNonNull(java, "java");
        Operation op = new Operation(java, osEvent, buffer, readInto, routine);
        if (byJava.putIfAbsent(java, op) != null) {
            return null;
        }
        java.Internal = Overlapped.STATUS_PENDING;
        java.InternalHigh = 0;
        byAddress.put(op.address(), op);
        return op;
    }

    /** The operation in flight for {@code java}, or null. */
    Operation find(Overlapped java) {
        return java == null ? null : byJava.get(java);
    }

    /** The call failed at once: Windows reports no completion, so the memory goes now. */
    void abandon(Operation op, int error) {
        op.java.Internal = error;
        release(op);
    }

    /**
     * The operation completed and {@code observer} saw it (with {@code win32Error}): copies the result into
     * the Java object (once) and releases the memory unless a port packet is still to come (or this is the
     * packet). Returns the caller's Java object.
     */
    Overlapped observed(Operation op, int win32Error, boolean packet) {
        copyResult(op, win32Error);
        if (packet || !op.packetExpected) {
            release(op);
        }
        return op.java;
    }

    /**
     * A completion Windows reported by address ({@code GetQueuedCompletionStatus(Ex)}): the caller's Java
     * object for it, or null if the address is none of ours.
     */
    Overlapped packet(long address, int win32Error) {
        Operation op = byAddress.get(address);
        return op == null ? null : observed(op, win32Error, true);
    }

    /** The completion routine to pass to {@code ReadFileEx}/{@code WriteFileEx} (one for all operations). */
    Kernel32Library.LPOVERLAPPED_COMPLETION_ROUTINE routine() {
        return routine;
    }

    /** Operations still holding native memory. */
    int pendingCount() {
        return byAddress.size();
    }

    /** Whether the native {@code OVERLAPPED} at {@code address} is still held. */
    boolean holds(long address) {
        return byAddress.containsKey(address);
    }

    private static void copyResult(Operation op, int win32Error) {
        if (op.resultCopied) {
            return;
        }
        op.resultCopied = true;
        long bytes = op.overlapped.getPointer(INTERNAL_HIGH) == null ? 0
                : Pointer.nativeValue(op.overlapped.getPointer(INTERNAL_HIGH));
        if (op.readInto != null && bytes > 0) {
            op.buffer.read(0, op.readInto, 0, (int) Math.min(bytes, op.readInto.length));
        }
        op.java.Offset = op.overlapped.getInt(OFFSET);
        op.java.OffsetHigh = op.overlapped.getInt(OFFSET_HIGH);
        op.java.InternalHigh = bytes;
        op.java.Internal = win32Error; // last: a thread polling Internal then sees the rest
    }

    private void release(Operation op) {
        byAddress.remove(op.address());
        byJava.remove(op.java, op);
    }

    /** Windows' APC for a finished {@code ReadFileEx}/{@code WriteFileEx}: the caller's routine, its Overlapped. */
    private final class Routine implements Kernel32Library.LPOVERLAPPED_COMPLETION_ROUTINE {
        @Override
        public void callback(int dwErrorCode, int dwNumberOfBytesTransfered, Pointer lpOverlapped) {
            Operation op = lpOverlapped == null ? null : byAddress.get(Pointer.nativeValue(lpOverlapped));
            if (op == null) {
                return;
            }
            Overlapped java = observed(op, dwErrorCode, false);
            if (op.routine != null) {
                try {
                    op.routine.invoke(dwErrorCode, dwNumberOfBytesTransfered, java);
                } catch (RuntimeException | Error e) {
                    // Never unwind into Windows' APC dispatcher: report as an uncaught exception of this thread.
                    Thread t = Thread.currentThread();
                    t.getUncaughtExceptionHandler().uncaughtException(t, e);
                }
            }
        }
    }
}

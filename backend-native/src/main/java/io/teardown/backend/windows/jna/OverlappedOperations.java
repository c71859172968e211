package io.teardown.backend.windows.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase.OVERLAPPED;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Native memory and completion routing for overlapped Winsock/file I/O (WS-09). Each operation owns
 * an {@code OVERLAPPED} and a data buffer in native memory, kept reachable until its completion has
 * been delivered — exactly once, also for an operation cancelled by {@code closesocket}, which
 * Windows may report after {@code closesocket} has returned. One completion routine serves all
 * operations of this instance (so JNA builds one trampoline, held for the instance's lifetime) and
 * finds the operation by its {@code OVERLAPPED} address; completions that arrive another way
 * (event, {@code GetQueuedCompletionStatus}) are routed with {@link #complete} the same way.
 */
public final class OverlappedOperations {
    /** A finished operation: its status, byte count and flags, as Windows reported them. */
    public record Completion(Operation operation, int error, int bytesTransferred, int flags) {
    }

    /** One in-flight operation's native memory. */
    public static final class Operation {
        private final Memory overlapped;
        private final Memory buffer;
        private final WSABUF[] wsabuf;
        private final Consumer<Completion> onComplete;

        private Operation(int bufferSize, Consumer<Completion> onComplete) {
            this.overlapped = new Memory(new OVERLAPPED().size());
            this.overlapped.clear();
            this.buffer = new Memory(Math.max(1, bufferSize));
            this.wsabuf = (WSABUF[]) new WSABUF().toArray(1);
            this.wsabuf[0].buf = buffer;
            this.wsabuf[0].len = bufferSize;
            this.wsabuf[0].write();
            this.onComplete = onComplete;
        }

        /** The {@code LPOVERLAPPED}/{@code LPWSAOVERLAPPED} to pass. */
        public Pointer overlapped() {
            return overlapped;
        }

        /** The data buffer (read the received bytes here, or fill it before a send). */
        public Memory buffer() {
            return buffer;
        }

        /** The one-element {@code WSABUF} array describing {@link #buffer()}, for {@code WSASend}/{@code WSARecv}. */
        public WSABUF wsabuf() {
            return wsabuf[0];
        }
    }

    private final Map<Long, Operation> pending = new ConcurrentHashMap<>();
    private final Consumer<Throwable> uncaught;
    private final Ws2_32Library.WSAOVERLAPPED_COMPLETION_ROUTINE routine = new Routine();

    /** Operations whose completion listeners report failures to {@code uncaught}. */
    public OverlappedOperations(Consumer<Throwable> uncaught) {
        this.uncaught = Objects.requireNonNull(uncaught, "uncaught");
    }

    /** Allocates an operation with a {@code bufferSize}-byte buffer; it stays pending until completed or abandoned. */
    public Operation begin(int bufferSize, Consumer<Completion> onComplete) {
        Operation op = new Operation(bufferSize, Objects.requireNonNull(onComplete, "onComplete"));
        pending.put(Pointer.nativeValue(op.overlapped), op);
        return op;
    }

    /**
     * The completion routine to pass to {@code WSASend}/{@code WSARecv} (an APC on the issuing thread,
     * run when it waits alertably). The same object for every operation of this instance.
     */
    public Ws2_32Library.WSAOVERLAPPED_COMPLETION_ROUTINE routine() {
        return routine;
    }

    /**
     * Delivers a completion reported for {@code lpOverlapped}; returns the operation, or empty if
     * none is pending there (already completed: never delivered twice).
     */
    public Optional<Operation> complete(Pointer lpOverlapped, int error, int bytesTransferred, int flags) {
        Operation op = lpOverlapped == null ? null : pending.remove(Pointer.nativeValue(lpOverlapped));
        if (op == null) {
            return Optional.empty();
        }
        try {
            op.onComplete.accept(new Completion(op, error, bytesTransferred, flags));
        } catch (Throwable t) {
            uncaught.accept(t);
        }
        return Optional.of(op);
    }

    /**
     * The call failed at once with an error other than {@code WSA_IO_PENDING}: Windows will report
     * no completion, so the memory is released without one.
     */
    public void abandon(Operation op) {
        pending.remove(Pointer.nativeValue(op.overlapped));
    }

    /** Number of operations still waiting for their completion. */
    public int pendingCount() {
        return pending.size();
    }

    /** The completion routine handed to Winsock (a named class, so JNA reflects on a plain method). */
    private final class Routine implements Ws2_32Library.WSAOVERLAPPED_COMPLETION_ROUTINE {
        @Override
        public void callback(int dwError, int cbTransferred, Pointer lpOverlapped, int dwFlags) {
            complete(lpOverlapped, dwError, cbTransferred, dwFlags);
        }
    }
}

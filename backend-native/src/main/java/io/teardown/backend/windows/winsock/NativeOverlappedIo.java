package io.teardown.backend.windows.winsock;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.OverlappedOperations;
import io.teardown.backend.windows.jna.Ws2_32Library;
import io.teardown.backend.windows.jna.Kernel32Library;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.Ws2_32;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * Overlapped I/O of the native driver (WS-09): an event per operation in native memory
 * ({@link OverlappedOperations}); a completion thread waits for it, delivers the result into the Java
 * {@code WSAOVERLAPPED} and calls the completion routine (on that thread, not as an APC) or signals the
 * caller's event, exactly once — also when {@code closesocket} cancelled the operation.
 */
final class NativeOverlappedIo implements AutoCloseable {
    private static final int IO_PENDING = Win32Error.ERROR_IO_PENDING.code();
    /** {@code OVERLAPPED.hEvent}: after Internal and InternalHigh (pointer-sized) and Offset, OffsetHigh. */
    private static final long H_EVENT = 2L * Native.POINTER_SIZE + 8;

    private final Session session;
    private final Ws2_32Library lib;
    private final Kernel32Library kernel;
    private final NativeCalls calls;
    private final Consumer<Throwable> uncaught;
    private final LongPredicate setEvent;
    private final OverlappedOperations operations;
    private final ExecutorService completer;
    private final Object completed = new Object();
    private volatile boolean closing;

    /** {@code setEvent} signals a caller's event by its session value (WSASetEvent). */
    NativeOverlappedIo(Session session, Ws2_32Library lib, Kernel32Library kernel, NativeCalls calls,
                       Consumer<Throwable> uncaught, LongPredicate setEvent) {
        this.session = Objects.requireNonNull(session, "session");
        this.lib = lib;
        this.kernel = kernel;
        this.calls = calls;
        this.uncaught = Objects.requireNonNull(uncaught, "uncaught");
        this.setEvent = setEvent;
        this.operations = new OverlappedOperations(uncaught);
        this.completer = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "teardown-winsock-completions-" + session.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** The native memory of the driver's overlapped operations. */
    OverlappedOperations operations() {
        return operations;
    }

    private int error(int code) {
        session.lastError().set(code);
        return Ws2_32.SOCKET_ERROR;
    }

    /**
     * An overlapped send ({@code payload} non-null) or receive on the leased {@code s}. The native
     * {@code OVERLAPPED} carries an event of its own; a completion thread waits for it, reads the result,
     * copies received bytes into the Java buffers and delivers once.
     */
    int transfer(NativeSocket s, WSABUF[] buffers, int count, byte[] payload, int size, IntRef transferred,
                 IntRef lpFlags, int sendFlags, Overlapped ov, OverlappedCompletionRoutine routine) {
        NativeCalls.Captured<HANDLE> ev = calls.call(lib::WSACreateEvent);
        if (ev.value() == null) {
            return error(ev.lastError());
        }
        HANDLE event = ev.value();
        ov.InternalHigh = 0;
        ov.Internal = Overlapped.STATUS_PENDING;
        OverlappedOperations.Operation op = operations.begin(size, c -> deliver(c, payload == null ? buffers : null, count,
                ov, routine));
        op.overlapped().setPointer(H_EVENT, event.getPointer());
        if (payload != null && size > 0) {
            op.buffer().write(0, payload, 0, size);
        }
        IntByReference bytes = new IntByReference();
        IntByReference flags = new IntByReference(lpFlags == null ? 0 : lpFlags.value);
        NativeCalls.CapturedInt r = calls.callInt(() -> payload != null
                ? lib.WSASend(s.os(), op.wsabuf(), 1, bytes, sendFlags, op.overlapped(), null)
                : lib.WSARecv(s.os(), op.wsabuf(), 1, bytes, flags, op.overlapped(), null));
        if (r.value() == Ws2_32.SOCKET_ERROR && r.lastError() != IO_PENDING) {
            operations.abandon(op); // failed at once: Windows reports no completion
            lib.WSACloseEvent(event);
            ov.Internal = r.lastError();
            return error(r.lastError());
        }
        if (r.value() == 0) {
            // Completed at once: the result is known now, so the caller sees it on return; the event
            // still fires and finds the operation delivered.
            operations.complete(op.overlapped(), 0, bytes.getValue(), flags.getValue());
            if (transferred != null) {
                transferred.value = bytes.getValue();
            }
            if (lpFlags != null) {
                lpFlags.value = flags.getValue();
            }
        }
        awaitCompletion(op, event);
        return r.value() == Ws2_32.SOCKET_ERROR ? error(r.lastError()) : r.value();
    }

    /** Waits (on a completion thread) for {@code event}, then completes {@code op} and closes the event. */
    void awaitCompletion(OverlappedOperations.Operation op, HANDLE event) {
        completer.execute(() -> {
            try {
                while (true) {
                    int w = kernel.WaitForSingleObject(event, 200);
                    if (w == 0 || w == -1 || closing) {
                        break;
                    }
                }
                Pointer o = op.overlapped();
                long status = Native.POINTER_SIZE == 8 ? o.getLong(0) : o.getInt(0);
                long high = Native.POINTER_SIZE == 8 ? o.getLong(Native.POINTER_SIZE) : o.getInt(Native.POINTER_SIZE);
                operations.complete(o, wsaError((int) status), (int) high, 0);
            } finally {
                lib.WSACloseEvent(event);
            }
        });
    }

    /** The Winsock error for an {@code OVERLAPPED.Internal} NTSTATUS. */
    static int wsaError(int status) {
        return switch (status) {
            case 0 -> 0;
            case 0xC0000120 -> Win32Error.ERROR_OPERATION_ABORTED.code(); // STATUS_CANCELLED: closesocket (WS-09)
            case 0xC000013B -> Win32Error.WSAECONNABORTED.code(); // STATUS_LOCAL_DISCONNECT
            case 0xC000013C, 0xC000020D -> Win32Error.WSAECONNRESET.code(); // remote disconnect, reset
            case 0x103 -> Win32Error.ERROR_OPERATION_ABORTED.code(); // still pending at session close
            default -> Win32Error.WSAECONNABORTED.code();
        };
    }

    /** Stores a completion in {@code ov} (receiving into {@code receiveInto}) and sets its event or calls {@code routine}. */
    void deliver(OverlappedOperations.Completion c, WSABUF[] receiveInto, int count, Overlapped ov,
                 OverlappedCompletionRoutine routine) {
        int n = Math.max(0, c.bytesTransferred());
        if (receiveInto != null && c.error() == 0 && n > 0) {
            scatter(c.operation().buffer().getByteArray(0, n), n, receiveInto, count);
        }
        ov.InternalHigh = n;
        ov.Internal = c.error();
        synchronized (completed) {
            completed.notifyAll();
        }
        if (routine != null) {
            completer.execute(() -> {
                try {
                    routine.invoke(c.error(), n, ov, c.flags());
                } catch (Throwable t) {
                    uncaught.accept(t);
                }
            });
        } else if (ov.hEvent != 0) {
            setEvent.test(ov.hEvent);
        }
    }

    /** {@code WSAGetOverlappedResult}: the result lives in the OVERLAPPED, also after the socket was closed (WS-09). */
    boolean result(Overlapped lpOverlapped, IntRef lpcbTransfer, boolean fWait, IntRef lpdwFlags) {
        synchronized (completed) {
            while (lpOverlapped.Internal == Overlapped.STATUS_PENDING) {
                if (!fWait) {
                    error(Win32Error.ERROR_IO_INCOMPLETE.code());
                    return false;
                }
                try {
                    completed.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    error(Win32Error.WSAEINTR.code());
                    return false;
                }
            }
        }
        lpcbTransfer.value = (int) lpOverlapped.InternalHigh;
        lpdwFlags.value = 0;
        int status = (int) lpOverlapped.Internal;
        if (status != 0) {
            error(status);
            return false;
        }
        return true;
    }

    /** The first {@code count} buffers' bytes, in order. */
    static byte[] gather(WSABUF[] buffers, int count) {
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(buffers, 0, count).mapToInt(b -> b.len).sum());
        for (int i = 0; i < count; i++) {
            out.put(buffers[i].buf, 0, buffers[i].len);
        }
        return out.array();
    }

    /** Spreads {@code n} received bytes over the buffers. */
    static void scatter(byte[] data, int n, WSABUF[] buffers, int count) {
        int at = 0;
        for (int i = 0; i < count && at < n; i++) {
            int k = Math.min(buffers[i].len, n - at);
            System.arraycopy(data, at, buffers[i].buf, 0, k);
            at += k;
        }
    }

    /** Stops the completion threads (the session's sockets are closed before, which ends their waits). */
    @Override
    public void close() {
        closing = true;
        completer.shutdown();
    }
}

package io.teardown.backend.windows.kernel;

import static io.teardown.kernel.Kernel32.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS;
import static io.teardown.kernel.Kernel32.INVALID_HANDLE_VALUE;
import static io.teardown.kernel.Kernel32.WAIT_IO_COMPLETION;
import static io.teardown.kernel.Kernel32.WAIT_TIMEOUT;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD.ULONG_PTRByReference;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Win32Error;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.OverlappedEntry;
import io.teardown.kernel.spi.PortCalls;
import io.teardown.kernel.spi.ResolvedHandle;

/**
 * The JNA kernel driver's part for the completion-port, overlapped-result and cancellation functions
 * ({@link PortCalls}; KO-14, KO-15), on the handles the front has resolved and leased for the call. A
 * handle's port association and notification modes are kept by its table value (without tag bits) and
 * forgotten when it is closed ({@link NativeKernelDriver#doClose}). See docs/native-backend.md.
 */
final class NativePortCalls extends NativeKernelPart implements PortCalls {
    NativePortCalls(NativeKernelPart shared) {
        super(shared);
    }

    @Override
    public long CreateIoCompletionPort(ResolvedHandle FileHandle, ResolvedHandle ExistingCompletionPort,
                                       long CompletionKey, int NumberOfConcurrentThreads) {
        HANDLE file = FileHandle == null ? handle(INVALID_HANDLE_VALUE) : os(FileHandle);
        HANDLE port = ExistingCompletionPort == null ? null : os(ExistingCompletionPort);
        if (file == null || (ExistingCompletionPort != null && port == null)) {
            return failHandle(INVALID, 0); // another subsystem's entry: no OS handle of ours
        }
        long result;
        if (port == null) {
            result = created(calls.call(() -> k32.CreateIoCompletionPort(file, null, new Pointer(CompletionKey),
                    NumberOfConcurrentThreads)), "IoCompletion", 0);
        } else {
            NativeCalls.Captured<HANDLE> r = calls.call(() -> k32.CreateIoCompletionPort(file, port,
                    new Pointer(CompletionKey), NumberOfConcurrentThreads));
            result = r.value() == null ? failHandle(r.lastError(), 0) : ExistingCompletionPort.value();
        }
        if (result != 0 && FileHandle != null) {
            portBound.add(FileHandle.value()); // KO-14: its completions queue packets from now on
        }
        return result;
    }

    @Override
    public boolean PostQueuedCompletionStatus(ResolvedHandle CompletionPort, int dwNumberOfBytesTransferred, long dwCompletionKey,
                                              Overlapped lpOverlapped) {
        Memory token = lpOverlapped == null ? null : new Memory(1);
        if (token != null) {
            posted.put(Pointer.nativeValue(token), lpOverlapped);
            tokens.put(Pointer.nativeValue(token), token);
        }
        boolean ok = bool(CompletionPort, h -> token == null
                ? k32.PostQueuedCompletionStatus(h, dwNumberOfBytesTransferred, new Pointer(dwCompletionKey), null)
                : postToken(h, dwNumberOfBytesTransferred, dwCompletionKey, token));
        if (!ok && token != null) {
            posted.remove(Pointer.nativeValue(token));
            tokens.remove(Pointer.nativeValue(token));
        }
        return ok;
    }

    private boolean postToken(HANDLE port, int bytes, long key, Memory token) {
        return k32.PostQueuedCompletionStatus(port, bytes, new Pointer(key), token);
    }

    @Override
    public boolean GetQueuedCompletionStatus(ResolvedHandle CompletionPort, IntRef lpNumberOfBytesTransferred,
                                             LongRef lpCompletionKey, Ref<Overlapped> lpOverlapped, int dwMilliseconds) {
        IntByReference bytes = new IntByReference();
        ULONG_PTRByReference key = new ULONG_PTRByReference();
        PointerByReference overlapped = new PointerByReference();
        boolean ok = bool(CompletionPort, h -> k32.GetQueuedCompletionStatus(h, bytes, key, overlapped, dwMilliseconds));
        lpNumberOfBytesTransferred.value = bytes.getValue();
        lpCompletionKey.value = key.getValue() == null ? 0 : key.getValue().longValue();
        long address = Pointer.nativeValue(overlapped.getValue());
        lpOverlapped.value = address == 0 ? null : fromPacket(address, ok ? 0 : session.lastError().get());
        return ok;
    }

    /** The caller's Java object for a dequeued packet's LPOVERLAPPED: a posted token or an operation's. */
    private Overlapped fromPacket(long address, int win32Error) {
        Overlapped posted = this.posted.remove(address);
        if (posted != null) {
            tokens.remove(address);
            return posted;
        }
        return inFlight.packet(address, win32Error);
    }

    @Override
    public boolean GetOverlappedResult(ResolvedHandle hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred,
                                       boolean bWait) {
        return overlappedResult(hFile, lpOverlapped, lpNumberOfBytesTransferred,
                (h, ov, n) -> k32.GetOverlappedResult(h, ov, n, bWait));
    }

    @Override
    public boolean GetOverlappedResultEx(ResolvedHandle hFile, Overlapped lpOverlapped, IntRef lpNumberOfBytesTransferred,
                                         int dwMilliseconds, boolean bAlertable) {
        return overlappedResult(hFile, lpOverlapped, lpNumberOfBytesTransferred,
                (h, ov, n) -> k32.GetOverlappedResultEx(h, ov, n, dwMilliseconds, bAlertable));
    }

    /** A {@code GetOverlappedResult(Ex)} call on the native {@code OVERLAPPED}. */
    @FunctionalInterface
    private interface ResultCall {
        boolean call(HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred);
    }

    private boolean overlappedResult(ResolvedHandle hFile, Overlapped ov, IntRef transferred, ResultCall call) {
        HANDLE h = os(hFile);
        if (h == null) {
            return fail(INVALID);
        }
        NativeOverlapped.Operation op = inFlight.find(ov);
        if (op == null) {
            // Consumed already (or never issued here): the result is in the caller's structure.
            if (ov.Internal == Overlapped.STATUS_PENDING) {
                return fail(ERROR_IO_INCOMPLETE);
            }
            transferred.value = (int) ov.InternalHigh;
            return ov.Internal == 0 || fail((int) ov.Internal);
        }
        IntByReference n = new IntByReference();
        NativeCalls.CapturedBool r = calls.callBool(() -> call.call(h, op.overlapped, n));
        int error = r.ok() ? 0 : r.lastError();
        if (error == ERROR_IO_INCOMPLETE || error == WAIT_TIMEOUT || error == WAIT_IO_COMPLETION) {
            return fail(error); // still in flight: the memory stays
        }
        inFlight.observed(op, error, false);
        transferred.value = n.getValue();
        return r.ok() || fail(error);
    }

    @Override
    public boolean CancelIo(ResolvedHandle hFile) {
        return bool(hFile, k32::CancelIo);
    }

    @Override
    public boolean CancelIoEx(ResolvedHandle hFile, Overlapped lpOverlapped) {
        if (lpOverlapped == null) {
            return bool(hFile, h -> k32.CancelIoEx(h, null));
        }
        NativeOverlapped.Operation op = inFlight.find(lpOverlapped);
        if (op == null) {
            // Not in flight: Windows would find nothing to cancel (the front has checked the handle first).
            return os(hFile) == null ? fail(INVALID) : fail(Win32Error.ERROR_NOT_FOUND.code());
        }
        return bool(hFile, h -> k32.CancelIoEx(h, op.overlapped));
    }

    @Override
    public boolean SetFileCompletionNotificationModes(ResolvedHandle FileHandle, int Flags) {
        boolean ok = bool(FileHandle, h -> k32.SetFileCompletionNotificationModes(h, (byte) Flags));
        if (ok && (Flags & FILE_SKIP_COMPLETION_PORT_ON_SUCCESS) != 0) {
            skipOnSuccess.add(FileHandle.value());
        }
        return ok;
    }

    @Override
    public boolean GetQueuedCompletionStatusEx(ResolvedHandle CompletionPort, OverlappedEntry[] entries, int ulCount,
                                               IntRef ulNumEntriesRemoved, int dwMilliseconds, boolean fAlertable) {
        Memory native_ = new Memory((long) ulCount * NativeOverlapped.ENTRY_SIZE);
        native_.clear();
        IntByReference removed = new IntByReference();
        boolean ok = bool(CompletionPort, h -> k32.GetQueuedCompletionStatusEx(h, native_, ulCount, removed,
                dwMilliseconds, fAlertable));
        if (!ok) {
            ulNumEntriesRemoved.value = 0;
            return false;
        }
        int n = Math.min(removed.getValue(), ulCount);
        for (int i = 0; i < n; i++) {
            long at = (long) i * NativeOverlapped.ENTRY_SIZE;
            OverlappedEntry e = entries[i] == null ? entries[i] = new OverlappedEntry() : entries[i];
            e.lpCompletionKey = Pointer.nativeValue(native_.getPointer(at + NativeOverlapped.ENTRY_KEY));
            long address = Pointer.nativeValue(native_.getPointer(at + NativeOverlapped.ENTRY_OVERLAPPED));
            int status = (int) Pointer.nativeValue(native_.getPointer(at + NativeOverlapped.ENTRY_INTERNAL));
            // OVERLAPPED_ENTRY.Internal is the NTSTATUS; the Java entry holds the Win32 error (KO-14).
            e.Internal = status == 0 ? 0 : ntdll.get().RtlNtStatusToDosError(status);
            e.dwNumberOfBytesTransferred = native_.getInt(at + NativeOverlapped.ENTRY_BYTES);
            e.lpOverlapped = address == 0 ? null : fromPacket(address, (int) e.Internal);
        }
        ulNumEntriesRemoved.value = n;
        return true;
    }
}

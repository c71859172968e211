package io.teardown.backend.windows.kernel;

import static io.teardown.kernel.Kernel32.INVALID_HANDLE_VALUE;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD.SIZE_T;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.platform.win32.WinNT.MEMORY_BASIC_INFORMATION;
import com.sun.jna.platform.win32.WinReg.HKEY;
import com.sun.jna.platform.win32.WinReg.HKEYByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.ShortByReference;
import io.teardown.api.CloseEvent;
import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.ShortRef;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.backend.windows.handles.OsHandle;
import io.teardown.backend.windows.jna.Advapi32Library;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.NativeHandles;
import io.teardown.kernel.FileIoCompletionRoutine;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.Win32FindData;
import io.teardown.kernel.spi.FileCalls;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** The JNA kernel driver's part for the file functions ({@link FileCalls}): files and their overlapped transfers, find handles, mappings, pipes, mailslots, transacted files and the registry (KO-07, KO-09, KO-15). See docs/native-backend.md. */
final class NativeFileCalls extends NativeKernelPart implements FileCalls {
    NativeFileCalls(NativeKernelPart shared) {
        super(shared);
    }

    @Override
    public long CreateFile(String lpFileName, int dwDesiredAccess, int dwShareMode, SecurityAttributes a,
                           int dwCreationDisposition, int dwFlagsAndAttributes, long hTemplateFile) {
        if (hTemplateFile != 0) {
            return kernel(hTemplateFile, t -> created(calls.call(() -> k32.CreateFile(lpFileName, dwDesiredAccess,
                    dwShareMode, sa(a), dwCreationDisposition, dwFlagsAndAttributes, t)), "File", INVALID_HANDLE_VALUE),
                    () -> failHandle(INVALID, INVALID_HANDLE_VALUE));
        }
        return created(calls.call(() -> k32.CreateFile(lpFileName, dwDesiredAccess, dwShareMode, sa(a),
                dwCreationDisposition, dwFlagsAndAttributes, null)), "File", INVALID_HANDLE_VALUE);
    }

    @Override
    public boolean ReadFile(long hFile, byte[] lpBuffer, int nNumberOfBytesToRead, IntRef lpNumberOfBytesRead,
                            Overlapped lpOverlapped) {
        if (lpOverlapped != null) {
            return overlappedIo(hFile, lpBuffer, nNumberOfBytesToRead, true, lpOverlapped, lpNumberOfBytesRead, null);
        }
        if (nNumberOfBytesToRead < 0 || (nNumberOfBytesToRead > 0 && (lpBuffer == null || lpBuffer.length < nNumberOfBytesToRead))) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        // The lease lasts the whole read: a CloseHandle meanwhile never deadlocks and takes effect when it returns.
        return kernel(hFile, h -> {
            Memory m = new Memory(Math.max(1, nNumberOfBytesToRead));
            IntByReference read = new IntByReference();
            NativeCalls.CapturedBool r = calls.callBool(() -> k32.ReadFile(h, m, nNumberOfBytesToRead, read, null));
            int n = Math.max(0, Math.min(read.getValue(), nNumberOfBytesToRead));
            if (n > 0) {
                m.read(0, lpBuffer, 0, n);
            }
            if (lpNumberOfBytesRead != null) {
                lpNumberOfBytesRead.value = n;
            }
            return r.ok() || fail(r.lastError());
        }, () -> fail(INVALID));
    }

    @Override
    public boolean WriteFile(long hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, IntRef lpNumberOfBytesWritten,
                             Overlapped lpOverlapped) {
        if (lpOverlapped != null) {
            return overlappedIo(hFile, lpBuffer, nNumberOfBytesToWrite, false, lpOverlapped, lpNumberOfBytesWritten,
                    null);
        }
        if (nNumberOfBytesToWrite < 0 || (nNumberOfBytesToWrite > 0 && (lpBuffer == null || lpBuffer.length < nNumberOfBytesToWrite))) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        return kernel(hFile, h -> {
            Memory m = new Memory(Math.max(1, nNumberOfBytesToWrite));
            if (nNumberOfBytesToWrite > 0) {
                m.write(0, lpBuffer, 0, nNumberOfBytesToWrite);
            }
            IntByReference written = new IntByReference();
            NativeCalls.CapturedBool r = calls.callBool(() -> k32.WriteFile(h, m, nNumberOfBytesToWrite, written, null));
            if (lpNumberOfBytesWritten != null) {
                lpNumberOfBytesWritten.value = written.getValue();
            }
            return r.ok() || fail(r.lastError());
        }, () -> fail(INVALID));
    }

    @Override
    public boolean SetFilePointerEx(long hFile, long liDistanceToMove, LongRef lpNewFilePointer, int dwMoveMethod) {
        LongByReference position = new LongByReference();
        boolean ok = kernelBool(hFile, h -> k32.SetFilePointerEx(h, liDistanceToMove, position, dwMoveMethod));
        if (ok && lpNewFilePointer != null) {
            lpNewFilePointer.value = position.getValue();
        }
        return ok;
    }

    @Override
    public boolean GetFileSizeEx(long hFile, LongRef lpFileSize) {
        if (lpFileSize == null) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        LongByReference size = new LongByReference();
        boolean ok = kernelBool(hFile, h -> k32.GetFileSizeEx(h, size));
        if (ok) {
            lpFileSize.value = size.getValue();
        }
        return ok;
    }

    @Override
    public boolean FlushFileBuffers(long hFile) {
        return kernelBool(hFile, k32::FlushFileBuffers);
    }

    @Override
    public long FindFirstFile(String lpFileName, Win32FindData lpFindFileData) {
        if (lpFindFileData == null) {
            return failHandle(Win32Error.ERROR_NOACCESS.code(), INVALID_HANDLE_VALUE);
        }
        Memory data = new Memory(WIN32_FIND_DATAW_SIZE);
        data.clear();
        NativeCalls.Captured<HANDLE> r = calls.call(() -> k32.FindFirstFile(lpFileName, data));
        long os = NativeHandles.value(r.value());
        if (os == 0 || os == INVALID_HANDLE_VALUE) {
            return failHandle(r.lastError(), INVALID_HANDLE_VALUE);
        }
        fill(lpFindFileData, data);
        return register(os, "Find", Closer.FIND_CLOSE);
    }

    /** WIN32_FIND_DATAW: attributes at 0, size high/low at 28/32, cFileName (WCHAR[260]) at 44. */
    static void fill(Win32FindData out, Pointer data) {
        out.dwFileAttributes = data.getInt(0);
        out.nFileSizeHigh = data.getInt(28);
        out.nFileSizeLow = data.getInt(32);
        byte[] name = data.getByteArray(44, 520);
        int end = 0;
        while (end + 1 < name.length && (name[end] != 0 || name[end + 1] != 0)) {
            end += 2;
        }
        out.cFileName = new String(name, 0, end, StandardCharsets.UTF_16LE);
    }

    @Override
    public boolean FindNextFile(long hFindFile, Win32FindData lpFindFileData) {
        if (lpFindFileData == null) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        return handles.call(hFindFile, e -> {
            if (e.closer() != Closer.FIND_CLOSE) {
                return fail(INVALID);
            }
            Memory data = new Memory(WIN32_FIND_DATAW_SIZE);
            data.clear();
            NativeCalls.CapturedBool r = calls.callBool(() -> k32.FindNextFile(handle(e.os()), data));
            if (!r.ok()) {
                return fail(r.lastError());
            }
            fill(lpFindFileData, data);
            return true;
        }, () -> fail(INVALID));
    }

    @Override
    public boolean FindClose(long hFindFile) {
        long start = System.nanoTime();
        OsHandle e = handles.peek(hFindFile);
        if (e == null || e.closer() != Closer.FIND_CLOSE) {
            // Windows' FindClose would treat any other value as its own structure: never pass it on.
            emitClose("FindClose", hFindFile, e == null ? "(invalid)" : e.typeName(), INVALID, CloseEvent.Outcome.INVALID, start);
            return fail(INVALID);
        }
        OsHandle closed = handles.close(hFindFile);
        int rc = closed == null ? INVALID : closed.closeResult();
        emitClose("FindClose", hFindFile, e.typeName(), rc == OsHandle.DEFERRED ? 0 : rc,
                rc == OsHandle.DEFERRED ? CloseEvent.Outcome.DEFERRED_BEHIND_CALL
                        : rc == 0 ? CloseEvent.Outcome.CLOSED : CloseEvent.Outcome.OS_ERROR, start);
        return rc == 0 || rc == OsHandle.DEFERRED || fail(rc);
    }

    private void emitClose(String function, long h, String type, int error, CloseEvent.Outcome outcome, long start) {
        if (session.closeEvents().enabled()) {
            session.closeEvents().emit(HandleSpace.KERNEL, function, h, type, error, outcome, start);
        }
    }

    @Override
    public long CreateFileMapping(long hFile, SecurityAttributes a, int flProtect, int dwMaximumSizeHigh,
                                  int dwMaximumSizeLow, String lpName) {
        return kernel(hFile, f -> created(calls.call(() -> k32.CreateFileMapping(f, sa(a), flProtect, dwMaximumSizeHigh,
                dwMaximumSizeLow, lpName)), "Section", 0), () -> failHandle(INVALID, 0));
    }

    @Override
    public long OpenFileMapping(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return created(calls.call(() -> k32.OpenFileMapping(dwDesiredAccess, bInheritHandle, lpName)), "Section", 0);
    }

    @Override
    public ByteBuffer MapViewOfFile(long hFileMappingObject, int dwDesiredAccess, int dwFileOffsetHigh,
                                    int dwFileOffsetLow, long dwNumberOfBytesToMap) {
        return kernel(hFileMappingObject, h -> {
            NativeCalls.Captured<Pointer> r = calls.call(() -> k32.MapViewOfFile(h, dwDesiredAccess, dwFileOffsetHigh,
                    dwFileOffsetLow, new SIZE_T(dwNumberOfBytesToMap)));
            if (r.value() == null) {
                session.lastError().set(r.lastError());
                return null;
            }
            long size = dwNumberOfBytesToMap;
            if (size == 0) {
                MEMORY_BASIC_INFORMATION info = new MEMORY_BASIC_INFORMATION();
                k32.VirtualQueryEx(handle(-1), r.value(), info, new SIZE_T(info.size()));
                size = info.regionSize == null ? 0 : info.regionSize.longValue();
            }
            views.put(Pointer.nativeValue(r.value()), r.value());
            // The view outlives the mapping handle (KO-07): only UnmapViewOfFile ends it.
            return r.value().getByteBuffer(0, size);
        }, () -> {
            session.lastError().set(INVALID);
            return null;
        });
    }

    @Override
    public boolean UnmapViewOfFile(ByteBuffer lpBaseAddress) {
        if (lpBaseAddress == null || !lpBaseAddress.isDirect()) {
            return fail(ERROR_INVALID_ADDRESS);
        }
        Pointer base = views.remove(Pointer.nativeValue(Native.getDirectBufferPointer(lpBaseAddress)));
        if (base == null) {
            return fail(ERROR_INVALID_ADDRESS); // not a view of ours: never reaches Windows
        }
        NativeCalls.CapturedBool r = calls.callBool(() -> k32.UnmapViewOfFile(base));
        return r.ok() || fail(r.lastError());
    }

    @Override
    public boolean CreatePipe(LongRef hReadPipe, LongRef hWritePipe, SecurityAttributes a, int nSize) {
        if (hReadPipe == null || hWritePipe == null) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        HANDLEByReference r = new HANDLEByReference();
        HANDLEByReference w = new HANDLEByReference();
        NativeCalls.CapturedBool c = calls.callBool(() -> k32.CreatePipe(r, w, sa(a), nSize));
        if (!c.ok()) {
            return fail(c.lastError());
        }
        hReadPipe.value = register(NativeHandles.value(r.getValue()), "File", Closer.CLOSE_HANDLE);
        hWritePipe.value = register(NativeHandles.value(w.getValue()), "File", Closer.CLOSE_HANDLE);
        return true;
    }

    @Override
    public long CreateNamedPipe(String lpName, int dwOpenMode, int dwPipeMode, int nMaxInstances, int nOutBufferSize,
                                int nInBufferSize, int nDefaultTimeOut, SecurityAttributes a) {
        return created(calls.call(() -> k32.CreateNamedPipe(lpName, dwOpenMode, dwPipeMode, nMaxInstances, nOutBufferSize,
                nInBufferSize, nDefaultTimeOut, sa(a))), "File", INVALID_HANDLE_VALUE);
    }

    @Override
    public boolean ConnectNamedPipe(long hNamedPipe, Overlapped lpOverlapped) {
        if (lpOverlapped != null) {
            return fail(NOT_IMPLEMENTED);
        }
        return kernelBool(hNamedPipe, h -> k32.ConnectNamedPipe(h, null));
    }

    @Override
    public boolean DisconnectNamedPipe(long hNamedPipe) {
        return kernelBool(hNamedPipe, k32::DisconnectNamedPipe);
    }

    @Override
    public long CreateMailslot(String lpName, int nMaxMessageSize, int lReadTimeout, SecurityAttributes a) {
        return created(calls.call(() -> k32.CreateMailslot(lpName, nMaxMessageSize, lReadTimeout, sa(a))), "File",
                INVALID_HANDLE_VALUE);
    }

    @Override
    public boolean GetMailslotInfo(long hMailslot, IntRef lpMaxMessageSize, IntRef lpNextSize, IntRef lpMessageCount,
                                   IntRef lpReadTimeout) {
        IntByReference max = new IntByReference();
        IntByReference next = new IntByReference();
        IntByReference count = new IntByReference();
        IntByReference timeout = new IntByReference();
        boolean ok = kernelBool(hMailslot, h -> k32.GetMailslotInfo(h, max, next, count, timeout));
        if (ok) {
            set(lpMaxMessageSize, max);
            set(lpNextSize, next);
            set(lpMessageCount, count);
            set(lpReadTimeout, timeout);
        }
        return ok;
    }

    @Override
    public long CreateFileTransacted(String lpFileName, int dwDesiredAccess, int dwShareMode, SecurityAttributes a,
                                     int dwCreationDisposition, int dwFlagsAndAttributes, long hTemplateFile,
                                     long hTransaction, ShortRef pusMiniVersion, Object lpExtendedParameter) {
        if (hTemplateFile != 0 || pusMiniVersion != null || lpExtendedParameter != null) {
            return failHandle(NOT_IMPLEMENTED, INVALID_HANDLE_VALUE);
        }
        return kernel(hTransaction, t -> created(calls.call(() -> k32.CreateFileTransacted(lpFileName, dwDesiredAccess,
                dwShareMode, sa(a), dwCreationDisposition, dwFlagsAndAttributes, null, t, (ShortByReference) null, null)),
                "File", INVALID_HANDLE_VALUE), () -> failHandle(INVALID, INVALID_HANDLE_VALUE));
    }

    private static boolean predefined(long hKey) {
        return Advapi32Library.isPredefinedKey(hKey);
    }

    /** Runs {@code call} with the HKEY {@code hKey} names: a predefined key as is, else a leased key entry. */
    private int withKey(long hKey, Function<HKEY, Integer> call) {
        if (predefined(hKey)) {
            return call.apply(new HKEY((int) hKey));
        }
        return handles.call(hKey, e -> e.closer() == Closer.REG_CLOSE_KEY ? call.apply(new HKEY(new Pointer(e.os())))
                : INVALID, () -> INVALID);
    }

    @Override
    public int RegOpenKeyEx(long hKey, String lpSubKey, int ulOptions, int samDesired, LongRef phkResult) {
        if (phkResult == null) {
            return BAD_PARAMETER;
        }
        return withKey(hKey, k -> {
            HKEYByReference out = new HKEYByReference();
            int rc = calls.returningError(() -> advapi.RegOpenKeyEx(k, lpSubKey, ulOptions, samDesired, out));
            if (rc == 0) {
                phkResult.value = register(Pointer.nativeValue(out.getValue().getPointer()), "Key", Closer.REG_CLOSE_KEY);
            }
            return rc;
        });
    }

    @Override
    public int RegCreateKeyEx(long hKey, String lpSubKey, int Reserved, String lpClass, int dwOptions, int samDesired,
                              SecurityAttributes a, LongRef phkResult, IntRef lpdwDisposition) {
        if (phkResult == null) {
            return BAD_PARAMETER;
        }
        return withKey(hKey, k -> {
            HKEYByReference out = new HKEYByReference();
            IntByReference disposition = new IntByReference();
            int rc = calls.returningError(() -> advapi.RegCreateKeyEx(k, lpSubKey, Reserved, lpClass, dwOptions, samDesired,
                    sa(a), out, disposition));
            if (rc == 0) {
                phkResult.value = register(Pointer.nativeValue(out.getValue().getPointer()), "Key", Closer.REG_CLOSE_KEY);
                if (lpdwDisposition != null) {
                    lpdwDisposition.value = disposition.getValue();
                }
            }
            return rc;
        });
    }

    @Override
    public int RegSetValueEx(long hKey, String lpValueName, int Reserved, int dwType, byte[] lpData, int cbData) {
        if (cbData < 0 || (cbData > 0 && (lpData == null || lpData.length < cbData))) {
            return Win32Error.ERROR_NOACCESS.code();
        }
        byte[] data = lpData == null ? new byte[0] : java.util.Arrays.copyOf(lpData, cbData);
        return withKey(hKey, k -> calls.returningError(() -> advapi.RegSetValueEx(k, lpValueName, Reserved, dwType, data, cbData)));
    }

    @Override
    public int RegQueryValueEx(long hKey, String lpValueName, IntRef lpReserved, IntRef lpType, byte[] lpData,
                               IntRef lpcbData) {
        if (lpReserved != null || (lpData != null && lpcbData == null)) {
            return BAD_PARAMETER;
        }
        int capacity = lpData == null || lpcbData == null ? 0 : Math.max(0, Math.min(lpcbData.value, lpData.length));
        return withKey(hKey, k -> {
            IntByReference type = new IntByReference();
            IntByReference size = new IntByReference(capacity);
            Memory buffer = lpData == null || capacity == 0 ? null : new Memory(capacity);
            int rc = calls.returningError(() -> advapi.RegQueryValueEx(k, lpValueName, null, type, buffer,
                    lpcbData == null ? null : size));
            if (rc == 0 || rc == Win32Error.ERROR_MORE_DATA.code()) {
                if (lpType != null) {
                    lpType.value = type.getValue();
                }
                if (lpcbData != null) {
                    lpcbData.value = size.getValue();
                }
                if (rc == 0 && buffer != null) {
                    buffer.read(0, lpData, 0, Math.min(size.getValue(), capacity));
                }
            }
            return rc;
        });
    }

    @Override
    public int RegCloseKey(long hKey) {
        long start = System.nanoTime();
        if (predefined(hKey)) {
            emitClose("RegCloseKey", hKey, "Key", 0, CloseEvent.Outcome.PREDEFINED, start);
            return 0; // KO-09
        }
        OsHandle e = handles.peek(hKey);
        if (e == null || e.closer() != Closer.REG_CLOSE_KEY) {
            emitClose("RegCloseKey", hKey, e == null ? "(invalid)" : e.typeName(), INVALID, CloseEvent.Outcome.INVALID, start);
            return INVALID; // never hand Windows something that is not a key of ours
        }
        OsHandle closed = handles.close(hKey);
        int rc = closed == null ? INVALID : closed.closeResult() == OsHandle.DEFERRED ? 0 : closed.closeResult();
        emitClose("RegCloseKey", hKey, "Key", rc, rc == 0 ? CloseEvent.Outcome.CLOSED : CloseEvent.Outcome.OS_ERROR, start);
        return rc;
    }

    /**
     * {@code ReadFile}/{@code WriteFile} with an {@code OVERLAPPED} ({@code ex} false) or
     * {@code ReadFileEx}/{@code WriteFileEx} (with {@code routine}): native buffer and {@code OVERLAPPED}
     * held by {@link NativeOverlapped} until the completion is consumed (KO-15, KO-16).
     */
    private boolean overlappedIo(long hFile, byte[] data, int n, boolean read, Overlapped ov, IntRef transferred,
                                 FileIoCompletionRoutine routine) {
        if (n < 0 || (n > 0 && (data == null || data.length < n))) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        long osEvent = 0;
        if (ov.hEvent != 0) {
            OsHandle event = handles.peek(ov.hEvent & ~1L);
            if (event == null) {
                return fail(INVALID); // a dead event never reaches Windows
            }
            osEvent = event.os() | (ov.hEvent & 1L); // the low bit: no port packet
        }
        long eventOs = osEvent;
        boolean ex = routine != null;
        return kernel(hFile, h -> {
            Memory buffer = new Memory(Math.max(1, n));
            if (!read && n > 0) {
                buffer.write(0, data, 0, n);
            }
            NativeOverlapped.Operation op = inFlight.begin(ov, eventOs, buffer, read ? data : null, routine);
            if (op == null) {
                return fail(BAD_PARAMETER); // this Overlapped is already in flight
            }
            long file = translate(hFile);
            op.packetExpected = !ex && portBound.contains(file) && (eventOs & 1L) == 0;
            IntByReference done = new IntByReference();
            NativeCalls.CapturedBool r = calls.callBool(() -> ex
                    ? read ? k32.ReadFileEx(h, buffer, n, op.overlapped, inFlight.routine())
                            : k32.WriteFileEx(h, buffer, n, op.overlapped, inFlight.routine())
                    : read ? k32.ReadFile(h, buffer, n, done, op.overlapped)
                            : k32.WriteFile(h, buffer, n, done, op.overlapped));
            if (!r.ok() && (ex || r.lastError() != ERROR_IO_PENDING)) {
                inFlight.abandon(op, r.lastError()); // failed at once: no completion will come
                return fail(r.lastError());
            }
            if (ex) {
                return true; // the routine runs in the thread's next alertable wait
            }
            if (transferred != null) {
                transferred.value = r.ok() ? done.getValue() : 0;
            }
            if (!r.ok()) {
                return fail(ERROR_IO_PENDING);
            }
            if (skipOnSuccess.contains(file)) {
                op.packetExpected = false;
            }
            inFlight.observed(op, 0, false); // completed at once; kept only if a port packet is still to come
            return true;
        }, () -> fail(INVALID));
    }

    @Override
    public boolean ReadFileEx(long hFile, byte[] lpBuffer, int nNumberOfBytesToRead, Overlapped lpOverlapped,
                              FileIoCompletionRoutine lpCompletionRoutine) {
        return overlappedIo(hFile, lpBuffer, nNumberOfBytesToRead, true, lpOverlapped, null, lpCompletionRoutine);
    }

    @Override
    public boolean WriteFileEx(long hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, Overlapped lpOverlapped,
                               FileIoCompletionRoutine lpCompletionRoutine) {
        return overlappedIo(hFile, lpBuffer, nNumberOfBytesToWrite, false, lpOverlapped, null, lpCompletionRoutine);
    }
}

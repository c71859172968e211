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
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.ShortRef;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.backend.windows.handles.OsHandle;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.NativeHandles;
import io.teardown.kernel.FileIoCompletionRoutine;
import io.teardown.kernel.Overlapped;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.Win32FindData;
import io.teardown.kernel.spi.FileCalls;
import io.teardown.kernel.spi.ResolvedHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The JNA kernel driver's part for the file functions ({@link FileCalls}): files and their overlapped
 * transfers, find handles, mappings, pipes, mailslots, transacted files and the registry (KO-07, KO-09,
 * KO-15), on the handles the front has resolved and leased for the call — the OS value of the entry goes
 * to Windows; {@code FindClose} and {@code RegCloseKey} are the front's, which closes the entry (its
 * {@link OsHandle} runs {@code FindClose}/{@code RegCloseKey}). See docs/native-backend.md.
 */
final class NativeFileCalls extends NativeKernelPart implements FileCalls {
    NativeFileCalls(NativeKernelPart shared) {
        super(shared);
    }

    @Override
    public long CreateFile(String lpFileName, int dwDesiredAccess, int dwShareMode, SecurityAttributes a,
                           int dwCreationDisposition, int dwFlagsAndAttributes, ResolvedHandle hTemplateFile) {
        HANDLE template = hTemplateFile == null ? null : os(hTemplateFile);
        if (hTemplateFile != null && template == null) {
            return failHandle(INVALID, INVALID_HANDLE_VALUE); // another subsystem's handle: no kernel handle of ours
        }
        return created(calls.call(() -> k32.CreateFile(lpFileName, dwDesiredAccess, dwShareMode, sa(a),
                dwCreationDisposition, dwFlagsAndAttributes, template)), "File", INVALID_HANDLE_VALUE);
    }

    @Override
    public boolean ReadFile(ResolvedHandle hFile, byte[] lpBuffer, int nNumberOfBytesToRead, IntRef lpNumberOfBytesRead,
                            Overlapped lpOverlapped, ResolvedHandle hEvent) {
        if (lpOverlapped != null) {
            return overlappedIo(hFile, lpBuffer, nNumberOfBytesToRead, true, lpOverlapped, hEvent, lpNumberOfBytesRead,
                    null);
        }
        if (badBuffer(lpBuffer, nNumberOfBytesToRead)) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        // The front's lease lasts the whole read: a CloseHandle meanwhile never deadlocks and takes effect when it returns.
        return onOs(hFile, h -> {
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
        });
    }

    /** Runs {@code call} with the OS value of {@code h}; false with 6 if the entry holds none (not this backend's). */
    private boolean onOs(ResolvedHandle h, java.util.function.Predicate<HANDLE> call) {
        HANDLE os = os(h);
        return os == null ? fail(INVALID) : call.test(os);
    }

    private static boolean badBuffer(byte[] buffer, int n) {
        return n < 0 || (n > 0 && (buffer == null || buffer.length < n));
    }

    @Override
    public boolean WriteFile(ResolvedHandle hFile, byte[] lpBuffer, int nNumberOfBytesToWrite,
                             IntRef lpNumberOfBytesWritten, Overlapped lpOverlapped, ResolvedHandle hEvent) {
        if (lpOverlapped != null) {
            return overlappedIo(hFile, lpBuffer, nNumberOfBytesToWrite, false, lpOverlapped, hEvent,
                    lpNumberOfBytesWritten, null);
        }
        if (badBuffer(lpBuffer, nNumberOfBytesToWrite)) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        return onOs(hFile, h -> {
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
        });
    }

    @Override
    public boolean SetFilePointerEx(ResolvedHandle hFile, long liDistanceToMove, LongRef lpNewFilePointer,
                                    int dwMoveMethod) {
        LongByReference position = new LongByReference();
        boolean ok = bool(hFile, h -> k32.SetFilePointerEx(h, liDistanceToMove, position, dwMoveMethod));
        if (ok && lpNewFilePointer != null) {
            lpNewFilePointer.value = position.getValue();
        }
        return ok;
    }

    @Override
    public boolean GetFileSizeEx(ResolvedHandle hFile, LongRef lpFileSize) {
        if (lpFileSize == null) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        LongByReference size = new LongByReference();
        boolean ok = bool(hFile, h -> k32.GetFileSizeEx(h, size));
        if (ok) {
            lpFileSize.value = size.getValue();
        }
        return ok;
    }

    @Override
    public boolean FlushFileBuffers(ResolvedHandle hFile) {
        return bool(hFile, k32::FlushFileBuffers);
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
    public boolean FindNextFile(ResolvedHandle hFindFile, Win32FindData lpFindFileData) {
        Memory data = new Memory(WIN32_FIND_DATAW_SIZE);
        data.clear();
        if (!bool(hFindFile, h -> k32.FindNextFile(h, data))) {
            return false;
        }
        fill(lpFindFileData, data);
        return true;
    }

    @Override
    public long CreateFileMapping(ResolvedHandle hFile, SecurityAttributes a, int flProtect, int dwMaximumSizeHigh,
                                  int dwMaximumSizeLow, String lpName) {
        HANDLE file = hFile == null ? handle(INVALID_HANDLE_VALUE) : os(hFile); // none: the paging file
        if (file == null) {
            return failHandle(INVALID, 0);
        }
        return created(calls.call(() -> k32.CreateFileMapping(file, sa(a), flProtect, dwMaximumSizeHigh,
                dwMaximumSizeLow, lpName)), "Section", 0);
    }

    @Override
    public long OpenFileMapping(int dwDesiredAccess, boolean bInheritHandle, String lpName) {
        return created(calls.call(() -> k32.OpenFileMapping(dwDesiredAccess, bInheritHandle, lpName)), "Section", 0);
    }

    @Override
    public ByteBuffer MapViewOfFile(ResolvedHandle hFileMappingObject, int dwDesiredAccess, int dwFileOffsetHigh,
                                    int dwFileOffsetLow, long dwNumberOfBytesToMap) {
        HANDLE h = os(hFileMappingObject);
        if (h == null) {
            session.lastError().set(INVALID);
            return null;
        }
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
    public boolean ConnectNamedPipe(ResolvedHandle hNamedPipe, Overlapped lpOverlapped) {
        return bool(hNamedPipe, h -> k32.ConnectNamedPipe(h, null));
    }

    /** An overlapped connect is not wired: the front fails it with 120 before the handle. */
    @Override
    public boolean overlappedConnect() {
        return false;
    }

    @Override
    public boolean DisconnectNamedPipe(ResolvedHandle hNamedPipe) {
        return bool(hNamedPipe, k32::DisconnectNamedPipe);
    }

    @Override
    public long CreateMailslot(String lpName, int nMaxMessageSize, int lReadTimeout, SecurityAttributes a) {
        return created(calls.call(() -> k32.CreateMailslot(lpName, nMaxMessageSize, lReadTimeout, sa(a))), "File",
                INVALID_HANDLE_VALUE);
    }

    @Override
    public boolean GetMailslotInfo(ResolvedHandle hMailslot, IntRef lpMaxMessageSize, IntRef lpNextSize,
                                   IntRef lpMessageCount, IntRef lpReadTimeout) {
        IntByReference max = new IntByReference();
        IntByReference next = new IntByReference();
        IntByReference count = new IntByReference();
        IntByReference timeout = new IntByReference();
        boolean ok = bool(hMailslot, h -> k32.GetMailslotInfo(h, max, next, count, timeout));
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
                                     int dwCreationDisposition, int dwFlagsAndAttributes,
                                     ResolvedHandle hTemplateFile, ResolvedHandle hTransaction,
                                     ShortRef pusMiniVersion, Object lpExtendedParameter) {
        if (hTemplateFile != null || pusMiniVersion != null || lpExtendedParameter != null) {
            return failHandle(NOT_IMPLEMENTED, INVALID_HANDLE_VALUE);
        }
        HANDLE t = os(hTransaction);
        if (t == null) {
            return failHandle(INVALID, INVALID_HANDLE_VALUE);
        }
        return created(calls.call(() -> k32.CreateFileTransacted(lpFileName, dwDesiredAccess, dwShareMode, sa(a),
                dwCreationDisposition, dwFlagsAndAttributes, null, t, (ShortByReference) null, null)), "File",
                INVALID_HANDLE_VALUE);
    }

    /** Runs {@code call} with the HKEY of the key the front resolved: a predefined key as is, else its OS key. */
    private int withKey(ResolvedHandle hKey, Function<HKEY, Integer> call) {
        if (hKey.predefinedKey()) {
            return call.apply(new HKEY((int) hKey.value()));
        }
        return hKey.entry() instanceof OsHandle e ? call.apply(new HKEY(new Pointer(e.os()))) : INVALID;
    }

    @Override
    public int RegOpenKeyEx(ResolvedHandle hKey, String lpSubKey, int ulOptions, int samDesired, LongRef phkResult) {
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
    public int RegCreateKeyEx(ResolvedHandle hKey, String lpSubKey, int Reserved, String lpClass, int dwOptions,
                              int samDesired, SecurityAttributes a, LongRef phkResult, IntRef lpdwDisposition) {
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
    public int RegSetValueEx(ResolvedHandle hKey, String lpValueName, int Reserved, int dwType, byte[] lpData, int cbData) {
        if (cbData < 0 || (cbData > 0 && (lpData == null || lpData.length < cbData))) {
            return Win32Error.ERROR_NOACCESS.code();
        }
        byte[] data = lpData == null ? new byte[0] : java.util.Arrays.copyOf(lpData, cbData);
        return withKey(hKey, k -> calls.returningError(() -> advapi.RegSetValueEx(k, lpValueName, Reserved, dwType, data, cbData)));
    }

    @Override
    public int RegQueryValueEx(ResolvedHandle hKey, String lpValueName, IntRef lpReserved, IntRef lpType, byte[] lpData,
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

    /**
     * {@code ReadFile}/{@code WriteFile} with an {@code OVERLAPPED} ({@code ex} false) or
     * {@code ReadFileEx}/{@code WriteFileEx} (with {@code routine}): native buffer and {@code OVERLAPPED}
     * held by {@link NativeOverlapped} until the completion is consumed (KO-15, KO-16).
     */
    private boolean overlappedIo(ResolvedHandle hFile, byte[] data, int n, boolean read, Overlapped ov,
                                 ResolvedHandle hEvent, IntRef transferred, FileIoCompletionRoutine routine) {
        if (badBuffer(data, n)) {
            return fail(Win32Error.ERROR_NOACCESS.code());
        }
        long osEvent = 0;
        if (hEvent != null) {
            HANDLE event = os(hEvent);
            if (event == null) {
                return fail(INVALID); // not an event of ours: never reaches Windows
            }
            osEvent = Pointer.nativeValue(event.getPointer()) | (ov.hEvent & 1L); // the low bit: no port packet
        }
        long eventOs = osEvent;
        boolean ex = routine != null;
        return onOs(hFile, h -> {
            Memory buffer = new Memory(Math.max(1, n));
            if (!read && n > 0) {
                buffer.write(0, data, 0, n);
            }
            NativeOverlapped.Operation op = inFlight.begin(ov, eventOs, buffer, read ? data : null, routine);
            if (op == null) {
                return fail(BAD_PARAMETER); // this Overlapped is already in flight
            }
            long file = hFile.value();
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
        });
    }

    @Override
    public boolean ReadFileEx(ResolvedHandle hFile, byte[] lpBuffer, int nNumberOfBytesToRead, Overlapped lpOverlapped,
                              FileIoCompletionRoutine lpCompletionRoutine) {
        // hEvent is the caller's to use with a completion routine: Windows gets none.
        return overlappedIo(hFile, lpBuffer, nNumberOfBytesToRead, true, lpOverlapped, null, null, lpCompletionRoutine);
    }

    @Override
    public boolean WriteFileEx(ResolvedHandle hFile, byte[] lpBuffer, int nNumberOfBytesToWrite,
                               Overlapped lpOverlapped, FileIoCompletionRoutine lpCompletionRoutine) {
        return overlappedIo(hFile, lpBuffer, nNumberOfBytesToWrite, false, lpOverlapped, null, null,
                lpCompletionRoutine);
    }
}

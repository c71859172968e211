package io.teardown.backend.windows.jna;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The loaded DLLs of one native backend instance, each loaded on first use (wlanapi.dll is absent on
 * Server editions without the Wireless LAN feature, which must not stop the other subsystems). Off
 * Windows every accessor throws {@link UnsupportedOperationException} before JNA is asked for a
 * library.
 */
public final class WindowsLibraries {
    private final Map<Class<?>, Object> loaded = new ConcurrentHashMap<>();

    /** Nothing is loaded until an accessor is called. */
    public WindowsLibraries() {
    }

    /** kernel32: every kernel32 function the backend calls. */
    public Kernel32Library kernel32() {
        return get(Kernel32Library.class, Kernel32Library::load);
    }

    /** advapi32: the registry and {@code OpenProcessToken}. */
    public Advapi32Library advapi32() {
        return get(Advapi32Library.class, Advapi32Library::load);
    }

    /**
     * kernelbase (CompareObjectHandles). Throws {@link UnsatisfiedLinkError} when the DLL cannot be
     * loaded: the caller turns that into the call's error.
     */
    public KernelBaseLibrary kernelBase() {
        return get(KernelBaseLibrary.class, KernelBaseLibrary::load);
    }

    /** ntdll (RtlNtStatusToDosError for completion-port packets), loaded on first use. */
    public NtdllLibrary ntdll() {
        return get(NtdllLibrary.class, NtdllLibrary::load);
    }

    /** ktmw32 (transactions). */
    public Ktmw32Library ktmw32() {
        return get(Ktmw32Library.class, Ktmw32Library::load);
    }

    /** ws2_32 (Winsock 2). */
    public Ws2_32Library ws2_32() {
        return get(Ws2_32Library.class, Ws2_32Library::load);
    }

    /** wininet. */
    public WinInetLibrary wininet() {
        return get(WinInetLibrary.class, WinInetLibrary::load);
    }

    /** wlanapi. */
    public WlanApiLibrary wlanapi() {
        return get(WlanApiLibrary.class, WlanApiLibrary::load);
    }

    private <T> T get(Class<T> type, Supplier<T> loader) {
        if (!WindowsOnly.onWindows()) {
            throw new UnsupportedOperationException(type.getSimpleName() + " exists only on Windows (running on "
                    + System.getProperty("os.name") + ")");
        }
        return type.cast(loaded.computeIfAbsent(type, t -> loader.get()));
    }
}

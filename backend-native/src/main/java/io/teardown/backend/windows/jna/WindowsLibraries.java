package io.teardown.backend.windows.jna;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Kernel32;
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

    /** jna-platform's kernel32 (CloseHandle, events, mutexes, files, mappings, pipes, ports, find). */
    public Kernel32 kernel32() {
        return get(Kernel32.class, () -> Kernel32.INSTANCE);
    }

    /** jna-platform's advapi32 (RegOpenKeyEx, RegCloseKey, OpenProcessToken). */
    public Advapi32 advapi32() {
        return get(Advapi32.class, () -> Advapi32.INSTANCE);
    }

    /** The kernel32 functions jna-platform lacks. */
    public Kernel32Library kernel32Extras() {
        return get(Kernel32Library.class, Kernel32Library::load);
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

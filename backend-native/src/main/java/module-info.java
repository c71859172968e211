/**
 * The Windows backend: every subsystem on the real DLLs (kernel32, advapi32, ws2_32, wininet, wlanapi)
 * through JNA. Windows enforces the rules itself; this module adds only what Windows leaves unsafe
 * (WS-14, WI-07, WL-07) and validates handle values against the session's tables. On any other OS its
 * providers report themselves unsupported, with the reason.
 */
module io.teardown.backend.windows {
    requires transitive io.teardown.kernel; // the exported providers implement its SPI
    requires transitive io.teardown.winsock; // the exported providers implement its SPI
    requires transitive io.teardown.wininet; // the exported providers implement its SPI
    requires transitive io.teardown.wlan; // the exported providers implement its SPI
    requires com.sun.jna;
    requires com.sun.jna.platform;
    requires java.logging; // JNA logs through java.util.logging

    exports io.teardown.backend.windows;
    // JNA reflects on the bindings' structures, callbacks and PointerTypes; not exported to anyone.
    opens io.teardown.backend.windows.jna to com.sun.jna;

    provides io.teardown.kernel.spi.KernelProvider with io.teardown.backend.windows.NativeKernelProvider;
    provides io.teardown.winsock.spi.WinsockProvider with io.teardown.backend.windows.NativeWinsockProvider;
    provides io.teardown.wininet.spi.WinInetProvider with io.teardown.backend.windows.NativeWinInetProvider;
    provides io.teardown.wlan.spi.WlanProvider with io.teardown.backend.windows.NativeWlanProvider;
}

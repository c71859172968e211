/**
 * The InternetCloseHandle contract: WinINet's HINTERNET tree, sync and async requests, status
 * callbacks. Holds the flat facade {@link io.teardown.wininet.WinInet}, the object API
 * ({@link io.teardown.wininet.Internet} and its handles), the SPI
 * ({@link io.teardown.wininet.spi.WinInetProvider}, {@link io.teardown.wininet.spi.WinInetDriver}), the
 * front that implements {@code WinInet} once over every backend's driver ({@code io.teardown.wininet.front},
 * not exported: {@code WinInetDriver.front} builds it) and the portable engine
 * ({@code io.teardown.wininet.engine}, exported only to the Netty backend). Depends only
 * on {@code io.teardown.api}; backends are found at run time. See docs/wininet.md.
 */
@SuppressWarnings("module")
module io.teardown.wininet {
    requires transitive io.teardown.api;
    // Optional: only applications that use the Dagger module need Dagger at run time.
    requires static dagger;
    requires static jakarta.inject;
    requires static java.compiler; // Dagger's @Generated

    exports io.teardown.wininet;
    exports io.teardown.wininet.spi;
    exports io.teardown.wininet.engine to io.teardown.backend.netty;

    uses io.teardown.wininet.spi.WinInetProvider;
}

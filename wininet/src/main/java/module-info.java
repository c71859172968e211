/**
 * The InternetCloseHandle contract: WinINet: the HINTERNET tree, sync and async requests, status callbacks. Holds the flat facade {@link io.teardown.wininet.WinInet}, the object API, the SPI
 * ({@link io.teardown.wininet.spi.WinInetProvider}) and the portable engine. Depends only on {@code io.teardown.api}; backends
 * are found at run time.
 */
module io.teardown.wininet {
    requires transitive io.teardown.api;

    exports io.teardown.wininet;
    exports io.teardown.wininet.spi;

    uses io.teardown.wininet.spi.WinInetProvider;
}

/**
 * The WlanCloseHandle contract: the Native Wifi API: client sessions, notifications, the callback and close rules. Holds the flat facade {@link io.teardown.wlan.WlanApi}, the object API, the SPI
 * ({@link io.teardown.wlan.spi.WlanProvider}) and the portable engine. Depends only on {@code io.teardown.api}; backends
 * are found at run time.
 */
module io.teardown.wlan {
    requires transitive io.teardown.api;

    exports io.teardown.wlan;
    exports io.teardown.wlan.spi;

    uses io.teardown.wlan.spi.WlanProvider;
}

/**
 * The WlanCloseHandle contract: the Native Wifi API's client sessions, notifications, and the callback
 * and close rules (WL-01 … WL-08). Holds the flat facade {@link io.teardown.wlan.WlanApi}, the object API
 * {@link io.teardown.wlan.WlanClient}, the SPI ({@link io.teardown.wlan.spi.WlanProvider}), the portable
 * engine (package {@code engine}, for the backends and the test kit) and the emulated WLAN service
 * ({@link io.teardown.wlan.service.WlanService}) that tests and demos script. Depends only on
 * {@code io.teardown.api}; backends are found at run time.
 */
@SuppressWarnings("module")
module io.teardown.wlan {
    requires transitive io.teardown.api;
    // Optional: only applications that use the Dagger module need Dagger at run time.
    requires static dagger;
    requires static jakarta.inject;
    requires static java.compiler; // Dagger's @Generated

    exports io.teardown.wlan;
    exports io.teardown.wlan.spi;
    exports io.teardown.wlan.service;
    exports io.teardown.wlan.engine to io.teardown.backend.netty, io.teardown.backend.windows, io.teardown.testkit;

    uses io.teardown.wlan.spi.WlanProvider;
}

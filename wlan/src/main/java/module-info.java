/**
 * The WlanCloseHandle contract: the Native Wifi API's client sessions, notifications, and the callback
 * and close rules (WL-01 … WL-08, see
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/wlan.md">docs/wlan.md</a>). Holds the
 * flat facade {@link io.teardown.wlan.WlanApi}, the object API {@link io.teardown.wlan.WlanClient}, the
 * SPI ({@link io.teardown.wlan.spi.WlanProvider}, {@link io.teardown.wlan.spi.WlanDriver}), the front
 * (package {@code front}: the flat API written once over every backend's driver), the portable engine
 * (package {@code engine}, the Netty backend's driver) and the emulated WLAN service (package
 * {@code service}) that the engine connects to by default and tests and demos script. Depends only on
 * {@code io.teardown.api}; backends are found at run time.
 */
@SuppressWarnings("module") // the qualified exports name modules this one does not see
module io.teardown.wlan {
    requires transitive io.teardown.api;
    // Optional: only applications that use the Dagger module need Dagger at run time.
    requires static dagger;
    requires static jakarta.inject;
    requires static java.compiler; // Dagger's @Generated

    exports io.teardown.wlan;
    exports io.teardown.wlan.spi;
    // The front over a given driver: the test kit's recording-driver contracts, and backend-native's tests
    // (the native driver over recording bindings, on any OS).
    exports io.teardown.wlan.front to io.teardown.testkit, io.teardown.backend.windows;
    // The engine is the Netty backend's driver, over its transport.
    exports io.teardown.wlan.engine to io.teardown.backend.netty;
    // The emulated service is no public API: the Netty backend's tests, the test kit's contracts and the
    // demos script it (stop, crash, notification floods). WlanServiceMain runs it as its own process.
    exports io.teardown.wlan.service to io.teardown.backend.netty, io.teardown.testkit, io.teardown.examples;

    uses io.teardown.wlan.spi.WlanProvider;
}

/**
 * Teardown's core: the {@link io.teardown.api.Session} (one emulated Win32 process), Windows-like
 * handle tables, {@link io.teardown.api.Win32Error} with the exact Windows numbers, the out-parameter
 * holders shared by every flat facade, leak detection, close events, and the pure backend-ranking
 * function every subsystem hands its {@link java.util.ServiceLoader} results to.
 *
 * <p>This module depends on nothing but the JDK. Entry points ({@code Ws2_32.of(session)} …) live in
 * the subsystem modules.
 */
module io.teardown.api {
    requires jdk.jfr;

    exports io.teardown.api;
    exports io.teardown.api.handle;
    exports io.teardown.api.spi;
}

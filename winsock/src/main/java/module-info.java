/**
 * The closesocket contract: Winsock's {@code WSAStartup}/{@code WSACleanup}, sockets, {@code SO_LINGER},
 * {@code shutdown}, overlapped I/O and network events. Holds the flat facade
 * {@link io.teardown.winsock.Ws2_32}, the object API ({@link io.teardown.winsock.Winsock}), the SPI
 * ({@link io.teardown.winsock.spi.WinsockProvider}) and the portable engine
 * ({@code io.teardown.winsock.engine}, exported only to the backends and the testkit). Depends only on
 * {@code io.teardown.api}; backends are found at run time.
 */
@SuppressWarnings("module") // the engine's qualified export names modules this one cannot see
module io.teardown.winsock {
    requires transitive io.teardown.api;
    // Optional: only applications that use the Dagger module need Dagger at run time.
    requires static dagger;
    requires static jakarta.inject;
    requires static java.compiler; // Dagger's @Generated

    exports io.teardown.winsock;
    exports io.teardown.winsock.spi;
    exports io.teardown.winsock.engine to io.teardown.backend.netty, io.teardown.backend.windows, io.teardown.testkit;

    uses io.teardown.winsock.spi.WinsockProvider;
}

/**
 * The closesocket contract: Winsock's {@code WSAStartup}/{@code WSACleanup}, sockets, {@code SO_LINGER},
 * {@code shutdown}, overlapped I/O and network events. Holds the flat facade
 * {@link io.teardown.winsock.Ws2_32}, the object API ({@link io.teardown.winsock.Winsock}), the SPI
 * ({@link io.teardown.winsock.spi.WinsockProvider}, {@link io.teardown.winsock.spi.WinsockDriver}), the
 * front that implements {@code Ws2_32} once for every backend's driver ({@code io.teardown.winsock.front},
 * not exported: {@code WinsockDriver.front} builds it) and the portable engine
 * ({@code io.teardown.winsock.engine}, the Netty backend's driver, exported only to it). See docs/winsock.md. Builds on
 * {@code io.teardown.kernel} as ws2_32 builds on kernel32 — sockets, events, {@code OVERLAPPED} and
 * completion ports are objects of its one object manager (KO-13, KO-14); backends are found at run
 * time.
 */
@SuppressWarnings("module") // the engine's qualified export names modules this one cannot see
module io.teardown.winsock {
    requires transitive io.teardown.api;
    // ws2_32 builds on kernel32: one object manager, one OVERLAPPED, kernel events and waits (KO-13).
    requires transitive io.teardown.kernel;
    // Optional: only applications that use the Dagger module need Dagger at run time.
    requires static dagger;
    requires static jakarta.inject;
    requires static java.compiler; // Dagger's @Generated

    exports io.teardown.winsock;
    exports io.teardown.winsock.spi;
    exports io.teardown.winsock.engine to io.teardown.backend.netty;

    uses io.teardown.winsock.spi.WinsockProvider;
}

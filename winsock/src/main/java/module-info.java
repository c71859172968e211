/**
 * The closesocket contract: Winsock: WSAStartup/WSACleanup, sockets, SO_LINGER, shutdown, overlapped I/O. Holds the flat facade {@link io.teardown.winsock.Ws2_32}, the object API, the SPI
 * ({@link io.teardown.winsock.spi.WinsockProvider}) and the portable engine. Depends only on {@code io.teardown.api}; backends
 * are found at run time.
 */
module io.teardown.winsock {
    requires transitive io.teardown.api;

    exports io.teardown.winsock;
    exports io.teardown.winsock.spi;

    uses io.teardown.winsock.spi.WinsockProvider;
}

/**
 * The cross-platform backend: real TCP and real HTTP on Netty (epoll where available, NIO otherwise),
 * plugged into each subsystem's portable engine, plus the emulated WLAN service. Each provider builds
 * its own Dagger component for a session; nothing here is reached except through the providers.
 */
module io.teardown.backend.netty {
    requires transitive io.teardown.kernel; // the exported providers implement its SPI
    requires transitive io.teardown.winsock; // the exported providers implement its SPI
    requires transitive io.teardown.wininet; // the exported providers implement its SPI
    requires transitive io.teardown.wlan; // the exported providers implement its SPI

    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.resolver;
    requires io.netty.transport;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.handler;
    requires io.netty.transport.unix.common;
    requires io.netty.transport.classes.epoll;
    // Holds only the .so; without this 'java -m' never loads it and Netty quietly falls back to NIO.
    requires io.netty.transport.epoll.linux.x86_64;

    requires dagger;
    requires jakarta.inject;
    requires static java.compiler; // Dagger's @Generated

    exports io.teardown.backend.netty;

    provides io.teardown.kernel.spi.KernelProvider with io.teardown.backend.netty.NettyKernelProvider;
    provides io.teardown.winsock.spi.WinsockProvider with io.teardown.backend.netty.NettyWinsockProvider;
    provides io.teardown.wininet.spi.WinInetProvider with io.teardown.backend.netty.NettyWinInetProvider;
    provides io.teardown.wlan.spi.WlanProvider with io.teardown.backend.netty.NettyWlanProvider;
}

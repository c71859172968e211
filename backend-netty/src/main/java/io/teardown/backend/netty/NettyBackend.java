package io.teardown.backend.netty;

import io.teardown.backend.netty.io.NettyIo;
import io.teardown.api.spi.Availability;
import io.teardown.api.spi.BackendProvider;

/**
 * What the four Netty providers share: name, priority, availability, details. Each provider adds only its
 * subsystem's {@code create}.
 */
abstract class NettyBackend implements BackendProvider {
    /** The name users select this backend by. */
    static final String NAME = "netty";
    /** Below the native backend, so Windows uses Windows unless told otherwise. */
    static final int PRIORITY = 10;

    NettyBackend() {
    }

    @Override
    public final String name() {
        return NAME;
    }

    @Override
    public final int priority() {
        return PRIORITY;
    }

    @Override
    public final Availability availability() {
        // Netty's NIO transport runs wherever the JDK does; epoll is a bonus, never a requirement.
        return Availability.supported();
    }

    @Override
    public final String details() {
        String why = NettyIo.epollUnavailability();
        return "transport: " + NettyIo.defaultTransport().name().toLowerCase(java.util.Locale.ROOT)
                + (why.isEmpty() ? "" : " (epoll unavailable: " + why + ")");
    }
}

package io.teardown.backend.netty.hardening;

import io.netty.channel.epoll.Epoll;
import io.teardown.api.Session;
import io.teardown.testkit.hardening.WinsockLingerUnderLoadContract;
import java.util.Optional;

/**
 * Lingering closes that return by their deadline under load (WS-06) on the Netty backend, on epoll only: NIO
 * cannot see acknowledgements, so there a lingering close with data handed to the kernel ends gracefully
 * (docs/winsock.md).
 */
class NettyWinsockLingerUnderLoadTest extends WinsockLingerUnderLoadContract {
    @Override
    protected Optional<String> cannotRun() {
        return Epoll.isAvailable() ? Optional.empty() : Optional.of("epoll only: NIO cannot see acknowledgements");
    }

    @Override
    protected void configure(Session.Builder session) {
        session.property("teardown.netty.transport", "epoll");
    }
}

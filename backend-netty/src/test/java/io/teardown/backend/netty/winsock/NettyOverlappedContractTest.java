package io.teardown.backend.netty.winsock;

import io.teardown.testkit.winsock.OverlappedContract;

/**
 * Sockets as kernel objects (KO-13 … KO-16, WS-09, WS-17) on the Netty backend, on the transport this
 * JVM selects (epoll on Linux; the {@code winsock-nio} surefire execution re-runs it on NIO).
 */
class NettyOverlappedContractTest extends OverlappedContract {
}

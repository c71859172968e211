package io.teardown.backend.netty.winsock;

import io.teardown.testkit.winsock.WinsockContract;

/**
 * The winsock contract on the Netty backend, on the transport this JVM selects (epoll on Linux; the
 * {@code nio} surefire execution re-runs it with {@code -Dteardown.netty.transport=nio}).
 */
class NettyWinsockContractTest extends WinsockContract {
}

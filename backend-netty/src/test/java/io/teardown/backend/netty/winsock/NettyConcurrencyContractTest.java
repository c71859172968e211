package io.teardown.backend.netty.winsock;

import io.teardown.testkit.winsock.ConcurrencyContract;

/**
 * The winsock contract's WS-12, WS-14 on the Netty backend, on the transport this JVM selects (epoll on Linux;
 * the {@code winsock-nio} surefire execution re-runs it with {@code -Dteardown.netty.transport=nio}).
 */
class NettyConcurrencyContractTest extends ConcurrencyContract {
}

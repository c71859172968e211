package io.teardown.backend.netty.winsock;

import io.teardown.testkit.winsock.EventFamilyContract;

/**
 * The winsock contract's KO-13 on the Netty backend, on the transport this JVM selects (epoll on Linux;
 * the {@code winsock-nio} surefire execution re-runs it with {@code -Dteardown.netty.transport=nio}).
 */
class NettyEventFamilyContractTest extends EventFamilyContract {
}

package io.teardown.backend.netty.winsock;

import io.teardown.testkit.winsock.DescriptorsContract;

/** WS-19 on the Netty backend (epoll here; the {@code winsock-nio} surefire execution re-runs it on NIO). */
class NettyDescriptorsContractTest extends DescriptorsContract {
}

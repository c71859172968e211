package io.teardown.backend.netty.winsock;

import io.teardown.testkit.winsock.AcceptExContract;

/** WS-18's AcceptEx on the Netty backend (epoll here; the {@code winsock-nio} surefire execution re-runs it on NIO). */
class NettyAcceptExContractTest extends AcceptExContract {
}

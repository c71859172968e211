package io.teardown.backend.netty.winsock;

import io.teardown.testkit.winsock.WireDetailsContract;

/** The wire details on the Netty backend (epoll here; the {@code winsock-nio} surefire execution re-runs it on NIO). */
class NettyWireDetailsContractTest extends WireDetailsContract {
}

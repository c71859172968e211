package io.teardown.backend.netty.winsock;

import io.teardown.testkit.winsock.ConnectExContract;

/**
 * WS-18's ConnectEx and DisconnectEx on the Netty backend (epoll here; the {@code winsock-nio} surefire
 * execution re-runs it on NIO).
 */
class NettyConnectExContractTest extends ConnectExContract {
}

package io.teardown.backend.netty.winsock;

import io.teardown.testkit.winsock.ExtensionFunctionsContract;

/**
 * WS-18 (function lookup, non-overlapped sockets) on the Netty backend (epoll here; the {@code winsock-nio}
 * surefire execution re-runs it on NIO).
 */
class NettyExtensionFunctionsContractTest extends ExtensionFunctionsContract {
}

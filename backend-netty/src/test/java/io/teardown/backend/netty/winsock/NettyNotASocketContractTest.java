package io.teardown.backend.netty.winsock;

import io.teardown.testkit.winsock.NotASocketContract;

/**
 * The winsock contract's WS-02, WS-15 on the Netty backend, on the transport this JVM selects (epoll on Linux;
 * the {@code winsock-nio} surefire execution re-runs it with {@code -Dteardown.netty.transport=nio}).
 */
class NettyNotASocketContractTest extends NotASocketContract {
}

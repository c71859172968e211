package io.teardown.backend.netty.winsock;

import io.teardown.testkit.winsock.CompletionRoutineContract;

/**
 * The winsock contract's KO-16 on the Netty backend, on the transport this JVM selects (epoll on Linux;
 * the {@code winsock-nio} surefire execution re-runs it with {@code -Dteardown.netty.transport=nio}).
 */
class NettyCompletionRoutineContractTest extends CompletionRoutineContract {
}

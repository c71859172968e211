package io.teardown.backend.netty;

import io.teardown.testkit.kernel.CloseDuringUseContract;

/** The kernel contract's KO-10 on the Netty backend's portable engine. */
class NettyCloseDuringUseContractTest extends CloseDuringUseContract {
}
